#!/usr/bin/env node
// js-shim/bench/browser-bench.mjs — the shim's figures in headless Chromium
// (Debian /usr/bin/chromium through npm playwright-core), printed as one
// markdown table:
//
// * main-thread JS time to create 1k nodes (6 props each, appended) and to
//   update 1k nodes' x/y through the real renderer (createRenderer, worker
//   transport: engine.wasm in a module Worker painting WebGL2 into a
//   transferred OffscreenCanvas), median of RUNS runs (each run's batch is
//   sent and painted before the next), split into building the batch
//   (node API + encoder + mirror) and sending it (postMessage, transferred);
// * under three conditions: no slowdown; CDP Emulation.setCPUThrottlingRate 6
//   (what published figures use; it slows only the page's main thread, not
//   Workers); and a cgroup CPU quota that slows every thread of Chromium
//   alike (cgroup v1 cpu: cfs_quota_us/cfs_period_us, default 33333/100000 =
//   one third of a core for the whole browser, "two cores at 1/6"; v2
//   cpu.max when v1 is not mounted). A calibration row runs a fixed CPU loop
//   on the main thread and in a Worker to show the slowdown each got;
// * bytes per command of the create and update batches;
// * main-thread JS heap used by 20k nodes (CDP Runtime.getHeapUsage after
//   HeapProfiler.collectGarbage, i.e. performance.memory's usedJSHeapSize
//   without its quantisation; ArrayBuffer backing stores — the mirror's typed
//   arrays, the batch buffer — are reported separately) plus the engine's
//   Wasm linear memory for the same scene (from the worker);
// * the shim bundle (esbuild: src/index.js bundled, minified, ESM) and the
//   worker bundle (src/worker/engine-worker.js + painters), raw and gzip -9.
//
//   cd js-shim && node bench/browser-bench.mjs [--runs 31] [--no-cgroup]
//                                             [--cgroup QUOTA/PERIOD[,QUOTA/PERIOD...]]
//
// The cgroup conditions need root (each creates /sys/fs/cgroup/cpu/reel-bench,
// runs a child copy of this script in it — the child writes its own PID to
// cgroup.procs before it starts Chromium — and removes the group after).
// Default: 33333/100000 (the quota asked for: 1/3 CPU in 100 ms periods), and
// the same 1/3 CPU in 3 ms periods (1000/3000): a CFS quota lets a thread run
// at full speed until the period's quota is spent and then stops it, so
// with 100 ms periods operations of a few ms mostly run unslowed (or stall
// whole); short periods spread the slowdown evenly. A quota is shared by all
// threads: one busy thread gets the whole 1/3 CPU (3x slower), two busy
// threads 1/6 each (6x). The calibration rows show what each thread got.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

import { startServer } from '../demo/server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SHIM = path.resolve(HERE, '..');
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
const RUNS = Math.max(15, Number(opt('--runs', process.env.RUNS ?? 31)));
const WARMUP = 3;
const HEAP_N = 20000;
const SPIN_ITERATIONS = 4_000_000;
const CGROUPS = opt('--cgroup', '33333/100000,1000/3000').split(',').map((x) => x.split('/').map(Number));
const CG_V1 = '/sys/fs/cgroup/cpu/reel-bench';
const CG_V2_ROOT = '/sys/fs/cgroup';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[n >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

const quartiles = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return [s[Math.floor((s.length - 1) / 4)], s[Math.ceil((s.length - 1) * 3 / 4)]];
};

