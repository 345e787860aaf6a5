// examples/clips/browser.js — the clips feed in a browser: the shim's worker
// renderer and the browser's video plane (createRenderer({ video: canvas }):
// a real <video> under the canvas where each video node is), playing the
// WebM twin of the native host's clip (tests/fixtures/video/clip.webm, made
// by tools/make-test-clip.sh). The keyboard (Up/Down) and the pointer wheel
// (one snap per wheel gesture) move through the feed.
import { createRenderer } from '../../js-shim/src/index.js';
import { main, W, H } from './app.js';

const state = (window.__reel = { done: false, error: null, index: 0, playing: -1, events: [], frames: 0 });
try {
  const canvas = document.getElementById('screen');
  const r = await createRenderer({
    transport: 'worker',
    canvas: canvas.transferControlToOffscreen(),
    video: canvas,
    maxDecoders: 1,
    engineUrl: new URL('../../target/engine.wasm', import.meta.url).href,
    width: W,
    height: H,
  });
  const app = main(r, {
    src: new URL('../../tests/fixtures/video/clip.webm', import.meta.url).href,
    poster: new URL('./assets/clip-poster.png', import.meta.url).href,
  });
  r.attachKeyboard(window);
  // The wheel: one snap per gesture (a trackpad sends many small deltas).
  let quietUntil = 0;
  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    const now = performance.now();
    if (now < quietUntil || Math.abs(e.deltaY) < 4) return;
    quietUntil = now + 400;
    app.go(e.deltaY > 0 ? 1 : -1);
  }, { passive: false });
  window.reelApp = app;
  r.on('paint', () => {
    state.frames++;
    state.index = app.state.index;
    state.playing = app.state.playing;
    state.events = app.state.events;
  });
  r.on('error', (e) => { state.error = e.message; });
  const ready = () => (state.frames >= 1 ? (state.done = true) : requestAnimationFrame(ready));
  requestAnimationFrame(ready);
} catch (e) {
  state.error = String(e && e.stack || e);
  state.done = true;
}
