// Fonts in the JS paths: the default font every transport registers at init
// (createRenderer's fontUrl / fontFamily), and renderer.registerFont for an
// app's own fonts. Text nodes draw glyph quads (display-list image items on
// the glyph atlas texture) only when a font is registered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { createRenderer, displayListItems, FULL_FONT_URL as INDEX_FULL_FONT_URL } from '../src/index.js';
import { DEFAULT_FONT_URL, DEFAULT_FONT_FAMILY, FULL_FONT_URL, loadFontBytes } from '../src/transport/load.js';
import { ENGINE_WASM, inlineRenderer, SKIP_NO_ENGINE } from './helpers.js';

const FONT = fileURLToPath(new URL('../../engine/fonts/DejaVuSans-subset.ttf', import.meta.url));
const FULL_FONT = fileURLToPath(new URL('../../engine/fonts/DejaVuSans.ttf', import.meta.url));
const KIND_IMAGE = 2;

/** Items drawn for `node` in the current display list of an inline renderer. */
function itemsOf(r, node) {
  return displayListItems(r.engine.displayList(true)).filter((i) => i.node === node.id);
}

function addLabel(r, text = 'Hello') {
  const t = r.createNode('text', { text, x: 10, y: 10, w: 400, fontSize: 32, color: '#ffffff' });
  r.root.appendChild(t);
  return t;
}

test('the default font is the packaged subset assets/DejaVuSans-subset.ttf (engine/fonts/ in a checkout), family "DejaVu Sans"', async () => {
  assert.equal(fileURLToPath(DEFAULT_FONT_URL), fileURLToPath(new URL('../src/assets/DejaVuSans-subset.ttf', import.meta.url)));
  assert.equal(DEFAULT_FONT_FAMILY, 'DejaVu Sans');
  // Packed, the file is there; in the repository the loader reads its source, engine/fonts/.
  const subset = await loadFontBytes(DEFAULT_FONT_URL);
  assert.deepEqual(Buffer.from(subset), readFileSync(FONT));
  assert.ok(subset.byteLength <= 100_000, `the default font is ${subset.byteLength} bytes (budget 100,000)`);
});

test('the whole font stays available: FULL_FONT_URL (exported by the package) is assets/DejaVuSans.ttf', async () => {
  assert.equal(INDEX_FULL_FONT_URL, FULL_FONT_URL);
  assert.equal(fileURLToPath(FULL_FONT_URL), fileURLToPath(new URL('../src/assets/DejaVuSans.ttf', import.meta.url)));
  const full = await loadFontBytes(FULL_FONT_URL);
  assert.deepEqual(Buffer.from(full), readFileSync(FULL_FONT));
  assert.ok(full.byteLength > 700_000);
});

/** Glyph quads of `text` laid out with the init font at `fontUrl` (undefined: the default): transform and size of each. */
async function quads(fontUrl, text) {
  const r = await inlineRenderer(fontUrl === undefined ? {} : { fontUrl });
  try {
    const label = addLabel(r, text);
    r.frame(16);
    return itemsOf(r, label).map((i) => [...i.transform, ...i.size]);
  } finally {
    r.destroy();
  }
}

test('Latin, Greek and Cyrillic lay out identically with the default subset and FULL_FONT_URL; Vietnamese needs the whole font', { skip: SKIP_NO_ENGINE }, async () => {
  for (const text of ['AVATAR Wave To', 'Ελληνικά κόσμε', 'Съешь же ещё']) {
    const sub = await quads(undefined, text);
    assert.equal(sub.length, [...text].filter((c) => c !== ' ').length, text);
    assert.deepEqual(sub, await quads(FULL_FONT_URL, text), text);
  }
  // ệ (U+1EC7) is outside the subset: the subset draws its .notdef box, of another width.
  assert.notDeepEqual(await quads(undefined, 'Việt'), await quads(FULL_FONT_URL, 'Việt'));
});

test('inline: the default font is registered at init, so text draws glyphs', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer();
  const label = addLabel(r, 'Hello');
  r.frame(16);
  const items = itemsOf(r, label);
  assert.equal(items.length, 5, 'one glyph quad per letter of "Hello"');
  assert.ok(items.every((i) => i.kind === KIND_IMAGE), 'glyphs are textured quads');
  // Glyphs advance left to right.
  const xs = items.map((i) => i.transform[4]);
  assert.deepEqual([...xs].sort((a, b) => a - b), xs);
  r.destroy();
});

test('inline: fontUrl null registers nothing (text draws nothing)', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer({ fontUrl: null });
  const label = addLabel(r);
  r.frame(16);
  assert.equal(itemsOf(r, label).length, 0);
  r.destroy();
});

