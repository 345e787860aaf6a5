// focusFlow through the public API (engine/src/focus.rs): Right at a flex
// row's end stops (a column of rows does not answer Left/Right), Up/Down
// still move between rows; row-wrap wraps, free on the page crosses into
// the next row; an unknown value is a clear error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inlineRenderer, SKIP_NO_ENGINE } from './helpers.js';

/** A flex column of 2 rows: row 0 has 3 tiles, row 1 has 5 (longer). */
async function page(pageFlow, rowFlow) {
  const r = await inlineRenderer({ width: 1280, height: 600 });
  const col = r.createNode('view', { w: 1280, h: 600, display: 'flex', flexDirection: 'column', gap: 20 });
  if (pageFlow) col.focusFlow = pageFlow;
  r.root.appendChild(col);
  const tiles = [3, 5].map((n) => {
    const row = r.createNode('view', { h: 100, display: 'flex', gap: 20, flexShrink: 0 });
    if (rowFlow) row.set('focusFlow', rowFlow);
    col.appendChild(row);
    return Array.from({ length: n }, () => row.appendChild(r.createNode('view', { w: 200, h: 100, flexShrink: 0, focusable: true, color: 0x808080ff })));
  });
  let t = 0;
  const tick = () => { t += 16; r.frame(t); };
  tick();
  const press = (from, key) => { r.focus(from); tick(); r.handleKey(key); tick(); return r.focused; };
  return { r, tiles, press };
}

test('Right at a row end stops by default; Up/Down move between rows', { skip: SKIP_NO_ENGINE }, async () => {
  const { r, tiles, press } = await page();
  const edges = [];
  r.on('navedge', (e) => edges.push(e.dir));
  assert.equal(press(tiles[0][2], 'Right'), tiles[0][2], 'stops at the end of row 0');
  assert.equal(press(tiles[0][0], 'Left'), tiles[0][0]);
  assert.equal(press(tiles[0][2], 'Down'), tiles[1][2]);
  assert.equal(press(tiles[1][4], 'Up'), tiles[0][2]);
  assert.equal(press(tiles[0][1], 'Right'), tiles[0][2]);
  assert.deepEqual(edges, ['right', 'left'], 'the stops are reported as navedge');
  r.destroy();
});

test('row-wrap wraps; free on the page crosses into the next row', { skip: SKIP_NO_ENGINE }, async () => {
  const w = await page(null, 'row-wrap');
  assert.equal(w.press(w.tiles[0][2], 'Right'), w.tiles[0][0]);
  assert.equal(w.press(w.tiles[1][0], 'Left'), w.tiles[1][4]);
  w.r.destroy();
  const f = await page('free');
  assert.equal(f.press(f.tiles[0][2], 'Right'), f.tiles[1][3], "today's free search, asked for");
  f.r.destroy();
});

test('focusFlow rejects an unknown value by name', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer({ width: 100, height: 100 });
  const n = r.createNode('view');
  assert.throws(() => n.set('focusFlow', 'grid'), /focusFlow/);
  r.destroy();
});
