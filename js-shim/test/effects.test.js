// Rounded corners, borders and shadows (issue 16) through the public API:
// `radius` as a number or [tl, tr, br, bl], the effect properties'
// validation at the call site (a bad write throws naming the property and
// writes nothing), and what engine.wasm draws for them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayListItems, protocol } from '../src/index.js';
import { captureRenderer, inlineRenderer, SKIP_NO_ENGINE } from './helpers.js';

const { ITEM_KIND, PROPS, ARRAY_PROPS, ANIMATABLE_PROPS } = protocol;
const key = (name) => PROPS.find((p) => p.name === name).key;

function throwsNaming(fn, Ctor, name, re) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Ctor, `expected ${Ctor.name}, got ${e && e.constructor.name}: ${e && e.message}`);
    assert.ok(e.message.includes(`'${name}'`), `message names '${name}': ${e.message}`);
    if (re) assert.match(e.message, re);
    return true;
  });
}

/** The last `n` property entries [key, bits] of the pending batch. */
function lastEntries(r, n) {
  const w = new Uint32Array(r.enc.buf, 0, r.pending.bytes >> 2);
  const out = [];
  for (let k = w.length - 2 * n; k < w.length; k += 2) out.push([w[k] & 0xffff, w[k + 1]]);
  return out;
}
const f32bits = (x) => new Uint32Array(new Float32Array([x]).buffer)[0];

test('the effect properties are in the generated table, animatable, radius takes an array', () => {
  for (const n of ['radius', 'radiusTl', 'radiusTr', 'radiusBr', 'radiusBl', 'borderWidth', 'borderColor',
    'shadowColor', 'shadowBlur', 'shadowSpread', 'shadowOffsetX', 'shadowOffsetY']) {
    assert.ok(PROPS.some((p) => p.name === n), n);
    assert.ok(ANIMATABLE_PROPS.some(([a]) => a === n), `${n} animatable`);
  }
  assert.deepEqual([...ARRAY_PROPS.radius], ['radiusTl', 'radiusTr', 'radiusBr', 'radiusBl']);
  assert.equal(ITEM_KIND.SHADOW, 6);
  assert.equal(ITEM_KIND.SHAPE, 7);
});

test('radius: a number is one entry, [tl, tr, br, bl] four; it reads back as written', async () => {
  const { r } = await captureRenderer();
  const n = r.createNode('view');
  let at = r.pending.bytes;
  n.radius = 12;
  assert.equal(r.pending.bytes - at, 8 + 8, 'one entry (in a new SET_PROPS command)');
  assert.deepEqual(lastEntries(r, 1), [[key('radius'), f32bits(12)]]);
  at = r.pending.bytes;
  n.radius = [1, 2, 3, 4];
  assert.equal(r.pending.bytes - at, 4 * 8, 'four entries');
  assert.deepEqual(lastEntries(r, 4), [
    [key('radiusTl'), f32bits(1)], [key('radiusTr'), f32bits(2)], [key('radiusBr'), f32bits(3)], [key('radiusBl'), f32bits(4)],
  ]);
  assert.deepEqual(n.radius, [1, 2, 3, 4]);
  assert.equal(n.radiusBr, 3);
  n.setProps({ borderColor: '#ff8000', shadowColor: 0x00000080, shadowBlur: 8, shadowSpread: -2, shadowOffsetY: 4 });
  assert.equal(n.borderColor, '#ff8000');
  r.destroy();
});

