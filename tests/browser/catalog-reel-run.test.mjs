// tests/browser/catalog-reel-run.test.mjs — the catalog's home screen under
// `reel run` (engine.wasm on wasmtime, the tiny-skia rasterizer, the native
// host's JPEG decoder) and in headless Chromium (the Worker, WebGL2, the
// browser's decoder) is the same picture: posters, rounded corners, the
// focused tile's ring and glow, the hero art under its scrims, the texts.
//
//   node --test tests/browser/catalog-reel-run.test.mjs
//
// The page (examples/catalog/) is shown at its canvas's own 1920x1080 (a
// 1920x1080 viewport, the canvas's CSS size set to match), so the screenshot
// is the canvas pixel for pixel; it is taken once two in a row are equal
// (every poster decoded, the focus animation over). `reel run` on tv-midrange
// (1920x1080) paints frame 31: no keys, the same focus on tile 0-0.
// Tolerance: the e2e suite's for `reel run` vs the browser (<= 1.5% of pixels
// over 3 levels, <= 0.5% over 16, mean <= 0.5). Measured: 0.07% over 3,
// 0.05% over 16, mean 0.17; the differences are the hero card's rotated edge
// (WebGL2 runs without MSAA) and the scaled focused tile's caption glyphs.
//
// Needs: apt chromium, `npm ci` in js-shim/, target/engine.wasm, and a
// `reel` binary: $REEL_BIN, else the newer of target/release/reel and
// target/debug/reel (tools/test.sh has built the latter by then).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { compareImages, decodePng, launch, readPng, startServer } from './lib/browser.mjs';
import { ENGINE_WASM, OUT, ROOT, ensureOut } from './lib/paths.mjs';

let server;
let browser;

before(async () => {
  assert.ok(fs.existsSync(ENGINE_WASM), `${ENGINE_WASM} is missing: run tools/build-wasm.sh`);
  ensureOut();
  server = await startServer({ port: 0, isolation: true });
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
});

function reelBinary() {
  if (process.env.REEL_BIN) return process.env.REEL_BIN;
  const found = ['release', 'debug'].map((p) => path.join(ROOT, 'target', p, 'reel')).filter((f) => fs.existsSync(f));
  assert.ok(found.length > 0, 'no reel binary: cargo build -p reel-cli (or set REEL_BIN)');
  return found.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}

test('catalog: `reel run` paints the same home screen as Chromium (posters, ring and glow, hero art)', async () => {
  const page = await browser.context.newPage();
  const logs = [];
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  await page.setViewportSize({ width: 1920, height: 1080 });
  // ?trailer=0: reel run's frame 31 is before the 1.5 s dwell that starts the
  // trailer, while this page waits until it is stable, which on a loaded
  // machine can be after the dwell (the trailer over the hero card).
  await page.goto(`${server.url}/examples/catalog/?trailer=0`, { waitUntil: 'load' });
  await page.addStyleTag({ content: '#screen { width: 1920px !important; height: 1080px !important; }' });
  await page.waitForFunction(() => window.__reel && window.__reel.done, null, { timeout: 20_000, polling: 50 });
  let prev = null;
  let shot = null;
  for (let i = 0; i < 60; i++) {
    await page.waitForTimeout(250);
    shot = await page.screenshot();
    if (prev && prev.equals(shot)) break;
    prev = shot;
  }
  assert.ok(prev && prev.equals(shot), 'the page kept changing for 15 s');
  fs.writeFileSync(path.join(OUT, 'catalog-home-browser.png'), shot);
  const img = decodePng(shot);
  assert.equal(await page.evaluate(() => window.__reel.error), null, logs.join('\n'));
  await page.close();

  const out = path.join(OUT, 'catalog-reel-run');
  fs.rmSync(out, { recursive: true, force: true });
  const run = spawnSync(reelBinary(), [
    'run', 'examples/catalog/main.js', '--device', 'tv-midrange', '--frames', '31', '--every', '30',
    '--engine', ENGINE_WASM, '--out', out, '--quiet',
  ], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  assert.equal(run.status, 0, `reel run failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
  fs.copyFileSync(path.join(out, 'frame-0031.png'), path.join(OUT, 'catalog-home-reel-run.png'));
  const ref = readPng(path.join(out, 'frame-0031.png'));

  // Both show the art, not placeholders: a poster's sky (tile 0-1, the city
  // at night: dark purple, where the placeholder is a bright orange-red).
  const at = (im, x, y) => Array.from(im.pixels.subarray((y * im.width + x) * 4, (y * im.width + x) * 4 + 3));
  for (const [name, im] of [['browser', img], ['reel run', ref]]) {
    const [r, g, b] = at(im, 600, 600);
    assert.ok(r < 90 && g < 90 && b < 110, `${name}: tile 0-1 shows its poster, not its placeholder: rgb(${r},${g},${b})`);
  }
  const lo = compareImages(img, ref, { channel: 3, diffFile: path.join(OUT, 'catalog-reel-run-diff.png') });
  const hi = compareImages(img, ref, { channel: 16 });
  console.log(`# catalog, reel run vs browser: ${(lo.fraction * 100).toFixed(3)}% > 3, ${(hi.fraction * 100).toFixed(3)}% > 16, `
    + `mean ${lo.meanDelta.toFixed(3)}, max ${lo.maxDelta}; ${summary.nodes} nodes`);
  assert.ok(!lo.sizeMismatch, `size ${lo.sizeMismatch}`);
  assert.ok(lo.fraction <= 0.015 && hi.fraction <= 0.005 && lo.meanDelta <= 0.5,
    `reel run vs browser: ${(lo.fraction * 100).toFixed(2)}% > 3, ${(hi.fraction * 100).toFixed(2)}% > 16, mean ${lo.meanDelta.toFixed(3)}`);
});
