// Issue 18, finding 5: values that overflow a 32-bit float (x = 1e39,
// w = 3.5e38, 1e300) passed the dev checks, the engine rejected the whole
// batch (a box move written in the same batch vanished) and the mirror no
// longer matched the engine. Now dev throws at the call site for anything
// the engine would refuse (every numeric property of the generated table,
// from its min/max range facts) and production clamps into that range, so
// a value can never cost the batch, and the mirror reads what was sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer, displayListItems, encodeValue, protocol } from '../src/index.js';
import { captureRenderer, engineBytes, inlineRenderer, SKIP_NO_ENGINE } from './helpers.js';

const { PROPS, TY } = protocol;

/** Extreme and ordinary numbers, for every property. */
const NUMBERS = [
  1e39, -1e39, 3.5e38, -3.5e38, 1e300, -1e300, NaN, Infinity, -Infinity,
  3.4028234663852886e38, -3.4028234663852886e38, 0, -0, 1, -1, 2, 0.5, 1.5, -2.5,
  2 ** 31, -(2 ** 31) - 1, 2 ** 32, 2 ** 53, 1e-45,
];
const PERCENTS = ['1e40%', '-1e40%', '3.5e40%', '4e40%', '1e302%', '-5%', '150%', '50%', '-Infinity%', 'Infinity%'];

/** The values worth trying on `spec` (numbers always; percentages where it takes them). */
function values(spec) {
  return spec.accepts & (1 << TY.PERCENT) ? [...NUMBERS, ...PERCENTS] : NUMBERS;
}

/** Runs `fn` expecting a RangeError naming the property, the value and the range; returns true if it threw. */
function throwsRange(fn, spec, v) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof RangeError || e instanceof TypeError, `${spec.name} = ${String(v)}: ${e}`);
    if (e instanceof RangeError) {
      assert.match(e.message, new RegExp(`'${spec.name}'`), e.message);
      assert.ok(e.message.includes(`got ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`), `names the value: ${e.message}`);
      if (spec.check !== 'enum' && spec.check !== 'bool' && spec.check !== 'color') {
        assert.match(e.message, /\.\./, `names the allowed range: ${e.message}`);
      }
    }
    return true;
  }
  return false;
}

test('dev: every numeric property throws at the call site for exactly the values the engine would refuse', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer({ dev: true });
  const errors = [];
  r.on('error', (e) => errors.push(e));
  const text = r.createNode('text'); // text, image and view properties all apply to some kind; the engine checks values, not kinds
  r.root.appendChild(text);
  r.frame(0);
  let thrown = 0;
  let accepted = 0;
  for (const p of PROPS) {
    if (p.check === 'nodeId') continue; // a node id refers to a live node: separate rules
    for (const v of values(p)) {
      if (throwsRange(() => text.set(p.name, v), p, v)) {
        thrown++;
        continue;
      }
      accepted++;
      const before = errors.length;
      r.flush();
      assert.equal(errors.length, before, `${p.name} = ${String(v)} passed the dev check but the engine rejected it: ${errors.at(-1)?.message}`);
      // And its range facts say so: a number that passed is within min..max.
      if (typeof v === 'number') assert.ok(v >= p.min && v <= p.max, `${p.name} = ${v} is outside ${p.min}..${p.max}`);
    }
  }
  assert.ok(thrown > 100 && accepted > 100, `thrown ${thrown}, accepted ${accepted}`);
  for (const v of [1e39, 3.5e38, 1e300]) {
    assert.throws(() => { text.x = v; }, (e) => e instanceof RangeError && /'x'/.test(e.message) && /3\.4028234663852886e\+38/.test(e.message));
    assert.throws(() => { text.w = v; }, RangeError);
  }
  r.destroy();
});

test('production: every number is clamped into the range the engine accepts, and the mirror reads what was sent', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer({ dev: false });
  const errors = [];
  r.on('error', (e) => errors.push(e));
  const text = r.createNode('text');
  r.root.appendChild(text);
  r.frame(0);
  const { r: cap, batches } = await captureRenderer({ dev: false });
  const shadow = cap.createNode('text');
  cap.flush();
  for (const p of PROPS) {
    if (p.check === 'nodeId') continue;
    for (const v of values(p)) {
      text.set(p.name, v); // never throws for a number or a well-formed percentage
      r.flush();
      assert.deepEqual(errors, [], `${p.name} = ${String(v)} got the batch rejected`);
      // What the mirror reads is a legal value whose wire bits are exactly those sent.
      const read = text.get(p.name);
      const legal = encodeValue(p, read, true); // dev rules: throws if the mirror holds an illegal value
      shadow.set(p.name, v);
      cap.flush();
      const sent = new Uint32Array(batches.at(-1).buffer);
      assert.equal(sent[sent.length - 1], legal.bits, `${p.name} = ${String(v)}: mirror reads ${String(read)}, not what was sent`);
      assert.equal(sent[sent.length - 2] >>> 16, legal.ty, `${p.name} = ${String(v)}: wire type`);
    }
  }
  text.x = 1e39;
  assert.equal(text.x, 3.4028234663852886e38);
  text.w = -1e300;
  assert.equal(text.w, 0);
  text.alpha = NaN;
  assert.equal(text.alpha, 0);
  r.destroy();
  cap.destroy();
});

/** The on-screen x of `node` in the renderer's latest display list. */
function screenX(bytes, node) {
  const item = displayListItems(bytes).find((i) => i.node === node.id);
  return item ? item.transform[4] : undefined;
}

for (const transport of ['inline', 'node']) {
  for (const dev of [true, false]) {
    test(`${transport}, ${dev ? 'dev' : 'production'}: a box move in the same batch as x = 1e39 is not lost`, { skip: SKIP_NO_ENGINE }, async () => {
      const r = await createRenderer({ transport, engineModule: engineBytes(), autoFrame: false, dev });
      try {
        const errors = [];
        r.on('error', (e) => errors.push(e));
        const box = r.createNode('view', { x: 10, y: 10, w: 50, h: 50, color: 0xff0000ff });
        const other = r.createNode('view', { x: 200, y: 10, w: 50, h: 50, color: 0x00ff00ff });
        r.root.appendChild(box);
        r.root.appendChild(other);
        let list = r.once('displaylist');
        r.frame(0);
        assert.equal(screenX((await list).bytes, box), 10);

        box.x = 300; // the move
        for (const [prop, v] of [['x', 1e39], ['w', 3.5e38], ['y', -1e300], ['x', NaN]]) {
          if (dev) assert.throws(() => other.set(prop, v), RangeError, `${prop} = ${v}`);
          else other.set(prop, v);
        }
        list = r.once('displaylist');
        r.frame(16);
        const bytes = (await list).bytes;
        assert.deepEqual(errors, [], 'no batch was rejected');
        assert.equal(screenX(bytes, box), 300, 'the box moved');
        assert.equal(box.x, 300);
        if (dev) {
          assert.equal(other.x, 200, 'refused writes left the mirror alone');
          assert.equal(screenX(bytes, other), 200, '... and the engine too');
        } else {
          assert.equal(other.x, 0, 'NaN was sent as 0 (the last write)');
          assert.equal(other.w, 3.4028234663852886e38);
          assert.equal(other.y, -3.4028234663852886e38);
        }
      } finally {
        r.destroy();
      }
    });
  }
}

test('pointer positions beyond a 32-bit float throw instead of costing the batch', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer();
  assert.throws(() => r.pointer(1e39, 0), /32-bit float/);
  r.destroy();
});
