// tests/browser/video.test.mjs — a video node in headless Chromium (issue 17):
// tests/browser/pages/video.html plays tests/fixtures/video/clip.webm
// (tools/make-test-clip.sh: top half magenta, bottom half green, a moving
// white box) in a video node; the painter punches a hole there and the
// page's <video> element under the canvas shows through it, while a white
// focus ring and a dark label drawn after the video cover its edge. For
// the WebGL2 and Canvas2D painters: the screenshot
// (target/browser-out/video-<painter>.png) shows the clip's colours inside
// the hole, the ring over the video's edge, the label over the video, and the
// backdrop outside; the element sits exactly at the node's rect.
//
//   node --test tests/browser/video.test.mjs
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

for (const painter of ['webgl2', 'canvas2d']) {
  test(`video node (${painter}): the clip shows through the hole, the ring and a label over it`, async () => {
    const { page, state, logs } = await openAndWait(browser.context, `${server.url}/tests/browser/pages/video.html?painter=${painter}`);
    assert.equal(state.error, null, logs.join('\n'));
    try {
      await page.waitForFunction(() => { const v = window.__video(); return v && v.ready >= 2 && v.t > 0.3; }, null, { timeout: 20_000, polling: 50 });
    } catch {
      throw new Error(`the <video> did not play: ${JSON.stringify(await page.evaluate(() => window.__video()))}\n${logs.join('\n')}`);
    }
    // The element is at the node's rect (canvas at the page origin).
    const box = await page.evaluate(() => { const r = document.querySelector('[data-reel-video-plane] video').getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; });
    assert.deepEqual(box.map(Math.round), [100, 80, 320, 180]);
    assert.equal(await page.evaluate(() => window.__reel.painter), painter);
    const file = path.join(OUT, `video-${painter}.png`);
    const buf = await page.screenshot({ path: file, clip: { x: 0, y: 0, width: 640, height: 360 } });
    const img = decodePng(buf);
    const px = (x, y) => Array.from(img.pixels.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));
    near(px(400, 100), [0xe0, 0x20, 0xc0], 40, 'top of the clip (magenta) through the hole');
    near(px(400, 240), [0x20, 0xc0, 0x40], 40, 'bottom of the clip (green) through the hole');
    near(px(97, 150), [255, 255, 255], 8, 'the ring left of the video');
    near(px(103, 150), [255, 255, 255], 8, 'the ring over the video\'s edge');
    near(px(20, 20), [0x10, 0x20, 0x40], 8, 'the backdrop');
    const label = px(150, 235);
    assert.ok(label[0] < 0x40 && label[1] < 0x50 && label[2] < 0x40, `the dark label over the video: rgb(${label.slice(0, 3)})`);
    assert.equal(await page.evaluate(() => window.__reel.error), null, logs.join('\n'));
    await page.close();
  });
}

