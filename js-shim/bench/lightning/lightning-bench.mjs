#!/usr/bin/env node
// js-shim/bench/lightning/lightning-bench.mjs — Reel vs the Lightning 3
// renderer (@lightningjs/renderer, this directory's devDependency: for this
// benchmark only) side by side in headless Chromium (/usr/bin/chromium via
// js-shim's playwright-core, launched as js-shim/bench/browser-bench.mjs
// does), one table:
//
// * create 1k nodes, update 1k (x/y), create 10k, append 1k (to 10k),
//   destroy 10k: median of RUNS. Reel: main-thread JS (node API, batch,
//   postMessage) and time until its worker reported the frame painted
//   (engine apply + layout + display list + WebGL in the Worker, plus the
//   message round trip and the worker's rAF wait). Lightning: the node API
//   calls plus its stage frame (update, quads, WebGL submit) run
//   synchronously — all of its work, all on the main thread. On both sides
//   "painted" means rasterized: a 1x1 readPixels after the draw waits for
//   the GPU (Reel: createRenderer({ paintSync: true })). Without it the
//   software GPU (SwiftShader) rasterizes a frame at the canvas commit after
//   the measured task: Reel's Worker then blocks there and the cost shows up
//   in the NEXT operation (destroy 10k and append 1k read 0.3-0.5 s that
//   were create 10k's raster), while Lightning's never shows up at all;
// * JS heap for 20k nodes (CDP Runtime.getHeapUsage delta after GC, plus
//   ArrayBuffer backing stores), and for Reel also the engine's Wasm linear
//   memory growth in the Worker;
// * bundle size: esbuild --bundle --minify, raw / gzip -9 (Reel: shim +
//   worker bundle + engine.wasm, text shaping and layout included;
//   Lightning: RendererMain + WebGlCoreRenderer + its SDF and Canvas text
//   renderers, no layout engine);
// * frame time while a catalog-shaped page (hero + 8 rows x 40 tiles with
//   title bars, scene.js) scrolls: JS sets page.y each rAF for FRAMES frames;
//   per-frame main-thread time, render time (Reel: Worker engine + paint;
//   Lightning: stage.drawFrame on the main thread) and rAF interval.
//
// Conditions: CDP Emulation.setCPUThrottlingRate 6 (comparable with
// published figures; it slows only the page's main thread, not Workers —
// Reel's engine runs unslowed there), and a cgroup CPU quota slowing every
// thread of Chromium alike (default 1000/3000 us: 1/3 CPU for the whole
// browser, short periods so the slowdown is even; needs root), as
// browser-bench.mjs does.
//
//   cd js-shim/bench/lightning && npm install && node lightning-bench.mjs [--runs 5] [--frames 120]
//        [--conditions cdp6,cgroup,none] [--cgroup QUOTA/PERIOD]
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

import { startServer } from '../../demo/server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHIM = path.resolve(HERE, '../..');
const ROOT = path.resolve(SHIM, '..');
const require = createRequire(path.join(SHIM, 'package.json'));
const CHROMIUM = process.env.REEL_CHROMIUM || '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader', '--ignore-gpu-blocklist', '--disable-dev-shm-usage',
];
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
const RUNS = Math.max(3, Number(opt('--runs', 5)));
const FRAMES = Math.max(30, Number(opt('--frames', 120)));
const HEAP_N = 20000;
const CONDITIONS = opt('--conditions', 'cdp6,cgroup').split(',');
const [CG_QUOTA, CG_PERIOD] = opt('--cgroup', '1000/3000').split('/').map(Number);
const CG_V1 = '/sys/fs/cgroup/cpu/reel-side';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[n >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] : NaN;
};

async function buildLightning() {
  const esbuild = require('esbuild');
  const out = path.join(HERE, '.build', 'lightning-page.js');
  await esbuild.build({
    entryPoints: [path.join(HERE, 'lightning-page.js')], bundle: true, format: 'esm', platform: 'browser',
    target: 'es2020', outfile: out, logLevel: 'silent', nodePaths: [path.join(HERE, 'node_modules')],
  });
  return out;
}

