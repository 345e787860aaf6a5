// tests/browser/e2e.test.mjs — the shim in a real browser (Debian chromium,
// headless, SwiftShader WebGL2 in a Worker) through playwright-core.
//
//   node --test tests/browser/e2e.test.mjs
//   REEL_UPDATE_GOLDEN=1 node --test tests/browser/e2e.test.mjs   # rewrite golden/demo.png
//
// The demo page (js-shim/demo/) is the shim's real createRenderer (worker
// transport, OffscreenCanvas painter) running examples/apps/grid-1k-scene.js,
// the same app module `reel run examples/apps/grid-1k.js` runs natively.
//
// Needs: apt chromium, `npm ci` in js-shim/, target/engine.wasm
// (tools/build-wasm.sh), target/debug/reel (`cargo build -p reel-cli`; built
// when missing, or set REEL_BIN); builds target/engine-wasm2js.mjs when missing.
// Screenshots and diff images land in target/browser-out/.
//
// Tolerances (RGB channels, 0..255; alpha is always 255):
// * demo vs golden (same painter, same browser): at most 0.1% of pixels may
//   differ by more than 3 levels — SwiftShader is deterministic, the slack
//   is for a rotated quad's anti-aliased edge.
// * wasm vs wasm2js, isolated vs not, before vs after a context loss: the
//   same display list through the same painter, so identical pixels (<= 1
//   level on <= 0.01% of pixels allowed).
// * WebGL2 vs the Rust software rasterizer (tests/scenes/*.png, rendered by
//   engine/raster from the same display list): <= 1.5% of pixels over 3
//   levels, <= 0.5% over 16, mean <= 0.5. Differences are anti-aliasing of
//   rotated/fractional edges (MSAA vs analytic coverage) and the gridded
//   four-corner gradient (see paint/webgl.js). The same bounds hold for the
//   demo in the browser vs its first frame under `reel run` (wasmtime +
//   tiny-skia on the 1280x720 stick-lowend profile).
// * Canvas2D vs the others: <= 5% (scenes) / 8% (demo: large four-corner
//   hero gradient) of pixels over 3 levels, <= 0.5% over 32, mean <= 1 (gradient stops interpolate in straight colour, strips for
//   four-corner gradients; see paint/canvas2d.js). Shadows (issue 16): the
//   rasterizer and WebGL2 evaluate the same analytic rounded-box Gaussian,
//   Canvas2D blurs with Skia's own shadow (a triple box blur): penumbras
//   differ by up to ~35 levels, so the shadow-heavy effects_grid (60
//   shadows on 520x180) allows <= 8% over 3 and mean <= 2 on Canvas2D
//   (measured 5.4%, 1.41), and so does the shadows scene since the
//   rasterizer's blur became the closed form (measured 5.61%, 0.78; that
//   form is within 4-20 levels of the exact Gaussian, mean <= 2.5, see
//   engine/raster/src/effects.rs shadow_accuracy); the bounds over 32 stay. Rounded clips:
//   Canvas2D's clip() is not anti-aliased in a Worker's OffscreenCanvas, so
//   rounded_clip's curved clip edges allow <= 1% over 32 there (measured
//   0.50%; WebGL2 and the rasterizer anti-alias them alike). Gradients
//   (`gradient`, css_gradients and gradient_grid): WebGL2 samples a tile
//   of the rasterizer's formula evaluated at the box's device pixel
//   centres (bilinear when rotated), so the WebGL2 bounds above hold;
//   Canvas2D uses the browser's own gradients with stops rewritten for
//   premultiplied interpolation (paint/gradient.js), within the Canvas2D
//   bounds above. Measured vs the rasterizer (> 3 levels, mean):
//   css_gradients webgl2 0.48% 0.23, aa 0.46% 0.11, canvas2d 0.62% 0.27;
//   gradient_grid webgl2 0.00% 0.01, canvas2d 1.59% 0.54.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { buildWasm2js, wasm2jsSource } from '../../js-shim/tools/build-wasm2js.mjs';
import { compareImages, launch, openAndWait, readPng, shot, startServer, writePng } from './lib/browser.mjs';
import { ENGINE_WASM, ENGINE_WASM2JS, GOLDEN, OUT, ROOT, SCENES, ensureOut } from './lib/paths.mjs';

