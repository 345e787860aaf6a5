// The egui debug overlay from JS (src/overlay.js): createRenderer({ debug })
// loads target/engine-debug.wasm (tools/build-wasm-debug.sh); keys the
// overlay consumes never reach the app; the tree inspector follows the
// D-pad; pointer input goes to the overlay while it is open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { createRenderer, displayListItems } from '../src/index.js';
import { debugEngineUrl, overlayConsumes, overlayKeyCode, OVERLAY_KEYS } from '../src/overlay.js';
import { engineBytes, ENGINE_WASM, SKIP_NO_ENGINE } from './helpers.js';

const DEBUG_WASM = process.env.REEL_ENGINE_DEBUG_WASM ?? fileURLToPath(new URL('../../target/engine-debug.wasm', import.meta.url));
const SKIP_NO_DEBUG = existsSync(DEBUG_WASM) ? false : `no ${DEBUG_WASM} (run tools/build-wasm-debug.sh)`;
const MESH = 5;

test('key codes: keyCode first, then DOM key names and the shim\'s names', () => {
  assert.equal(overlayKeyCode({ key: 'F12', keyCode: 123 }), 123);
  assert.equal(overlayKeyCode({ key: 'F12' }), 123);
  assert.equal(overlayKeyCode({ key: 'ColorF3Blue' }), 406);
  assert.equal(overlayKeyCode({ key: 'Unidentified', keyCode: 406 }), 406);
  assert.equal(overlayKeyCode({ key: 'ArrowDown' }), 40);
  assert.equal(overlayKeyCode('Down'), 40);
  assert.equal(overlayKeyCode({ key: 'Escape' }), 27);
  assert.equal(overlayKeyCode({ key: 'a' }), 0);
});

test('what the overlay consumes (the engine\'s Overlay::key rule)', () => {
  for (const open of [false, true]) {
    assert.equal(overlayConsumes(OVERLAY_KEYS.BLUE, open), true);
    assert.equal(overlayConsumes(OVERLAY_KEYS.F12, open), true);
  }
  for (const k of [37, 38, 39, 40, 13, 8, 27, 461]) {
    assert.equal(overlayConsumes(k, false), false, `${k} closed`);
    assert.equal(overlayConsumes(k, true), true, `${k} open`);
  }
  assert.equal(overlayConsumes(65, true), false);
});

test('debugEngineUrl: engine.wasm -> engine-debug.wasm, else null', () => {
  assert.equal(debugEngineUrl('/target/engine.wasm'), '/target/engine-debug.wasm');
  assert.equal(debugEngineUrl(new URL('http://h/a/engine.wasm?v=2')), 'http://h/a/engine-debug.wasm?v=2');
  assert.equal(debugEngineUrl('/x/custom.wasm'), null);
});

test('debug: true needs to find the debug module: a clear error', async () => {
  await assert.rejects(createRenderer({ transport: 'inline', engineUrl: '/x/custom.wasm', debug: true, fontUrl: null }), /debug: true needs debugEngineUrl/);
});

test('debug with the production engine: overlay unavailable, keys go to the app', { skip: SKIP_NO_ENGINE }, async () => {
  const warn = console.warn;
  const warnings = [];
  console.warn = (m) => warnings.push(m);
  try {
    const r = await createRenderer({ transport: 'inline', engineModule: engineBytes(), debug: true, autoFrame: false });
    assert.equal(r.overlay.available, false);
    assert.match(r.overlay.unavailableReason, /engine-debug\.wasm/);
    assert.match(warnings.join('\n'), /debug overlay unavailable/);
    assert.equal(r.overlay.key(OVERLAY_KEYS.F12), false);
    const ev = r.handleKey({ type: 'keydown', key: 'ArrowDown' });
    assert.equal(ev.key, 'Down', 'the app got the key');
    r.destroy();
  } finally {
    console.warn = warn;
  }
});

test('no debug: renderer.overlay is null', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await createRenderer({ transport: 'inline', engineModule: engineBytes(), autoFrame: false });
  assert.equal(r.overlay, null);
  r.destroy();
});

/** A column of 4 focusable cards under a container, inline on engine-debug.wasm. */
async function debugScene(transport = 'inline') {
  const opts = transport === 'inline'
    ? { transport, engineModule: readFileSync(DEBUG_WASM), debug: true, autoFrame: false, width: 1280, height: 720 }
    : { transport, engineUrl: ENGINE_WASM, debugEngineUrl: DEBUG_WASM, debug: true, autoFrame: false, width: 1280, height: 720 };
  const r = await createRenderer(opts);
  const col = r.createNode('view', { x: 600, y: 40, w: 300, h: 640, display: 'flex', flexDirection: 'column', gap: 20 });
  r.root.appendChild(col);
  const cards = [];
  for (let i = 0; i < 4; i++) {
    const c = r.createNode('view', { w: 300, h: 120, color: 0x304060ff + (i << 24), focusable: true });
    c.appendChild(r.createNode('text', { text: `Card ${i}`, x: 10, y: 10, color: '#ffffff' }));
    col.appendChild(c);
    cards.push(c);
  }
  r.focus(cards[0]);
  const keys = [];
  r.on('keydown', (e) => keys.push(e.key));
  return { r, cards, keys };
}

