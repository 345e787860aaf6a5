// Encoder bytes vs the Rust reference encoder (BatchBuilder), and the wire
// encoding of values. The golden batch is written by
// engine/tests/js_props_in_sync.rs (golden_scene) — keep the scenes in step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Encoder, encodeValue, propSpec, parseColor, protocol } from '../src/index.js';
import { captureRenderer, inlineRenderer, SKIP_NO_ENGINE } from './helpers.js';

const { NONE, NODE_KIND, TY } = protocol;
const golden = new Uint8Array(readFileSync(new URL('./fixtures/golden-batch.bin', import.meta.url)));

function hexDiff(a, b) {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return `first difference at byte ${i} (word ${i >> 2}): js ${a[i]} vs rust ${b[i]}; lengths ${a.length} vs ${b.length}`;
  }
  return 'equal';
}

function p(name) {
  return propSpec(name);
}

test('low-level Encoder writes the same bytes as the Rust BatchBuilder', () => {
  const e = new Encoder({ initialBytes: 64 }); // tiny: exercises growth too
  e.reset(7);
  e.create(1, NODE_KIND.view);
  e.prop(1, p('x'), 10.5);
  e.prop(1, p('y'), -20);
  e.prop(1, p('w'), '50%');
  e.prop(1, p('h'), 'auto');
  e.prop(1, p('alpha'), 0.1);
  e.prop(1, p('color'), 0xff8000ff);
  e.insert(0, 1, NONE);
  e.create(2, NODE_KIND.image);
  e.prop(2, p('w'), 64);
  e.prop(2, p('h'), 36);
  e.prop(2, p('zIndex'), -3);
  e.prop(2, p('clipping'), true);
  e.prop(2, p('rotation'), 1.5);
  e.prop(2, p('colorTop'), '#12345678');
  e.str(2, p('src').key, 'https://cdn.example/poster_é.png');
  e.insert(1, 2, NONE);
  e.create(3, NODE_KIND.text);
  e.text(3, 'Hello, Reel — 👋');
  e.prop(3, p('mountX'), 0.5);
  e.prop(3, p('display'), 'flex');
  e.prop(3, p('flexDirection'), 'column');
  e.prop(3, p('justifyContent'), 'space-between');
  e.prop(3, p('margin'), 'auto');
  e.prop(3, p('padding'), '25%');
  e.prop(3, p('visible'), false);
  e.insert(1, 3, 2);
  e.prop(1, p('w'), null);
  e.create(4, NODE_KIND.view);
  e.insert(0, 4, 1);
  e.remove(4);
  e.destroy(4);
  e.text(3, 'abcd');
  e.text(3, '');
  e.str(2, p('src').key, 'a.png');
  e.frame(16.75);
  const js = e.finish();
  assert.equal(hexDiff(js, golden), 'equal');
  assert.deepEqual(js, golden);
});

test('the renderer API encodes the golden scene byte for byte', async () => {
  const { r, batches } = await captureRenderer();
  r.enc.reset(7); // the golden batch has seq 7
  const a = r.createNode('view', { x: 10.5, y: -20, w: '50%', h: 'auto', alpha: 0.1, color: 0xff8000ff });
  r.root.appendChild(a);
  const img = r.createNode('image', { w: 64, h: 36, zIndex: -3, clipping: true, rotation: 1.5, colorTop: '#12345678' });
  img.src = 'https://cdn.example/poster_é.png';
  a.appendChild(img);
  const t = r.createNode('text');
  t.text = 'Hello, Reel — 👋';
  t.setProps({ mountX: 0.5, display: 'flex', flexDirection: 'column', justifyContent: 'space-between', margin: 'auto', padding: '25%', visible: false });
  a.insertBefore(t, img);
  a.w = null;
  const b = r.createNode('view');
  r.root.insertBefore(b, a);
  b.remove();
  b.destroy();
  t.text = 'abcd';
  t.text = '';
  img.src = 'a.png';
  r.frame(16.75);
  assert.equal(batches.length, 1);
  assert.equal(hexDiff(batches[0], golden), 'equal');
});

test('the engine accepts the JS-encoded golden batch', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer();
  assert.equal(r.engine.submit(golden), 0, r.engine.lastError());
  assert.equal(r.engine.stats().nodes, 4);
  r.destroy();
});

test('value encoding: types and bits', () => {
  const f32bits = (v) => new Uint32Array(new Float32Array([v]).buffer)[0];
  assert.deepEqual(encodeValue(p('x'), 1.5), { ty: TY.F32, bits: f32bits(1.5) });
  assert.deepEqual(encodeValue(p('w'), '50%'), { ty: TY.PERCENT, bits: f32bits(0.5) });
  assert.deepEqual(encodeValue(p('w'), '12.5 %'), { ty: TY.PERCENT, bits: f32bits(0.125) });
  assert.deepEqual(encodeValue(p('w'), 'auto'), { ty: TY.AUTO, bits: 0 });
  assert.deepEqual(encodeValue(p('w'), null), { ty: TY.RESET, bits: 0 });
  assert.deepEqual(encodeValue(p('w'), undefined), { ty: TY.RESET, bits: 0 });
  assert.deepEqual(encodeValue(p('color'), '#ff0000'), { ty: TY.U32, bits: 0xff0000ff });
  assert.deepEqual(encodeValue(p('color'), '#FF000080'), { ty: TY.U32, bits: 0xff000080 });
  assert.deepEqual(encodeValue(p('color'), 0xffffffff), { ty: TY.U32, bits: 0xffffffff });
  assert.deepEqual(encodeValue(p('zIndex'), -1), { ty: TY.I32, bits: 0xffffffff });
  assert.deepEqual(encodeValue(p('clipping'), true), { ty: TY.U32, bits: 1 });
  assert.deepEqual(encodeValue(p('visible'), 0), { ty: TY.U32, bits: 0 });
  assert.deepEqual(encodeValue(p('alignItems'), 'baseline'), { ty: TY.U32, bits: 4 });
  assert.deepEqual(encodeValue(p('position'), 1), { ty: TY.U32, bits: 1 });
  assert.deepEqual(encodeValue(p('marginLeft'), '-10%'), { ty: TY.PERCENT, bits: f32bits(-0.1) });
  assert.equal(parseColor('#12345678'), 0x12345678);
  assert.equal(parseColor('#1234'), 0x11223344, '#rgba');
  assert.equal(parseColor('#12345'), -1);
  assert.equal(parseColor('#gg0000'), -1);
});

