// Memory benchmark (issue 14): the Lightning benchmark's memory page — 20,000
// coloured 4x4 rects under one parent — built through Reel's public JS API in
// Node with the inline transport (engine.wasm in this thread).
//
// Prints JS heap growth (heapUsed + ArrayBuffers, the engine's linear memory
// taken out), the Wasm linear memory high-water mark (it never shrinks, so
// its size after a phase *is* the high-water mark so far), the total, bytes
// per node on each side, and the high-water marks of create -> destroy ->
// create (reuse: the second create must not grow memory), then of a journal
// compaction (a long session takes one every 1,024 batches or 8 MiB: the
// engine's snapshot of the page, then the frames after it).
//
// Run: node --expose-gc js-shim/bench/memory.mjs   (REEL_ENGINE_WASM=path to
// measure another engine.wasm; N=... for another node count; EVERY=k to
// send the page in batches of k creates)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRenderer } from '../src/index.js';

if (typeof gc !== 'function') { console.error('run with node --expose-gc'); process.exit(2); }
const N = Number(process.env.N ?? 20000);
// EVERY=k sends a frame every k creates (default 0: the whole page in one batch).
const EVERY = Number(process.env.EVERY ?? 0);
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const wasmPath = process.env.REEL_ENGINE_WASM ?? here('../../target/engine.wasm');
const engineModule = readFileSync(wasmPath);

const r = await createRenderer({ transport: 'inline', engineModule, autoFrame: false });
const core = () => r.transport.core;
let t = 0;
r.frame(t += 16);

function sample() {
  gc(); gc();
  const m = process.memoryUsage();
  const wasm = core().memoryBytes;
  // Wasm linear memory is not part of process.memoryUsage().arrayBuffers.
  return { heap: m.heapUsed, ab: m.arrayBuffers, wasm };
}

/** The memory page: one parent, N coloured 4x4 rects on a grid. */
function build() {
  const page = r.createNode('view', { w: 1920, h: 1080 });
  r.root.appendChild(page);
  const nodes = new Array(N);
  for (let i = 0; i < N; i++) {
    const n = r.createNode('view', { x: (i % 200) * 5, y: ((i / 200) | 0) * 5, w: 4, h: 4, color: (((Math.imul(i, 2654435761) | 0xff) >>> 0)) });
    page.appendChild(n);
    nodes[i] = n;
    if (EVERY && (i + 1) % EVERY === 0) r.frame(t += 16);
  }
  r.frame(t += 16);
  return { page, nodes };
}

const base = sample();
let keep = build();
const first = sample();
const nodesOk = r.nodeCount >= N;
keep.page.destroy();
keep = null;
r.frame(t += 16);
const destroyed = sample();
keep = build();
const second = sample();
// A long session's journal compaction: the supervisor takes a snapshot.
r.transport.supervisor.compact();
r.frame(t += 16);
r.frame(t += 16);
const compacted = sample();
const compactions = r.transport.supervisor.totals.compactions;

const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;
const mb = (b) => `${(b / 1e6).toFixed(2)} MB`;
const js = (s) => s.heap - base.heap + s.ab - base.ab;
const rows = [
  ['phase', 'JS heap growth (incl. ArrayBuffers)', 'Wasm linear memory (high-water)', 'total'],
  ['baseline (renderer, empty scene)', '-', `${mb(base.wasm)}`, '-'],
  [`create ${N}`, mb(js(first)), mb(first.wasm), mb(js(first) + first.wasm)],
  ['destroy', mb(js(destroyed)), mb(destroyed.wasm), mb(js(destroyed) + destroyed.wasm)],
  [`create ${N} again`, mb(js(second)), mb(second.wasm), mb(js(second) + second.wasm)],
  ['journal compaction (snapshot), 2 frames', mb(js(compacted)), mb(compacted.wasm), mb(js(compacted) + compacted.wasm)],
];
const per = [
  ['per node', 'B'],
  ['engine (linear memory growth / N)', ((first.wasm - base.wasm) / N).toFixed(0)],
  ['JS (heap + ArrayBuffer growth / N)', (js(first) / N).toFixed(0)],
  ['  of which heapUsed', ((first.heap - base.heap) / N).toFixed(0)],
  ['  of which ArrayBuffers (mirror, batch buffer)', ((first.ab - base.ab) / N).toFixed(0)],
  ['second create grew linear memory by', kib(second.wasm - first.wasm)],
  ['the compaction grew linear memory by', kib(compacted.wasm - second.wasm)],
];
for (const tab of [rows, per]) {
  const w = tab[0].map((_, i) => Math.max(...tab.map((x) => String(x[i]).length)));
  for (const [i, x] of tab.entries()) {
    console.log(`| ${x.map((c, j) => String(c).padEnd(w[j])).join(' | ')} |`);
    if (i === 0) console.log(`|${w.map((k) => '-'.repeat(k + 2)).join('|')}|`);
  }
  console.log();
}
r.destroy();
if (!nodesOk) { console.error('node count mismatch'); process.exit(1); }
if (compactions !== 1) { console.error(`expected one compaction, saw ${compactions}`); process.exit(1); }
