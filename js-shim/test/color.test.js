// Colour strings: the shim's parseColor (colour properties) against the
// corpus the engine's parser wrote (test/fixtures/colors.json, from
// engine/tests/js_props_in_sync.rs: what gradient stops accept), so a
// colour means the same bits in a property and in a gradient; and the
// forms a CSS-trained team writes, through the public API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseColor, protocol } from '../src/index.js';
import { captureRenderer } from './helpers.js';

const corpus = JSON.parse(readFileSync(new URL('./fixtures/colors.json', import.meta.url), 'utf8'));

test('parseColor gives the engine parser\'s bits for every string of the corpus', () => {
  assert.ok(corpus.length > 300, `${corpus.length} cases`);
  const wrong = [];
  for (const [s, want] of corpus) {
    const got = parseColor(s);
    if (got !== (want === null ? -1 : want)) wrong.push(`${JSON.stringify(s)}: engine ${want === null ? 'refuses' : want.toString(16)}, shim ${got < 0 ? 'refuses' : got.toString(16)}`);
  }
  assert.deepEqual(wrong, []);
  assert.ok(corpus.some(([, v]) => v === null) && corpus.some(([s]) => s.includes('/')), 'refusals and the slash form are covered');
});

test('colour properties take what CSS writers write; a bad one throws naming the property and the forms', async () => {
  const { r } = await captureRenderer();
  const n = r.createNode('view');
  for (const [v, bits] of [
    ['#fff', 0xffffffff], ['#0008', 0x00000088], ['rgba(0, 0, 0, 0.5)', 0x00000080], ['rgb(255 128 0 / 25%)', 0xff800040],
    ['rgb(100% 50% 0%)', 0xff8000ff], ['white', 0xffffffff], ['Transparent', 0], ['#FF8000', 0xff8000ff],
  ]) {
    n.shadowColor = v;
    const w = new Uint32Array(r.enc.buf, 0, r.pending.bytes >> 2);
    assert.equal(w[w.length - 1], bits, v);
    assert.equal(n.shadowColor, v, 'reads back as written');
  }
  assert.equal(protocol.COLOR_NAMES.orange, 0xffa500ff);
  for (const bad of ['gold', '#12345', 'rgb(1, 2)', 'rgba(0,0,0,.5', 'red blue', 'hsl(120, 100%, 50%)']) {
    assert.throws(() => { n.color = bad; }, (e) => e instanceof TypeError && /'color'/.test(e.message) && /rgb\(\)/.test(e.message) && e.message.includes(JSON.stringify(bad)), bad);
  }
  r.destroy();
});
