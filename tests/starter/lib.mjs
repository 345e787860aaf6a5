// tests/starter/lib.mjs — what the starter tests share: the packed shim,
// scaffolding an app outside the repository, npm, Vite servers, Chromium,
// screenshots against goldens.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT, SHIM, CHROMIUM, requireDev } from '../browser/lib/paths.mjs';

export { ROOT, SHIM };
export const GOLDEN = path.join(ROOT, 'tests', 'starter', 'golden');
export const CREATE = path.join(SHIM, 'create-reel', 'index.js');

/** Runs a command (output shown only when it fails); returns stdout. */
export function sh(cmd, args, cwd, env = {}) {
  try {
    return execFileSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed: exit ${e.status}\n${e.stdout || ''}\n${e.stderr || ''}`);
  }
}

/** A temp dir outside the repository (the OS temp dir), removed by the caller. */
export function tempDir(tag) {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `reel-starter-${tag}-`));
  if (d.startsWith(ROOT + path.sep)) throw new Error(`temp dir ${d} is inside the repository`);
  return d;
}

/** `npm pack` of js-shim into `dir`; returns the tarball's path. */
export function packShim(dir) {
  const out = sh('npm', ['pack', '--silent', '--pack-destination', dir], SHIM).trim().split('\n').pop();
  return path.join(dir, out);
}

/** Scaffolds template `t` into dir/app-<t> with the packed shim; npm install. */
export function scaffoldAndInstall(dir, t, tgz) {
  const app = path.join(dir, `app-${t}`);
  sh(process.execPath, [CREATE, app, '--template', t, '--shim', tgz], dir);
  // --prefer-offline: the npm cache answers what it has (CI reruns).
  sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel', 'error'], app);
  return app;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Starts `vite ARGS` in app on a free port; resolves { url, stop } once it listens. */
export async function vite(app, args) {
  const port = await freePort();
  const bin = path.join(app, 'node_modules', 'vite', 'bin', 'vite.js');
  const p = spawn(process.execPath, [bin, ...args, '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    // No colours: Vite bolds the port in its banner when the environment
    // asks for colour (CI does), which the readiness check below must not
    // depend on; the check also strips escape codes.
    cwd: app, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  let log = '';
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => { p.kill(); reject(new Error(`vite ${args.join(' ')} did not start in 30 s:\n${log}`)); }, 30000);
    const on = (d) => {
      log += String(d).replace(/\x1b\[[0-9;]*m/g, '');
      if (log.includes(`:${port}`)) { clearTimeout(t); resolve(); }
    };
    p.stdout.on('data', on);
    p.stderr.on('data', on);
    p.on('exit', (c) => { clearTimeout(t); reject(new Error(`vite ${args.join(' ')} exited ${c}:\n${log}`)); });
  });
  p.removeAllListeners('exit');
  return {
    url: `http://127.0.0.1:${port}/`,
    log: () => log,
    stop: () => new Promise((resolve) => {
      if (p.exitCode !== null) return resolve();
      p.once('exit', resolve);
      p.kill();
    }),
  };
}

export async function browser() {
  const { chromium } = requireDev('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
}

/** A page on `url` that records errors; waits until the app focused something. */
export async function openApp(b, url) {
  const page = await b.newPage({ viewport: { width: 960, height: 540 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });
  await page.goto(url);
  await page.waitForFunction(() => globalThis.reel && globalThis.reel.focused, null, { timeout: 30000 }).catch((e) => {
    throw new Error(`the app did not focus a node: ${e.message}\n${errors.join('\n')}`);
  });
  return { page, errors };
}

/** What a test reads from the running app: route, focused node, its texts. */
export function state(page) {
  return page.evaluate(() => {
    const r = globalThis.reel;
    const texts = (n) => [...(n.type === 'text' && n.text ? [n.text] : []), ...n.children.flatMap(texts)];
    const f = r.focused;
    return { hash: location.hash, focused: f ? f.id : null, focusedTexts: f ? texts(f) : [], allTexts: texts(r.root) };
  });
}

/** Waits until state(page) satisfies pred (polling); returns it. */
export async function until(page, pred, what, ms = 10000) {
  const end = Date.now() + ms;
  let s;
  while (Date.now() < end) {
    s = await state(page);
    if (pred(s)) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; state: ${JSON.stringify({ ...s, allTexts: s && s.allTexts.slice(0, 12) })}`);
}

/** True when more than 1 % of the pixels differ from the first one (something was painted). */
function painted(buf) {
  const { PNG } = requireDev('pngjs');
  const { data } = PNG.sync.read(buf);
  let other = 0;
  for (let i = 4; i < data.length; i += 4) {
    if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) other++;
  }
  return other > data.length / 4 / 100;
}

/** A screenshot once the canvas shows a painted frame and two in a row are identical (animations settled). */
export async function settledShot(page, ms = 10000) {
  const end = Date.now() + ms;
  let prev = await page.screenshot();
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 150));
    const cur = await page.screenshot();
    if (cur.equals(prev) && painted(cur)) return cur;
    prev = cur;
  }
  throw new Error(`the page did not settle on a painted frame in ${ms} ms`);
}

/**
 * Golden comparison. Tolerance (documented in tests/starter/README.md): a
 * pixel differs when any channel differs by more than 24; at most 0.5 % of
 * the pixels may differ (font hinting/anti-aliasing and GPU-less raster
 * differences between Chromium builds), and never a differing size.
 * REEL_UPDATE_GOLDEN=1 writes the golden instead.
 */
export const CHANNEL_TOLERANCE = 24;
export const MAX_DIFF_RATIO = 0.005;
export function compareGolden(png, name) {
  const { PNG } = requireDev('pngjs');
  const file = path.join(GOLDEN, name);
  if (process.env.REEL_UPDATE_GOLDEN === '1') {
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(file, png);
    return { written: file, ratio: 0 };
  }
  if (!fs.existsSync(file)) throw new Error(`golden ${file} is missing (REEL_UPDATE_GOLDEN=1 writes it)`);
  const a = PNG.sync.read(png);
  const b = PNG.sync.read(fs.readFileSync(file));
  if (a.width !== b.width || a.height !== b.height) throw new Error(`${name}: ${a.width}x${a.height}, golden ${b.width}x${b.height}`);
  let diff = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      if (Math.abs(a.data[i + c] - b.data[i + c]) > CHANNEL_TOLERANCE) { diff++; break; }
    }
  }
  const ratio = diff / (a.width * a.height);
  if (ratio > MAX_DIFF_RATIO) {
    const out = path.join(ROOT, 'target', 'starter-out');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, name), png);
    throw new Error(`${name}: ${(ratio * 100).toFixed(2)} % of pixels differ from the golden (max ${MAX_DIFF_RATIO * 100} %); actual written to ${path.join(out, name)}`);
  }
  return { ratio };
}

/** The reel binary for certify: $REEL_BIN, else target/release/reel, else target/debug/reel; null if none. */
export function reelBin() {
  if (process.env.REEL_BIN) return process.env.REEL_BIN;
  for (const p of ['release', 'debug'].map((k) => path.join(ROOT, 'target', k, 'reel'))) if (fs.existsSync(p)) return p;
  return null;
}
