// @reel/shim/react: a react-reconciler 0.33 (React 19.2) host config on host nodes.
//   node --test test/react.test.js
import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import React from 'react';
import { createRoot, flushSync } from '../src/react/index.js';
import { createRenderer } from '../src/index.js';
import { engineBytes, SKIP_NO_ENGINE, keysMoveFocusOnceEach } from './helpers.js';

const h = React.createElement;

function capture() {
  return {
    kind: 'capture',
    async connect(_s, init) { return { backend: init.backend, abiVersion: 1 }; },
    send(enc) { enc.finish(); },
    close() {},
  };
}
const mk = (opts = {}) => createRenderer({ transport: capture(), autoFrame: false, ...opts });
const ws = (node) => node.children.map((c) => c.get('w'));

test('create, update, remove, replace text', async () => {
  const r = await mk();
  const root = createRoot(r);
  const App = ({ x, label, show }) => h('view', { x, w: 100, h: 50, color: '#ff0000' },
    h('text', null, 'Label: ', label),
    show ? h('view', { w: 7 }) : null,
    label);
  root.renderSync(h(App, { x: 10, label: 'a', show: true }));
  const top = r.root.firstChild;
  assert.equal(top.x, 10);
  assert.equal(top.color, '#ff0000');
  const [label, shown, str] = top.children;
  assert.equal(label.text, 'Label: a', '<text> children become its text');
  assert.equal(label.firstChild, null);
  assert.equal(shown.w, 7);
  assert.equal(str.text, 'a', 'a bare string is a text node');
  assert.equal(r.nodeCount, 5);

  root.renderSync(h(App, { x: 20, label: 'bb', show: true }));
  assert.equal(top.x, 20);
  assert.equal(label.text, 'Label: bb');
  assert.equal(str.text, 'bb', 'text instance updated in place');
  assert.equal(top.lastChild, str);
  root.renderSync(h(App, { x: undefined, label: 'bb', show: false }));
  assert.equal(top.x, undefined, 'removed prop reset');
  assert.equal(top.children.length, 2);
  assert.ok(shown.destroyed, 'deleted instance freed (detachDeletedInstance)');
  assert.equal(r.nodeCount, 4);
  root.renderSync(h(App, { label: 'bb', show: true }));
  assert.deepEqual(top.children.map((c) => c.type), ['text', 'view', 'text']);
  assert.equal(top.children[1].nextSibling, str, 'inserted before the existing text node');
  root.renderSync(h('view', null));
  assert.ok(str.destroyed && label.destroyed && top.destroyed);
  root.unmount();
  assert.equal(r.nodeCount, 1);
  r.destroy();
});

test('keyed reorders move nodes; insert-before; removal frees', async () => {
  const r = await mk();
  const root = createRoot(r);
  const List = ({ items }) => h('view', null, h('view', { w: 0 }), items.map((i) => h('view', { key: i, w: i })), h('view', { w: 999 }));
  root.renderSync(h(List, { items: [1, 2, 3, 4, 5] }));
  const list = r.root.firstChild;
  const before = new Map(list.children.map((c) => [c.w, c]));
  const check = (items) => {
    root.renderSync(h(List, { items }));
    assert.deepEqual(ws(list), [0, ...items, 999]);
    for (const c of list.children) if (before.has(c.w)) assert.equal(before.get(c.w), c, 'same node (moved)');
  };
  check([5, 2, 3, 4, 1]);
  check([5, 6, 2, 3, 4, 1]);
  before.set(6, list.children[2]);
  check([1, 4, 3, 2, 6, 5]);
  check([4, 6]);
  assert.ok(before.get(1).destroyed && before.get(5).destroyed);
  assert.equal(r.nodeCount, 1 + 1 + 2 + 2);
  check([]);
  root.unmount();
  assert.equal(r.nodeCount, 1);
  r.destroy();
});