test('a font that cannot be loaded rejects createRenderer with its URL', { skip: SKIP_NO_ENGINE }, async () => {
  await assert.rejects(inlineRenderer({ fontUrl: '/nonexistent/Font.ttf' }), /cannot load font \/nonexistent\/Font\.ttf: ENOENT/);
  // A file that is not a font at all: named, with what it starts with.
  const notFont = fileURLToPath(new URL('../package.json', import.meta.url));
  await assert.rejects(inlineRenderer({ fontUrl: notFont }), /reel: .*package\.json is not a TrueType\/OpenType font: it starts with bytes 7b/);
  // An HTML page (a dev server's SPA fallback answering a missing font with index.html).
  const html = fileURLToPath(new URL('../../tests/browser/pages/scene.html', import.meta.url));
  await assert.rejects(inlineRenderer({ fontUrl: html }), /reel: .*scene\.html is an HTML page, not a TrueType\/OpenType font: the file is not served at that URL \(a dev server's SPA fallback/);
  // A font's magic with broken tables: the engine's reason.
  const broken = new Uint8Array(64);
  broken.set([0, 1, 0, 0]);
  const tmp = fileURLToPath(new URL(`../../target/broken-font-${process.pid}.ttf`, import.meta.url));
  (await import('node:fs')).writeFileSync(tmp, broken);
  try {
    await assert.rejects(inlineRenderer({ fontUrl: tmp }), /font 'DejaVu Sans' \(.*broken-font-\d+\.ttf\) was rejected by the engine/);
  } finally {
    (await import('node:fs')).rmSync(tmp, { force: true });
  }
});

test('fontFamily names the init font', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer({ fontFamily: 'Body' });
  assert.deepEqual(r.font, { family: 'Body', bytes: readFileSync(FONT).byteLength });
  const label = addLabel(r, 'Hi');
  label.set('fontFamily', 'Body');
  r.frame(16);
  assert.equal(itemsOf(r, label).length, 2);
  const none = await inlineRenderer({ fontUrl: null });
  assert.equal(none.font, null);
  none.destroy();
  r.destroy();
});

test('registerFont: resolves once the engine took the font; text then draws with it', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer({ fontUrl: null });
  const label = addLabel(r, 'Reel');
  r.frame(16);
  assert.equal(itemsOf(r, label).length, 0);
  const bytes = readFileSync(FONT);
  const p = r.registerFont('App Sans', bytes);
  assert.ok(p instanceof Promise);
  assert.deepEqual(await p, { family: 'App Sans', bytes: bytes.byteLength });
  r.frame(32);
  assert.equal(itemsOf(r, label).length, 4, 'the first registered font is the default');
  r.destroy();
});

test('registerFont: a bad font rejects with the engine\'s reason; the app\'s writes are kept', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer();
  const errors = [];
  r.on('error', (e) => errors.push(e));
  const box = r.createNode('view', { w: 50, h: 50, color: '#ff0000' });
  r.root.appendChild(box); // pending when registerFont is called: sent in its own batch first
  await assert.rejects(r.registerFont('Broken', new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7])),
    /font 'Broken' was rejected by the engine: .*REGISTER_FONT.*not a TrueType\/OpenType font/);
  r.frame(16);
  assert.equal(itemsOf(r, box).length, 1, 'the box written before registerFont is drawn');
  assert.equal(errors.length, 0, 'the rejection is reported by the promise, not twice');
  r.destroy();
});

test('registerFont: bad arguments throw a TypeError at the call site', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer({ fontUrl: null });
  assert.throws(() => r.registerFont('', new Uint8Array(4)), /family must be a non-empty string/);
  assert.throws(() => r.registerFont(42, new Uint8Array(4)), /family must be a non-empty string/);
  assert.throws(() => r.registerFont('A', 'http://x/font.ttf'), /bytes must be an ArrayBuffer or a typed array/);
  assert.throws(() => r.registerFont('A', new ArrayBuffer(0)), /the font is empty/);
  r.destroy();
  await assert.rejects(r.registerFont('A', new Uint8Array(4)), /destroyed/);
});

test('node transport: default font in the worker_thread, registerFont over messages', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await createRenderer({ transport: 'node', engineUrl: ENGINE_WASM, autoFrame: false });
  try {
    assert.deepEqual(r.font, { family: 'DejaVu Sans', bytes: readFileSync(FONT).byteLength });
    const label = addLabel(r, 'Node');
    const dl = r.once('displaylist');
    r.frame(16);
    const { bytes, header } = await dl;
    const glyphs = displayListItems(bytes).filter((i) => i.node === label.id);
    assert.equal(glyphs.length, 4);
    // The glyph atlas rides with the list for a main-thread painter.
    const sets = (header.textures ?? []).flatMap((d) => d.set);
    assert.ok(sets.some((t) => t.id === glyphs[0].texture && t.pixels.length === t.width * t.height * 4), 'atlas texture delivered with the list');
    assert.deepEqual(await r.registerFont('Second', readFileSync(FONT)), { family: 'Second', bytes: readFileSync(FONT).byteLength });
    await assert.rejects(r.registerFont('Bad', new Uint8Array(16)), /font 'Bad' was rejected by the engine/);
  } finally {
    r.destroy();
  }
});

test('node transport: a missing font fails createRenderer with the worker\'s reason', { skip: SKIP_NO_ENGINE }, async () => {
  await assert.rejects(
    createRenderer({ transport: 'node', engineUrl: ENGINE_WASM, autoFrame: false, fontUrl: '/nonexistent/Font.ttf' }),
    /engine worker failed to start: reel: cannot load font \/nonexistent\/Font\.ttf/,
  );
});

test('loadFontBytes reads each URL once and retries after a failure', async () => {
  const a = await loadFontBytes(FONT);
  const b = await loadFontBytes(FONT);
  assert.equal(a, b, 'cached');
  await assert.rejects(loadFontBytes('/nonexistent/x.ttf'), /ENOENT/);
  await assert.rejects(loadFontBytes('/nonexistent/x.ttf'), /ENOENT/);
});