test('inline debug engine: F12 opens, D-pad walks the tree inspector, the app does not see those keys', { skip: SKIP_NO_DEBUG }, async () => {
  const { r, cards, keys } = await debugScene();
  let t = 0;
  const frame = () => r.frame((t += 16.7));
  frame();
  assert.equal(r.overlay.available, true);
  assert.equal(r.focused, cards[0]);
  const closedItems = displayListItems(r.engine.displayList(true)).length;

  const ev = r.handleKey({ type: 'keydown', key: 'F12', keyCode: 123 });
  assert.equal(ev.overlay, true, 'F12 taken by the overlay');
  assert.equal(r.overlay.open, true);
  r.handleKey({ type: 'keyup', key: 'F12', keyCode: 123 });
  frame();
  let st = await r.overlay.state();
  assert.equal(st.open, true);
  assert.ok(st.meshes > 0, 'egui meshes in the display list');
  assert.ok(displayListItems(r.engine.displayList(true)).length > closedItems);
  assert.equal(st.selected, cards[0].id, 'opens on the focused node, highlighted');
  assert.equal(st.highlighted, st.selected, 'the highlight on screen is the selected node');

  // Down: next row of the inspector (the next card); app focus stays.
  r.handleKey({ type: 'keydown', key: 'ArrowDown' });
  r.handleKey({ type: 'keyup', key: 'ArrowDown' });
  frame();
  st = await r.overlay.state();
  assert.equal(st.selected, cards[1].id);
  assert.equal(r.focused, cards[0], 'app focus did not move');
  // Right expands, right again enters the first child (the label).
  r.handleKey('Right');
  frame();
  r.handleKey('Right');
  frame();
  st = await r.overlay.state();
  assert.equal(st.selected, cards[1].firstChild.id);
  // Left: back to the parent.
  r.handleKey('Left');
  frame();
  assert.equal((await r.overlay.state()).selected, cards[1].id);
  assert.deepEqual(keys, [], 'the app saw none of the overlay\'s keys');

  // Back (Escape) closes; arrows move app focus again.
  r.handleKey({ type: 'keydown', key: 'Escape' });
  assert.equal(r.overlay.open, false);
  frame();
  st = await r.overlay.state();
  assert.equal(st.open, false);
  assert.equal(st.meshes, 0);
  assert.equal(st.highlighted, null, 'closed: nothing highlighted on screen');
  assert.equal(st.selected, cards[1].id, 'the engine keeps the selection for the next open');
  r.handleKey('Down');
  frame();
  assert.equal(r.focused, cards[1]);
  assert.deepEqual(keys, ['Down']);
  r.destroy();
});

test('inline debug engine: the blue key toggles; pointer goes to the overlay only while open', { skip: SKIP_NO_DEBUG }, async () => {
  const { r } = await debugScene();
  let t = 0;
  const frame = () => r.frame((t += 16.7));
  frame();
  assert.equal(r.overlay.pointer(100, 100, 'move'), false, 'closed: not taken');
  const pointerEvents = [];
  r.on('pointer', (e) => pointerEvents.push(e));
  r.handleKey({ type: 'keydown', keyCode: 406 });
  frame();
  assert.equal((await r.overlay.state()).open, true);
  assert.equal(r.overlay.pointer(100, 100, 'move'), true);
  assert.equal(r.overlay.pointer(100, 100, 'down'), true);
  assert.equal(r.overlay.pointer(100, 100, 'up'), true);
  frame();
  assert.deepEqual(pointerEvents, [], 'the app got no pointer events');
  assert.throws(() => r.overlay.pointer(1, 1, 'click'), /action must be 'move', 'down' or 'up'/);
  assert.throws(() => r.overlay.pointer(NaN, 1), /finite/);
  r.handleKey({ type: 'keydown', keyCode: 406 });
  frame();
  assert.equal((await r.overlay.state()).open, false);
  r.destroy();
});

test('node transport: debugEngineUrl loads the debug module in the worker_thread; state over messages', { skip: SKIP_NO_DEBUG || SKIP_NO_ENGINE }, async () => {
  const { r, cards } = await debugScene('node');
  try {
    let t = 0;
    const painted = () => r.once('displaylist');
    let p = painted();
    r.frame((t += 16.7));
    await p;
    assert.equal(r.overlay.available, true);
    r.handleKey({ type: 'keydown', key: 'F12' });
    p = painted();
    r.frame((t += 16.7));
    const { bytes } = await p;
    assert.ok(displayListItems(bytes).some((i) => i.kind === MESH), 'meshes in the posted list');
    const st = await r.overlay.state();
    assert.equal(st.open, true);
    assert.equal(st.selected, cards[0].id);
  } finally {
    r.destroy();
  }
});
