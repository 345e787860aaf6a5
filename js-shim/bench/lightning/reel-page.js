// js-shim/bench/lightning/reel-page.js — Reel's side: the real renderer
// (worker transport: engine.wasm in a module Worker painting WebGL2 into a
// transferred OffscreenCanvas), as js-shim/bench/bench-page.js sets it up.
// Every operation returns { mainMs, paintMs }: main-thread JS (node API +
// batch + postMessage) and time until the worker reported the frame painted.
import { createRenderer } from '../../src/index.js';
import { tile, catalog, W, H } from './scene.js';

const now = () => performance.now();
let r = null;
let box = null;
let nodes = [];
let run = 0;
const frames = [];

async function setup() {
  r = await createRenderer({
    transport: 'worker',
    canvas: document.getElementById('screen').transferControlToOffscreen(),
    width: W,
    height: H,
    engineUrl: new URL('../../../target/engine.wasm', import.meta.url),
    // 'until painted' = rasterized: the Worker waits for the GPU after each
    // paint (else, on SwiftShader, a big frame's raster blocks the Worker at
    // the next commit and is charged to the next operation).
    paintSync: true,
  });
  r.on('error', (e) => console.error('reel error', JSON.stringify(e)));
  r.on('paint', (m) => frames.push({ ...m, t: performance.now() }));
  box = r.createNode('view', { w: W, h: H });
  r.root.appendChild(box);
  await timed(() => {});
  return { lib: 'reel', backend: r.backend.name, painter: r.transport.ready.painter };
}

/** Runs `ops` (main thread), sends the frame, waits for the paint. */
async function timed(ops) {
  const t0 = now();
  ops();
  const painted = r.once('paint');
  r.frame();
  const t1 = now();
  const info = await painted;
  return { mainMs: t1 - t0, paintMs: now() - t0, engineMs: info?.engineMs ?? NaN, gpuMs: info?.paintMs ?? NaN, times: info?.times };
}

function add(n) {
  const base = nodes.length;
  for (let i = 0; i < n; i++) {
    const [x, y, w, h, color, alpha] = tile(base + i, run);
    const node = r.createNode('view', { x, y, w, h, color, alpha });
    box.appendChild(node);
    nodes.push(node);
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
    box = r.createNode('view', { w: W, h: H });
    r.root.appendChild(box);
  });
}

/** Builds the catalog page, then scrolls it `count` frames (page.y -= step each rAF). */
async function scroll(count, step = 6) {
  const page = r.createNode('view', { w: W, h: 2000 });
  box.appendChild(page);
  const made = [];
  for (const [p, x, y, w, h, color] of catalog()) {
    const n = r.createNode('view', { x, y, w, h, color });
    (p < 0 ? page : made[p]).appendChild(n);
    made.push(n);
  }
  await timed(() => {});
  // The scroll measures the Worker's engine + paint submission per frame, as
  // Lightning's side measures drawFrame: no GPU wait (it would stall the pipeline).
  await debugOp('paintSync', { on: false });
  frames.length = 0;
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
      r.frame();
      main.push(now() - t0);
      if (++k < count) requestAnimationFrame(tick);
      else done();
    };
    requestAnimationFrame(tick);
  });
  await new Promise((res) => setTimeout(res, 100));
  const worker = frames.map((f) => (f.engineMs || 0) + (f.paintMs || 0));
  const spanMs = frames.length > 1 ? frames[frames.length - 1].t - frames[0].t : 0;
  page.destroy();
  await debugOp('paintSync', { on: true });
  await timed(() => {});
  return { nodes: made.length, main, intervals, worker, painted: frames.length, spanMs };
}

let debugId = 0;
function debugOp(op, extra = {}) {
  const id = ++debugId;
  return new Promise((res) => {
    const off = r.on('message', (m) => { if (m.type === 'debug' && m.id === id) { off(); res(m); } });
    r.transport.post({ type: 'debug', op, id, ...extra });
  });
}
const workerStats = () => debugOp('stats');
async function extraMemory() {
  const s = await workerStats();
  return { wasmBytes: s.memoryBytes ?? 0 };
}

window.__side = { setup, create, append, update, clear, scroll, extraMemory, count: () => nodes.length };
window.__sideReady = true;
