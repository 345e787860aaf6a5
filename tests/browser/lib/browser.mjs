// tests/browser/lib/browser.mjs — Debian chromium through playwright-core,
// the demo server, and PNG helpers for the e2e tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

import { startServer } from '../../../js-shim/demo/server.mjs';
import { CHROMIUM, OUT, ensureOut, requireDev } from './paths.mjs';

export { startServer };

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader', '--ignore-gpu-blocklist', '--disable-dev-shm-usage',
];

/** Launches chromium with a fresh profile; returns { browser, close() }. */
export async function launch() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const { chromium } = requireDev('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'reel-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 720 },
    deviceScaleFactor: 1,
    timeout: 60_000,
  });
  return {
    context: ctx,
    async close() {
      await ctx.close().catch(() => {});
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens `url` in a new page, waits for window.__reel.done; returns { page, state, logs }. */
export async function openAndWait(context, url, { init, timeout = 60_000 } = {}) {
  const page = await context.newPage();
  const logs = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  if (init) await page.addInitScript(init);
  await page.goto(url, { waitUntil: 'load', timeout });
  try {
    await page.waitForFunction(() => window.__reel && window.__reel.done, null, { timeout, polling: 50 });
  } catch (e) {
    const st = await page.evaluate(() => JSON.stringify(window.__reel)).catch(() => '?');
    throw new Error(`${url}: not done after ${timeout} ms; state ${st}; console:\n${logs.join('\n')}`);
  }
  const state = await page.evaluate(() => JSON.parse(JSON.stringify(window.__reel)));
  return { page, state, logs };
}

/** Screenshot of the element `selector` as decoded RGBA. Also saved to target/browser-out/<name>.png. */
export async function shot(page, selector, name) {
  ensureOut();
  const file = path.join(OUT, `${name}.png`);
  const el = await page.$(selector);
  const png = await el.screenshot({ path: file, animations: 'disabled', timeout: 30_000 });
  return { ...decodePng(png), file };
}

export function decodePng(buf) {
  const { PNG } = requireDev('pngjs');
  const p = PNG.sync.read(buf);
  return { width: p.width, height: p.height, pixels: new Uint8Array(p.data.buffer, p.data.byteOffset, p.data.byteLength) };
}

export function readPng(file) {
  return decodePng(fs.readFileSync(file));
}

export function writePng(file, img) {
  const { PNG } = requireDev('pngjs');
  const p = new PNG({ width: img.width, height: img.height });
  Buffer.from(img.pixels.buffer, img.pixels.byteOffset, img.pixels.byteLength).copy(p.data);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, PNG.sync.write(p));
}

/**
 * Compares two RGBA images. A pixel "differs" when any channel differs by
 * more than `channel` levels. Returns { maxDelta, differing, fraction, meanDelta }
 * and, with `diffFile`, writes a diff PNG (red = differing, grey = same).
 */
export function compareImages(a, b, { channel = 0, diffFile } = {}) {
  if (a.width !== b.width || a.height !== b.height) {
    return { sizeMismatch: `${a.width}x${a.height} vs ${b.width}x${b.height}`, maxDelta: 255, differing: Infinity, fraction: 1, meanDelta: 255 };
  }
  const n = a.width * a.height;
  let maxDelta = 0, differing = 0, sum = 0;
  const diff = diffFile ? new Uint8Array(n * 4) : null;
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let k = 0; k < 3; k++) {
      const d = Math.abs(a.pixels[i * 4 + k] - b.pixels[i * 4 + k]);
      if (d > m) m = d;
    }
    sum += m;
    if (m > maxDelta) maxDelta = m;
    const bad = m > channel;
    if (bad) differing++;
    if (diff) {
      const g = (a.pixels[i * 4] + a.pixels[i * 4 + 1] + a.pixels[i * 4 + 2]) / 12;
      diff.set(bad ? [255, 0, 0, 255] : [g, g, g, 255], i * 4);
    }
  }
  if (diff) writePng(diffFile, { width: a.width, height: a.height, pixels: diff });
  return { maxDelta, differing, fraction: differing / n, meanDelta: sum / n };
}

export { zlib };
