// tests/browser/overlay.test.mjs — the egui debug overlay over the catalog
// (examples/catalog/?debug=1: createRenderer({ debug: true }) loads
// target/engine-debug.wasm in the Worker, WebGL2 painting its meshes) in
// headless Chromium:
//
// * golden screenshot of the overlay over the catalog
//   (tests/browser/golden/catalog-overlay.png; REEL_UPDATE_GOLDEN=1 rewrites
//   it). The Engine panel's measured figures (frame ms, intervals, JS heap,
//   queue delay: this machine's timings) are masked; everything else — the
//   catalog under the overlay, the tree inspector, the node details, the
//   on-screen highlight, the panel frames and titles, the focus/keys lines —
//   must match: <= 0.2% of the compared pixels over 8 levels (SwiftShader
//   is deterministic; the slack is for anti-aliased glyph edges).
// * D-pad navigation through the tree inspector, end to end: real key
//   presses (page.keyboard) move the inspector's selection (read back from
//   the display list: the highlight items carry the selected node's id),
//   the app's focus and details panel do not react, Escape closes it and
//   the arrows drive the app again.
// * the mouse: while open, a click on a row of the tree selects that node
//   and hovering the tiles does not move the app's focus.
//
// Needs target/engine-debug.wasm (tools/build-wasm-debug.sh; tools/test.sh
// builds it before this suite).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { compareImages, decodePng, launch, readPng, startServer, writePng } from './lib/browser.mjs';
import { ENGINE_WASM, GOLDEN, OUT, ROOT, ensureOut } from './lib/paths.mjs';

const UPDATE = !!process.env.REEL_UPDATE_GOLDEN;
const DEBUG_WASM = path.join(ROOT, 'target', 'engine-debug.wasm');
const GOLDEN_PNG = path.join(GOLDEN, 'catalog-overlay.png');
/** The Engine panel's measured figures (CSS px of the 1280x720 page): frame timeline, memory, channel. */
const MASK = { x0: 936, y0: 44, x1: 1280, y1: 396 };

let server;
let browser;

before(async () => {
  assert.ok(fs.existsSync(ENGINE_WASM), `${ENGINE_WASM} is missing: run tools/build-wasm.sh`);
  assert.ok(fs.existsSync(DEBUG_WASM), `${DEBUG_WASM} is missing: run tools/build-wasm-debug.sh`);
  ensureOut();
  server = await startServer({ port: 0, isolation: true });
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
});

async function waitFor(page, fn, arg, what, timeout = 20_000) {
  try {
    await page.waitForFunction(fn, arg, { timeout, polling: 50 });
  } catch {
    const st = await page.evaluate(() => JSON.stringify(window.__reel)).catch(() => '?');
    throw new Error(`${what}: timed out; state ${st}`);
  }
}

/** The catalog with the debug engine, first tile focused and settled. */
async function openCatalog() {
  const page = await browser.context.newPage();
  const logs = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  await page.goto(`${server.url}/examples/catalog/?debug=1&trailer=0`, { waitUntil: 'load' });
  await waitFor(page, () => window.__reel && window.__reel.done, null, 'catalog start');
  const st = await page.evaluate(() => window.__reel);
  assert.equal(st.error, null, `${st.error}\n${logs.join('\n')}`);
  assert.equal(st.overlay, 'available', `overlay: ${st.overlay}\n${logs.join('\n')}`);
  assert.equal(st.focused, 'tile 0-0');
  await page.waitForTimeout(900); // the hero's colour transition (400 ms) and the focus scale settle
  return { page, logs };
}

const overlayState = (page) => page.evaluate(() => window.reelRenderer.overlay.state());

/** Waits until the engine's list shows `pred(state)`; returns the state. */
async function until(page, pred, what) {
  const t0 = Date.now();
  let st;
  while (Date.now() - t0 < 10_000) {
    st = await overlayState(page);
    if (pred(st)) return st;
    await page.waitForTimeout(50);
  }
  throw new Error(`${what}: overlay state ${JSON.stringify(st)}`);
}