async function bundles() {
  const esbuild = require('esbuild');
  const one = async (entry, contents) => {
    const r = await esbuild.build({
      ...(contents ? { stdin: { contents, resolveDir: HERE, loader: 'js' } } : { entryPoints: [entry] }),
      bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2020', write: false,
      logLevel: 'silent', nodePaths: [path.join(HERE, 'node_modules')],
    });
    const code = r.outputFiles[0].contents;
    return { raw: code.length, gzip: gzipSync(code, { level: 9 }).length };
  };
  const wasm = fs.readFileSync(path.join(ROOT, 'target', 'engine.wasm'));
  return {
    shim: await one(path.join(SHIM, 'src/index.js')),
    worker: await one(path.join(SHIM, 'src/worker/engine-worker.js')),
    wasm: { raw: wasm.length, gzip: gzipSync(wasm, { level: 9 }).length },
    lightning: await one(null, "export { RendererMain } from '@lightningjs/renderer'; export { WebGlCoreRenderer, SdfTextRenderer } from '@lightningjs/renderer/webgl'; export { CanvasTextRenderer } from '@lightningjs/renderer/canvas';"),
  };
}

/** One library under one condition in a fresh Chromium. */
async function measure(baseUrl, lib, { throttle = 1 }) {
  const { chromium } = require('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'reel-side-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 720 }, timeout: 120_000,
  });
  const logs = [];
  try {
    const open = async () => {
      const page = await ctx.newPage();
      page.setDefaultTimeout(300_000);
      page.on('console', (m) => { if (m.type() === 'error') logs.push(m.text()); });
      page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
      await page.goto(`${baseUrl}/js-shim/bench/lightning/side.html?lib=${lib}`, { waitUntil: 'load' });
      await page.waitForFunction(() => window.__sideReady === true);
      const cdp = await ctx.newCDPSession(page);
      const info = await page.evaluate(() => window.__side.setup());
      if (throttle !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
      return { page, cdp, info };
    };
    const { page, info } = await open();
    const ev = (f, ...a) => page.evaluate(f, ...a);
    const ops = { create1k: [], update1k: [], create10k: [], append1k: [], destroy10k: [] };
    for (let run = 0; run < RUNS + 1; run++) {
      const keep = run > 0; // run 0 warms up
      const c1 = await ev(() => window.__side.create(1000));
      const u1 = await ev(() => window.__side.update());
      await ev(() => window.__side.clear());
      const c10 = await ev(() => window.__side.create(10000));
      const d10 = await ev(() => window.__side.clear());
      await ev(() => window.__side.create(10000));
      const a1 = await ev(() => window.__side.append(1000));
      await ev(() => window.__side.clear());
      if (keep) {
        ops.create1k.push(c1); ops.update1k.push(u1); ops.create10k.push(c10); ops.append1k.push(a1); ops.destroy10k.push(d10);
      }
    }
    const scroll = await ev((n) => window.__side.scroll(n), FRAMES);
    await page.close();

    // Heap: a fresh page, 20k nodes kept.
    const { page: hp, cdp: hc } = await open();
    const gc = async () => { await hc.send('HeapProfiler.collectGarbage'); await hc.send('HeapProfiler.collectGarbage'); };
    await gc();
    const h0 = await hc.send('Runtime.getHeapUsage');
    const m0 = await hp.evaluate(() => window.__side.extraMemory());
    await hp.evaluate((n) => window.__side.create(n), HEAP_N);
    await gc();
    const h1 = await hc.send('Runtime.getHeapUsage');
    const m1 = await hp.evaluate(() => window.__side.extraMemory());
    await hp.close();
    const med = (k, f) => median(ops[k].map((x) => x[f]));
    const out = { lib, info, ops: {}, scroll: {}, heap: {} };
    for (const k of Object.keys(ops)) out.ops[k] = { mainMs: med(k, 'mainMs'), paintMs: med(k, 'paintMs'), engineMs: med(k, 'engineMs'), gpuMs: med(k, 'gpuMs') };
    out.scroll = {
      nodes: scroll.nodes, painted: scroll.painted,
      mainP50: median(scroll.main), mainP95: pct(scroll.main, 0.95),
      renderP50: median(scroll.worker), renderP95: pct(scroll.worker, 0.95),
      intervalP50: median(scroll.intervals), intervalP95: pct(scroll.intervals, 0.95),
      fps: scroll.painted > 1 && scroll.spanMs > 0 ? ((scroll.painted - 1) * 1000) / scroll.spanMs : NaN,
    };
    out.heap = {
      used: h1.usedSize - h0.usedSize,
      backing: (h1.backingStorageSize ?? 0) - (h0.backingStorageSize ?? 0),
      wasm: m1.wasmBytes - m0.wasmBytes, wasmTotal: m1.wasmBytes,
    };
    if (logs.length) out.logs = logs.slice(0, 5);
    return out;
  } finally {
    await ctx.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

function cgroup() {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return { error: 'not root' };
  if (fs.existsSync('/sys/fs/cgroup/cpu/cpu.cfs_quota_us')) {
    try {
      fs.mkdirSync(CG_V1, { recursive: true });
      fs.writeFileSync(`${CG_V1}/cpu.cfs_period_us`, String(CG_PERIOD));
      fs.writeFileSync(`${CG_V1}/cpu.cfs_quota_us`, String(CG_QUOTA));
      return { desc: `cgroup v1 cpu ${CG_QUOTA}/${CG_PERIOD} us`, procs: `${CG_V1}/cgroup.procs`, remove: () => { try { fs.rmdirSync(CG_V1); } catch { /* busy */ } } };
    } catch (e) { return { error: `cgroup v1 not writable: ${e.message}` }; }
  }
  if (fs.existsSync('/sys/fs/cgroup/cgroup.controllers')) {
    const dir = '/sys/fs/cgroup/reel-side';
    try {
      fs.writeFileSync('/sys/fs/cgroup/cgroup.subtree_control', '+cpu');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(`${dir}/cpu.max`, `${CG_QUOTA} ${CG_PERIOD}`);
      return { desc: `cgroup v2 cpu.max ${CG_QUOTA} ${CG_PERIOD}`, procs: `${dir}/cgroup.procs`, remove: () => { try { fs.rmdirSync(dir); } catch { /* busy */ } } };
    } catch (e) { return { error: `cgroup v2 cpu.max not writable: ${e.message}` }; }
  }
  return { error: 'no cgroup cpu controller mounted' };
}

function runChild(baseUrl, lib, procs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', baseUrl, '--lib', lib, '--procs', procs, '--runs', String(RUNS), '--frames', String(FRAMES)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      resolve(code === 0 && line ? JSON.parse(line) : { error: `child exited with ${code}: ${out.slice(-300)}` });
    });
  });
}

