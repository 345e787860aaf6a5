// Micro-benchmark of the JS side: encoding + mirror only (inline transport,
// batches sent outside the timed region). Run: node --expose-gc bench/create-update.mjs
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { createRenderer } from '../src/index.js';

const RUNS = Number(process.env.RUNS ?? 30);
const N = 1000;
const HEAP_N = 20000;
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const wasmPath = process.env.REEL_ENGINE_WASM ?? here('../../target/engine.wasm');
const haveEngine = existsSync(wasmPath);
const engineModule = haveEngine ? readFileSync(wasmPath) : null;

/** An inline renderer (engine.wasm in this thread) or, without engine.wasm, one that drops batches. */
async function renderer(dev, engine = true) {
  if (haveEngine && engine) return createRenderer({ transport: 'inline', engineModule, autoFrame: false, dev, capacity: 2048 });
  const sink = { kind: 'null', async connect(_s, i) { return { backend: i.backend }; }, send() {}, close() {} };
  return createRenderer({ transport: sink, autoFrame: false, dev, capacity: 2048 });
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
const now = () => performance.now();

async function bench(dev) {
  const r = await renderer(dev);
  const create = [];
  const update = [];
  const flushT = [];
  let bytesCreate = 0;
  let cmdsCreate = 0;
  let bytesUpdate = 0;
  let cmdsUpdate = 0;
  for (let run = 0; run < RUNS + 3; run++) {
    // create 1k nodes with 6 props each, attached under one container
    const t0 = now();
    const box = r.createNode('view', { w: 1280, h: 720 });
    r.root.appendChild(box);
    const nodes = new Array(N);
    for (let i = 0; i < N; i++) {
      const n = r.createNode('view', { x: i % 40 * 32, y: (i / 40 | 0) * 28, w: 30, h: 26, color: 0x3366ccff, alpha: 0.9 });
      box.appendChild(n);
      nodes[i] = n;
    }
    const t1 = now();
    bytesCreate = r.pending.bytes - 16;
    cmdsCreate = r.pending.commands;
    const f0 = now();
    r.frame(run * 16);
    const f1 = now();
    // update x/y of all 1k
    const t2 = now();
    for (let i = 0; i < N; i++) {
      const n = nodes[i];
      n.x = (i % 40) * 32 + run;
      n.y = (i / 40 | 0) * 28 + 1;
    }
    const t3 = now();
    bytesUpdate = r.pending.bytes - 16;
    cmdsUpdate = r.pending.commands;
    r.frame(run * 16 + 8);
    box.destroy();
    r.frame(run * 16 + 9);
    if (run >= 3) { create.push(t1 - t0); update.push(t3 - t2); flushT.push(f1 - f0); }
  }
  r.destroy();
  return { create: median(create), update: median(update), flush: median(flushT), bytesCreate, cmdsCreate, bytesUpdate, cmdsUpdate };
}

async function heap() {
  if (typeof gc !== 'function') return null;
  // No engine here: its linear memory would count as ArrayBuffer memory.
  const r = await renderer(false, false);
  const keep = [];
  gc(); gc();
  const before = process.memoryUsage().heapUsed;
  const abBefore = process.memoryUsage().arrayBuffers;
  const box = r.createNode('view');
  r.root.appendChild(box);
  for (let i = 0; i < HEAP_N; i++) {
    const n = r.createNode(i % 10 === 0 ? 'text' : 'view', { x: i, y: i, w: 30, h: 26, color: 0x3366ccff, alpha: 0.5 });
    if (i % 10 === 0) n.text = `label ${i}`;
    box.appendChild(n);
    keep.push(n);
  }
  r.frame(1); // send: the batch buffer is not part of the steady state
  gc(); gc();
  const after = process.memoryUsage().heapUsed;
  const ab = process.memoryUsage().arrayBuffers - abBefore;
  const typed = r.mirror.typedBytes;
  const ok = keep.length === HEAP_N && r.nodeCount === HEAP_N + 2;
  r.destroy();
  return { delta: after - before, typed, ab, ok, cap: r.mirror.cap };
}

function bundleSize() {
  const dir = here('../src/');
  const files = ['props.js', 'encoder.js', 'mirror.js', 'node.js', 'backend.js', 'engine-core.js', 'renderer.js',
    'transport/inline.js', 'transport/worker.js', 'transport/load.js', 'index.js'];
  const all = files.map((f) => readFileSync(dir + f, 'utf8')).join('\n');
  const stripped = all
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n').map((l) => l.replace(/^\s+/, '')).filter((l) => l && !l.startsWith('//')).join('\n');
  return {
    raw: Buffer.byteLength(all), gzip: gzipSync(all).length,
    stripped: Buffer.byteLength(stripped), strippedGzip: gzipSync(stripped).length, files: files.length,
  };
}

const r2cap = (h) => h.cap;
const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;
const ms = (x) => `${x.toFixed(3)} ms`;
const dev = await bench(true);
const prod = await bench(false);
const h = await heap();
const b = bundleSize();

const rows = [
  ['metric', 'dev', 'production'],
  [`create ${N} nodes x 6 props + append (median of ${RUNS})`, ms(dev.create), ms(prod.create)],
  [`update ${N} nodes' x,y (median of ${RUNS})`, ms(dev.update), ms(prod.update)],
  [`engine apply+frame of the create batch (${haveEngine ? 'engine.wasm inline' : 'no engine'})`, ms(dev.flush), ms(prod.flush)],
  ['create batch: bytes / commands', `${dev.bytesCreate} B / ${dev.cmdsCreate}`, `${prod.bytesCreate} B / ${prod.cmdsCreate}`],
  ['create: bytes per node (CREATE + SET_PROPS x6 + INSERT)', `${(dev.bytesCreate / N).toFixed(1)} B`, ''],
  ['create: bytes per command', `${(dev.bytesCreate / dev.cmdsCreate).toFixed(1)} B`, ''],
  ['update batch: bytes / commands', `${dev.bytesUpdate} B / ${dev.cmdsUpdate}`, ''],
  ['update: bytes per command (SET_PROPS x,y)', `${(dev.bytesUpdate / dev.cmdsUpdate).toFixed(1)} B`, ''],
  [`heap for ${HEAP_N} nodes (heapUsed delta after gc)`, h ? `${kb(h.delta)} (${(h.delta / HEAP_N).toFixed(0)} B/node)` : 'run with --expose-gc', ''],
  ['  + ArrayBuffer memory delta (mirror typed arrays + batch buffer)', h ? `${kb(h.ab)} (${(h.ab / HEAP_N).toFixed(0)} B/node)` : '', ''],
  ['    of which mirror typed arrays at their capacity', h ? `${kb(h.typed)} (${r2cap(h)} ids)` : '', ''],
  [`shim source: ${b.files} files concatenated, raw / gzip`, `${kb(b.raw)} / ${kb(b.gzip)}`, ''],
  ['shim source without comments/indent, raw / gzip', `${kb(b.stripped)} / ${kb(b.strippedGzip)}`, ''],
];
const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
for (const [i, r] of rows.entries()) {
  console.log(`| ${r.map((c, j) => String(c).padEnd(w[j])).join(' | ')} |`);
  if (i === 0) console.log(`|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`);
}
if (h && !h.ok) { console.error('heap run: node count mismatch'); process.exit(1); }
