// Input: TV key maps, handleKey dispatch with bubbling through the mirror,
// stopPropagation / preventDefault, NAVIGATE + immediate flush, pointer
// commands and events, attachKeyboard / attachPointer. Engine events are
// fed as synthetic "REEV" buffers where no engine is needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureRenderer, inlineRenderer, SKIP_NO_ENGINE } from './helpers.js';
import { normalizeKey, keyTable, KEY_MAPS } from '../src/index.js';

const f32 = (v) => new Uint32Array(new Float32Array([v]).buffer)[0];
const words = (bytes) => Array.from(new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2));
function commands(bytes) {
  const w = words(bytes);
  const out = [];
  for (let i = 4; i < w.length;) { const n = w[i] >>> 16; out.push([w[i] & 0xffff, ...w.slice(i + 1, i + n)]); i += n; }
  return out;
}
/** An event buffer with `events` = [[op, ...words]]. */
function reev(events) {
  const w = [0x56454552, 1, 0, events.length];
  for (const [op, ...body] of events) w.push(op | ((body.length + 1) << 16), ...body);
  return new Uint8Array(new Uint32Array(w).buffer);
}
const FOCUS = 0x84; const POINTER = 0x85; const NAV_EDGE = 0x86; const NONE = 0xffffffff;

test('key maps: DOM key names and TV platform keyCodes', () => {
  const t = keyTable();
  const k = (e) => normalizeKey(e, t);
  assert.equal(k({ key: 'ArrowRight' }), 'Right');
  assert.equal(k({ key: 'Right' }), 'Right');
  assert.equal(k({ keyCode: 37 }), 'Left');
  assert.equal(k({ key: 'Unidentified', keyCode: 40 }), 'Down');
  assert.equal(k({ key: 'Enter', keyCode: 13 }), 'Enter');
  for (const code of [8, 27, 461, 10009]) assert.equal(k({ keyCode: code }), 'Back', `keyCode ${code}`);
  assert.equal(k({ key: 'GoBack' }), 'Back');
  assert.equal(k({ key: 'Escape' }), 'Back');
  assert.deepEqual([415, 19, 412, 417, 413].map((c) => k({ keyCode: c })), ['Play', 'Pause', 'Rewind', 'FastForward', 'Stop']);
  assert.deepEqual([403, 404, 405, 406].map((c) => k({ keyCode: c })), ['Red', 'Green', 'Yellow', 'Blue']);
  assert.equal(k({ key: 'MediaPlayPause' }), 'PlayPause');
  assert.equal(k({ key: 'ColorF0Red' }), 'Red');
  assert.equal(k({ key: 'a' }), 'a'); // passes through
  assert.equal(k({}), null);
  assert.equal(normalizeKey({ keyCode: 461 }, keyTable('tizen')), null);
  assert.equal(normalizeKey({ keyCode: 10009 }, keyTable('tizen')), 'Back');
  assert.equal(normalizeKey({ keyCode: 1 }, keyTable({ 1: 'Info' })), 'Info');
  assert.ok(KEY_MAPS.webos[461] === 'Back');
  assert.throws(() => keyTable('toaster'), /unknown key map/);
});

async function tree() {
  const { r, batches } = await captureRenderer();
  const row = r.createNode('view');
  const tile = r.createNode('view', { focusable: true });
  const other = r.createNode('view', { focusable: true });
  r.root.appendChild(row);
  row.appendChild(tile);
  row.appendChild(other);
  r.flush();
  // The engine focused `tile`.
  r._onEvents(reev([[FOCUS, NONE, tile.id, 1]]));
  return { r, batches, row, tile, other };
}

test('keydown bubbles focused node -> ancestors -> renderer; arrows NAVIGATE and flush at once', async () => {
  const { r, batches, row, tile } = await tree();
  assert.equal(r.focused, tile);
  assert.equal(tile.focused, true);
  const seen = [];
  tile.onKeyDown = (e) => seen.push(['tile', e.key, e.target === tile, e.currentTarget === tile]);
  row.on('keydown', (e) => seen.push(['row', e.key, e.target === tile, e.currentTarget === row]));
  r.root.onKeyDown = (e) => seen.push(['root', e.key]);
  r.on('keydown', (e) => seen.push(['renderer', e.key, e.repeat]));
  const before = batches.length;
  const ev = r.handleKey({ type: 'keydown', key: 'ArrowRight', keyCode: 39, repeat: true });
  assert.deepEqual(seen, [['tile', 'Right', true, true], ['row', 'Right', true, true], ['root', 'Right'], ['renderer', 'Right', true]]);
  assert.equal(ev.defaultPrevented, false);
  assert.equal(batches.length, before + 1, 'sent at once (flush), not at the next tick');
  assert.deepEqual(commands(batches.at(-1)), [[12, 1]]);
  assert.equal(r._needFrame, true, 'a frame follows on the next tick');
  // keyup: no default action.
  r.handleKey({ type: 'keyup', key: 'ArrowRight' });
  assert.equal(batches.length, before + 1);
  r.destroy();
});

