// examples/catalog/browser.js — the catalog in a browser: the shim's worker
// renderer (engine.wasm in a Web Worker painting an OffscreenCanvas), the
// keyboard (TV remotes send keydowns too) and the pointer. The default font
// (engine/fonts/DejaVuSans.ttf) is fetched and registered by the Worker.
//
// The autoplay trailer (./trailer.js) plays on the browser's video plane
// (createRenderer({ video: canvas }): a real <video> under the canvas), the
// WebM twin of the native host's clip (tests/fixtures/video/clip.webm); the
// worker renderer paints only on demand, so the app is woken for the dwell
// (wake: frames from 1.5 s after focus rests through the crossfade).
// ?trailer=0: no video plane and no trailer (autoplay: false), for tests
// that compare screenshots (their waits are real time, not frame time).
//
// ?debug=1 loads target/engine-debug.wasm (tools/build-wasm-debug.sh) with
// the egui debug overlay: F12 or the blue key (406) toggles it; while it is
// open the arrows, Enter and Back drive its tree inspector and the mouse
// its panels.
import { createRenderer } from '../../js-shim/src/index.js';
import { main, W, H } from './app.js';
import { FADE_MS } from './trailer.js';

const params = new URLSearchParams(location.search);
const debug = params.get('debug') === '1';
const trailer = params.get('trailer') !== '0';
const state = (window.__reel = { done: false, error: null, focused: null, open: false, frames: 0, debug, overlay: null });
try {
  const canvas = document.getElementById('screen');
  const r = await createRenderer({
    transport: 'worker',
    canvas: canvas.transferControlToOffscreen(),
    engineUrl: new URL('../../target/engine.wasm', import.meta.url).href,
    debug, // engine-debug.wasm next to engine.wasm
    video: trailer ? canvas : undefined,
    maxDecoders: 1,
    // ?a11y=0: no speech bridge and no ARIA live region (tests/browser/a11y.test.mjs).
    a11y: params.get('a11y') === '0' ? false : undefined,
    width: W,
    height: H,
  });
  if (debug) state.overlay = r.overlay.available ? 'available' : r.overlay.unavailableReason;
  const app = main(r, trailer ? {
    trailerSrc: new URL('../../tests/fixtures/video/clip.webm', import.meta.url).href,
    // Frames from `ms` on through the crossfade (the worker paints on demand).
    wake: (ms) => setTimeout(() => {
      const end = performance.now() + FADE_MS + 200;
      const tick = () => { r.frame(); if (performance.now() < end) requestAnimationFrame(tick); };
      tick();
    }, ms + 50),
  } : { autoplay: false });
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