test('consecutive writes to one node share a SET_PROPS command', () => {
  const e = new Encoder();
  e.reset(1);
  e.prop(5, p('x'), 1);
  e.prop(5, p('y'), 2);
  e.prop(6, p('x'), 3);
  e.prop(5, p('alpha'), 1);
  const b = new Uint32Array(e.finish().slice().buffer);
  assert.equal(b[3], 3, 'three commands');
  assert.equal(b[4], 5 | (6 << 16), 'SET_PROPS with 2 entries = 6 words');
  assert.equal(b[10], 5 | (4 << 16));
  assert.equal(b[14], 5 | (4 << 16));
  assert.equal(e.byteLength, 16 + 24 + 16 + 16);
});

test('strings: UTF-8, padding is zeroed when the buffer is reused', () => {
  const e = new Encoder({ initialBytes: 64 });
  e.reset(1);
  e.text(3, 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'); // dirty the buffer
  e.reset(2);
  e.text(3, 'é'); // 2 bytes, 2 bytes of padding
  const u8 = e.finish();
  const words = new Uint32Array(u8.slice().buffer);
  assert.equal(words[4], 6 | (4 << 16));
  assert.equal(words[6], 2);
  assert.deepEqual([...u8.subarray(28, 32)], [0xc3, 0xa9, 0, 0]);
  // Lone surrogates become U+FFFD, as TextEncoder does.
  e.reset(3);
  e.text(3, 'a\ud800');
  const w2 = new Uint32Array(e.finish().slice().buffer);
  assert.equal(w2[6], 4);
});

test('encoder grows and hands its buffer over for transfer', () => {
  const e = new Encoder({ initialBytes: 64 });
  e.reset(1);
  for (let i = 1; i <= 1000; i++) { e.create(i, 0); e.prop(i, p('x'), i); }
  const bytes = e.take();
  assert.equal(new Uint32Array(bytes.buffer)[3], 2000);
  assert.notEqual(e.buf, bytes.buffer, 'continues on a new buffer');
  e.recycle(bytes.buffer);
  e.reset(2);
  e.create(1, 0);
  assert.equal(new Uint32Array(e.finish().buffer)[3], 1);
});

test('growth at any point gives the same bytes as a roomy buffer (random commands)', async () => {
  const { rng } = await import('./helpers.js');
  const names = ['x', 'y', 'w', 'alpha', 'color', 'display', 'zIndex'];
  const vals = { x: 1.25, y: -3, w: '40%', alpha: 0.5, color: '#abcdef', display: 'flex', zIndex: 9 };
  for (let seed = 1; seed <= 30; seed++) {
    const small = new Encoder({ initialBytes: 64 });
    const big = new Encoder({ initialBytes: 1 << 20 });
    for (const e of [small, big]) {
      const rand = rng(seed);
      e.reset(seed);
      for (let i = 0; i < 300; i++) {
        const k = rand();
        const id = 1 + Math.floor(rand() * 4);
        if (k < 0.6) { const n = names[Math.floor(rand() * names.length)]; e.prop(id, p(n), vals[n]); }
        else if (k < 0.7) e.text(id, 'é'.repeat(Math.floor(rand() * 9)));
        else if (k < 0.8) e.str(id, p('src').key, 'abc'.repeat(Math.floor(rand() * 5)));
        else if (k < 0.9) e.insert(0, id, protocol.NONE);
        else e.create(id + 10, 0);
      }
    }
    assert.deepEqual(small.finish(), big.finish(), `seed ${seed}`);
  }
});

test('registerFont writes the REGISTER_FONT long form (op 15, length word, family, bytes)', async () => {
  const enc = new Encoder();
  enc.reset(7);
  enc.registerFont('Sans', new Uint8Array([1, 2, 3, 4, 5]));
  const b = enc.finish();
  const u32 = new Uint32Array(b.buffer, b.byteOffset, b.byteLength / 4);
  // header(4) + [15, 7 words, 4, 'Sans', 5, bytes 1..4, byte 5 + pad]
  assert.equal(u32[3], 1);
  assert.equal(u32[4], 15);
  assert.equal(u32[5], 7);
  assert.equal(u32[6], 4);
  assert.deepEqual([...b.subarray(28, 32)], [...new TextEncoder().encode('Sans')]);
  assert.equal(u32[8], 5);
  assert.deepEqual([...b.subarray(36, 44)], [1, 2, 3, 4, 5, 0, 0, 0]);
  assert.equal(b.byteLength, 44);
});