const UPDATE = !!process.env.REEL_UPDATE_GOLDEN;
let iso; // server with COOP/COEP
let plain; // server without
let browser;
let demoNodes = null; // nodes of the demo app in the browser (the reel run test compares)

before(async () => {
  assert.ok(fs.existsSync(ENGINE_WASM), `${ENGINE_WASM} is missing: run tools/build-wasm.sh`);
  if (!fs.existsSync(ENGINE_WASM2JS) || fs.statSync(ENGINE_WASM2JS).mtimeMs < fs.statSync(wasm2jsSource(ENGINE_WASM)).mtimeMs) {
    buildWasm2js({ input: wasm2jsSource(ENGINE_WASM), output: ENGINE_WASM2JS });
  }
  ensureOut();
  iso = await startServer({ port: 0, isolation: true });
  plain = await startServer({ port: 0, isolation: false });
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (iso) await iso.close();
  if (plain) await plain.close();
});

const demoUrl = (server, q = '') => `${server.url}/js-shim/demo/?clean=1${q}`;

async function demo(name, { server = iso, query = '', init } = {}) {
  const r = await openAndWait(browser.context, demoUrl(server, query), { init });
  assert.equal(r.state.error, null, `${name}: ${r.state.error}\n${r.logs.join('\n')}`);
  // An OffscreenCanvas commits to the page asynchronously: under load the
  // first screenshot can predate the first presented frame (all one colour).
  let img;
  for (let i = 0; i < 50; i++) {
    img = await shot(r.page, '#screen', name);
    if (!uniform(img)) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  return { ...r, img };
}

function assertSame(img, ref, label, diffName) {
  const c = compareImages(img, ref, { channel: 1, diffFile: path.join(OUT, `${diffName}-diff.png`) });
  assert.ok(!c.sizeMismatch, `${label}: size ${c.sizeMismatch}`);
  assert.ok(c.fraction <= 0.0001, `${label}: ${c.differing} pixels differ (max ${c.maxDelta})`);
}

function uniform(img) {
  const p = img.pixels;
  for (let i = 4; i < p.length; i += 4) if (p[i] !== p[0] || p[i + 1] !== p[1] || p[i + 2] !== p[2]) return false;
  return true;
}

function rgbAt(img, x, y) {
  const i = (y * img.width + x) * 4;
  return [img.pixels[i], img.pixels[i + 1], img.pixels[i + 2]];
}

/** Checks the demo picture is the demo (so a regenerated golden cannot be garbage). */
function assertLooksLikeDemo(img, label) {
  assert.equal(img.width, 1280, `${label}: width`);
  assert.equal(img.height, 720, `${label}: height`);
  const near = (got, want, tol, where) => assert.ok(got.every((v, k) => Math.abs(v - want[k]) <= tol), `${label}: ${where} is rgb(${got}), want ~rgb(${want})`);
  near(rgbAt(img, 190, 160), [229, 9, 20], 2, 'the hero button'); // 0xe50914
  near(rgbAt(img, 300, 236), [236, 236, 236], 24, 'the title bar'); // white 90% over the hero
  near(rgbAt(img, 1060, 200), [240, 230, 210], 2, 'the rotated poster'); // 0xf0e6d2
  near(rgbAt(img, 2, 2), [16, 24, 40], 3, 'the background top'); // 0x101828
  near(rgbAt(img, 278, 436), [255, 255, 255], 0, 'the focus ring');
  // First row, first tile: a gradient (top lighter than bottom), not background.
  const top = rgbAt(img, 150, 384);
  const bottom = rgbAt(img, 150, 488);
  assert.ok(top[0] > 150 && bottom[0] < top[0], `${label}: first tile gradient ${top} -> ${bottom}`);
  // Tiles right of the screen edge are clipped, the gap between rows is background.
  const gap = rgbAt(img, 150, 510);
  assert.ok(gap.every((v) => v < 40), `${label}: gap between rows is rgb(${gap})`);
}

test('demo renders (engine.wasm, WebGL2 in the Worker) and matches the golden', async () => {
  const { page, state, img } = await demo('demo-webgl2');
  assert.equal(state.info.backend, 'wasm');
  assert.equal(state.info.transport, 'worker');
  assert.equal(state.info.painter, 'webgl2');
  assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'served with COOP/COEP');
  assert.ok(state.nodeCount >= 1000, `demo app created ${state.nodeCount} nodes`);
  assert.equal(state.firstFrame.stats.nodes, state.nodeCount, 'the engine has every node the app created');
  demoNodes = state.nodeCount;
  assertLooksLikeDemo(img, 'demo');
  const golden = path.join(GOLDEN, 'demo.png');
  if (UPDATE || !fs.existsSync(golden)) {
    writePng(golden, img);
    if (!UPDATE) assert.fail(`no golden yet: wrote ${golden}; look at it, then run again`);
  }
  const c = compareImages(img, readPng(golden), { channel: 3, diffFile: path.join(OUT, 'demo-webgl2-diff.png') });
  assert.ok(c.fraction <= 0.001, `demo differs from golden: ${c.differing} pixels > 3 levels (max ${c.maxDelta})`);
  console.log(`# demo: ready ${state.timings.ready.toFixed(0)} ms, first frame ${state.timings.firstFrame.toFixed(1)} ms, `
    + `engine init ${state.info.initMs.toFixed(1)} ms, paint ${state.firstFrame.paintMs.toFixed(1)} ms, `
    + `${state.firstFrame.items} items, ${state.firstFrame.paint.draws} draws, culled ${state.firstFrame.stats.culled}`);
  await page.close();
});

