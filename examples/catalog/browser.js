// examples/catalog/browser.js — the catalog in a browser: the shim's worker
// renderer (engine.wasm in a Web Worker painting an OffscreenCanvas), the
// keyboard (TV remotes send keydowns too) and the pointer. The default font
// (engine/fonts/DejaVuSans.ttf) is fetched and registered by the Worker.
//
// ?debug=1 loads target/engine-debug.wasm (tools/build-wasm-debug.sh) with
// the egui debug overlay: F12 or the blue key (406) toggles it; while it is
// open the arrows, Enter and Back drive its tree inspector and the mouse
// its panels.
import { createRenderer } from '../../js-shim/src/index.js';
import { main, W, H } from './app.js';

const params = new URLSearchParams(location.search);
const debug = params.get('debug') === '1';
const state = (window.__reel = { done: false, error: null, focused: null, open: false, frames: 0, debug, overlay: null });
try {
  const canvas = document.getElementById('screen');
  const r = await createRenderer({
    transport: 'worker',
    canvas: canvas.transferControlToOffscreen(),
    engineUrl: new URL('../../target/engine.wasm', import.meta.url).href,
    debug, // engine-debug.wasm next to engine.wasm
    // ?a11y=0: no speech bridge and no ARIA live region (tests/browser/a11y.test.mjs).
    a11y: params.get('a11y') === '0' ? false : undefined,
    width: W,
    height: H,
  });
  if (debug) state.overlay = r.overlay.available ? 'available' : r.overlay.unavailableReason;
  const app = main(r);
  r.attachKeyboard(window);
  r.attachPointer(canvas);
  window.reelRenderer = r;
  window.reelApp = app;
  r.on('focus', () => {
    state.focused = app.focusedLabel();
    state.open = app.state.open;
  });
  r.on('paint', () => { state.frames++; });
  r.on('error', (e) => { state.error = e.message; });
  // Done once the first tile is focused and painted.
  const ready = () => (state.focused && state.frames >= 1 ? (state.done = true) : requestAnimationFrame(ready));
  requestAnimationFrame(ready);
} catch (e) {
  state.error = String(e && e.stack || e);
  state.done = true;
}
