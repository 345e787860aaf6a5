// examples/catalog/test.mjs — the catalog in Node on the inline transport
// (engine.wasm in this thread), driven through renderer.handleKey:
//
//   node --test examples/catalog/test.mjs
//
// Frames are run by hand (autoFrame off, t += 16.7 ms) so the test is a
// pure function of the keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createRenderer, displayListItems } from '../../js-shim/src/index.js';
import { main, COLS } from './app.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENGINE = process.env.REEL_ENGINE_WASM || path.join(ROOT, 'target', 'engine.wasm');

async function start() {
  const r = await createRenderer({
    transport: 'inline', engineModule: fs.readFileSync(ENGINE), width: 1920, height: 1080, autoFrame: false,
  });
  const logs = [];
  const app = main(r, { log: (l) => logs.push(l) });
  let t = 0;
  const frames = (n = 1) => { for (let i = 0; i < n; i++) { t += 1000 / 60; r.frame(t); } };
  const press = (key, n = 1) => {
    for (let i = 0; i < n; i++) {
      r.handleKey({ type: 'keydown', key });
      r.handleKey({ type: 'keyup', key });
      frames(1);
    }
  };
  frames(2);
  return { r, app, logs, frames, press };
}

test('catalog: arrows move focus through a row and between rows; rows scroll', { skip: !fs.existsSync(ENGINE) && 'no target/engine.wasm' }, async () => {
  const { r, app, press, frames } = await start();
  assert.equal(app.focusedLabel(), 'tile 0-0');
  press('ArrowRight', 3);
  assert.equal(app.focusedLabel(), 'tile 0-3');
  press('ArrowDown');
  assert.equal(app.focusedLabel().slice(0, 7), 'tile 1-');
  press('ArrowUp');
  assert.equal(app.focusedLabel(), 'tile 0-3', 'focus memory brings us back to the tile we left');
  // Far right: the row scrolls so the focused tile stays visible.
  press('ArrowRight', 10);
  frames(30);
  assert.equal(app.focusedLabel(), 'tile 0-13');
  const items = displayListItems(r.engine.displayList(true));
  const tile = app.tiles[0][13];
  const it = items.find((i) => i.node === tile.id);
  assert.ok(it, 'focused tile is drawn');
  const x = it.transform[4];
  assert.ok(x > 0 && x + 320 * 1.12 <= 1920, `focused tile on screen (x ${x})`);
  const sx = it.transform[0];
  assert.ok(Math.abs(sx - 1.12) < 0.01, `focused tile scaled to 1.12 (got ${sx})`);
  // Down through the rows: the page scrolls vertically.
  press('ArrowDown', 5);
  frames(30);
  assert.match(app.focusedLabel(), /^tile 5-/);
  const it5 = displayListItems(r.engine.displayList(true)).find((i) => i.node === r.focused.id);
  assert.ok(it5 && it5.transform[5] > 0 && it5.transform[5] + 180 * 1.12 <= 1080, `row 5 tile on screen (y ${it5 && it5.transform[5]})`);
  // Left at the start of a row: a navedge, focus stays.
  let edges = 0;
  r.on('navedge', () => edges++);
  press('ArrowUp', 6);
  assert.equal(app.focusedLabel(), 'hero');
  press('ArrowUp');
  assert.equal(edges, 1);
  assert.equal(app.focusedLabel(), 'hero');
  assert.ok(COLS === 40);
  r.destroy();
});

test('catalog: Enter opens details (focus trapped), Back closes and restores focus', { skip: !fs.existsSync(ENGINE) && 'no target/engine.wasm' }, async () => {
  const { r, app, press, frames, logs } = await start();
  press('ArrowRight', 2);
  press('ArrowDown');
  const tile = r.focused;
  assert.match(app.focusedLabel(), /^tile 1-/);
  press('Enter');
  assert.equal(app.state.open, true);
  assert.equal(app.focusedLabel(), 'button 0');
  press('ArrowDown');
  assert.equal(app.focusedLabel(), 'button 1');
  press('ArrowLeft');
  press('ArrowUp', 3);
  assert.equal(app.focusedLabel(), 'button 0', 'the panel traps focus');
  frames(60);
  let items = displayListItems(r.engine.displayList(true));
  const panel = items.find((i) => i.node === app.panel.id);
  assert.ok(panel && Math.abs(panel.transform[4] - (1920 - 760)) < 2, `panel slid in (x ${panel && panel.transform[4]})`);
  press('Backspace');
  assert.equal(app.state.open, false);
  assert.equal(r.focused, tile, 'focus is back on the tile');
  frames(30);
  items = displayListItems(r.engine.displayList(true));
  assert.ok(!items.some((i) => i.node === app.panel.id), 'overlay hidden after the close animation');
  assert.ok(logs.includes('details closed'));
  // Escape (keyCode 27) and webOS Back (461) are Back too.
  press('Enter');
  assert.equal(app.state.open, true);
  r.handleKey({ type: 'keydown', keyCode: 461 });
  frames(2);
  assert.equal(app.state.open, false);
  r.destroy();
});
