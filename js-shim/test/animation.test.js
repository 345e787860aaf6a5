// Animation API: node.animate() -> ANIMATE / ANIM_CTRL, transitions -> TRANSITION,
// easing parsing and validation; engine-backed runs check the controller
// settles from ANIM events and values move in the display list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureRenderer, inlineRenderer, SKIP_NO_ENGINE } from './helpers.js';
import { parseEasing, timingWords, displayListItems } from '../src/index.js';

const f32 = (v) => new Uint32Array(new Float32Array([v]).buffer)[0];
const words = (bytes) => Array.from(new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2));

/** Commands of a batch as [op, ...body] arrays. */
function commands(bytes) {
  const w = words(bytes);
  const out = [];
  for (let i = 4; i < w.length;) {
    const n = w[i] >>> 16;
    out.push([w[i] & 0xffff, ...w.slice(i + 1, i + n)]);
    i += n;
  }
  return out;
}

test('easing strings and objects parse to their wire codes', () => {
  assert.deepEqual(parseEasing('linear'), { code: 0, params: [0, 0, 0, 0] });
  assert.equal(parseEasing(undefined).code, 1); // CSS default: ease
  assert.equal(parseEasing('ease-in').code, 2);
  assert.equal(parseEasing('ease-out').code, 3);
  assert.equal(parseEasing('ease-in-out').code, 4);
  assert.deepEqual(parseEasing('cubic-bezier(0.1, -0.5, 0.3, 1.5)'), { code: 5, params: [0.1, -0.5, 0.3, 1.5] });
  assert.deepEqual(parseEasing('steps(4)'), { code: 6, params: [4, 0, 0, 0] });
  assert.deepEqual(parseEasing('steps(3, jump-start)'), { code: 6, params: [3, 1, 0, 0] });
  assert.deepEqual(parseEasing({ type: 'spring', stiffness: 200, damping: 20 }), { code: 7, params: [200, 20, 1, 0] });
  assert.throws(() => parseEasing('bouncy'), /unknown easing "bouncy".*cubic-bezier/);
  assert.throws(() => parseEasing('cubic-bezier(1.5, 0, 0.5, 1)'), RangeError);
  assert.throws(() => parseEasing('cubic-bezier(0.1, 0.2)'), /4 finite numbers/);
  assert.throws(() => parseEasing('steps(0)'), /whole number of steps/);
  assert.throws(() => parseEasing('steps(2, middle)'), /jump-start/);
  assert.throws(() => parseEasing({ type: 'spring', stiffness: -1 }), /stiffness > 0/);
});

test('timing block: duration, delay, iterations (loop/repeat), direction, easing', () => {
  assert.deepEqual(timingWords({ duration: 250, delay: 50, repeat: 2, direction: 'alternate', easing: 'steps(2)' }),
    [f32(250), f32(50), 3, 2, 6, f32(2), 0, 0, 0]);
  assert.equal(timingWords({ loop: true })[2], 0xffffffff);
  assert.equal(timingWords({ repeat: Infinity })[2], 0xffffffff);
  assert.equal(timingWords({ iterations: 4 })[2], 4);
  assert.equal(timingWords(120)[0], f32(120));
  assert.equal(timingWords({})[0], f32(300)); // default duration
  assert.throws(() => timingWords({ duration: -1 }), /duration/);
  assert.throws(() => timingWords({ direction: 'sideways' }), /direction must be one of/);
  assert.throws(() => timingWords({ iterations: 0 }), /iterations/);
});

test('animate() encodes ANIMATE with a fresh non-zero id; controls encode ANIM_CTRL', async () => {
  const { r, batches } = await captureRenderer();
  const n = r.createNode('view', { w: 10, h: 10 });
  r.flush();
  const a = n.animate({ x: 100, color: '#ff000080', alpha: 0.5 }, { duration: 200, easing: 'ease-out' });
  const b = n.animate({ y: 5 }, { duration: 10, autoStart: false });
  assert.equal(a.state, 'running');
  assert.equal(b.state, 'idle');
  assert.ok(a.id > 0);
  b.start();
  assert.notEqual(a.id, b.id);
  a.pause(); a.resume(); a.stop();
  b.finish();
  r.flush();
  const cmds = commands(batches[1]);
  assert.deepEqual(cmds[0], [9, n.id, a.id, f32(200), 0, 1, 0, 3, 0, 0, 0, 0,
    1 | (0 << 16), f32(100), 6 | (1 << 16), 0xff000080, 5 | (0 << 16), f32(0.5)]);
  assert.equal(cmds[1][0], 9);
  assert.deepEqual(cmds.slice(2), [[10, a.id, 0], [10, a.id, 1], [10, a.id, 2], [10, b.id, 3]]);
  // Getters still read the last value written by setters.
  assert.equal(n.x, undefined);
  r.destroy();
});

