// In a browser (Chromium through playwright-core, the repo's static server):
// a relative image `src` resolves against the document, not against the
// Worker script's URL, and a failed load names the URL that was tried.
// Skipped without /usr/bin/chromium (REEL_CHROMIUM).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';

import { startServer, launch } from '../../tests/browser/lib/browser.mjs';
import { CHROMIUM } from '../../tests/browser/lib/paths.mjs';
import { SKIP_NO_ENGINE } from './helpers.js';

const SKIP = SKIP_NO_ENGINE || (existsSync(CHROMIUM) ? false : `no ${CHROMIUM}`);

test('browser: relative image src resolves against the document; failures name the URL tried', { skip: SKIP, timeout: 60000 }, async () => {
  const server = await startServer({ port: 0, quiet: true });
  const { context, close } = await launch();
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/js-shim/test/fixtures/relative-src/index.html`);
    await page.waitForFunction(() => window.__reel && window.__reel.done, null, { timeout: 30000 });
    const st = await page.evaluate(() => window.__reel);
    assert.equal(st.images.length, 2, JSON.stringify(st));
    assert.ok(st.images.some((s) => /:loaded:/.test(s)), `poster.png loaded: ${JSON.stringify(st)}`);
    assert.ok(st.images.some((s) => /:failed:not-found/.test(s)), `missing.png failed as notFound: ${JSON.stringify(st)}`);
    const tried = `${server.url}/js-shim/test/fixtures/relative-src/missing.png`;
    assert.ok(st.errors.some((m) => m.includes(`missing.png (${tried}): HTTP 404`)), `the error names ${tried}: ${JSON.stringify(st.errors)}`);
    // The poster (green) is on screen at the left half.
    const { PNG } = (await import('../../tests/browser/lib/paths.mjs')).requireDev('pngjs');
    const shot = PNG.sync.read(await page.screenshot({ clip: { x: 0, y: 0, width: 160, height: 90 } }));
    const at = (x, y) => Array.from(shot.data.subarray((y * 160 + x) * 4, (y * 160 + x) * 4 + 3));
    assert.deepEqual(at(40, 45), [0, 255, 0]);
  } finally {
    await close();
    await server.close();
  }
});
