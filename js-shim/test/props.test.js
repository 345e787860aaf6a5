// Every property round-trips (setter -> wire entry, getter -> last value
// written), and bad writes throw at the call site naming the property.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROP_NAMES, propSpec, protocol } from '../src/index.js';
import { captureRenderer, inlineRenderer, SKIP_NO_ENGINE } from './helpers.js';

const { PROPS, STRING_PROPS, TY } = protocol;

/** A valid sample value for each property, per accepted wire type. */
function samples(spec) {
  const out = [];
  const a = spec.accepts;
  if (spec.check === 'enum') {
    spec.enums.forEach((n, i) => out.push([n, TY.U32, i]));
    out.push([spec.enums.length - 1, TY.U32, spec.enums.length - 1]);
  } else if (spec.check === 'bool') {
    out.push([true, TY.U32, 1], [false, TY.U32, 0], [1, TY.U32, 1]);
  } else if (spec.check === 'color') {
    out.push([0x11223344, TY.U32, 0x11223344], ['#aabbcc', TY.U32, 0xaabbccff]);
  } else if (a & (1 << TY.I32)) {
    out.push([-7, TY.I32, 0xfffffff9 | 0]);
  }
  if (a & (1 << TY.F32)) out.push([spec.check === 'unit' ? 0.5 : 12.25, TY.F32, null]);
  if (a & (1 << TY.PERCENT)) out.push(['30%', TY.PERCENT, null]);
  if (a & (1 << TY.AUTO)) out.push(['auto', TY.AUTO, 0]);
  out.push([null, TY.RESET, 0]);
  return out;
}

function lastEntry(batch) {
  const w = new Uint32Array(batch.buffer, batch.byteOffset, batch.byteLength >> 2);
  return { key: w[w.length - 2] & 0xffff, ty: w[w.length - 2] >>> 16, bits: w[w.length - 1] };
}

test('the generated table has every Rust property and unique keys/names', () => {
  assert.equal(PROP_NAMES.length, PROPS.length + STRING_PROPS.length);
  assert.equal(new Set(PROPS.map((p) => p.key)).size, PROPS.length);
  for (const name of ['x', 'y', 'w', 'h', 'alpha', 'color', 'colorTop', 'colorBottom', 'colorLeft', 'colorRight',
    'colorTl', 'colorTr', 'colorBl', 'colorBr', 'zIndex', 'clipping', 'scale', 'scaleX', 'scaleY', 'mount', 'mountX',
    'mountY', 'pivot', 'pivotX', 'pivotY', 'rotation', 'src']) {
    assert.ok(PROP_NAMES.includes(name), name);
  }
});

test('every property name round-trips through setter, wire and getter', async () => {
  const { r, batches } = await captureRenderer();
  const n = r.createNode('view');
  let checked = 0;
  for (const spec of PROPS) {
    for (const [value, ty, bits] of samples(spec)) {
      n[spec.name] = value;
      r.flush();
      const e = lastEntry(batches[batches.length - 1]);
      assert.equal(e.key, spec.key, `${spec.name} key`);
      assert.equal(e.ty, ty, `${spec.name} = ${value}: type`);
      if (bits !== null) assert.equal(e.bits, bits >>> 0, `${spec.name} = ${value}: bits`);
      assert.equal(n[spec.name], value === null ? undefined : value, `${spec.name} getter`);
      assert.equal(n.get(spec.name), value === null ? undefined : value, `${spec.name} get()`);
      checked++;
    }
  }
  // String and text properties.
  const img = r.createNode('image', { src: 'a.png' });
  assert.equal(img.src, 'a.png');
  const t = r.createNode('text', { text: 'héllo' });
  assert.equal(t.text, 'héllo');
  assert.equal(t.get('text'), 'héllo');
  assert.ok(checked > 150, `checked ${checked} values`);
});

test('the engine accepts every sample value', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer();
  const errors = [];
  r.on('error', (e) => errors.push(e));
  const n = r.createNode('view');
  r.root.appendChild(n);
  for (const spec of PROPS) for (const [value] of samples(spec)) n[spec.name] = value;
  r.frame(1);
  assert.deepEqual(errors, []);
  r.destroy();
});