/** One condition in a fresh Chromium: { throttle, heap } -> measurements. */
async function measure(baseUrl, { throttle = 1, heap = false, label }) {
  const { chromium } = require('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'reel-bench-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 720 }, timeout: 120_000,
  });
  const logs = [];
  try {
    const open = async () => {
      const page = await ctx.newPage();
      page.setDefaultTimeout(120_000);
      page.on('console', (m) => { if (m.type() === 'error') logs.push(m.text()); });
      page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
      await page.goto(`${baseUrl}/js-shim/bench/bench.html`, { waitUntil: 'load' });
      await page.waitForFunction(() => window.__benchReady === true);
      const cdp = await ctx.newCDPSession(page);
      return { page, cdp };
    };
    const { page, cdp } = await open();
    const info = await page.evaluate(() => window.__bench.setup());
    if (throttle !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });

    // Calibration: the same CPU loop on the main thread and in a Worker.
    const spinMain = [];
    const spinWorker = [];
    for (let i = 0; i < 5; i++) {
      spinMain.push(await page.evaluate((n) => window.__bench.spinMain(n), SPIN_ITERATIONS));
      spinWorker.push(await page.evaluate((n) => window.__bench.spinInWorker(n), SPIN_ITERATIONS));
    }

    const create = [];
    const update = [];
    let last = null;
    for (let run = 0; run < WARMUP + RUNS; run++) {
      const c = await page.evaluate(() => window.__bench.create());
      const u = await page.evaluate(() => window.__bench.update());
      await page.evaluate(() => window.__bench.destroy());
      if (run >= WARMUP) {
        create.push(c);
        update.push(u);
      }
      last = { c, u };
    }
    if (last.c.nodes < 1000) throw new Error(`${label}: the engine reports ${last.c.nodes} nodes after create`);
    const pick = (rows, k) => median(rows.map((x) => x[k]));
    const out = {
      label, throttle, info,
      spinMainMs: median(spinMain), spinWorkerMs: median(spinWorker),
      create: { buildMs: pick(create, 'buildMs'), sendMs: pick(create, 'sendMs'), totalMs: pick(create, 'totalMs'), q: quartiles(create.map((x) => x.totalMs)), bytes: last.c.bytes, commands: last.c.commands },
      update: { buildMs: pick(update, 'buildMs'), sendMs: pick(update, 'sendMs'), totalMs: pick(update, 'totalMs'), q: quartiles(update.map((x) => x.totalMs)), bytes: last.u.bytes, commands: last.u.commands },
    };
    if (throttle !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await page.close();

    if (heap) {
      // A fresh page: the heap delta of 20k nodes on the main thread, and
      // the engine's linear memory in the worker for the same scene.
      const { page: hp, cdp: hc } = await open();
      await hp.evaluate(() => window.__bench.setup());
      const gc = async () => { await hc.send('HeapProfiler.collectGarbage'); await hc.send('HeapProfiler.collectGarbage'); };
      await gc();
      const h0 = await hc.send('Runtime.getHeapUsage');
      const w0 = await hp.evaluate(() => window.__bench.workerStats());
      const made = await hp.evaluate((n) => window.__bench.createMany(n), HEAP_N);
      await gc();
      const h1 = await hc.send('Runtime.getHeapUsage');
      const w1 = await hp.evaluate(() => window.__bench.workerStats());
      const pm = await hp.evaluate(() => (performance.memory ? performance.memory.usedJSHeapSize : null));
      out.heap = {
        nodes: HEAP_N, nodeCount: made.nodeCount, engineNodes: w1.stats ? w1.stats.nodes : null,
        usedDelta: h1.usedSize - h0.usedSize,
        backingDelta: h1.backingStorageSize !== undefined ? h1.backingStorageSize - h0.backingStorageSize : null,
        mirrorTypedBytes: made.mirrorTypedBytes, mirrorCap: made.mirrorCap,
        wasmBefore: w0.memoryBytes, wasmAfter: w1.memoryBytes,
        perfMemoryUsed: pm,
      };
      await hp.close();
    }
    if (logs.length) out.logs = logs.slice(0, 10);
    return out;
  } finally {
    await ctx.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** Creates the CPU-limited cgroup; returns { join(pid), remove(), desc } or { error }. */
function cgroup(QUOTA, PERIOD) {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return { error: 'not root: cgroups are not writable' };
  if (fs.existsSync('/sys/fs/cgroup/cpu/cpu.cfs_quota_us')) {
    try {
      fs.mkdirSync(CG_V1, { recursive: true });
      fs.writeFileSync(`${CG_V1}/cpu.cfs_period_us`, String(PERIOD));
      fs.writeFileSync(`${CG_V1}/cpu.cfs_quota_us`, String(QUOTA));
      return {
        desc: `cgroup v1 cpu ${QUOTA}/${PERIOD} us (${(QUOTA / PERIOD).toFixed(3)} CPU for all of Chromium)`,
        procs: `${CG_V1}/cgroup.procs`,
        remove: () => { try { fs.rmdirSync(CG_V1); } catch { /* still busy: left for the next run */ } },
      };
    } catch (e) {
      return { error: `cgroup v1 cpu is mounted but not writable: ${e.message}` };
    }
  }
  if (fs.existsSync(`${CG_V2_ROOT}/cgroup.controllers`)) {
    const ctl = fs.readFileSync(`${CG_V2_ROOT}/cgroup.controllers`, 'utf8');
    if (!/\bcpu\b/.test(ctl)) return { error: `cgroup v2 at ${CG_V2_ROOT} has no cpu controller (${ctl.trim()})` };
    const dir = `${CG_V2_ROOT}/reel-bench`;
    try {
      fs.writeFileSync(`${CG_V2_ROOT}/cgroup.subtree_control`, '+cpu');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(`${dir}/cpu.max`, `${QUOTA} ${PERIOD}`);
      return {
        desc: `cgroup v2 cpu.max ${QUOTA} ${PERIOD}`,
        procs: `${dir}/cgroup.procs`,
        remove: () => { try { fs.rmdirSync(dir); } catch { /* busy */ } },
      };
    } catch (e) {
      return { error: `cgroup v2 cpu.max not writable: ${e.message}` };
    }
  }
  return { error: 'neither cgroup v1 cpu (/sys/fs/cgroup/cpu) nor cgroup v2 (/sys/fs/cgroup/cgroup.controllers) is mounted' };
}

/** Runs the cgroup condition in a child process that puts itself into the group. */
function runInCgroup(baseUrl, cg) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', baseUrl, '--procs', cg.procs], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      resolve(code === 0 && line ? JSON.parse(line) : { error: `child exited with ${code}: ${out.slice(-500)}` });
    });
  });
}