test('bad effect values throw at the call site naming the property and write nothing (dev)', async () => {
  const { r } = await captureRenderer();
  const n = r.createNode('view');
  const before = r.pending.bytes;
  throwsNaming(() => { n.radius = -1; }, RangeError, 'radius', />= 0/);
  throwsNaming(() => { n.radiusTl = NaN; }, RangeError, 'radiusTl', /finite/);
  throwsNaming(() => { n.shadowBlur = -3; }, RangeError, 'shadowBlur', />= 0/);
  throwsNaming(() => { n.borderWidth = -0.5; }, RangeError, 'borderWidth', />= 0/);
  throwsNaming(() => { n.shadowOffsetX = Infinity; }, RangeError, 'shadowOffsetX', /finite/);
  throwsNaming(() => { n.borderColor = 'gold'; }, TypeError, 'borderColor', /colour/);
  throwsNaming(() => { n.shadowColor = '#12345'; }, TypeError, 'shadowColor');
  throwsNaming(() => { n.shadowColor = -1; }, RangeError, 'shadowColor');
  // Wrong array lengths, a bad element: nothing of the array is written.
  throwsNaming(() => { n.radius = [1, 2, 3]; }, RangeError, 'radius', /4 numbers.*got an array of 3/);
  throwsNaming(() => { n.radius = [1, 2, 3, 4, 5]; }, RangeError, 'radius', /got an array of 5/);
  throwsNaming(() => { n.radius = []; }, RangeError, 'radius', /got an array of 0/);
  throwsNaming(() => { n.radius = [1, 2, -3, 4]; }, RangeError, 'radius', /element 2 \(radiusBr\).*>= 0/);
  throwsNaming(() => { n.radius = [1, NaN, 3, 4]; }, RangeError, 'radius', /element 1 \(radiusTr\)/);
  throwsNaming(() => { n.radius = [1, 2, 3, '4']; }, TypeError, 'radius', /element 3/);
  throwsNaming(() => { n.borderWidth = [1, 2, 3, 4]; }, TypeError, 'borderWidth');
  assert.equal(r.pending.bytes, before, 'no failed write left bytes in the batch');
  assert.equal(n.radius, undefined);
  r.destroy();
});

test('setProps checks every value before writing any (dev): a bad one in the middle applies none', async () => {
  const { r } = await captureRenderer();
  const n = r.createNode('view', { x: 10, color: '#ff0000' });
  const t = r.createNode('text');
  const img = r.createNode('image');
  const before = r.pending.bytes;
  const cases = [
    [{ x: 50, radius: -5, color: '#0000ff', alpha: 0.5 }, RangeError, 'radius'],
    [{ x: 50, radius: [1, 2, 3], alpha: 0.5 }, RangeError, 'radius'],
    [{ x: 50, label: 7, alpha: 0.5 }, TypeError, 'label'],
    [{ x: 50, src: 'a.png' }, TypeError, 'src'],
    [{ x: 50, text: 'hi' }, TypeError, 'text'],
    [{ x: 50, gradient: 12 }, TypeError, 'gradient'],
    [{ x: 50, focusLeft: {}, alpha: 0.5 }, TypeError, 'focusLeft'],
  ];
  for (const [props, Ctor, name] of cases) throwsNaming(() => n.setProps(props), Ctor, name);
  assert.throws(() => n.setProps({ x: 50, borderRadius: 4 }), /borderRadius/);
  // A gradient on an image or a text draws nothing in the engine: a clear error in dev.
  throwsNaming(() => { img.gradient = 'linear-gradient(red, blue)'; }, TypeError, 'gradient');
  throwsNaming(() => t.setProps({ gradient: 'linear-gradient(red, blue)' }), TypeError, 'gradient');
  throwsNaming(() => t.setProps({ fontSize: 30, text: 'ok', color: 'nope' }), TypeError, 'color');
  assert.equal(r.pending.bytes, before, 'nothing written');
  assert.equal(n.x, 10);
  assert.equal(n.color, '#ff0000');
  assert.equal(n.alpha, undefined);
  assert.equal(t.text, '');
  n.setProps({ x: 50, radius: [1, 2, 3, 4], alpha: 0.5 });
  assert.deepEqual([n.x, n.radius, n.alpha], [50, [1, 2, 3, 4], 0.5]);
  r.destroy();
});