test('dev validation: unknown, non-animatable and non-numeric targets, too many tracks', async () => {
  const { r } = await captureRenderer();
  const n = r.createNode('view');
  assert.throws(() => n.animate({ alpah: 1 }), /unknown property 'alpah' \(did you mean 'alpha'\?\)/);
  assert.throws(() => n.animate({ display: 'flex' }), /'display' cannot be animated/);
  assert.throws(() => n.animate({ w: '50%' }), /targets are numbers/);
  assert.throws(() => n.animate({ alpha: 2 }), RangeError);
  assert.throws(() => n.animate({ color: 'gold' }), /colour/);
  // The message counts each property's tracks from the generated table.
  assert.throws(() => n.animate({ color: 1, colorTop: 2, colorBottom: 3, colorLeft: 4 }),
    /at most 8 engine tracks \(color 4, colorTop 2, colorBottom 2, colorLeft 2: 10\)/);
  assert.throws(() => n.animate({}), /at least one/);
  assert.throws(() => n.animate({ x: 1 }, { easing: 'wobble' }), /unknown easing/);
  assert.throws(() => { n.transition = { zIndex: 100 }; }, /'zIndex' cannot be transitioned/);
  assert.throws(() => { n.transition = { a: 1, b: 2, x: 3, y: 4, w: 5 }; }, /unknown property/);
  n.transition = { x: 100, y: 100, w: 100, h: 100 };
  assert.throws(() => n.setTransition('alpha', 100), /at most 4/);
  n.destroy();
  assert.throws(() => n.animate({ x: 1 }), /destroyed/);
  r.destroy();
});

test('transition: TRANSITION commands; null / 0 removes; getter returns what was set', async () => {
  const { r, batches } = await captureRenderer();
  const n = r.createNode('view');
  r.flush();
  n.transition = { alpha: { duration: 400, easing: 'ease-in' }, x: 250 };
  assert.deepEqual(n.transition, { alpha: { duration: 400, easing: 'ease-in' }, x: 250 });
  n.transition = { x: 250 };
  n.setTransition('x', null);
  assert.equal(n.transition, undefined);
  r.flush();
  const cmds = commands(batches[1]);
  assert.deepEqual(cmds[0], [11, n.id, 5, f32(400), 0, 1, 0, 2, 0, 0, 0, 0]);
  assert.deepEqual(cmds[1], [11, n.id, 1, f32(250), 0, 1, 0, 1, 0, 0, 0, 0]);
  assert.deepEqual(cmds[2].slice(0, 4), [11, n.id, 5, 0]); // alpha removed (duration 0)
  assert.equal(cmds.length, 5); // x re-declared, then removed
  r.destroy();
});

test('transition in createNode props and setProps: declared like node.transition =, in object order', async () => {
  const { r, batches } = await captureRenderer();
  const n = r.createNode('view', { x: 10, transition: { x: 250 } });
  assert.deepEqual(n.transition, { x: 250 });
  r.flush();
  assert.deepEqual(commands(batches.at(-1)).find((c) => c[0] === 11), [11, n.id, 1, f32(250), 0, 1, 0, 1, 0, 0, 0, 0]);
  n.setProps({ transition: { alpha: 100 }, alpha: 0.5 });
  assert.deepEqual(n.transition, { alpha: 100 });
  n.setProps({ transition: null });
  assert.equal(n.transition, undefined);
  // A bad timing or property names the transition, as the setter does.
  assert.throws(() => n.setProps({ transition: { zIndex: 100 } }), /'zIndex' cannot be transitioned/);
  r.destroy();
});

/** First display item of `node` in the engine's last list. */
function item(r, node) {
  return displayListItems(r.engine.displayList(true)).find((i) => i.node === node.id);
}
const alphaOf = (it) => (it.colors[0] & 0xff) / 255;