async function bundles() {
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    return null;
  }
  const one = async (entry) => {
    const r = await esbuild.build({
      entryPoints: [path.join(SHIM, entry)], bundle: true, minify: true, format: 'esm', platform: 'browser',
      target: 'es2020', write: false, logLevel: 'silent',
    });
    const code = r.outputFiles[0].contents;
    return { raw: code.length, gzip: gzipSync(code, { level: 9 }).length };
  };
  const wasm = path.join(ROOT, 'target', 'engine.wasm');
  const wasmBytes = fs.existsSync(wasm) ? fs.readFileSync(wasm) : null;
  return {
    shim: await one('src/index.js'),
    worker: await one('src/worker/engine-worker.js'),
    wasm: wasmBytes ? { raw: wasmBytes.length, gzip: gzipSync(wasmBytes, { level: 9 }).length } : null,
    esbuild: require('esbuild/package.json').version,
  };
}

// ---- child mode: join the cgroup, then launch Chromium -------------------------
if (argv[0] === '--child') {
  const baseUrl = argv[1];
  const procs = opt('--procs', null);
  fs.writeFileSync(procs, String(process.pid)); // before Chromium starts: it inherits the group
  const r = await measure(baseUrl, { throttle: 1, label: 'cgroup' });
  process.stdout.write(`${JSON.stringify(r)}\n`);
  process.exit(0);
}

// ---- main ----------------------------------------------------------------------
if (!fs.existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  process.exit(1);
}
if (!fs.existsSync(path.join(ROOT, 'target', 'engine.wasm'))) {
  console.error('target/engine.wasm is missing: bash tools/build-wasm.sh');
  process.exit(1);
}
const server = await startServer({ port: 0, isolation: true });
const cols = [];
let cgNote = null;
try {
  process.stderr.write('browser-bench: no slowdown...\n');
  cols.push(await measure(server.url, { throttle: 1, heap: true, label: 'none' }));
  process.stderr.write('browser-bench: CDP 6x...\n');
  cols.push(await measure(server.url, { throttle: 6, label: 'CDP 6x (main thread only)' }));
  if (!argv.includes('--no-cgroup')) {
    const notes = [];
    for (const [quota, period] of CGROUPS) {
      const cg = cgroup(quota, period);
      if (cg.error) { notes.push(`cgroup condition not run: ${cg.error}`); break; }
      process.stderr.write(`browser-bench: ${cg.desc}...\n`);
      const r = await runInCgroup(server.url, cg);
      cg.remove();
      if (r.error) notes.push(`cgroup ${quota}/${period} failed: ${r.error}`);
      else {
        r.label = `cgroup ${quota}/${period} us (all threads)`;
        cols.push(r);
        notes.push(`cgroup: ${cg.desc}`);
      }
    }
    cgNote = notes.join('\n');
  } else cgNote = 'cgroup condition skipped (--no-cgroup)';
} finally {
  await server.close();
}
const b = await bundles();

