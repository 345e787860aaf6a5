// js-shim/bench/bench-page.js — the page side of browser-bench.mjs: the real
// renderer (worker transport, engine.wasm in a module Worker, WebGL2 into a
// transferred OffscreenCanvas) and timed main-thread operations.
import { createRenderer } from '../src/index.js';
import { spin } from './spin.js';

const N = 1000;
const now = () => performance.now();
let r = null;
let box = null;
let nodes = [];
let run = 0;

async function setup(opts = {}) {
  r = await createRenderer({
    transport: 'worker',
    canvas: document.getElementById('screen').transferControlToOffscreen(),
    width: 1280,
    height: 720,
    engineUrl: new URL('../../target/engine.wasm', import.meta.url),
    wasm2jsUrl: new URL('../../target/engine-wasm2js.mjs', import.meta.url),
    capacity: opts.capacity,
  });
  r.on('error', (e) => console.error('reel error', JSON.stringify(e)));
  const ready = r.transport.ready;
  return { backend: r.backend.name, painter: ready.painter, crossOriginIsolated: globalThis.crossOriginIsolated };
}

/** Sends the batch (with a FRAME) and resolves when the worker painted it. */
function frameAndWait() {
  const painted = r.once('paint');
  r.frame();
  return painted;
}

/** Times (on this thread) creating N nodes with 6 props, attaching them, and sending the batch. */
async function create() {
  run++;
  const t0 = now();
  box = r.createNode('view', { w: 1280, h: 720 });
  r.root.appendChild(box);
  nodes = new Array(N);
  for (let i = 0; i < N; i++) {
    const n = r.createNode('view', { x: (i % 40) * 32, y: ((i / 40) | 0) * 28, w: 30, h: 26, color: 0x3366ccff, alpha: 0.9 });
    box.appendChild(n);
    nodes[i] = n;
  }
  const t1 = now();
  const bytes = r.pending.bytes - 16;
  const commands = r.pending.commands;
  const t2 = now();
  r.frame();
  const t3 = now();
  const paint = await r.once('paint');
  return { buildMs: t1 - t0, sendMs: t3 - t2, totalMs: t1 - t0 + (t3 - t2), bytes, commands, nodes: paint.stats ? paint.stats.nodes : -1 };
}

/** Times updating x/y of the N nodes and sending the batch. */
async function update() {
  run++;
  const t0 = now();
  for (let i = 0; i < N; i++) {
    const n = nodes[i];
    n.x = (i % 40) * 32 + (run & 7);
    n.y = ((i / 40) | 0) * 28 + (run & 3);
  }
  const t1 = now();
  const bytes = r.pending.bytes - 16;
  const commands = r.pending.commands;
  const t2 = now();
  r.frame();
  const t3 = now();
  await r.once('paint');
  return { buildMs: t1 - t0, sendMs: t3 - t2, totalMs: t1 - t0 + (t3 - t2), bytes, commands };
}

async function destroy() {
  if (box) box.destroy();
  box = null;
  nodes = [];
  await frameAndWait();
}

/** Creates `count` nodes (6 props each, every 10th a text node with a label) and keeps them. */
let heapNodes = [];
async function createMany(count) {
  const parent = r.createNode('view', { w: 1280, h: 720 });
  r.root.appendChild(parent);
  for (let i = 0; i < count; i++) {
    const n = r.createNode(i % 10 === 0 ? 'text' : 'view', { x: i % 1280, y: (i / 1280) | 0, w: 30, h: 26, color: 0x3366ccff, alpha: 0.5 });
    if (i % 10 === 0) n.text = `label ${i}`;
    parent.appendChild(n);
    heapNodes.push(n);
  }
  await frameAndWait();
  return { nodeCount: r.nodeCount, mirrorTypedBytes: r.mirror.typedBytes ?? null, mirrorCap: r.mirror.cap ?? null };
}

let debugId = 0;
function workerStats() {
  const id = ++debugId;
  return new Promise((res) => {
    const off = r.on('message', (m) => { if (m.type === 'debug' && m.id === id) { off(); res(m); } });
    r.transport.post({ type: 'debug', op: 'stats', id });
  });
}

function spinMain(iterations) {
  const t0 = now();
  spin(iterations);
  return now() - t0;
}

let spinWorker = null;
function spinInWorker(iterations) {
  spinWorker ??= new Worker(new URL('./spin-worker.js', import.meta.url), { type: 'module' });
  return new Promise((res) => {
    spinWorker.onmessage = (e) => res(e.data.ms);
    spinWorker.postMessage({ iterations });
  });
}

window.__bench = { setup, create, update, destroy, createMany, workerStats, spinMain, spinInWorker };
window.__benchReady = true;