test('event props, ref, style, autoFocus, transition; handlers commit synchronously', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await createRenderer({ transport: 'inline', engineModule: engineBytes(), autoFrame: false });
  const root = createRoot(r);
  const log = [];
  let ref = null;
  let cleanupSawNode = null;
  function Inner() {
    const me = React.useRef(null);
    React.useEffect(() => {
      const node = me.current;
      return () => { cleanupSawNode = !node.destroyed; };
    }, []);
    return h('view', { ref: me, w: 5 });
  }
  function App() {
    const [n, setN] = React.useState(0);
    return h('view', { w: 1280, h: 720, onKeyDown: (e) => log.push('outer:' + e.key) },
      h('view', {
        ref: (x) => { ref = x; }, focusable: true, autoFocus: true, w: 100, h: 100,
        style: n === 0 ? { x: 1, y: 2 } : { x: 5 }, transition: { scale: 200 },
        onKeyDown: (e) => { log.push(`inner${n}:` + e.key); setN(n + 1); },
        onFocus: () => log.push('focus'),
      }),
      n < 2 ? h(Inner) : null);
  }
  root.renderSync(h(App));
  assert.equal(ref, r.root.firstChild.firstChild, 'ref is the ReelNode');
  assert.equal(ref.x, 1);
  assert.deepEqual(ref.transition, { scale: 200 });
  r.frame(16);
  assert.equal(r.focused, ref, 'autoFocus');
  r.handleKey('Enter');
  assert.equal(ref.x, 5, 'state update committed inside the handler');
  assert.equal(ref.y, undefined);
  r.handleKey('Back');
  root.flush(); // passive effects (react-dom runs them after paint)
  assert.deepEqual(log, ['focus', 'inner0:Enter', 'outer:Enter', 'inner1:Back', 'outer:Back']);
  assert.equal(cleanupSawNode, true, 'effect cleanup of a deleted component still sees a live node');
  assert.equal(r.nodeCount, 3);
  flushSync(() => {});
  root.unmount();
  r.frame(32);
  assert.equal(r.nodeCount, 1);
  r.destroy();
});

function gcFn() {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc');
}

test('no leaks: 1k-node tree mounted and unmounted 150 times (100 measured)', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await createRenderer({ transport: 'inline', engineModule: engineBytes(), autoFrame: false, displayList: false });
  const gc = gcFn();
  const rows = Array.from({ length: 10 }, (_, i) => i);
  const cols = Array.from({ length: 50 }, (_, i) => i);
  const App = () => h('view', { w: 1280, h: 720, display: 'flex', flexDirection: 'column' },
    rows.map((row) => h('view', { key: row, w: 1280, h: 60, display: 'flex' },
      cols.map((c) => h('view', { key: c, w: 20, h: 20, color: 0x336699ff + c }, h('text', { text: '' + c }))))));
  let stats = null;
  r.on('frame', (s) => { stats = s; });
  let t = 0;
  r.frame((t += 16));
  const base = { js: r.nodeCount, engine: stats.nodes };
  let warm = null;
  let mounted = 0;
  // As an app runs: the event loop turns between mounts. React releases an
  // unmounted root from its scheduled-roots list (firstScheduledRoot ->
  // root.next) only in a microtask, and its scheduler's task in the next
  // macrotask; a loop that never yields keeps every root (12-15 KB a mount).
  // React's development build also records 3 performance.measure entries a
  // mount, which Node keeps until clearMeasures(): not the app's memory.
  // Measured from mount 50 to 150 (V8's heap settles over ~50 mounts), both
  // points from a compacted trap-recovery journal (a bounded buffer).
  const settle = () => {
    r.transport.supervisor?.compact();
    if (typeof performance.clearMeasures === 'function') performance.clearMeasures();
    gc(); gc();
  };
  for (let i = 0; i < 150; i++) {
    const root = createRoot(r);
    root.renderSync(h(App));
    r.frame((t += 16));
    mounted = stats.nodes;
    root.unmount();
    r.frame((t += 16));
    await new Promise((resolve) => setImmediate(resolve));
    if (i === 49) { settle(); warm = { mem: r.engine.memoryBytes, heap: process.memoryUsage().heapUsed }; }
  }
  settle();
  const heap = process.memoryUsage().heapUsed;
  assert.ok(mounted >= base.engine + 1000, `mounted tree has >= 1000 nodes (${mounted})`);
  assert.equal(r.nodeCount, base.js, 'renderer.nodeCount back to baseline');
  assert.equal(stats.nodes, base.engine, 'engine FRAME_STATS nodes back to baseline');
  assert.equal(r.engine.memoryBytes, warm.mem, 'engine linear memory stable after warm-up');
  // 8 bytes per node per mount would be 100 x 1k x 8 = 800 KiB.
  assert.ok(heap - warm.heap < 512 * 1024, `JS heap after gc grew ${((heap - warm.heap) / 1024).toFixed(0)} KiB after warm-up (limit 512 KiB)`);
  r.destroy();
});

