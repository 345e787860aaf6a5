// js-shim/bench/lightning/lightning-page.js — Lightning 3's side
// (@lightningjs/renderer, WebGL renderer, main thread). Bundled by
// lightning-bench.mjs with esbuild into .build/lightning-page.js.
// Every operation returns { mainMs, paintMs }: Lightning applies and
// renders on the main thread, so after the node API calls the bench runs
// the stage's frame (update + quads + WebGL submit) synchronously
// (stage.drawFrame(), what its rAF loop calls) and both figures are that
// total: everything Lightning does for the change, all of it on the main
// thread.
import { RendererMain } from '@lightningjs/renderer';
import { WebGlCoreRenderer } from '@lightningjs/renderer/webgl';
import { tile, catalog, W, H } from './scene.js';

const now = () => performance.now();
let renderer = null;
let stage = null;
let box = null;
let nodes = [];
let run = 0;

async function setup() {
  renderer = new RendererMain({ appWidth: W, appHeight: H, renderEngine: WebGlCoreRenderer, fontEngines: [], deviceLogicalPixelRatio: 1, devicePhysicalPixelRatio: 1, clearColor: 0x000000ff }, 'app');
  stage = renderer.stage;
  box = renderer.createNode({ width: W, height: H, parent: renderer.root });
  await new Promise((r) => setTimeout(r, 200));
  return { lib: 'lightning', version: '2.23.0', painter: 'webgl' };
}

/** Lightning's WebGL context (its canvas in #app). */
let gl = null;
const PIXEL = new Uint8Array(4);

function draw() {
  stage.updateFrameTime();
  stage.updateAnimations();
  if (stage.hasSceneUpdates()) stage.drawFrame();
  stage.flushFrameEvents();
  // Until rasterized, as Reel's side (paintSync): a 1x1 readPixels waits
  // for the GPU (SwiftShader here), else the raster happens at the canvas
  // commit after this task, outside the measurement.
  if (!gl) {
    const c = document.querySelector('#app canvas');
    gl = c && (c.getContext('webgl2') || c.getContext('webgl'));
  }
  if (gl) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, PIXEL);
}

async function timed(ops) {
  const t0 = now();
  ops();
  draw();
  const t1 = now();
  return { mainMs: t1 - t0, paintMs: t1 - t0 };
}

function add(n) {
  const base = nodes.length;
  for (let i = 0; i < n; i++) {
    const [x, y, width, height, color, alpha] = tile(base + i, run);
    nodes.push(renderer.createNode({ x, y, width, height, color, alpha, parent: box }));
  }
}
const create = (n) => timed(() => add(n));
const append = (n) => timed(() => add(n));
function update() {
  run++;
  return timed(() => {
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      n.x = (i % 40) * 32 + (run & 7);
      n.y = ((i / 40) | 0) % 26 * 28 + (run & 3);
    }
  });
}
function clear() {
  return timed(() => {
    box.destroy();
    nodes = [];
    box = renderer.createNode({ width: W, height: H, parent: renderer.root });
  });
}

/** Builds the catalog page, then scrolls it `count` frames (its own rAF loop renders; we time drawFrame). */
async function scroll(count, step = 6) {
  const page = renderer.createNode({ width: W, height: 2000, parent: box });
  const made = [];
  for (const [p, x, y, width, height, color] of catalog()) {
    made.push(renderer.createNode({ x, y, width, height, color, parent: p < 0 ? page : made[p] }));
  }
  draw();
  const orig = stage.drawFrame.bind(stage);
  const worker = [];
  const at = [];
  stage.drawFrame = () => { const t0 = now(); orig(); at.push(t0); worker.push(now() - t0); };
  const main = [];
  const intervals = [];
  let last = 0;
  await new Promise((done) => {
    let k = 0;
    const tick = (ts) => {
      if (last) intervals.push(ts - last);
      last = ts;
      const t0 = now();
      page.y = -((k * step) % 1200);
      main.push(now() - t0);
      if (++k < count) requestAnimationFrame(tick);
      else done();
    };
    requestAnimationFrame(tick);
  });
  await new Promise((res) => setTimeout(res, 100));
  stage.drawFrame = orig;
  page.destroy();
  draw();
  // Lightning renders on the main thread: its frame time is main-thread time.
  const spanMs = at.length > 1 ? at[at.length - 1] - at[0] : 0;
  return { nodes: made.length, main: main.map((m, i) => m + (worker[i] ?? 0)), intervals, worker, painted: worker.length, spanMs };
}

async function extraMemory() {
  return { wasmBytes: 0 };
}

window.__side = { setup, create, append, update, clear, scroll, extraMemory, count: () => nodes.length };
window.__sideReady = true;