function throwsNaming(fn, Ctor, name, re) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Ctor, `expected ${Ctor.name}, got ${e && e.constructor.name}: ${e && e.message}`);
    assert.ok(e.message.includes(name), `message names '${name}': ${e.message}`);
    if (re) assert.match(e.message, re);
    return true;
  });
}

test('a write through a node accessor of an unknown name gives set()\'s "unknown property / did you mean" error (dev)', async () => {
  const { r } = await captureRenderer();
  const n = r.createNode('view');
  const fromSet = (() => { try { n.set('borderRadius', 12); } catch (e) { return e; } })();
  assert.ok(fromSet instanceof TypeError);
  // The same error, not "Cannot add property borderRadius, object is not extensible".
  assert.throws(() => { n.borderRadius = 12; }, (e) => e instanceof TypeError && e.message === fromSet.message);
  assert.throws(() => { n.colour = 1; }, /^TypeError: reel: unknown property 'colour' \(did you mean 'color'\?\)$/);
  assert.throws(() => { r.root.opacity = 0.5; }, /unknown property 'opacity' \(did you mean 'alpha'\?\)/, 'the root too');
  assert.throws(() => { r.createNode('text').colr = 1; }, /unknown property 'colr'/);
  assert.throws(() => { r.createNode('image').xyz123 = 1; }, /^TypeError: reel: unknown property 'xyz123'$/, 'no hint when nothing is close');
  // CSS names a web team reaches for first get their Reel form.
  assert.equal(fromSet.message, "reel: unknown property 'borderRadius': use 'radius' (a number, or [tl, tr, br, bl])");
  for (const [css, reel] of [['boxShadow', /'shadowColor', 'shadowBlur'/], ['background', /'color' for a colour, 'gradient'/], ['border', /'borderWidth' and 'borderColor'/], ['overflow', /'clipping: true'/], ['fontWeight', /registerFont\('My Font Bold', bytes\) and set 'fontFamily'/]]) {
    assert.throws(() => n.set(css, 1), (e) => e instanceof TypeError && reel.test(e.message) && e.message.startsWith(`reel: unknown property '${css}': `), css);
  }
  // Known properties, text, src and the node's methods are unaffected.
  n.color = '#ff0000';
  n.x = 5;
  assert.equal(n.x, 5);
  assert.equal(n.color, '#ff0000');
  assert.equal(n.borderRadius, undefined, 'reads of unknown names stay undefined');
  assert.equal(typeof n.animate, 'function');
  r.destroy();
});

test('production (dev: false): no guard on the prototype chain; unknown writes are not checked', async () => {
  const { r } = await captureRenderer({ dev: false });
  const n = r.createNode('view');
  n.borderRadius = 12; // unchecked in production, as documented: no cost on the write path
  assert.equal(Object.getPrototypeOf(Object.getPrototypeOf(n)), Object.prototype);
  const dev = (await captureRenderer()).r;
  assert.notEqual(Object.getPrototypeOf(Object.getPrototypeOf(dev.root)), Object.prototype);
  r.destroy();
  dev.destroy();
});