test('effects (issue 16): radius as a number or four corners, border and shadow props, updated', async () => {
  const r = await mk();
  const root = createRoot(r);
  const Tile = ({ focused }) => h('view', {
    w: 200, h: 120, radius: focused ? 16 : [16, 16, 0, 0], borderWidth: focused ? 4 : 0, borderColor: '#ffffff',
    shadowColor: '#00000080', shadowBlur: focused ? 24 : 8, shadowOffsetY: 6, style: { shadowSpread: 2 },
  });
  root.renderSync(h(Tile, { focused: false }));
  const v = r.root.firstChild;
  assert.deepEqual(v.radius, [16, 16, 0, 0]);
  assert.equal(v.radiusTr, 16);
  assert.equal(v.shadowSpread, 2);
  root.renderSync(h(Tile, { focused: true }));
  assert.equal(v.radius, 16);
  assert.equal(v.borderWidth, 4);
  assert.equal(v.shadowBlur, 24);
  root.unmount();
  r.destroy();
});

// --- autoFocus: read when the node mounts, not on later renders ---------------

test('autoFocus: a later false -> true does not move focus (no ping-pong between tiles)', { skip: SKIP_NO_ENGINE }, async () => {
  // The Solid starter's pattern (user report) in React: autoFocus computed
  // from a variable the tiles' onFocus sets, re-rendered by their focus
  // state. The state update is flushed before the variable is set (as
  // Solid's signals are), so a tile renders autoFocus false when it gets
  // focus and true when it loses it: that render focused it again, and
  // focus bounced between two tiles with no key pressed.
  const r = await createRenderer({ transport: 'inline', engineModule: engineBytes(), autoFrame: false });
  const root = createRoot(r);
  let last = null;
  function Tile({ i }) {
    const [focused, setFocused] = React.useState(false);
    return h('view', {
      w: 240, h: 360, flexShrink: 0, color: focused ? '#e50914' : '#333344', radius: focused ? 28 : 16,
      focusable: true, focusScale: 1.1,
      autoFocus: last !== null ? last === i : i === 0,
      onFocus: () => { flushSync(() => setFocused(true)); last = i; },
      onBlur: () => setFocused(false),
    });
  }
  const App = () => h('view', { w: 1920, h: 1080 },
    h('view', { y: 120, w: 1920, h: 500, display: 'flex', flexDirection: 'row', gap: 40, paddingLeft: 96, paddingTop: 40 },
      [0, 1, 2, 3].map((i) => h(Tile, { key: i, i }))));
  const events = [];
  r.on('focus', (e) => events.push(e));
  root.renderSync(h(App));
  const tiles = r.root.firstChild.firstChild.children;
  let t = 0;
  const idle = async (frames) => {
    for (let i = 0; i < frames; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      root.flush();
      r.frame((t += 16));
    }
  };
  await idle(3);
  assert.equal(r.focused, tiles[0], 'the first tile autofocused');
  assert.deepEqual(events.map((e) => e.cause), ['explicit']);
  await keysMoveFocusOnceEach(r, tiles, events, idle);
  root.unmount();
  r.destroy();
});

