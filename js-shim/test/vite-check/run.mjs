#!/usr/bin/env node
// js-shim/test/vite-check/run.mjs — the packed @reel/shim in a fresh Vite 7
// app outside the repository, with no configuration: `npm pack`, a temp
// app (this folder's index.html + main.js, a public/poster.png), npm install
// of the tarball and vite@7, then `vite build` + `vite preview` and the dev
// server, each checked in headless Chromium: createRenderer() with no
// options connects (Worker, engine.wasm, default font), and a canvas
// renderer paints a red view, text in the default font and a poster whose
// relative src resolves against the document. Needs the npm registry (or
// its cache), so it is not part of `npm test`:  npm run test:vite
// (about 15-30 s). The starter's CI test (tests/starter) covers more.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireDev, CHROMIUM } from '../../../tests/browser/lib/paths.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SHIM = path.resolve(here, '..', '..');
const t0 = Date.now();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reel-vite-check-'));
const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

const tgz = path.join(dir, sh('npm', ['pack', '--silent', '--pack-destination', dir], SHIM).trim().split('\n').pop());
const app = path.join(dir, 'app');
fs.mkdirSync(path.join(app, 'public'), { recursive: true });
fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'reel-vite-check', private: true, type: 'module' }));
fs.copyFileSync(path.join(here, 'index.html'), path.join(app, 'index.html'));
fs.copyFileSync(path.join(here, 'main.js'), path.join(app, 'main.js'));
fs.copyFileSync(path.join(SHIM, 'test', 'fixtures', 'relative-src', 'poster.png'), path.join(app, 'public', 'poster.png'));
sh('npm', ['install', '--no-audit', '--no-fund', '--silent', tgz, 'vite@7'], app);
const vite = path.join(app, 'node_modules', 'vite', 'bin', 'vite.js');
sh(process.execPath, [vite, 'build', '--logLevel', 'warn'], app);

function serve(args, port) {
  const p = spawn(process.execPath, [vite, ...args, '--port', String(port), '--strictPort'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return new Promise((resolve, reject) => {
    p.stdout.on('data', (d) => { if (String(d).replace(/\x1b\[[0-9;]*m/g, '').includes(`:${port}`)) resolve(p); });
    p.on('exit', (c) => reject(new Error(`vite ${args.join(' ')} exited ${c}`)));
  });
}

async function check(url, label) {
  const { chromium } = requireDev('playwright-core');
  const { PNG } = requireDev('pngjs');
  const b = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'] });
  try {
    const page = await b.newPage({ viewport: { width: 400, height: 240 } });
    const bad = [];
    page.on('response', (r) => { if (r.status() >= 400) bad.push(`${r.status()} ${r.url()}`); });
    page.on('pageerror', (e) => bad.push(`pageerror: ${e.message}`));
    await page.goto(url);
    await page.waitForFunction(() => window.__reel && window.__reel.done, null, { timeout: 30000 });
    const st = await page.evaluate(() => window.__reel);
    const shot = PNG.sync.read(await page.screenshot({ clip: { x: 0, y: 0, width: 320, height: 180 } }));
    const at = (x, y) => Array.from(shot.data.subarray((y * 320 + x) * 4, (y * 320 + x) * 4 + 3)).join(',');
    let text = 0;
    for (let y = 10; y < 50; y++) for (let x = 170; x < 320; x++) if (shot.data[(y * 320 + x) * 4] > 200 && shot.data[(y * 320 + x) * 4 + 1] > 200) text++;
    const problems = [];
    if (st.error) problems.push(`error: ${st.error}`);
    if (!/^worker\/(wasm|js)\/DejaVu Sans$/.test(st.bare || '')) problems.push(`createRenderer() gave ${st.bare}`);
    if (at(80, 90) !== '255,0,0') problems.push(`view not red: ${at(80, 90)}`);
    if (at(200, 90) !== '0,255,0') problems.push(`poster not green: ${at(200, 90)}`);
    if (text < 50) problems.push(`no text drawn (${text} light pixels)`);
    problems.push(...bad);
    if (problems.length) throw new Error(`${label}: ${problems.join('; ')}`);
    console.log(`ok ${label}: ${st.bare}, painted view, text, poster`);
  } finally {
    await b.close();
  }
}

let server = null;
try {
  server = await serve(['preview'], 4317);
  await check('http://localhost:4317/', 'vite build + preview');
  server.kill();
  server = await serve([], 4318);
  await check('http://localhost:4318/', 'vite dev');
  console.log(`vite-check passed in ${((Date.now() - t0) / 1000).toFixed(1)} s (${dir})`);
} finally {
  if (server) server.kill();
}
fs.rmSync(dir, { recursive: true, force: true });
