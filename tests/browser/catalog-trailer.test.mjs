// tests/browser/catalog-trailer.test.mjs — the catalog's autoplay trailer
// (issue 17, examples/catalog/trailer.js) in headless Chromium with the
// browser's video plane (examples/catalog/browser.js: the WebM test clip):
// focus rests on the first tile, after 1.5 s the hero's <video> plays under
// the canvas and the screenshot (target/browser-out/catalog-trailer.png)
// shows the clip's colours in the hero's right part; ArrowRight pauses it;
// Back on the home screen (after it plays again) stops it: paused at 0.
//
//   node --test tests/browser/catalog-trailer.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { decodePng, launch, openAndWait, startServer } from './lib/browser.mjs';
import { ENGINE_WASM, OUT, ensureOut } from './lib/paths.mjs';

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

const video = (page) => page.evaluate(() => {
  const v = document.querySelector('[data-reel-video-plane] video');
  if (!v) return null;
  const r = v.getBoundingClientRect();
  return { x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.width), h: Math.round(r.height), paused: v.paused, t: v.currentTime, opacity: Number(v.parentNode.style.opacity) };
});

test('catalog trailer: focus rests 1.5 s, the hero plays the clip; a move pauses it, Back stops it', async () => {
  const { page, state, logs } = await openAndWait(browser.context, `${server.url}/examples/catalog/`);
  assert.equal(state.error, null, logs.join('\n'));
  const until = (fn, what) => page.waitForFunction(fn, null, { timeout: 20_000, polling: 50 })
    .catch(async () => { throw new Error(`${what}: ${JSON.stringify(await video(page))}\n${logs.join('\n')}`); });
  assert.equal(await video(page), null, 'no video before the dwell');
  await until(() => { const v = document.querySelector('[data-reel-video-plane] video'); return v && !v.paused && v.currentTime > 0.5 && v.parentNode.style.opacity === '1'; }, 'the trailer plays in the hero');
  const v = await video(page);
  // The hero's 782x440 video at (96 + 946, 48) logical = (694.7, 32) CSS px at 1280/1920.
  assert.deepEqual([v.x, v.y, v.w, v.h], [695, 32, 521, 293], JSON.stringify(v));
  const buf = await page.screenshot({ path: path.join(OUT, 'catalog-trailer.png'), clip: { x: 0, y: 0, width: 1280, height: 720 } });
  const img = decodePng(buf);
  const px = (x, y) => Array.from(img.pixels.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 3));
  const near = (p, want) => p.every((c, i) => Math.abs(c - want[i]) <= 40);
  assert.ok(near(px(760, 60), [0xe0, 0x20, 0xc0]), `the clip's magenta in the hero: ${px(760, 60)}`);
  assert.ok(near(px(760, 280), [0x20, 0xc0, 0x40]), `the clip's green in the hero: ${px(760, 280)}`);
  // A move: paused at once (and the hero fades back to its art).
  await page.keyboard.press('ArrowRight');
  await until(() => { const v = document.querySelector('[data-reel-video-plane] video'); return !v || v.paused; }, 'paused after a move');
  // Rest again, then Back: stopped (paused, rewound).
  await until(() => { const v = document.querySelector('[data-reel-video-plane] video'); return v && !v.paused && v.currentTime > 0.3; }, 'plays again after the dwell');
  await page.keyboard.press('Escape');
  await until(() => { const v = document.querySelector('[data-reel-video-plane] video'); return !v || (v.paused && v.currentTime === 0); }, 'Back stops it');
  await page.close();
});