test("without WebAssembly, 'auto' picks the wasm2js engine and renders the same", async () => {
  const ref = readPng(path.join(OUT, 'demo-webgl2.png'));
  const { page, state, img } = await demo('demo-nowasm', {
    init: () => { delete globalThis.WebAssembly; },
  });
  assert.equal(await page.evaluate(() => typeof WebAssembly), 'undefined', 'WebAssembly removed in the page');
  assert.equal(state.info.backend, 'js');
  assert.equal(state.info.rule, 'no-wasm', 'decided on the main thread');
  assert.equal(state.firstFrame.stats.nodes, state.nodeCount);
  assertSame(img, ref, 'wasm2js vs wasm', 'demo-nowasm');
  await page.close();
});

test('the page works without COOP/COEP (not cross-origin isolated)', async () => {
  const ref = readPng(path.join(OUT, 'demo-webgl2.png'));
  const { page, state, img } = await demo('demo-noisolation', { server: plain });
  assert.equal(await page.evaluate(() => crossOriginIsolated), false);
  assert.equal(state.info.painter, 'webgl2');
  assertSame(img, ref, 'no isolation', 'demo-noisolation');
  await page.close();
});

test('WebGL context loss and restore: the frame is repainted correctly', async () => {
  const ref = readPng(path.join(OUT, 'demo-webgl2.png'));
  const { page } = await demo('demo-before-loss');
  const result = await page.evaluate(async () => {
    const { renderer: r, debug, next } = window.__reelDemo;
    const lost = next('contextlost');
    const lose = await debug('loseContext');
    await lost;
    const during = await debug('stats');
    const restored = next('contextrestored');
    const repainted = r.once('paint');
    const restore = await debug('restoreContext');
    await restored;
    const frame = await repainted;
    await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    const afterStats = await debug('stats');
    return { lose: lose.ok, restore: restore.ok, during, after: afterStats, frame };
  });
  assert.equal(result.lose, true, 'WEBGL_lose_context available');
  assert.equal(result.during.contextLost, true);
  assert.equal(result.after.contextLost, false);
  assert.equal(result.after.contextLosses, 1);
  assert.equal(result.after.contextRestores, 1);
  assert.ok(result.frame.paint, 'repainted after restore');
  const img = await shot(page, '#screen', 'demo-after-restore');
  assertLooksLikeDemo(img, 'after restore');
  assertSame(img, ref, 'after restore', 'demo-after-restore');
  await page.close();
});