test('engine.wasm draws shadow, shape and quad; a bad batch keeps the frame before', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer({ width: 320, height: 180, dev: false });
  const errors = [];
  r.on('error', (e) => errors.push(e));
  const n = r.createNode('view', {
    x: 10, y: 10, w: 60, h: 40, color: '#336699', radius: [4, 8, 12, 16], borderWidth: 2, borderColor: '#ffffff',
    shadowColor: '#00000080', shadowBlur: 10, shadowSpread: 2, shadowOffsetX: 3, shadowOffsetY: 5,
  });
  r.root.appendChild(n);
  r.frame(0);
  const list = () => displayListItems(r.engine.displayList(true)).filter((i) => i.node === n.id);
  const items = list();
  assert.deepEqual(items.map((i) => i.kind), [ITEM_KIND.SHADOW, ITEM_KIND.SHAPE, ITEM_KIND.RECT]);
  assert.deepEqual(items[0].size, [64, 44]);
  assert.deepEqual(items[0].uv, [6, 10, 14, 18]);
  assert.equal(items[0].param, 10);
  assert.deepEqual(items[1].uv, [4, 8, 12, 16]);
  assert.equal(items[1].param, 2);
  assert.equal(items[1].colors[0], 0xffffffff);
  // A negative radius forged past the encoder: the engine rejects the batch.
  n.radius = 5;
  new Float32Array(r.enc.buf)[(r.pending.bytes >> 2) - 1] = -5;
  r.frame(16);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].kind, 'OutOfRange');
  assert.match(errors[0].message, /radius/);
  assert.deepEqual(list(), items, 'the frame before stays');
  r.destroy();
});

test('sprites: srcX/srcY/srcW/srcH are animatable numbers >= 0', async () => {
  for (const n of ['srcX', 'srcY', 'srcW', 'srcH']) {
    const p = PROPS.find((x) => x.name === n);
    assert.ok(p && p.check === 'nonNegative', n);
    assert.ok(ANIMATABLE_PROPS.some(([a]) => a === n), `${n} animatable`);
  }
  const { r } = await captureRenderer();
  const img = r.createNode('image', { srcX: 32, srcY: 0, srcW: 32, srcH: 32 });
  assert.equal(img.srcW, 32);
  throwsNaming(() => { img.srcW = -1; }, RangeError, 'srcW', />= 0/);
  throwsNaming(() => { img.srcX = NaN; }, RangeError, 'srcX', /finite/);
  r.destroy();
});

test('focus styles: focusBorderColor/Width and focusShadowColor/Blur restyle the focused node in the engine', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer({ width: 320, height: 180 });
  const style = { w: 80, h: 50, color: '#336699', radius: 8, focusable: true, focusDuration: 0,
    focusBorderColor: '#ffffff', focusBorderWidth: 4, focusShadowColor: '#ff8000', focusShadowBlur: 16 };
  const a = r.createNode('view', { ...style, x: 10, y: 20 });
  const b = r.createNode('view', { ...style, x: 110, y: 20 });
  r.root.appendChild(a);
  r.root.appendChild(b);
  a.focus();
  r.frame(0);
  r.frame(16);
  const of = (n) => displayListItems(r.engine.displayList(true)).filter((i) => i.node === n.id);
  assert.deepEqual(of(a).map((i) => i.kind), [ITEM_KIND.SHADOW, ITEM_KIND.SHAPE, ITEM_KIND.RECT]);
  assert.equal(of(a)[0].param, 16);
  assert.equal(of(a)[1].param, 4);
  assert.equal(of(a)[1].colors[0], 0xffffffff);
  assert.deepEqual(of(b).map((i) => i.kind), [ITEM_KIND.SHAPE, ITEM_KIND.RECT], 'unfocused: just rounded');
  b.focus();
  r.frame(32);
  r.frame(48);
  assert.deepEqual(of(a).map((i) => i.kind), [ITEM_KIND.SHAPE, ITEM_KIND.RECT], 'blurred: back to rest');
  assert.equal(of(b)[1].param, 4);
  r.destroy();
});

test('gradient: a CSS string through the public API; engine.wasm draws it, a bad one is an error naming gradient and the offset', { skip: SKIP_NO_ENGINE }, async () => {
  assert.ok(protocol.STRING_PROPS.some((p) => p.name === 'gradient'));
  assert.equal(ITEM_KIND.GRADIENT, 10);
  const r = await inlineRenderer({ width: 320, height: 180, dev: false });
  const errors = [];
  r.on('error', (e) => errors.push(e));
  const n = r.createNode('view', { x: 10, y: 10, w: 60, h: 40, radius: 8, gradient: 'linear-gradient(90deg, #ff0000, transparent)' });
  r.root.appendChild(n);
  r.frame(0);
  const list = () => displayListItems(r.engine.displayList(true)).filter((i) => i.node === n.id);
  const items = list();
  assert.deepEqual(items.map((i) => i.kind), [ITEM_KIND.GRADIENT, ITEM_KIND.SHAPE, ITEM_KIND.RECT]);
  assert.deepEqual(items[0].colors.slice(0, 2), [0xff0000ff, 0]);
  assert.equal(n.gradient, 'linear-gradient(90deg, #ff0000, transparent)');
  n.gradient = 'linear-gradient(90deg, #ff0000, #00f';
  r.frame(16);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].kind, 'BadGradient');
  assert.match(errors[0].message, /gradient: missing '\)' at character 36/);
  assert.deepEqual(list(), items, 'the frame before stays');
  n.gradient = '';
  r.frame(32);
  assert.deepEqual(list().map((i) => i.kind), [], 'removed: a transparent view draws nothing');
  r.destroy();
});

