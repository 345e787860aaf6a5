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