if (argv[0] === '--child') {
  fs.writeFileSync(opt('--procs'), String(process.pid));
  const r = await measure(argv[1], opt('--lib'), { throttle: 1 });
  process.stdout.write(`${JSON.stringify(r)}\n`);
  process.exit(0);
}

if (!fs.existsSync(path.join(HERE, 'node_modules', '@lightningjs', 'renderer'))) {
  console.error('@lightningjs/renderer is missing: cd js-shim/bench/lightning && npm install');
  process.exit(1);
}
await buildLightning();
const server = await startServer({ port: 0, isolation: true });
const results = [];
const notes = [];
try {
  for (const c of CONDITIONS) {
    if (c === 'none' || c === 'cdp6') {
      const throttle = c === 'cdp6' ? 6 : 1;
      const label = c === 'cdp6' ? 'CDP 6x (main thread only)' : 'no slowdown';
      for (const lib of ['reel', 'lightning']) {
        process.stderr.write(`lightning-bench: ${lib}, ${label}...\n`);
        results.push({ cond: label, ...(await measure(server.url, lib, { throttle })) });
      }
    } else if (c === 'cgroup') {
      const cg = cgroup();
      if (cg.error) { notes.push(`cgroup condition not run: ${cg.error}`); continue; }
      const label = `cgroup ${CG_QUOTA}/${CG_PERIOD} us (all threads)`;
      for (const lib of ['reel', 'lightning']) {
        process.stderr.write(`lightning-bench: ${lib}, ${cg.desc}...\n`);
        const r = await runChild(server.url, lib, cg.procs);
        if (r.error) notes.push(`${lib} ${label}: ${r.error}`);
        else results.push({ cond: label, ...r });
      }
      cg.remove();
    }
  }
} finally {
  await server.close();
}
const b = await bundles();
fs.mkdirSync(path.join(ROOT, 'target'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'target', 'lightning-bench.json'), JSON.stringify({ results, bundles: b }, null, 2));