test('engine: animate runs on the engine clock and resolves finished', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer({ width: 400, height: 300 });
  const n = r.createNode('view', { x: 0, w: 50, h: 50, color: 0xffffffff });
  r.root.appendChild(n);
  r.frame(0);
  const a = n.animate({ x: 200 }, { duration: 100, easing: 'linear' });
  r.frame(0); // starts at 0
  r.frame(50);
  assert.ok(Math.abs(item(r, n).transform[4] - 100) < 1, `halfway: ${item(r, n).transform[4]}`);
  r.frame(100);
  const res = await a.finished;
  assert.deepEqual([res.finished, res.cancelled, a.state], [true, false, 'finished']);
  assert.equal(item(r, n).transform[4], 200);
  // Restart from the current values: a new promise.
  const p0 = a.finished;
  a.start();
  assert.notEqual(a.finished, p0);
  assert.equal(a.state, 'running');
  r.destroy();
});

test('engine: stop cancels (resolves cancelled), finish jumps to the end, pause holds', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer({ width: 400, height: 300 });
  const n = r.createNode('view', { w: 50, h: 50, color: 0xffffffff, alpha: 1 });
  r.root.appendChild(n);
  r.frame(0);
  const a = n.animate({ alpha: 0 }, { duration: 100, easing: 'linear' });
  r.frame(0);
  r.frame(40);
  a.pause();
  r.frame(60);
  r.frame(90);
  assert.ok(Math.abs(alphaOf(item(r, n)) - 0.6) < 0.02, `paused at 0.6: ${alphaOf(item(r, n))}`);
  a.resume();
  // Requests apply at the previous frame's time: paused at 40, resumed at 90.
  r.frame(100);
  r.frame(120); // 40 + 30 ms of progress
  assert.ok(Math.abs(alphaOf(item(r, n)) - 0.3) < 0.02, `resumed: ${alphaOf(item(r, n))}`);
  a.stop();
  r.frame(130);
  const res = await a.finished;
  assert.deepEqual([res.finished, res.cancelled, a.state], [false, true, 'cancelled']);
  const b = n.animate({ x: 80, colorTop: '#00ff00' }, { duration: 1000 });
  r.frame(140);
  b.finish();
  r.frame(150);
  assert.equal((await b.finished).finished, true);
  assert.equal(item(r, n).transform[4], 80);
  // A newer animation of the same property cancels the older one.
  const c1 = n.animate({ x: 0 }, 100);
  const c2 = n.animate({ x: 10 }, 100);
  r.frame(160);
  assert.equal((await c1.finished).cancelled, true);
  assert.equal(c2.state, 'running');
  // Destroying the node cancels.
  n.destroy();
  r.frame(170);
  assert.equal((await c2.finished).cancelled, true);
  r.destroy();
});

test('engine: loop, springs, steps and transitions', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer({ width: 400, height: 300 });
  const n = r.createNode('view', { w: 50, h: 50, color: 0xffffffff });
  const m = r.createNode('view', { y: 100, w: 50, h: 50, color: 0xffffffff });
  r.root.appendChild(n);
  r.root.appendChild(m);
  r.frame(0);
  const loop = n.animate({ x: 100 }, { duration: 100, easing: 'linear', loop: true, direction: 'alternate' });
  r.frame(0);
  r.frame(150); // second iteration, backwards: 50
  assert.ok(Math.abs(item(r, n).transform[4] - 50) < 1, `${item(r, n).transform[4]}`);
  loop.stop();
  const s = m.animate({ x: 100 }, { easing: { type: 'spring', stiffness: 300, damping: 30 } });
  for (let t = 160; t < 3000; t += 100) r.frame(t);
  assert.equal((await s.finished).finished, true);
  assert.equal(item(r, m).transform[4], 100);
  r.frame(3000);
  const st = m.animate({ y: 200 }, { duration: 100, easing: 'steps(2)' });
  r.frame(3000);
  r.frame(3040);
  assert.equal(item(r, m).transform[5], 100); // first step holds
  r.frame(3060);
  assert.equal(item(r, m).transform[5], 150);
  r.frame(3100);
  await st.finished;
  // Transition: a plain write animates.
  m.transition = { x: { duration: 100, easing: 'linear' } };
  r.frame(3200);
  m.x = 0;
  r.frame(3200);
  r.frame(3250);
  assert.ok(Math.abs(item(r, m).transform[4] - 50) < 1, `transition halfway: ${item(r, m).transform[4]}`);
  assert.equal(m.x, 0);
  r.frame(3300);
  assert.equal(item(r, m).transform[4], 0);
  m.transition = null;
  m.x = 300;
  r.frame(3400);
  assert.equal(item(r, m).transform[4], 300);
  r.destroy();
});