/** Engine id of the catalog's tile at row, col (examples/catalog/app.js `tiles`). */
function tileId(page, row, col) {
  return page.evaluate(([r, c]) => window.reelApp.tiles[r][c].id, [row, col]);
}

/** Screenshot once the painted frame stopped changing (OffscreenCanvas commits asynchronously). */
async function stableShot(page, name) {
  let prev = null;
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(150);
    const img = decodePng(await page.screenshot());
    if (prev && compareImages(prev, img).differing === 0) {
      writePng(path.join(OUT, `${name}.png`), img);
      return img;
    }
    prev = img;
  }
  throw new Error(`${name}: the page never stopped changing`);
}

function masked(img) {
  const out = { width: img.width, height: img.height, pixels: new Uint8Array(img.pixels) };
  for (let y = MASK.y0; y < Math.min(MASK.y1, img.height); y++) {
    for (let x = MASK.x0; x < Math.min(MASK.x1, img.width); x++) out.pixels.set([255, 0, 255, 255], (y * img.width + x) * 4);
  }
  return out;
}

function rgbAt(img, x, y) {
  const i = (y * img.width + x) * 4;
  return [img.pixels[i], img.pixels[i + 1], img.pixels[i + 2]];
}

test('overlay over the catalog: F12 opens it; golden screenshot (WebGL2 in the Worker)', async () => {
  const { page, logs } = await openCatalog();
  await page.keyboard.press('F12');
  const st = await until(page, (s) => s.open && s.meshes > 0, 'open');
  assert.equal(st.selected, await page.evaluate(() => window.reelRenderer.focused.id), 'opens on the focused tile');
  // Select the next tile (visible on screen, right of the tree panel): its bounds are highlighted.
  await page.keyboard.press('ArrowDown');
  const second = await tileId(page, 0, 1);
  await until(page, (s) => s.selected === second, 'down selects tile 0-1');
  const img = await stableShot(page, 'catalog-overlay');

  // The picture is the overlay over the catalog (so a regenerated golden cannot be garbage).
  assert.equal(img.width, 1280);
  assert.equal(img.height, 720);
  const near = (got, want, tol, where) => assert.ok(got.every((v, k) => Math.abs(v - want[k]) <= tol), `${where} is rgb(${got}), want ~rgb(${want})`);
  // Tree panel: egui's dark window fill at its left edge, the selected row's blue selection.
  near(rgbAt(img, 12, 330), [27, 27, 27], 12, 'tree panel fill');
  // The highlight of tile 0-1 (green edge, HIGHLIGHT_EDGE 0x3cff64) on its top edge, right of the panel.
  let green = 0;
  for (let x = 360; x < 900; x++) for (let y = 370; y < 400; y++) { const [r, g, b] = rgbAt(img, x, y); if (g > 200 && r < 120 && b < 150) green++; }
  assert.ok(green > 100, `the selected tile's highlight edge is on screen (${green} green pixels)`);
  // The catalog is still drawn under the overlay (a poster at the bottom right,
  // tile 1-2's blue art, not the page's near-black background).
  const [, g, b] = rgbAt(img, 600, 650);
  assert.ok(g > 90 && b > 90, `catalog tile under the overlay: rgb(${rgbAt(img, 600, 650)})`);

  if (UPDATE || !fs.existsSync(GOLDEN_PNG)) {
    writePng(GOLDEN_PNG, img);
    console.log(`wrote ${GOLDEN_PNG}`);
  } else {
    const want = readPng(GOLDEN_PNG);
    const c = compareImages(masked(img), masked(want), { channel: 8, diffFile: path.join(OUT, 'catalog-overlay-diff.png') });
    assert.ok(!c.sizeMismatch, `size ${c.sizeMismatch}`);
    const compared = img.width * img.height - (MASK.x1 - MASK.x0) * (MASK.y1 - MASK.y0);
    assert.ok(c.differing <= 0.002 * compared, `${c.differing} pixels differ by > 8 levels (max ${c.maxDelta}); see target/browser-out/catalog-overlay{,-diff}.png`);
  }
  assert.ok(!logs.some((l) => /pageerror|error:/.test(l)), logs.join('\n'));
  await page.close();
});