const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(2)} ms` : '-');
const kib = (x) => `${(x / 1024).toFixed(0)} KiB`;
const ratio = (a, l) => (l > 0 && Number.isFinite(a) ? `${(a / l).toFixed(2)}x` : '-');
const conds = [...new Set(results.map((r) => r.cond))];
const header = ['metric'];
for (const c of conds) header.push(`Reel [${c}]`, `Lightning [${c}]`, 'Reel/Lightning');
const rows = [header];
const get = (c, lib) => results.find((r) => r.cond === c && r.lib === lib);
const row = (name, f, cmp = f) => {
  const cells = [name];
  for (const c of conds) {
    const R = get(c, 'reel');
    const L = get(c, 'lightning');
    cells.push(R ? f(R, 'reel') : '-', L ? f(L, 'lightning') : '-', R && L ? ratio(cmp(R, 'n'), cmp(L, 'n')) : '-');
  }
  rows.push(cells);
};
const OPS = [['create1k', 'create 1k nodes'], ['update1k', 'update 1k nodes (x, y)'], ['create10k', 'create 10k nodes'], ['append1k', 'append 1k to 10k'], ['destroy10k', 'destroy 10k nodes']];
for (const [k, name] of OPS) {
  row(`${name}: main-thread ms (median of ${RUNS})`, (r) => ms(r.ops[k].mainMs), (r) => r.ops[k].mainMs);
  row(`${name}: until painted`, (r) => ms(r.ops[k].paintMs), (r) => r.ops[k].paintMs);
  row(`  of which Reel's Worker: engine / WebGL paint`, (r) => (r.lib === 'reel' ? `${ms(r.ops[k].engineMs)} / ${ms(r.ops[k].gpuMs)}` : '-'), () => NaN);
}
row(`JS heap for ${HEAP_N} nodes (used + backing stores)`, (r) => kib(r.heap.used + r.heap.backing), (r) => r.heap.used + r.heap.backing);
row(`  + Wasm linear memory growth (Reel worker)`, (r) => (r.lib === 'reel' ? kib(r.heap.wasm) : '-'), (r) => r.heap.wasm);
row(`total memory for ${HEAP_N} nodes`, (r) => kib(r.heap.used + r.heap.backing + r.heap.wasm), (r) => r.heap.used + r.heap.backing + r.heap.wasm);
row(`catalog scroll (${FRAMES} frames): main-thread ms/frame p50 / p95`, (r) => `${ms(r.scroll.mainP50)} / ${ms(r.scroll.mainP95)}`, (r) => r.scroll.mainP95);
row('  render ms/frame p50 / p95 (Reel: Worker engine+paint; Lightning: drawFrame on main)', (r) => `${ms(r.scroll.renderP50)} / ${ms(r.scroll.renderP95)}`, (r) => r.scroll.renderP95);
row('  main-thread rAF interval p50 / p95 (16.7 = smooth)', (r) => `${ms(r.scroll.intervalP50)} / ${ms(r.scroll.intervalP95)}`, (r) => r.scroll.intervalP95);
row('  frames painted, frames per second while scrolling (higher is better)', (r) => `${r.scroll.painted}, ${Number.isFinite(r.scroll.fps) ? r.scroll.fps.toFixed(1) : '-'} fps`, (r) => 1 / r.scroll.fps);
const bRow = ['bundle, esbuild --minify, raw / gzip -9'];
for (const c of conds) {
  const reel = b.shim.gzip + b.worker.gzip + b.wasm.gzip;
  bRow.push(`${kib(b.shim.raw + b.worker.raw + b.wasm.raw)} / ${kib(reel)} (shim ${kib(b.shim.gzip)} + worker ${kib(b.worker.gzip)} + engine.wasm ${kib(b.wasm.gzip)} gz)`, `${kib(b.lightning.raw)} / ${kib(b.lightning.gzip)}`, ratio(reel, b.lightning.gzip));
}
rows.push(bRow);
const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
console.log(`Reel vs Lightning 3 renderer (@lightningjs/renderer 2.23.0) in ${CHROMIUM}, WebGL via SwiftShader; ratio < 1: Reel uses less`);
for (const [i, r] of rows.entries()) {
  console.log(`| ${r.map((c, j) => String(c).padEnd(w[j])).join(' | ')} |`);
  if (i === 0) console.log(`|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`);
}
for (const n of notes) console.log(n);
for (const r of results) if (r.logs) console.log(`${r.lib} [${r.cond}] console errors: ${r.logs.join(' | ')}`);
