// examples/catalog/browser.js — the catalog in a browser: the shim's worker
// renderer (engine.wasm in a Web Worker painting an OffscreenCanvas), the
// keyboard (TV remotes send keydowns too) and the pointer.
import { createRenderer } from '../../js-shim/src/index.js';
import { main, W, H } from './app.js';

const state = (window.__reel = { done: false, error: null, focused: null, open: false, frames: 0 });
try {
  const canvas = document.getElementById('screen');
  const r = await createRenderer({
    transport: 'worker',
    canvas: canvas.transferControlToOffscreen(),
    engineUrl: new URL('../../target/engine.wasm', import.meta.url).href,
    width: W,
    height: H,
  });
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
