// js-shim/demo/app.js — the browser demo: the shim's real createRenderer
// (engine in a module Worker, painting into a transferred OffscreenCanvas)
// running the grid-1k sample app, the very module `reel run` runs natively
// (examples/apps/grid-1k-scene.js: a TV home screen, 1,018 nodes).
//
// Query: backend=auto|wasm|js   painter=auto|webgl2|canvas2d|main
//        (main = the worker posts display lists back and this page paints
//        them with the Canvas2D painter)   clean=1 (no HUD)   animate=1
//        debug=1 (engine-debug.wasm: the egui debug overlay, F12 / blue key;
//        the default font, engine/fonts/DejaVuSans-subset.ttf, is registered by the Worker)
//
// window.__reel = { done, error, info, timings, firstFrame } is for the
// browser tests; window.__reelDemo = { renderer, scene, debug(op), next(type) }.
import { createRenderer } from '../src/index.js';
import { Canvas2DPainter } from '../src/paint/canvas2d.js';
import { buildGrid, W, H } from '../../examples/apps/grid-1k-scene.js';

const q = new URLSearchParams(location.search);
const state = (window.__reel = { done: false, error: null, info: null, timings: {}, firstFrame: null });
if (q.get('clean')) document.body.classList.add('clean');
const hud = document.getElementById('hud');

async function main() {
  const canvas = document.getElementById('screen');
  canvas.width = W;
  canvas.height = H;
  const painter = q.get('painter') || 'auto';
  // painter 'main': no canvas goes to the worker; its lists come back here.
  const mainPainter = painter === 'main' ? Canvas2DPainter.create(canvas) : null;
  const t0 = performance.now();
  const r = await createRenderer({
    transport: 'worker',
    canvas: mainPainter ? undefined : canvas.transferControlToOffscreen(),
    painter,
    // antialias=1: MSAA in the WebGL2 painter (off by default, see paint/webgl.js).
    antialias: q.get('antialias') === '1',
    width: W,
    height: H,
    backend: q.get('backend') || 'auto',
    engineUrl: new URL('../../target/engine.wasm', import.meta.url),
    wasm2jsUrl: new URL('../../target/engine-wasm2js.mjs', import.meta.url),
    // debug=1: target/engine-debug.wasm with the egui overlay (F12 / blue key).
    debug: q.get('debug') === '1',
  });
  if (r.overlay) {
    r.attachKeyboard(window);
    if (!mainPainter) r.attachPointer(canvas);
  }
  state.timings.ready = performance.now() - t0;
  if (mainPainter) {
    r.on('displaylist', (bytes, header) => {
      for (const d of (header && header.textures) || []) mainPainter.applyTextureDeltas(d); // glyphs, overlay font
      mainPainter.paint(bytes);
    });
  }
  r.on('error', (e) => console.error('reel error', JSON.stringify(e)));
  r.on('fatal', (e) => { state.error = `fatal: ${e && e.message || e}`; });
  const ready = r.transport.ready;
  state.info = {
    backend: r.backend.name, rule: r.backend.rule, reason: r.backend.reason, transport: r.backend.transport,
    painter: ready.painter, initMs: ready.initMs, abiVersion: ready.abiVersion,
  };

  // Debug requests to the worker (tests): replies and context events arrive as 'message'.
  let debugId = 0;
  const next = (type, pred = () => true) => new Promise((res) => {
    const off = r.on('message', (m) => { if (m.type === type && pred(m)) { off(); res(m); } });
  });
  const debug = (op) => {
    const id = ++debugId;
    const p = next('debug', (m) => m.id === id);
    r.transport.post({ type: 'debug', op, id });
    return p;
  };

  const t1 = performance.now();
  const scene = buildGrid(r);
  state.timings.build = performance.now() - t1;
  window.__reelDemo = { renderer: r, scene, debug, next };
  const painted = r.once('paint');
  r.frame();
  state.timings.send = performance.now() - t1;
  const f = await painted;
  state.timings.firstFrame = performance.now() - t1;
  state.firstFrame = f;
  state.nodeCount = r.nodeCount;
  hud.textContent = `${state.info.backend} / ${state.info.painter} · ${r.nodeCount} nodes · ${f.items} items · `
    + `engine init ${state.info.initMs.toFixed(1)} ms · first frame ${state.timings.firstFrame.toFixed(1)} ms`;
  // Two animation frames so the painted frame is on screen before tests look.
  requestAnimationFrame(() => requestAnimationFrame(() => { state.done = true; }));

  if (q.get('animate')) {
    const step = (t) => {
      scene.animate(t); // the renderer sends it with the next automatic frame
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }
}

main().catch((e) => {
  state.error = String(e && e.stack || e);
  state.done = true;
  hud.textContent = `error: ${e.message}`;
});
