// tests/browser/clips.test.mjs — examples/clips (issue 17: a vertical feed of
// short clips) in headless Chromium with the browser's video plane
// (examples/clips/index.html + browser.js, the WebM test clip):
//
// * the first clip plays through the hole: the screenshot
//   (target/browser-out/clips-first.png) shows the clip's magenta and green
//   where the video node is, its title band over it, and the next clip
//   peeking at the bottom under the "Up next" strip;
// * the next clip is preloaded: its <video> element exists (the peeking
//   surface), has its metadata, and is paused — one element plays at a time;
// * ArrowDown and the mouse wheel snap to the next clip, the wheel up back:
//   the new clip plays once the snap lands, the old one is paused, and the
//   progress (timeupdate) moves the current clip's bar.
//
//   node --test tests/browser/clips.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { decodePng, launch, openAndWait, startServer } from './lib/browser.mjs';
import { ENGINE_WASM, OUT, ROOT, ensureOut } from './lib/paths.mjs';

let server;
let browser;

before(async () => {
  assert.ok(fs.existsSync(ENGINE_WASM), `${ENGINE_WASM} is missing: run tools/build-wasm.sh`);
  assert.ok(fs.existsSync(path.join(ROOT, 'tests/fixtures/video/clip.webm')), 'tests/fixtures/video/clip.webm is missing: run tools/make-test-clip.sh');
  ensureOut();
  server = await startServer({ port: 0, isolation: true });
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
});

const near = (px, want, tol, what) => {
  const d = Math.max(...want.map((w, i) => Math.abs(px[i] - w)));
  assert.ok(d <= tol, `${what}: got rgb(${px.slice(0, 3).join(',')}), want about rgb(${want.join(',')}) (off by ${d})`);
};

/** The plane's <video> elements: [{ top, paused, ready, t, src }] (top in CSS px). */
const videos = (page) => page.evaluate(() => [...document.querySelectorAll('[data-reel-video-plane] video')].map((v) => {
  const r = v.getBoundingClientRect();
  return { top: Math.round(r.top), h: Math.round(r.height), paused: v.paused, ready: v.readyState, t: v.currentTime };
}));

test('clips feed: the first clip plays, the next is preloaded, ArrowDown and the wheel snap, one decoder plays', async () => {
  const { page, state, logs } = await openAndWait(browser.context, `${server.url}/examples/clips/index.html`);
  assert.equal(state.error, null, logs.join('\n'));
  const wait = (fn, arg, what) => page.waitForFunction(fn, arg, { timeout: 20_000, polling: 50 })
    .catch(async () => { throw new Error(`${what}: ${await page.evaluate(() => JSON.stringify(window.__reel))}\n${JSON.stringify(await videos(page))}\n${logs.join('\n')}`); });
  await wait(() => window.__reel.events.includes('0 playing') && window.__reel.events.includes('1 loadedmetadata'), null, 'clip 0 playing, clip 1 metadata');
  await wait(() => [...document.querySelectorAll('[data-reel-video-plane] video')].some((v) => !v.paused && v.currentTime > 0.5), null, 'clip 0 plays 0.5 s');
  const v0 = await videos(page);
  // Two surfaces: the current clip (1792x1008 logical = 672 CSS px tall at 2/3) and the next one peeking at the bottom.
  assert.equal(v0.length, 2, JSON.stringify(v0));
  assert.equal(v0.filter((v) => !v.paused).length, 1, `one plays: ${JSON.stringify(v0)}`);
  const next = v0.find((v) => v.paused);
  assert.equal(next.top, 672, `the next clip peeks in at the bottom: ${JSON.stringify(v0)}`);
  assert.ok(next.ready >= 1, `the next clip has its metadata: ${JSON.stringify(v0)}`);
  const buf = await page.screenshot({ path: path.join(OUT, 'clips-first.png'), clip: { x: 0, y: 0, width: 1280, height: 720 } });
  const img = decodePng(buf);
  const px = (x, y) => Array.from(img.pixels.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));
  near(px(200, 100), [0xe0, 0x20, 0xc0], 40, 'the clip\'s magenta through the hole');
  near(px(200, 420), [0x20, 0xc0, 0x40], 40, 'the clip\'s green through the hole');
  near(px(20, 300), [0x05, 0x06, 0x0b], 6, 'the page beside the video');
  const band = px(900, 700);
  assert.ok(band[0] < 0x60 && band[2] < 0x60, `the "Up next" strip darkens the peeking clip: ${band}`);

  // ArrowDown: clip 1 plays once the snap lands; clip 0 is paused.
  await page.keyboard.press('ArrowDown');
  await wait(() => window.__reel.index === 1 && window.__reel.playing === 1 && window.__reel.events.includes('1 playing'), null, 'clip 1 playing');
  await page.waitForTimeout(600);
  let vs = await videos(page);
  assert.equal(vs.filter((v) => !v.paused).length, 1, `one plays: ${JSON.stringify(vs)}`);
  assert.equal(vs.find((v) => !v.paused).top, 0, `the playing one is on top: ${JSON.stringify(vs)}`);
  await page.screenshot({ path: path.join(OUT, 'clips-second.png'), clip: { x: 0, y: 0, width: 1280, height: 720 } });

  // The wheel: down to clip 2, then up again to clip 1.
  await page.mouse.move(640, 360);
  await page.mouse.wheel(0, 120);
  await wait(() => window.__reel.index === 2 && window.__reel.playing === 2, null, 'wheel down to clip 2');
  await page.waitForTimeout(500);
  await page.mouse.wheel(0, -120);
  await wait(() => window.__reel.index === 1 && window.__reel.playing === 1, null, 'wheel up to clip 1');
  await page.waitForTimeout(300);
  vs = await videos(page);
  assert.equal(vs.filter((v) => !v.paused).length, 1, `one plays: ${JSON.stringify(vs)}`);
  const ev = await page.evaluate(() => window.__reel.events);
  assert.ok(!ev.some((e) => e.includes('error')), `no errors: ${ev}`);
  assert.ok(ev.filter((e) => e === '1 timeupdate').length >= 1, `progress from timeupdate: ${ev}`);
  await page.close();
});