test('stopPropagation stops bubbling; preventDefault prevents navigation', async () => {
  const { r, batches, row, tile } = await tree();
  const seen = [];
  tile.onKeyDown = (e) => { seen.push('tile'); if (e.key === 'Down') e.preventDefault(); };
  row.onKeyDown = (e) => { seen.push('row'); if (e.key === 'Left') e.stopPropagation(); };
  r.on('keydown', () => seen.push('renderer'));
  const n = batches.length;
  r.handleKey('Down');
  assert.equal(batches.length, n, 'prevented: no NAVIGATE');
  r.handleKey({ type: 'keydown', key: 'ArrowLeft' });
  assert.deepEqual(seen, ['tile', 'row', 'renderer', 'tile', 'row']);
  assert.deepEqual(commands(batches.at(-1)), [[12, 0]], 'stopped, but not prevented: navigates');
  // Enter and Back are the app's: no command.
  const m = batches.length;
  r.handleKey({ keyCode: 13 });
  r.handleKey({ keyCode: 10009 });
  assert.equal(batches.length, m);
  // Removing handlers.
  tile.onKeyDown = null;
  assert.equal(tile.onKeyDown, null);
  assert.throws(() => { tile.onKeyDown = 3; }, /function or null/);
  r.destroy();
});

test('focus events: blur/focus on the nodes, focusin/focusout bubble, renderer focus; navedge; lost focus', async () => {
  const { r, row, tile, other } = await tree();
  const seen = [];
  tile.onBlur = (e) => seen.push(`blur tile -> ${e.relatedTarget === other} ${e.cause}`);
  other.onFocus = (e) => seen.push(`focus other <- ${e.relatedTarget === tile}`);
  row.onFocus = () => seen.push('row focus (must not bubble)');
  row.onFocusIn = (e) => seen.push(`row focusin ${e.target === other}`);
  r.on('focus', (e) => seen.push(`renderer ${e.from === tile} ${e.to === other} ${e.cause}`));
  r._onEvents(reev([[FOCUS, tile.id, other.id, 0]]));
  assert.deepEqual(seen, ['blur tile -> true navigation', 'focus other <- true', 'row focusin true', 'renderer true true navigation']);
  assert.equal(r.focused, other);
  let edge = null;
  r.on('navedge', (e) => { edge = e; });
  r._onEvents(reev([[NAV_EDGE, other.id, 1]]));
  assert.deepEqual([edge.focused, edge.dir], [other, 'right']);
  r._onEvents(reev([[FOCUS, other.id, NONE, 3]]));
  assert.equal(r.focused, null);
  // Keys with nothing focused start at the root.
  let rootGot = false;
  r.root.onKeyDown = () => { rootGot = true; };
  r.handleKey('Enter');
  assert.ok(rootGot);
  r.destroy();
});

test('focus()/blur() encode FOCUS and send at once', async () => {
  const { r, batches, tile } = await tree();
  r.focus(tile);
  assert.deepEqual(commands(batches.at(-1)), [[13, tile.id]]);
  tile.focus();
  r.blur();
  assert.deepEqual(commands(batches.at(-1)), [[13, NONE]]);
  assert.throws(() => r.focus({ id: 1 }), /not a live node/);
  r.destroy();
});

test('pointer: POINTER command; POINTER click event dispatches a bubbling click', async () => {
  const { r, batches, row, tile } = await tree();
  r.pointer(120.5, 64, 'click');
  assert.deepEqual(commands(batches.at(-1)), [[14, f32(120.5), f32(64), 1]]);
  assert.throws(() => r.pointer(1, 2, 'drag'), /'move' or 'click'/);
  assert.throws(() => r.pointer(NaN, 2), /finite/);
  const child = r.createNode('view');
  tile.appendChild(child);
  const seen = [];
  tile.onClick = (e) => seen.push(`tile ${e.target === child} ${e.focusTarget === tile} ${e.x}`);
  row.on('click', () => seen.push('row'));
  r.on('pointer', (e) => seen.push(`pointer ${e.action}`));
  r._onEvents(reev([[POINTER, child.id, tile.id, 1, f32(10), f32(20)]]));
  r._onEvents(reev([[POINTER, child.id, tile.id, 0, f32(11), f32(20)]]));
  assert.deepEqual(seen, ['pointer click', 'tile true true 10', 'row', 'pointer move']);
  r.destroy();
});