test('video events: loadedmetadata, playing, timeupdate (<= 4/s); decoder-limit on a 1-decoder device; a 404 src errors', async () => {
  const { page, state, logs } = await openAndWait(browser.context, `${server.url}/tests/browser/pages/video.html?second=1&missing=1&maxDecoders=1`);
  assert.equal(state.error, null, logs.join('\n'));
  const first = 2; // the first video node's id (after the backdrop)
  await page.waitForFunction(() => window.__reel.events.filter((e) => e.type === 'timeupdate').length >= 4, null, { timeout: 20_000, polling: 50 })
    .catch(async () => { throw new Error(`events: ${JSON.stringify(await page.evaluate(() => window.__reel.events))}`); });
  await page.waitForFunction((id) => window.__reel.events.some((e) => e.id === id && e.type === 'error'), state.missing, { timeout: 20_000, polling: 50 })
    .catch(async () => { throw new Error(`no error for the 404: ${JSON.stringify(await page.evaluate(() => window.__reel.events))}`); });
  const t0 = Date.now();
  await page.waitForTimeout(1000);
  const events = await page.evaluate(() => window.__reel.events);
  const of = (id, type) => events.filter((e) => e.id === id && e.type === type);
  const meta = of(first, 'loadedmetadata');
  assert.equal(meta.length, 1, JSON.stringify(events));
  assert.deepEqual([meta[0].width, meta[0].height, meta[0].node], [160, 90, first]);
  assert.ok(Math.abs(meta[0].time - 3) < 0.1, `duration ${meta[0].time}`);
  assert.ok(of(first, 'playing').length >= 1);
  // timeupdate: each at least 0.25 s of media time after the one before (or back, on a loop).
  const tu = of(first, 'timeupdate').map((e) => e.time);
  for (let i = 1; i < tu.length; i++) assert.ok(tu[i] - tu[i - 1] >= 0.25 - 1e-6 || tu[i] < tu[i - 1], `timeupdates ${tu}`);
  // The second video: not played, one decoder-limit error, never silently.
  const lim = of(state.second, 'error');
  assert.deepEqual(lim.map((e) => e.reason), ['decoder-limit'], JSON.stringify(events));
  assert.equal(of(state.second, 'playing').length, 0);
  assert.equal(await page.evaluate((id) => [...document.querySelectorAll('[data-reel-video-plane] video')].filter((v) => !v.paused).length, state.second), 1);
  // The 404: an error with a reason (Chromium reports it as an unsupported source).
  // (It also wanted to play while the one decoder was busy: decoder-limit too.)
  const miss = of(state.missing, 'error').map((e) => e.reason).filter((r) => r !== 'decoder-limit');
  assert.equal(miss.length, 1, JSON.stringify(events));
  assert.ok(['not-found', 'unsupported'].includes(miss[0]), miss[0]);
  assert.ok(Date.now() - t0 < 5000);
  await page.close();
});

test('an autoplay video without loop stays ended: the plane does not start it again on later frames', async () => {
  const { page, state, logs } = await openAndWait(browser.context, `${server.url}/tests/browser/pages/video.html?loop=0`);
  assert.equal(state.error, null, logs.join('\n'));
  const first = 2;
  await page.waitForFunction((id) => window.__reel.events.some((e) => e.id === id && e.type === 'ended'), first, { timeout: 20_000, polling: 50 })
    .catch(async () => { throw new Error(`no ended: ${JSON.stringify(await page.evaluate(() => window.__reel.events))}`); });
  // Frames keep coming after 'ended' (its VIDEO_STATE is a batch; the page
  // also writes to the scene): before the fix each one found the element
  // paused with autoplay set and called play(), which restarts at 0.
  for (let i = 0; i < 10; i++) {
    await page.evaluate((k) => { window.__reel.back.color = k % 2 ? 0x102041ff : 0x102040ff; }, i);
    await page.waitForTimeout(150);
  }
  const events = await page.evaluate(() => window.__reel.events);
  const of = (type) => events.filter((e) => e.id === first && e.type === type);
  assert.equal(of('playing').length, 1, `played once: ${JSON.stringify(events)}`);
  assert.equal(of('ended').length, 1, JSON.stringify(events));
  const v = await page.evaluate(() => window.__video());
  assert.equal(v.paused, true);
  assert.ok(v.t > 2.9, `stays at its end: ${v.t}`);
  await page.close();
});