test('bad writes throw at the call site, naming the property (dev)', async () => {
  const { r, batches } = await captureRenderer();
  const n = r.createNode('view');
  const before = r.pending.bytes;
  throwsNaming(() => n.set('colour', 1), TypeError, 'colour', /did you mean 'color'/);
  throwsNaming(() => r.createNode('view', { width: 3 }), TypeError, 'width', /did you mean 'w'/);
  throwsNaming(() => n.set('opacity', 1), TypeError, 'opacity', /did you mean 'alpha'/);
  throwsNaming(() => { n.colr = 1; }, TypeError, 'colr'); // sealed nodes in dev
  throwsNaming(() => { n.alpha = 1.5; }, RangeError, 'alpha', /0\.\.1/);
  throwsNaming(() => { n.alpha = -0.1; }, RangeError, 'alpha');
  throwsNaming(() => { n.x = NaN; }, RangeError, 'x', /finite/);
  throwsNaming(() => { n.y = Infinity; }, RangeError, 'y', /finite/);
  throwsNaming(() => { n.w = -1; }, RangeError, 'w', />= 0/);
  throwsNaming(() => { n.w = '-5%'; }, RangeError, 'w');
  throwsNaming(() => { n.w = 'abc%'; }, TypeError, 'w');
  throwsNaming(() => { n.x = '50%'; }, TypeError, 'x', /finite number/);
  throwsNaming(() => { n.x = 'auto'; }, TypeError, 'x');
  throwsNaming(() => { n.display = 'grid'; }, RangeError, 'display', /'scene', 'flex', 'none'/);
  throwsNaming(() => { n.flexDirection = 7; }, RangeError, 'flexDirection');
  throwsNaming(() => { n.color = '#ff000'; }, TypeError, 'color');
  throwsNaming(() => { n.color = -1; }, RangeError, 'color');
  throwsNaming(() => { n.color = 1.5; }, RangeError, 'color');
  throwsNaming(() => { n.zIndex = 1.5; }, RangeError, 'zIndex');
  throwsNaming(() => { n.clipping = 2; }, RangeError, 'clipping');
  throwsNaming(() => { n.clipping = 'yes'; }, TypeError, 'clipping');
  throwsNaming(() => { n.scale = {}; }, TypeError, 'scale');
  throwsNaming(() => { n.text = 'x'; }, TypeError, 'text'); // not a text node
  throwsNaming(() => { n.src = 'x'; }, TypeError, 'src'); // not an image
  assert.throws(() => r.createNode('button'), /unknown node type "button"/);
  // Nothing was written by the failed calls (createNode rolls back with DESTROY).
  const w = new Uint32Array(r.enc.buf, 0, r.pending.bytes >> 2);
  assert.equal(r.pending.bytes, before + 12 + 8, 'only CREATE + DESTROY of the rejected createNode');
  assert.equal(w[w.length - 2] & 0xffff, protocol.OP.DESTROY);
  assert.equal(n.alpha, undefined, 'getter unchanged by a failed write');
  assert.equal(batches.length, 0);
});

test('production mode clamps numbers into the range the engine accepts but still rejects unknown names and types', async () => {
  const { r } = await captureRenderer({ dev: false });
  const n = r.createNode('view');
  n.alpha = 1.5; // clamped: the engine would reject 1.5 and the whole batch with it
  assert.equal(n.alpha, 1, 'the mirror reads what was sent');
  n.x = NaN;
  assert.equal(n.x, 0);
  n.clipping = 2;
  assert.equal(n.clipping, 1);
  n.w = '-5%';
  assert.equal(n.w, '0%');
  assert.throws(() => n.set('colour', 1), TypeError);
  assert.throws(() => { n.display = 'grid'; }, RangeError);
  n.extraField = 1; // nodes are not sealed in production
  assert.equal(n.extraField, 1);
});

test('engine errors name the command and node (a value forged past the encoder)', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer({ dev: false });
  const errors = [];
  r.on('error', (e) => errors.push(e));
  const a = r.createNode('view');
  const b = r.createNode('view');
  r.root.appendChild(a);
  b.alpha = 0.5;
  // Production never sends an out-of-range value (it clamps): forge one.
  new Float32Array(r.enc.buf)[(r.pending.bytes >> 2) - 1] = 2;
  r.frame(1);
  assert.equal(errors.length, 1);
  const e = errors[0];
  assert.equal(e.op, 'SET_PROPS');
  assert.equal(e.index, 3);
  assert.equal(e.kind, 'OutOfRange');
  assert.match(e.message, /alpha/);
  assert.equal(e.nodeId, -1, 'no command ids kept in production');
  r.destroy();

  const d = await inlineRenderer({ dev: true });
  const errs = [];
  d.on('error', (x) => errs.push(x));
  const c = d.createNode('view');
  d.enc.prop(c.id, propSpec('alpha'), 0.5);
  // Forge an out-of-range value behind the validator's back.
  new Float32Array(d.enc.buf)[(d.pending.bytes >> 2) - 1] = 3;
  d.frame(1);
  assert.equal(errs.length, 1);
  assert.equal(errs[0].nodeId, c.id, 'dev mode maps the command index to its node');
  d.destroy();
});