test('Canvas2D fallback on the main thread (lists posted back) matches within tolerance', async () => {
  // Canvas2D always antialiases edges: compare with WebGL2 with MSAA on
  // (the default is off; the rotated poster's edges would differ).
  const aa = await demo('demo-webgl2-aa', { query: '&antialias=1' });
  await aa.page.close();
  const ref = aa.img;
  const { page, state, img } = await demo('demo-canvas2d-main', { query: '&painter=main' });
  assert.equal(state.info.painter, 'main');
  assertLooksLikeDemo(img, 'canvas2d');
  const c3 = compareImages(img, ref, { channel: 3, diffFile: path.join(OUT, 'demo-canvas2d-main-diff.png') });
  const c32 = compareImages(img, ref, { channel: 32 });
  assert.ok(c3.fraction <= 0.08 && c32.fraction <= 0.005 && c3.meanDelta <= 1,
    `canvas2d vs webgl2: ${(c3.fraction * 100).toFixed(2)}% > 3, ${(c32.fraction * 100).toFixed(2)}% > 32, mean ${c3.meanDelta.toFixed(2)}`);
  await page.close();
});

/** Newest modification time of the files under `dirs` (relative to ROOT). */
function newestMtime(dirs) {
  let newest = 0;
  const walk = (p) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p)) if (e !== 'target' && e !== 'node_modules' && !e.startsWith('.')) walk(path.join(p, e));
    } else if (st.mtimeMs > newest) newest = st.mtimeMs;
  };
  for (const d of dirs) if (fs.existsSync(path.join(ROOT, d))) walk(path.join(ROOT, d));
  return newest;
}

/**
 * REEL_BIN, or target/debug/reel rebuilt with cargo when it is missing or
 * older than its sources (engine, host, device profiles). When the build
 * fails and a binary exists, the old one is used (with a note).
 */
function reelBinary() {
  if (process.env.REEL_BIN) return path.resolve(process.env.REEL_BIN);
  const bin = path.join(ROOT, 'target', 'debug', 'reel');
  const stale = !fs.existsSync(bin) || fs.statSync(bin).mtimeMs < newestMtime(['engine/src', 'host', 'devices', 'Cargo.toml', 'Cargo.lock']);
  if (stale) {
    const b = spawnSync('cargo', ['build', '-q', '-p', 'reel-cli'], { cwd: ROOT, stdio: 'inherit', timeout: 20 * 60_000 });
    if (b.status !== 0) {
      assert.ok(fs.existsSync(bin), '`cargo build -p reel-cli` failed and there is no target/debug/reel');
      console.log('# cargo build -p reel-cli failed: using the existing (older) target/debug/reel');
    }
  }
  return bin;
}