// Bad inputs (tests/browser/pages/video-bad.html, maxDecoders 1): each gives
// its event and reason, the scene keeps painting (a box moves every frame),
// and the plane goes back to its baseline: no element, none playing.
test('bad inputs: 404, corrupt, unsupported, seek past the end, 10 videos on 1 decoder, destroying a playing node', async () => {
  const { page, state, logs } = await openAndWait(browser.context, `${server.url}/tests/browser/pages/video-bad.html`);
  assert.equal(state.error, null, logs.join('\n'));
  const ev = () => page.evaluate(() => window.__reel.events);
  const until = (fn, arg, what) => page.waitForFunction(fn, arg, { timeout: 20_000, polling: 50 })
    .catch(async () => { throw new Error(`${what}: ${JSON.stringify(await ev())}\n${logs.join('\n')}`); });
  const errorOf = (id) => until((i) => window.__reel.events.some((e) => e.id === i && e.type === 'error'), id, `an error for node ${id}`)
    .then(async () => (await ev()).filter((e) => e.id === id && e.type === 'error').map((e) => e.reason));
  const plane = () => page.evaluate(() => window.__bad.plane());
  const add = (src, props) => page.evaluate(([s, p]) => window.__bad.add(window.__bad.srcs[s] ?? s, p), [src, props]);
  const destroy = (id) => page.evaluate((i) => window.__bad.destroy(i), id);
  const moving = async () => { const a = await page.evaluate(() => window.__reel.box); await page.waitForTimeout(200); return a !== await page.evaluate(() => window.__reel.box); };

  // 404, corrupt, unsupported: one error each, with its reason; none plays.
  const missing = await add('missing', { paused: true });
  assert.deepEqual(await errorOf(missing), ['unsupported'], 'Chromium reports a 404 as an unsupported source (MEDIA_ERR_SRC_NOT_SUPPORTED)');
  const corrupt = await add('corrupt'); // plays: the header is intact, the frames are not
  const cr = await errorOf(corrupt);
  assert.equal(cr.length, 1);
  assert.ok(['decode', 'unsupported'].includes(cr[0]), `corrupt: ${cr}`);
  const webp = await add('webp', { paused: true });
  assert.deepEqual(await errorOf(webp), ['unsupported']);
  assert.ok(await moving(), 'the scene keeps running');
  for (const id of [missing, corrupt, webp]) await destroy(id);

  // A seek past the end: 'ended', the element paused at its end.
  const seek = await add('clip');
  await until((i) => window.__reel.events.some((e) => e.id === i && e.type === 'playing'), seek, 'the clip plays');
  await page.evaluate((i) => window.__bad.set(i, { currentTime: 99 }), seek);
  await until((i) => window.__reel.events.some((e) => e.id === i && e.type === 'ended'), seek, 'ended after a seek past the end');
  await page.waitForTimeout(300);
  assert.deepEqual(await plane(), { elements: 1, playing: 0 }, 'ended: paused, not restarted');
  await destroy(seek);

  // Ten videos at once on one decoder: one plays, nine get decoder-limit (once each).
  const ten = [];
  for (let i = 0; i < 10; i++) ten.push(await add('clip'));
  await until((ids) => ids.filter((i) => window.__reel.events.some((e) => e.id === i && e.reason === 'decoder-limit')).length === 9, ten, '9 decoder-limit errors');
  await until((ids) => ids.some((i) => window.__reel.events.some((e) => e.id === i && e.type === 'playing')), ten, 'one of ten plays');
  await page.waitForTimeout(300);
  let p = await plane();
  assert.deepEqual(p, { elements: 10, playing: 1 });
  const limited = (await ev()).filter((e) => ten.includes(e.id) && e.reason === 'decoder-limit');
  assert.equal(new Set(limited.map((e) => e.id)).size, 9, `once each: ${JSON.stringify(limited)}`);
  // Destroying the playing node: its element and decoder go; the rest keeps running.
  const player = (await ev()).find((e) => ten.includes(e.id) && e.type === 'playing').id;
  await destroy(player);
  await page.waitForTimeout(300);
  p = await plane();
  assert.equal(p.elements, 9, JSON.stringify(p));
  assert.ok(p.playing <= 1, JSON.stringify(p));
  assert.ok(await moving(), 'the scene keeps running');
  for (const id of ten) if (id !== player) await destroy(id);
  await page.waitForTimeout(300);
  assert.deepEqual(await plane(), { elements: 0, playing: 0 }, 'back to baseline');
  assert.equal(await page.evaluate(() => window.__reel.error), null);
  await page.close();
});

