// tests/browser/a11y.test.mjs — what the engine says reaches the page: the
// labelled catalog (examples/catalog/) in headless Chromium with the worker
// renderer; speechSynthesis.speak is intercepted (an init script records
// each utterance's text and counts cancel()), and the hidden ARIA live
// region ([data-reel-live]) is read. With ?a11y=0 (createRenderer({ a11y:
// false })) neither is used.
//
//   node --test tests/browser/a11y.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { launch, startServer } from './lib/browser.mjs';
import { ENGINE_WASM, ROOT } from './lib/paths.mjs';

let server;
let browser;

before(async () => {
  assert.ok(fs.existsSync(ENGINE_WASM), `${ENGINE_WASM} is missing: run tools/build-wasm.sh`);
  server = await startServer({ port: 0, isolation: true });
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
});

async function catalog(query) {
  const page = await browser.context.newPage();
  const logs = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    window.__spoken = [];
    window.__cancels = 0;
    if (!window.speechSynthesis) {
      window.speechSynthesis = {};
      window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
    }
    window.speechSynthesis.speak = (u) => { window.__spoken.push(u.text); };
    window.speechSynthesis.cancel = () => { window.__cancels++; };
  });
  await page.route(/\/examples\/catalog\//, async (route) => {
    const rel = new URL(route.request().url()).pathname.replace(/^\/+/, '').replace(/\/$/, '/index.html');
    const file = path.join(ROOT, rel);
    if (!file.startsWith(path.join(ROOT, 'examples', 'catalog'))) return route.fulfill({ status: 404, body: '' });
    const type = file.endsWith('.html') ? 'text/html' : file.endsWith('.jpg') ? 'image/jpeg' : 'text/javascript';
    return route.fulfill({ status: 200, body: fs.readFileSync(file), headers: { 'Content-Type': type, 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Opener-Policy': 'same-origin' } });
  });
  await page.goto(`${server.url}/examples/catalog/${query}`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__reel && window.__reel.done, null, { timeout: 20_000, polling: 50 });
  const st = await page.evaluate(() => window.__reel);
  assert.equal(st.error, null, `${st.error}\n${logs.join('\n')}`);
  return { page, logs };
}

const live = (page, p) => page.evaluate((p) => document.querySelector(`[data-reel-live="${p}"]`)?.textContent ?? null, p);

test('focus announcements are spoken and written into the live region', async () => {
  const { page, logs } = await catalog('');
  const first = 'Continue watching, Continue watching #1, button, 1 of 40';
  await page.waitForFunction(() => window.__spoken.length >= 1, null, { timeout: 10_000, polling: 50 }).catch(() => {
    throw new Error(`nothing spoken\n${logs.join('\n')}`);
  });
  assert.deepEqual(await page.evaluate(() => window.__spoken), [first]);
  assert.equal(await live(page, 'assertive'), first);
  const attrs = await page.evaluate(() => {
    const el = document.querySelector('[data-reel-live="assertive"]');
    return { live: el.getAttribute('aria-live'), role: el.getAttribute('role'), w: el.getBoundingClientRect().width };
  });
  assert.deepEqual(attrs, { live: 'assertive', role: 'alert', w: 1 }, 'a visually hidden assertive region');

  // Three fast presses: only the settled focus is spoken.
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  const fourth = 'Continue watching #4, button, 4 of 40';
  await page.waitForFunction((t) => window.__spoken.includes(t), fourth, { timeout: 10_000, polling: 50 });
  await page.waitForTimeout(400);
  const spoken = await page.evaluate(() => window.__spoken);
  assert.ok(spoken.length <= 3, `at most the settled focus after the burst: ${JSON.stringify(spoken)}`);
  assert.equal(spoken.at(-1), fourth);
  assert.equal(await live(page, 'assertive'), fourth);
  assert.ok((await page.evaluate(() => window.__cancels)) >= 2, 'assertive announcements interrupt');

  // The app's own announcement: polite.
  await page.evaluate(() => window.reelRenderer.announce('Saved to My List'));
  await page.waitForFunction(() => window.__spoken.at(-1) === 'Saved to My List', null, { timeout: 10_000, polling: 50 });
  assert.equal(await live(page, 'polite'), 'Saved to My List');
  await page.close();
});

test('createRenderer({ a11y: false }) speaks nothing and adds no live region', async () => {
  const { page } = await catalog('?a11y=0');
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(600);
  assert.deepEqual(await page.evaluate(() => window.__spoken), []);
  assert.equal(await page.evaluate(() => document.querySelectorAll('[data-reel-live]').length), 0);
  assert.deepEqual(await page.evaluate(() => ({ speech: window.reelRenderer.a11y.speech, liveRegion: window.reelRenderer.a11y.liveRegion })), { speech: false, liveRegion: false });
  await page.close();
});