// A bad gradient string arrives with the screen it belongs to (a
// server-driven row, say). The engine skips that one write and applies the
// rest: the row is on screen, the error names the node, and later batches
// that touch the row's nodes apply (when the whole batch was rejected, the
// engine never had those nodes, and every later batch naming them was
// rejected too: the screen never came).
test('a bad gradient skips only its own write: the screen it came with is drawn, later batches apply', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer({ width: 640, height: 360, dev: true }); // dev: errors name their node
  const errors = [];
  r.on('error', (e) => errors.push(e));
  const row = r.createNode('view', { w: 640, h: 120 });
  r.root.appendChild(row);
  const tiles = [];
  for (let i = 0; i < 4; i++) {
    const t = r.createNode('view', { x: i * 150, w: 140, h: 100, color: '#336699', radius: 8 });
    row.appendChild(t);
    tiles.push(t);
  }
  tiles[1].gradient = 'linear-gradient(sideways, #000, #fff)';
  tiles[2].gradient = 'linear-gradient(90deg, #000, #fff)';
  r.frame(0);
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.equal(errors[0].kind, 'BadGradient');
  assert.equal(errors[0].nodeId, tiles[1].id, 'the error names the node');
  assert.equal(errors[0].skipped, true, 'skipped, the rest of the batch applied');
  assert.match(errors[0].message, /gradient: .* at character 16/);
  const drawn = () => displayListItems(r.engine.displayList(true));
  const nodes = (kind) => [...new Set(drawn().filter((i) => i.kind === kind).map((i) => i.node))];
  assert.deepEqual(nodes(ITEM_KIND.SHAPE), tiles.map((t) => t.id), 'every tile is drawn');
  assert.deepEqual(nodes(ITEM_KIND.GRADIENT), [tiles[2].id]);
  tiles[1].x = 600;
  tiles[3].destroy();
  r.frame(16);
  assert.equal(errors.length, 1, `later batches apply: ${JSON.stringify(errors.slice(1))}`);
  assert.deepEqual(nodes(ITEM_KIND.SHAPE), tiles.slice(0, 3).map((t) => t.id));
  assert.equal(drawn().find((i) => i.node === tiles[1].id && i.kind === ITEM_KIND.RECT).transform[4], 600, "moved");
  r.destroy();
});

test("a transition on 'radius' eases a radius array too (its four corners), as CSS's transition: border-radius", { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer({ width: 320, height: 180 });
  const n = r.createNode('view', { x: 10, y: 10, w: 100, h: 60, color: '#336699', radius: 8 });
  r.root.appendChild(n);
  n.transition = { radius: { duration: 100, easing: 'linear' } };
  r.frame(0);
  n.radius = [28, 8, 28, 0];
  r.frame(16);
  r.frame(50);
  const shape = () => displayListItems(r.engine.displayList(true)).find((i) => i.node === n.id && i.kind === ITEM_KIND.SHAPE);
  // Transitions start at the frame before the write (0 ms): halfway at 50 ms.
  assert.deepEqual(shape().uv, [18, 8, 18, 4], 'halfway from 8 to [28, 8, 28, 0]');
  assert.deepEqual(n.radius, [28, 8, 28, 0], 'reads the value written');
  assert.equal(n.radiusBl, 0);
  r.frame(200);
  assert.deepEqual(shape().uv, [28, 8, 28, 0]);
  // A number still goes through the engine's own transition.
  n.radius = 8;
  r.frame(216);
  r.frame(250);
  const mid = shape().uv;
  assert.ok(mid[0] > 8 && mid[0] < 28 && mid[3] > 0 && mid[3] < 8, `mid-way: ${mid}`);
  r.destroy();
});