// An element event between the app's destroy and the next paint (the plane
// drops the player only when it sees the list without the node): before the
// fix its VIDEO_STATE followed the node's DESTROY in the batch and the
// engine refused the batch ('node N does not exist', once seen in CI).
test('a video element event right after the app destroys its node is not sent', async () => {
  const { page, state, logs } = await openAndWait(browser.context, `${server.url}/tests/browser/pages/video-bad.html`);
  assert.equal(state.error, null, logs.join('\n'));
  const id = await page.evaluate(() => window.__bad.add(window.__bad.srcs.clip));
  await page.waitForFunction((i) => window.__reel.events.some((e) => e.id === i && e.type === 'playing'), id, { timeout: 20_000, polling: 50 });
  await page.evaluate((i) => {
    const el = document.querySelector('[data-reel-video-plane] video');
    window.__bad.destroy(i);
    for (const type of ['timeupdate', 'pause', 'waiting']) el.dispatchEvent(new Event(type));
  }, id);
  await page.waitForTimeout(400);
  assert.equal(await page.evaluate(() => window.__reel.error), null);
  assert.deepEqual(await page.evaluate(() => window.__bad.plane()), { elements: 0, playing: 0 });
  await page.close();
});

// A decoder that is slow to start: play() takes 400 ms before the element
// stops reading paused. The video that was granted the decoder keeps it
// meanwhile; the others get decoder-limit once and never start.
test('a slow-starting decoder is not handed to a second video while the first starts', async () => {
  const { page, state, logs } = await openAndWait(browser.context, `${server.url}/tests/browser/pages/video-bad.html?slowplay=400`);
  assert.equal(state.error, null, logs.join('\n'));
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push(await page.evaluate(() => window.__bad.add(window.__bad.srcs.clip)));
  await page.waitForFunction((all) => window.__reel.events.some((e) => all.includes(e.id) && e.type === 'playing'), ids, { timeout: 20_000, polling: 50 });
  await page.waitForTimeout(800);
  const events = await page.evaluate(() => window.__reel.events);
  const playing = new Set(events.filter((e) => ids.includes(e.id) && e.type === 'playing').map((e) => e.id));
  const limited = events.filter((e) => ids.includes(e.id) && e.reason === 'decoder-limit');
  assert.equal(playing.size, 1, `one video plays: ${JSON.stringify(events)}`);
  assert.equal(limited.length, 2, `the other two are limited, once each: ${JSON.stringify(events)}`);
  assert.ok(!limited.some((e) => playing.has(e.id)), 'the playing one was never limited');
  assert.deepEqual(await page.evaluate(() => window.__bad.plane()), { elements: 3, playing: 1 });
  await page.close();
});

// A clip that reaches its end reads paused before its 'ended' event is
// dispatched. Here the plane never hears 'ended' (a capturing listener on
// the plane stops it), so every later paint sees a paused element at its
// end: it must stay ended, not be played again from 0 (what made the 'seek
// past the end' and '10 videos on 1 decoder' checks above fail now and then
// in CI: the replayed clip held the only decoder).
test('a clip at its end is not played again, even before its ended event arrives', async () => {
  const { page, state, logs } = await openAndWait(browser.context, `${server.url}/tests/browser/pages/video-bad.html`);
  assert.equal(state.error, null, logs.join('\n'));
  const id = await page.evaluate(() => {
    const plane = document.querySelector('[data-reel-video-plane]');
    plane.addEventListener('ended', (e) => e.stopPropagation(), true);
    return window.__bad.add(window.__bad.srcs.clip);
  });
  await page.waitForFunction((i) => window.__reel.events.some((e) => e.id === i && e.type === 'playing'), id, { timeout: 20_000, polling: 50 });
  await page.evaluate((i) => window.__bad.set(i, { currentTime: 99 }), id);
  await page.waitForFunction(() => document.querySelector('[data-reel-video-plane] video').ended, null, { timeout: 20_000, polling: 50 });
  await page.waitForTimeout(600); // ~36 paints
  const el = await page.evaluate(() => { const v = document.querySelector('[data-reel-video-plane] video'); return { paused: v.paused, ended: v.ended, t: v.currentTime, d: v.duration }; });
  assert.ok(el.paused && el.ended && el.t === el.d, `stays at its end: ${JSON.stringify(el)}`);
  assert.equal(await page.evaluate(() => window.__reel.error), null);
  await page.close();
});