test('D-pad through the tree inspector (real key presses); the app sees none of them', async () => {
  const { page } = await openCatalog();
  const appState = () => page.evaluate(() => ({ focused: window.__reel.focused, open: window.__reel.open }));
  const t00 = await tileId(page, 0, 0);
  const t01 = await tileId(page, 0, 1);
  const t02 = await tileId(page, 0, 2);
  await page.keyboard.press('F12');
  await until(page, (s) => s.open && s.selected === t00, 'open on tile 0-0');
  // Down, Down: the next rows (tiles 0-1, 0-2: the tiles are collapsed rows).
  await page.keyboard.press('ArrowDown');
  await until(page, (s) => s.selected === t01 && s.highlighted === t01, 'down -> tile 0-1 (highlighted on screen)');
  await page.keyboard.press('ArrowDown');
  await until(page, (s) => s.selected === t02, 'down -> tile 0-2');
  // Up: back.
  await page.keyboard.press('ArrowUp');
  await until(page, (s) => s.selected === t01, 'up -> tile 0-1');
  // Right expands, Right again enters the tile's first child; Left goes back to the tile.
  const firstChild = await page.evaluate((id) => window.reelRenderer.nodeById(id).firstChild.id, t01);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await until(page, (s) => s.selected === firstChild, 'right, right -> first child of tile 0-1');
  await page.keyboard.press('ArrowLeft');
  await until(page, (s) => s.selected === t01, 'left -> tile 0-1');
  // Enter toggles expansion in the inspector; the app does not open its details.
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  assert.deepEqual(await appState(), { focused: 'tile 0-0', open: false }, 'app focus and details untouched while the overlay is open');
  // Escape closes the overlay (not the app's Back).
  await page.keyboard.press('Escape');
  await until(page, (s) => !s.open && s.meshes === 0 && s.highlighted === null, 'closed');
  assert.equal(await page.evaluate(() => window.reelRenderer.overlay.open), false);
  // The arrows are the app's again.
  await page.keyboard.press('ArrowRight');
  await waitFor(page, () => window.__reel.focused === 'tile 0-1', null, 'app focus moves after closing');
  // The blue remote key (keyCode 406) toggles it too.
  await page.evaluate(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ColorF3Blue', keyCode: 406, bubbles: true })));
  await until(page, (s) => s.open && s.selected === t01, 'blue opens on the newly focused tile');
  await page.close();
});

test('mouse: a click on a tree row selects it; hovering tiles leaves the app\'s focus', async () => {
  const { page } = await openCatalog();
  await page.keyboard.press('F12');
  const t00 = await tileId(page, 0, 0);
  await until(page, (s) => s.open && s.selected === t00, 'open');
  await stableShot(page, 'catalog-overlay-mouse-before');
  // Hover over tiles (the app would hover-focus them when the overlay is closed).
  for (const x of [500, 650, 800]) await page.mouse.move(x, 450);
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__reel.focused), 'tile 0-0');
  // The "#11 view" row of the tree (the first row's container; rows are 21 CSS px apart from #0 at y 57).
  const rowId = await page.evaluate(() => window.reelApp.tiles[0][0].parent.parent.id);
  const rows = await page.evaluate(() => {
    // Rows of the tree as laid out now: ids from the root down to the focused tile (expanded path).
    const out = [];
    for (let n = window.reelRenderer.focused; n; n = n.parent) out.unshift(n.id);
    return out;
  });
  assert.ok(rows.includes(rowId));
  await page.mouse.click(140, 141);
  const st = await until(page, (s) => s.selected !== t00, 'click selects a row');
  assert.equal(st.selected, rowId, `clicked row: node ${st.selected}, expected the row container ${rowId}`);
  assert.equal(await page.evaluate(() => window.__reel.focused), 'tile 0-0', 'the click did not reach the app');
  await page.close();
});