test('autoFocus: once, when the node mounts; later renders changing it never focus', async () => {
  const r = await mk();
  const calls = [];
  const focus = r.focus;
  r.focus = (node) => { calls.push(node); focus(node); };
  const root = createRoot(r);
  const App = ({ a, b, items }) => h('view', null,
    h('view', { w: 1, autoFocus: a }),
    h('view', { w: 2, autofocus: b }),
    items.map((i) => h('view', { key: i, w: 100 + i, autoFocus: i === 2 })));
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  root.renderSync(h(App, { a: false, b: false, items: [1, 2, 3] }));
  const top = r.root.firstChild;
  const byW = (w) => top.children.find((c) => c.w === w);
  const two = byW(102);
  await tick();
  assert.deepEqual(calls, [two], 'mounted with autoFocus: focused once');

  calls.length = 0;
  root.renderSync(h(App, { a: true, b: true, items: [1, 2, 3] }));
  await tick();
  root.renderSync(h(App, { a: false, b: false, items: [1, 2, 3] }));
  root.renderSync(h(App, { a: true, b: true, items: [1, 2, 3] }));
  await tick();
  assert.deepEqual(calls, [], 'false -> true on a mounted node does not focus (react-dom autoFocus)');
  root.renderSync(h(App, { a: true, b: true, items: [3, 2, 1] }));
  await tick();
  assert.equal(byW(102), two);
  assert.deepEqual(calls, [], 'a keyed move is not a mount');
  root.renderSync(h(App, { a: true, b: true, items: [3, 1] }));
  root.renderSync(h(App, { a: true, b: true, items: [3, 2, 1] }));
  await tick();
  const two2 = byW(102);
  assert.notEqual(two2, two);
  assert.deepEqual(calls, [two2], 'a new node mounted with autoFocus');
  root.unmount();
  r.destroy();
});

test('onPress (or any event nodes never fire) on a host element is a dev error, not a handler that never runs', async () => {
  const r = await mk();
  const errors = [];
  const root = createRoot(r, { onUncaughtError: (e) => errors.push(e) });
  root.renderSync(h('view', { focusable: true, onPress: () => {} }));
  assert.equal(errors.length, 1);
  assert.match(String(errors[0]?.message ?? errors[0]), /^reel: node\.on\('press'\) \(onPress in JSX\): nodes have no 'press' event; they fire 'keydown' \(onKeyDown\)/);
  root.unmount();
  r.destroy();
});

test('style and a prop of the same name: the style key wins in either order, and dropping it gives the prop back', async () => {
  const r = await mk();
  const root = createRoot(r);
  const render = (props) => { root.renderSync(h('view', { w: 10, ...props })); return r.root.firstChild; };
  let n = render({ color: 'red', style: { color: 'blue', x: 5 } });
  assert.equal(n.color, 'blue');
  n = render({ color: 'red', style: { x: 5 } });
  assert.equal(n.color, 'red', 'the direct colour is back (it was reset: the view went transparent)');
  assert.equal(n.x, 5);
  render({ color: 'red', style: { color: 'green' } });
  assert.equal(n.color, 'green');
  assert.equal(n.x, undefined, 'x had no value of its own: reset');
  render({ color: 'yellow', style: { color: 'green' } });
  assert.equal(n.color, 'green', 'a prop change under a style key waits');
  render({ color: 'yellow', style: {} });
  assert.equal(n.color, 'yellow');
  render({ style: {} });
  assert.equal(n.color, undefined);
  // The other order in the JSX.
  root.renderSync(h('view', { key: 2, style: { color: 'blue' }, color: 'red' }));
  n = r.root.firstChild;
  assert.equal(n.color, 'blue');
  root.renderSync(h('view', { key: 2, color: 'red' }));
  assert.equal(n.color, 'red');
  root.unmount();
  r.destroy();
});
