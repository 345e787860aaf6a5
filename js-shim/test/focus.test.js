// Focus through the engine (engine/src/focus.rs) driven by the shim:
// renderer.focus / handleKey / navigate, renderer.focused kept from FOCUS
// events, overrides given as nodes, focusTrap, focusMemory, scroll into
// view, focus lost when the focused node is destroyed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inlineRenderer, SKIP_NO_ENGINE } from './helpers.js';
import { displayListItems } from '../src/index.js';

/** 2 rows x 6 tiles; each row scrolls horizontally and remembers focus. */
async function grid() {
  const r = await inlineRenderer({ width: 800, height: 600 });
  const rows = [];
  const tiles = [];
  const col = r.createNode('view', { w: 800, h: 600, display: 'flex', flexDirection: 'column', gap: 20 });
  r.root.appendChild(col);
  for (let i = 0; i < 2; i++) {
    const row = r.createNode('view', {
      w: 800, h: 120, display: 'flex', gap: 20, clipping: true, flexShrink: 0,
      scrollAxis: 'x', scrollPadding: 20, scrollDuration: 0, focusMemory: true,
    });
    col.appendChild(row);
    rows.push(row);
    const line = [];
    for (let j = 0; j < 6; j++) {
      line.push(row.appendChild(r.createNode('view', { w: 200, h: 100, flexShrink: 0, focusable: true, color: 0x808080ff, focusScale: 1.1, focusDuration: 0 })));
    }
    tiles.push(line);
  }
  let t = 0;
  const tick = () => { t += 16; r.frame(t); };
  tick();
  return { r, rows, tiles, tick, col };
}

const at = (r, node) => displayListItems(r.engine.displayList(true)).find((i) => i.node === node.id);

test('focus() and arrows move focus; renderer.focused follows FOCUS events', { skip: SKIP_NO_ENGINE }, async () => {
  const { r, tiles, tick } = await grid();
  assert.equal(r.focused, null);
  r.focus(tiles[0][0]);
  assert.equal(r.focused, null, 'not synchronous: the engine answers with the frame');
  tick();
  assert.equal(r.focused, tiles[0][0]);
  const causes = [];
  r.on('focus', (e) => causes.push(e.cause));
  r.handleKey('Right'); tick();
  r.handleKey({ key: 'ArrowDown' }); tick();
  assert.equal(r.focused, tiles[1][1]);
  r.navigate('up'); tick();
  assert.equal(r.focused, tiles[0][1]);
  assert.deepEqual(causes, ['navigation', 'navigation', 'navigation']);
  // The focused tile scales (focusScale, duration 0).
  assert.ok(Math.abs(at(r, tiles[0][1]).transform[0] - 1.1) < 1e-3);
  assert.equal(at(r, tiles[0][0]).transform[0], 1);
  r.destroy();
});

test('rows scroll to keep focus in view; focus memory returns to the tile left', { skip: SKIP_NO_ENGINE }, async () => {
  const { r, tiles, tick } = await grid();
  r.focus(tiles[0][0]); tick();
  for (let i = 0; i < 4; i++) { r.handleKey('Right'); tick(); }
  assert.equal(r.focused, tiles[0][4]);
  const it = at(r, tiles[0][4]);
  assert.ok(it.transform[4] + 200 <= 800, `tile 4 scrolled into view (x ${it.transform[4]})`);
  r.handleKey('Down'); tick();
  assert.equal(r.focused.parent, tiles[1][0].parent);
  r.handleKey('Left'); tick();
  r.handleKey('Up'); tick();
  assert.equal(r.focused, tiles[0][4], 'focusMemory');
  r.destroy();
});

test('overrides take nodes; focusTrap keeps focus inside; navedge at the edges', { skip: SKIP_NO_ENGINE }, async () => {
  const { r, tiles, rows, tick } = await grid();
  tiles[0][0].focusRight = tiles[1][5];
  assert.equal(tiles[0][0].focusRight, tiles[1][5], 'reads back as written');
  assert.throws(() => { tiles[0][0].focusLeft = {}; }, /live node/);
  r.focus(tiles[0][0]); tick();
  r.handleKey('Right'); tick();
  assert.equal(r.focused, tiles[1][5]);
  rows[1].focusTrap = true;
  tick();
  const edges = [];
  r.on('navedge', (e) => edges.push(e.dir));
  r.handleKey('Up'); tick();
  assert.equal(r.focused, tiles[1][5], 'trapped in row 1');
  r.handleKey('Right'); tick();
  assert.deepEqual(edges, ['up', 'right']);
  r.destroy();
});

test('destroying the focused node: focus lost (cause lost), blur dispatched', { skip: SKIP_NO_ENGINE }, async () => {
  const { r, tiles, tick } = await grid();
  r.focus(tiles[0][2]); tick();
  const seen = [];
  r.on('focus', (e) => seen.push([e.from, e.to, e.cause]));
  tiles[0][2].destroy();
  tick();
  assert.equal(r.focused, null);
  assert.deepEqual(seen, [[null, null, 'lost']], 'the node object is gone from the mirror already');
  r.handleKey('Right'); tick();
  assert.equal(r.focused, tiles[0][0], 'nothing focused: navigation starts top-left');
  r.destroy();
});

test('writes made inside a focus handler reach the engine (inline transport: events arrive during the send)', { skip: SKIP_NO_ENGINE }, async () => {
  const { r, tiles, tick } = await grid();
  const hero = r.root.appendChild(r.createNode('view', { x: 0, y: 560, w: 100, h: 40, color: 0x000000ff }));
  r.on('focus', (e) => {
    // What an app does on focus: restyle something, create a node.
    hero.color = e.to === tiles[0][1] ? 0xff0000ff : 0x00ff00ff;
    if (e.to === tiles[0][1]) hero.appendChild(r.createNode('view', { w: 10, h: 10, color: 0x0000ffff }));
  });
  r.focus(tiles[0][0]); tick();
  tick();
  assert.equal(at(r, hero).colors[0], 0x00ff00ff, 'the first focus handler\'s write is drawn');
  r.handleKey('Right'); tick();
  tick();
  assert.equal(r.focused, tiles[0][1]);
  assert.equal(at(r, hero).colors[0], 0xff0000ff, 'the write from the handler is drawn');
  const kids = displayListItems(r.engine.displayList(true)).filter((i) => i.colors && i.colors[0] === 0x0000ffff);
  assert.equal(kids.length, 1, 'the node created in the handler exists and is drawn');
  r.destroy();
});