test('the same app under `reel run` (wasmtime + tiny-skia) gives the same picture as the browser', async () => {
  const ref = readPng(path.join(OUT, 'demo-webgl2.png'));
  const out = path.join(OUT, 'reel-run-grid-1k');
  fs.rmSync(out, { recursive: true, force: true });
  // stick-lowend is 1280x720 like the page; frame 1 is the app's first batch
  // (the hero sways from t = 0, where its offset is 0: the demo's picture).
  const run = spawnSync(reelBinary(), [
    'run', 'examples/apps/grid-1k.js', '--device', 'stick-lowend', '--frames', '1',
    '--engine', ENGINE_WASM, '--out', out, '--quiet',
  ], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  assert.equal(run.status, 0, `reel run failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
  const png = path.join(out, 'frame-0001.png');
  fs.copyFileSync(png, path.join(OUT, 'reel-run-grid-1k.png'));
  const img = readPng(png);
  assertLooksLikeDemo(img, 'reel run');
  const lo = compareImages(img, ref, { channel: 3, diffFile: path.join(OUT, 'reel-run-grid-1k-diff.png') });
  const hi = compareImages(img, ref, { channel: 16 });
  console.log(`# reel run vs browser: ${(lo.fraction * 100).toFixed(3)}% > 3, ${(hi.fraction * 100).toFixed(3)}% > 16, `
    + `mean ${lo.meanDelta.toFixed(3)}, max ${lo.maxDelta}; ${summary.nodes} nodes, ${summary.display_items} items`);
  if (demoNodes !== null) assert.equal(summary.nodes, demoNodes, 'reel run built the same scene as the browser');
  assert.ok(!lo.sizeMismatch, `size ${lo.sizeMismatch}`);
  assert.ok(lo.fraction <= 0.015 && hi.fraction <= 0.005 && lo.meanDelta <= 0.5,
    `reel run vs browser: ${(lo.fraction * 100).toFixed(2)}% > 3, ${(hi.fraction * 100).toFixed(2)}% > 16, mean ${lo.meanDelta.toFixed(3)}`);
});

const scenes = fs.readdirSync(SCENES).filter((f) => f.endsWith('.scene')).map((f) => f.slice(0, -6)).sort();

// WebGL2 runs twice: as shipped (no MSAA: rotated edges are aliased, so up
// to 1% of pixels may differ strongly from the rasterizer's analytic
// coverage) and with antialias=1 (MSAA: as close as Canvas2D).
for (const [painter, aa] of [['webgl2', false], ['webgl2', true], ['canvas2d', false]]) {
  test(`conformance scenes: ${painter}${aa ? ' (antialias)' : ''} in the Worker vs the Rust software rasterizer PNGs`, async (t) => {
    const base = painter !== 'webgl2' ? { hi: 32, fracLo: 0.05, fracHi: 0.005, mean: 1 }
      : aa ? { hi: 16, fracLo: 0.015, fracHi: 0.005, mean: 0.5 } : { hi: 16, fracLo: 0.015, fracHi: 0.01, mean: 0.5 };
    // Canvas2D's own shadow blur (see the tolerances at the top).
    const limFor = (s) => (painter !== 'canvas2d' ? base
      : s === 'effects_grid' || s === 'shadows' ? { ...base, fracLo: 0.08, mean: 2 }
        : s === 'rounded_clip' ? { ...base, fracHi: 0.01 } : base);
    const failures = [];
    const skipped = [];
    const reshot = new Set();
    for (const s of scenes) {
      const refFile = path.join(SCENES, `${s}.png`);
      if (!fs.existsSync(refFile)) continue;
      const url = `${iso.url}/tests/browser/pages/scene.html?scene=${s}&painter=${painter}${aa ? '&antialias=1' : ''}`;
      const { page, state } = await openAndWait(browser.context, url, { timeout: 30_000 });
      // A scene newer than the checked-in js-shim/src/props.js (the Rust
      // js_props_in_sync test fails for that) is skipped, not failed.
      if (state.error && /unknown (string )?property/.test(state.error)) { skipped.push(`${s} (${state.error.split('\n')[0]})`); await page.close(); continue; }
      if (state.error) { failures.push(`${s}: ${state.error}`); await page.close(); continue; }
      assert.equal(state.info.painter, painter);
      // As for the demo: the OffscreenCanvas commits to the page asynchronously,
      // so under load the first screenshot can predate the presented frame
      // (all background). No reference scene is a single colour.
      const name = `scene-${s}-${painter}${aa ? '-aa' : ''}`;
      let img = await shot(page, '#c', name);
      for (let i = 0; i < 50 && uniform(img); i++) {
        await new Promise((res) => setTimeout(res, 100));
        img = await shot(page, '#c', name);
      }
      const ref = readPng(refFile);
      const lim = limFor(s);
      const compare = () => ({
        lo: compareImages(img, ref, { channel: 3, diffFile: path.join(OUT, `${name}-diff.png`) }),
        hi: compareImages(img, ref, { channel: lim.hi }),
      });
      const over = ({ lo, hi }) => lo.fraction > lim.fracLo || hi.fraction > lim.fracHi || lo.meanDelta > lim.mean;
      let cmp = compare();
      // A screenshot can also catch a frame the compositor has only partly
      // presented (seen once on a loaded CI machine, never locally): a
      // picture that differs is shot again until two shots agree, and the
      // settled picture is what is compared. A wrong frame stays wrong.
      for (let i = 0; i < 10 && !cmp.lo.sizeMismatch && over(cmp); i++) {
        await new Promise((res) => setTimeout(res, 200));
        const again = await shot(page, '#c', name);
        const settled = compareImages(again, img, { channel: 0 }).fraction === 0;
        img = again;
        cmp = compare();
        if (settled) break;
        reshot.add(s);
      }
      await page.close();
      const { lo, hi } = cmp;
      if (lo.sizeMismatch) failures.push(`${s}: size ${lo.sizeMismatch}`);
      else if (over(cmp)) {
        failures.push(`${s}: ${(lo.fraction * 100).toFixed(2)}% > 3, ${(hi.fraction * 100).toFixed(2)}% > ${lim.hi}, mean ${lo.meanDelta.toFixed(3)}, max ${lo.maxDelta}`);
      }
    }
    if (skipped.length) t.diagnostic(`skipped ${skipped.length} scenes: ${skipped.join('; ')}`);
    if (reshot.size) t.diagnostic(`pictures that changed between screenshots (shot again): ${[...reshot].join(', ')}`);
    assert.deepEqual(failures, [], `scenes differ from the rasterizer:\n${failures.join('\n')}`);
  });
}

// The `gradient` strings mean what they mean in CSS: the rasterizer's
// css_gradients golden vs Chromium drawing the same strings as CSS
// backgrounds (pages/css-gradients.html, the scene written as HTML).
// Bounds: <= 1.5% of pixels over 3 levels, <= 0.5% over 32, mean <= 0.5
// (measured 0.61%, 0.06%, 0.29: only anti-aliased rounded and rotated
// edges differ; the gradients themselves agree within 3 levels).
/** A scene's golden against Chromium drawing the same as CSS (pages/NAME.html), within the bounds above. */
async function cssMatchesGolden(pageName, scene) {
  const page = await browser.context.newPage();
  await page.goto(`${plain.url}/tests/browser/pages/${pageName}.html`);
  const img = await shot(page, '#c', `${pageName}-chromium`);
  await page.close();
  const ref = readPng(path.join(SCENES, `${scene}.png`));
  const lo = compareImages(img, ref, { channel: 3, diffFile: path.join(OUT, `${pageName}-chromium-diff.png`) });
  const hi = compareImages(img, ref, { channel: 32 });
  assert.ok(!lo.sizeMismatch, `size ${lo.sizeMismatch}`);
  assert.ok(lo.fraction <= 0.015 && hi.fraction <= 0.005 && lo.meanDelta <= 0.5,
    `CSS vs rasterizer: ${(lo.fraction * 100).toFixed(2)}% > 3, ${(hi.fraction * 100).toFixed(2)}% > 32, mean ${lo.meanDelta.toFixed(3)}, max ${lo.maxDelta}`);
}

test('css_gradients: the rasterizer draws the gradient strings as Chromium\'s CSS does', () => cssMatchesGolden('css-gradients', 'css_gradients'));

// css_gradient_keywords golden vs Chromium drawing the same strings as CSS
// (pages/css-gradient-keywords.html): `to <side>`, `to <corner>` (whose
// angle follows the box), keyword positions, colour names, rgb() with
// spaces and a slash. Bounds as css_gradients'.
test('css_gradient_keywords: the rasterizer draws CSS\'s keyword forms as Chromium does', () => cssMatchesGolden('css-gradient-keywords', 'css_gradient_keywords'));

// Gradients keep WebGL2's batching (issue 16): the 40 rounded tiles of
// gradient_grid, each with its own gradient, sample one gradient atlas
// texture, so they are one draw call after the background's.
test('gradient_grid: WebGL2 draws 40 rounded tiles with 40 different gradients in one draw call', async () => {
  const url = `${iso.url}/tests/browser/pages/scene.html?scene=gradient_grid&painter=webgl2`;
  const { page, state } = await openAndWait(browser.context, url, { timeout: 30_000 });
  await page.close();
  assert.equal(state.error, null);
  const p = state.info.lastPaint;
  assert.ok(p, 'the worker reported its paint stats');
  assert.equal(p.quads, 1 + 40, `quads: ${JSON.stringify(p)}`);
  assert.equal(p.draws, 2, `the background, then every gradient tile in one draw: ${JSON.stringify(p)}`);
  assert.equal(p.gradients, 40, `one atlas tile per gradient: ${JSON.stringify(p)}`);
});

// Effects keep WebGL2's batching (issue 16): the 60 rounded, bordered,
// shadowed tiles of effects_grid are 120 effect quads (a shadow and a
// shape each) in one draw call after the background's, not a draw per tile.
test('effects_grid: WebGL2 draws 60 rounded, bordered, shadowed tiles in one draw call', async () => {
  const url = `${iso.url}/tests/browser/pages/scene.html?scene=effects_grid&painter=webgl2`;
  const { page, state } = await openAndWait(browser.context, url, { timeout: 30_000 });
  await page.close();
  assert.equal(state.error, null);
  const p = state.info.lastPaint;
  assert.ok(p, 'the worker reported its paint stats');
  assert.equal(p.quads, 1 + 120, `quads: ${JSON.stringify(p)}`);
  assert.equal(p.draws, 2, `the background, then every tile in one draw: ${JSON.stringify(p)}`);
});