test('attachKeyboard: DOM-like target, preventDefault for known keys, detach', async () => {
  const { r, batches } = await tree();
  const listeners = {};
  const target = {
    addEventListener: (t, f) => { listeners[t] = f; },
    removeEventListener: (t) => { delete listeners[t]; },
  };
  const detach = r.attachKeyboard(target);
  let prevented = 0;
  const n = batches.length;
  listeners.keydown({ type: 'keydown', key: 'Unidentified', keyCode: 40, preventDefault: () => prevented++ });
  listeners.keydown({ type: 'keydown', key: '', keyCode: 0, preventDefault: () => prevented++ });
  assert.equal(prevented, 1);
  assert.deepEqual(commands(batches.at(-1)), [[12, 3]]);
  assert.equal(batches.length, n + 1);
  detach();
  assert.deepEqual(Object.keys(listeners), []);
  // Under reel run the host's key script is the source.
  let hostFn = null;
  globalThis.__reel_host = { onKey: (f) => { hostFn = f; return () => { hostFn = null; }; } };
  try {
    const off = r.attachKeyboard();
    hostFn({ type: 'keydown', key: 'ArrowUp', keyCode: 38, repeat: false });
    assert.deepEqual(commands(batches.at(-1)), [[12, 2]]);
    off();
    assert.equal(hostFn, null);
  } finally {
    delete globalThis.__reel_host;
  }
  r.destroy();
});

/** A canvas element stand-in at `rect` (CSS px); `ls` holds its listeners by type. */
function fakeCanvas(rect) {
  const ls = {};
  const canvas = {
    addEventListener: (t, f) => { ls[t] = f; },
    removeEventListener: (t) => { delete ls[t]; },
    getBoundingClientRect: () => rect,
  };
  return { ls, canvas };
}

test('attachPointer scales canvas CSS px to viewport px', async () => {
  const { r, batches } = await captureRenderer({ width: 1920, height: 1080 });
  const { ls, canvas } = fakeCanvas({ left: 10, top: 20, width: 960, height: 540 });
  const detach = r.attachPointer(canvas);
  ls.click({ clientX: 110, clientY: 70 });
  assert.deepEqual(commands(batches.at(-1)), [[14, f32(200), f32(100), 1]]);
  detach();
  assert.deepEqual(Object.keys(ls), []);
  r.destroy();
});

test('attachPointer follows object-fit: a letterboxed (contain) canvas maps into the picture, and a click on the bars is no click', async () => {
  const { r, batches } = await captureRenderer({ width: 1920, height: 1080 });
  const { ls, canvas } = fakeCanvas({ left: 0, top: 0, width: 1000, height: 800 });
  globalThis.getComputedStyle = () => ({ objectFit: 'contain' });
  try {
    r.attachPointer(canvas);
    const s = 1000 / 1920;
    const bar = (800 - 1080 * s) / 2;
    ls.click({ clientX: 960 * s, clientY: bar + 1000 * s });
    const [[op, x, y, a]] = commands(batches.at(-1));
    assert.deepEqual([op, a], [14, 1]);
    const back = (w) => new Float32Array(new Uint32Array([w]).buffer)[0];
    assert.ok(Math.abs(back(x) - 960) < 0.01 && Math.abs(back(y) - 1000) < 0.01, `${back(x)}, ${back(y)}`);
    const n = batches.length;
    ls.click({ clientX: 500, clientY: 790 }); // the bar under the picture
    ls.click({ clientX: 500, clientY: 5 }); // and above it
    assert.equal(batches.length, n, 'no POINTER command');
  } finally {
    delete globalThis.getComputedStyle;
    r.destroy();
  }
});

test('engine: pointer click focuses the tile under it and dispatches click', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer({ width: 800, height: 400 });
  const row = r.createNode('view', { w: 800, h: 200, display: 'flex', gap: 20 });
  r.root.appendChild(row);
  const tiles = [0, 1, 2].map(() => row.appendChild(r.createNode('view', { w: 200, h: 100, flexShrink: 0, focusable: true, color: 0xffffffff })));
  const inner = tiles[2].appendChild(r.createNode('view', { w: 50, h: 50, color: 0xff0000ff }));
  r.frame(0);
  const clicks = [];
  row.onClick = (e) => clicks.push([e.target, e.focusTarget]);
  r.pointer(460, 20, 'click');
  r.frame(16);
  assert.equal(r.focused, tiles[2]);
  assert.deepEqual(clicks, [[inner, tiles[2]]]);
  r.pointer(230, 50, 'move');
  r.frame(32);
  assert.equal(r.focused, tiles[1], 'hover focuses');
  r.destroy();
});

test('a listener for an event nodes never fire is a dev error naming the events they do (not a handler that waits for ever)', async () => {
  const { r } = await captureRenderer();
  const n = r.createNode('view', { focusable: true });
  r.root.appendChild(n);
  assert.throws(() => n.on('press', () => {}), (e) => e instanceof TypeError
    && e.message.startsWith("reel: node.on('press') (onPress in JSX): nodes have no 'press' event; they fire 'keydown' (onKeyDown), ")
    && e.message.includes("'click' (onClick)") && e.message.endsWith("OK/Enter on a focused node is a 'keydown' with key 'Enter'"));
  for (const type of ['keydown', 'keyup', 'click', 'focus', 'blur', 'focusin', 'focusout']) assert.equal(typeof n.on(type, () => {}), 'function', type);
  // Production builds do not check.
  const { r: prod } = await captureRenderer({ dev: false });
  const m = prod.createNode('view');
  assert.equal(typeof m.on('press', () => {}), 'function');
});