const ms = (x) => `${x.toFixed(3)} ms`;
const kib = (x) => `${(x / 1024).toFixed(1)} KiB`;
const base = cols[0];
const ratio = (v, ref) => (ref > 0 ? ` (${(v / ref).toFixed(2)}x)` : '');
const rows = [['metric', ...cols.map((c) => c.label)]];
const row = (name, f) => rows.push([name, ...cols.map(f)]);
row(`calibration: fixed loop on the main thread (median of 5)`, (c) => `${ms(c.spinMainMs)}${ratio(c.spinMainMs, base.spinMainMs)}`);
row(`calibration: same loop in a Worker`, (c) => `${ms(c.spinWorkerMs)}${ratio(c.spinWorkerMs, base.spinWorkerMs)}`);
row(`create 1k nodes (6 props, append) + send: main-thread JS, median [p25-p75] of ${RUNS}`, (c) => `${ms(c.create.totalMs)}${ratio(c.create.totalMs, base.create.totalMs)} [${c.create.q.map((x) => x.toFixed(2)).join('-')}]`);
row('  of which building the batch (node API, encoder, mirror)', (c) => ms(c.create.buildMs));
row('  of which sending it (postMessage, buffer transferred)', (c) => ms(c.create.sendMs));
row(`update 1k nodes' x/y + send: main-thread JS, median [p25-p75] of ${RUNS}`, (c) => `${ms(c.update.totalMs)}${ratio(c.update.totalMs, base.update.totalMs)} [${c.update.q.map((x) => x.toFixed(2)).join('-')}]`);
row('  of which building the batch', (c) => ms(c.update.buildMs));
row('  of which sending it', (c) => ms(c.update.sendMs));
const c0 = base.create;
const u0 = base.update;
rows.push(['create batch: bytes / commands / per command / per node', `${c0.bytes} B / ${c0.commands} / ${(c0.bytes / c0.commands).toFixed(1)} B / ${(c0.bytes / 1000).toFixed(1)} B`, ...cols.slice(1).map(() => '')]);
rows.push(['update batch: bytes / commands / per command / per node', `${u0.bytes} B / ${u0.commands} / ${(u0.bytes / u0.commands).toFixed(1)} B / ${(u0.bytes / 1000).toFixed(1)} B`, ...cols.slice(1).map(() => '')]);
const h = base.heap;
if (h) {
  const blank = cols.slice(1).map(() => '');
  rows.push([`JS heap used by ${h.nodes} nodes, main thread (CDP usedSize delta after GC)`, `${kib(h.usedDelta)} (${(h.usedDelta / h.nodes).toFixed(0)} B/node)`, ...blank]);
  if (h.backingDelta !== null) rows.push(['  + ArrayBuffer backing stores delta (mirror typed arrays, batch buffer)', `${kib(h.backingDelta)} (${(h.backingDelta / h.nodes).toFixed(0)} B/node)`, ...blank]);
  if (h.mirrorTypedBytes !== null) rows.push(['    mirror typed arrays at capacity', `${kib(h.mirrorTypedBytes)} (${h.mirrorCap} ids)`, ...blank]);
  rows.push([`engine Wasm linear memory (worker): empty scene -> ${h.nodes} nodes`, `${kib(h.wasmBefore)} -> ${kib(h.wasmAfter)} (+${kib(h.wasmAfter - h.wasmBefore)})`, ...blank]);
  const total = h.usedDelta + (h.backingDelta ?? 0) + (h.wasmAfter - h.wasmBefore);
  rows.push([`total for ${h.nodes} nodes (JS heap + backing stores + Wasm growth)`, `${kib(total)} (${(total / h.nodes).toFixed(0)} B/node); Wasm total ${kib(h.wasmAfter)}`, ...blank]);
}
if (b) {
  const blank = cols.slice(1).map(() => '');
  rows.push([`shim bundle: src/index.js, esbuild ${b.esbuild} --bundle --minify (ESM), raw / gzip -9`, `${kib(b.shim.raw)} / ${kib(b.shim.gzip)}`, ...blank]);
  rows.push(['worker bundle: src/worker/engine-worker.js (+ painters, engine-core), raw / gzip -9', `${kib(b.worker.raw)} / ${kib(b.worker.gzip)}`, ...blank]);
  if (b.wasm) rows.push(['engine.wasm, raw / gzip -9', `${kib(b.wasm.raw)} / ${kib(b.wasm.gzip)}`, ...blank]);
}
const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
console.log(`Reel shim in ${CHROMIUM} (backend ${base.info.backend}, painter ${base.info.painter}, crossOriginIsolated ${base.info.crossOriginIsolated}), ${new Date().toISOString()}`);
for (const [i, r] of rows.entries()) {
  console.log(`| ${r.map((c, j) => String(c).padEnd(w[j])).join(' | ')} |`);
  if (i === 0) console.log(`|${w.map((x) => '-'.repeat(x + 2)).join('|')}|`);
}
if (cgNote) console.log(cgNote);
for (const c of cols) if (c.logs) console.log(`${c.label} console errors: ${c.logs.join(' | ')}`);
