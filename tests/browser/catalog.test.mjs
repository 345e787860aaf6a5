// tests/browser/catalog.test.mjs — the catalog sample (examples/catalog/)
// in headless Chromium: the worker renderer, keys through page.keyboard
// (ArrowRight x3, ArrowDown, Enter, Escape), focus read from window.__reel
// (kept from renderer 'focus' events), screenshots of the focused tile and
// of the details overlay in target/browser-out/catalog-*.png.
//
//   node --test tests/browser/catalog.test.mjs
//
// The demo server's whitelist may not include examples/catalog/ yet; the
// test then serves those files itself through page.route.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { launch, startServer } from './lib/browser.mjs';
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

async function waitFor(page, fn, arg, what) {
  try {
    await page.waitForFunction(fn, arg, { timeout: 20_000, polling: 50 });
  } catch {
    const st = await page.evaluate(() => JSON.stringify(window.__reel)).catch(() => '?');
    throw new Error(`${what}: timed out; state ${st}`);
  }
}

test('catalog: keys move focus, Enter opens details, Escape closes; screenshots', async () => {
  const page = await browser.context.newPage();
  const logs = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  // Serve examples/catalog/ from disk if the server does not.
  await page.route(/\/examples\/catalog\//, async (route) => {
    const rel = new URL(route.request().url()).pathname.replace(/^\/+/, '').replace(/\/$/, '/index.html');
    const file = path.join(ROOT, rel);
    if (!file.startsWith(path.join(ROOT, 'examples', 'catalog'))) return route.fulfill({ status: 404, body: '' });
    const type = file.endsWith('.html') ? 'text/html' : file.endsWith('.jpg') ? 'image/jpeg' : 'text/javascript';
    return route.fulfill({ status: 200, body: fs.readFileSync(file), headers: { 'Content-Type': type, 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Opener-Policy': 'same-origin' } });
  });
  await page.goto(`${server.url}/examples/catalog/`, { waitUntil: 'load' });
  await waitFor(page, () => window.__reel && window.__reel.done, null, 'start');
  const st0 = await page.evaluate(() => window.__reel);
  assert.equal(st0.error, null, `${st0.error}\n${logs.join('\n')}`);
  assert.equal(st0.focused, 'tile 0-0');

  const focusIs = (label) => waitFor(page, (l) => window.__reel.focused === l, label, `focus ${label}`);
  for (let i = 1; i <= 3; i++) {
    await page.keyboard.press('ArrowRight');
    await focusIs(`tile 0-${i}`);
  }
  await page.keyboard.press('ArrowDown');
  await waitFor(page, () => /^tile 1-/.test(window.__reel.focused), null, 'row 1');
  const tileLabel = await page.evaluate(() => window.__reel.focused);
  await page.waitForTimeout(400); // the focus scale (180 ms) settles
  const shot1 = path.join(OUT, 'catalog-focus.png');
  await page.screenshot({ path: shot1 });

  await page.keyboard.press('Enter');
  await focusIs('button 0');
  assert.equal(await page.evaluate(() => window.__reel.open), true);
  await page.waitForTimeout(900); // the panel's spring and the backdrop fade
  const shot2 = path.join(OUT, 'catalog-details.png');
  await page.screenshot({ path: shot2 });

  await page.keyboard.press('Escape');
  await focusIs(tileLabel);
  assert.equal(await page.evaluate(() => window.__reel.open), false);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(OUT, 'catalog-closed.png') });
  const err = await page.evaluate(() => window.__reel.error);
  assert.equal(err, null, logs.join('\n'));
  await page.close();
});
