// End to end: the renderer drives engine.wasm in a Node worker_thread (the
// 'node' transport); display lists and events come back as messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer, displayListItems, displayListHeader, protocol } from '../src/index.js';
import { ENGINE_WASM, SKIP_NO_ENGINE } from './helpers.js';

const { ITEM_KIND } = protocol;

test('1k nodes through the node transport come back as a display list', { skip: SKIP_NO_ENGINE, timeout: 30000 }, async () => {
  const r = await createRenderer({ transport: 'node', engineUrl: ENGINE_WASM, width: 1280, height: 720, autoFrame: false });
  try {
    assert.equal(r.backend.transport, 'node');
    assert.equal(r.backend.name, 'wasm');
    const errors = [];
    r.on('error', (e) => errors.push(e));
    // 10 rows (containers) of 100 cells: 1010 nodes.
    const cells = [];
    for (let row = 0; row < 10; row++) {
      const rowNode = r.createNode('view', { x: 0, y: row * 60, w: 1280, h: 50 });
      r.root.appendChild(rowNode);
      for (let col = 0; col < 100; col++) {
        const cell = r.createNode('view', { x: col * 12, y: 5, w: 10, h: 40, color: ((col << 24) | 0x4080ff) >>> 0, alpha: 1 });
        rowNode.appendChild(cell);
        cells.push(cell);
      }
    }
    assert.equal(r.nodeCount, 1011);
    const listP = r.once('displaylist');
    const statsP = r.once('frame');
    const seq = r.frame(16);
    assert.ok(seq > 0);
    const { bytes, header } = await listP;
    const stats = await statsP;
    assert.deepEqual(errors, []);
    assert.equal(header.itemCount, 1000, 'one rect per coloured cell (rows have no colour)');
    assert.equal(stats.dlItems, 1000);
    assert.equal(stats.nodes, 1011);
    assert.equal(header.viewportW, 1280);
    const items = displayListItems(bytes);
    assert.equal(items.length, 1000);
    for (const [row, col] of [[0, 0], [0, 99], [3, 17], [9, 50]]) {
      const it = items[row * 100 + col];
      const cell = cells[row * 100 + col];
      assert.equal(it.kind, ITEM_KIND.RECT);
      assert.equal(it.node, cell.id);
      assert.deepEqual(it.transform, [1, 0, 0, 1, col * 12, row * 60 + 5]);
      assert.deepEqual(it.size, [10, 40]);
      assert.equal(it.colors[0], ((col << 24) | 0x4080ff) >>> 0);
    }

    // An update: move one cell, destroy a row; the next list reflects both.
    cells[0].x = 600;
    r.root.firstChild.nextSibling.destroy();
    const next = r.once('displaylist');
    r.frame(32);
    const { bytes: b2, header: h2 } = await next;
    assert.equal(h2.itemCount, 900);
    const moved = displayListItems(b2).find((it) => it.node === cells[0].id);
    assert.equal(moved.transform[4], 600);
    assert.equal(r.nodeCount, 910);
  } finally {
    r.destroy();
  }
});

test('automatic frames, buffer recycling and engine errors over the node transport', { skip: SKIP_NO_ENGINE, timeout: 30000 }, async () => {
  const r = await createRenderer({ transport: 'node', engineUrl: ENGINE_WASM, scheduler: 'immediate', dev: false });
  try {
    const a = r.createNode('view', { w: 10, h: 10, color: '#ffffff' });
    r.root.appendChild(a);
    const first = await r.once('displaylist'); // no manual frame: the scheduler sent it
    assert.equal(first.header.itemCount, 1);
    // Errors come back with the command index.
    const errP = r.once('error');
    a.alpha = 0.5;
    // Production clamps out-of-range numbers (js-shim/README.md): forge a 7 past the encoder.
    r.enc.f32[r.enc.pos - 1] = 7;
    const err = await errP;
    assert.equal(err.kind, 'OutOfRange');
    assert.equal(err.op, 'SET_PROPS');
    assert.equal(err.index, 0);
    // Transferred buffers come back for reuse.
    for (let i = 0; i < 5; i++) {
      a.x = i;
      await r.once('displaylist');
    }
    // The ack (with the buffer) follows the display list message.
    for (let i = 0; i < 100 && r.enc.pool.length === 0; i++) await new Promise((res) => setTimeout(res, 10));
    assert.ok(r.enc.pool.length >= 1, 'acked buffers are pooled');
  } finally {
    r.destroy();
  }
});

test("backend 'js' runs a wasm2js-shaped module (memory as { buffer })", { skip: SKIP_NO_ENGINE }, async () => {
  const { readFileSync } = await import('node:fs');
  const { instance } = await WebAssembly.instantiate(readFileSync(ENGINE_WASM), {});
  const x = instance.exports;
  // What wasm2js emits: plain functions plus a memory object with a buffer.
  const fake = { ...x, memory: { get buffer() { return x.memory.buffer; } } };
  const r = await createRenderer({ transport: 'inline', backend: 'js', wasm2jsModule: fake, autoFrame: false });
  assert.equal(r.backend.name, 'js');
  assert.equal(r.backend.rule, 'forced');
  let list = null;
  r.on('displaylist', (b) => { list = b.slice(); });
  r.root.appendChild(r.createNode('view', { x: 3, y: 4, w: 5, h: 6, color: 0xff }));
  r.frame(1);
  assert.deepEqual(displayListItems(list)[0].transform, [1, 0, 0, 1, 3, 4]);
  r.destroy();
});

const WASM2JS = process.env.REEL_ENGINE_WASM2JS ?? new URL('../../target/engine-wasm2js.mjs', import.meta.url);
const { existsSync } = await import('node:fs');
const SKIP_NO_WASM2JS = existsSync(WASM2JS) ? SKIP_NO_ENGINE : 'no target/engine-wasm2js.mjs (js-shim/tools/build-wasm2js.mjs builds it)';

test("backend 'js' (real wasm2js build) in a worker paints what engine.wasm paints", { skip: SKIP_NO_WASM2JS, timeout: 60000 }, async () => {
  const lists = [];
  for (const backend of ['wasm', 'js']) {
    const r = await createRenderer({ transport: 'node', backend, engineUrl: ENGINE_WASM, wasm2jsUrl: WASM2JS, autoFrame: false });
    try {
      assert.equal(r.backend.name, backend);
      for (let i = 0; i < 50; i++) {
        const n = r.createNode('view', { x: i * 7, y: i * 3, w: 20, h: 10, color: 0x11223300 + 0xff, rotation: i / 10, alpha: 0.5 });
        r.root.appendChild(n);
      }
      const p = r.once('displaylist');
      r.frame(5);
      lists.push((await p).bytes);
    } finally {
      r.destroy();
    }
  }
  assert.equal(displayListHeader(lists[0]).itemCount, 50);
  assert.deepEqual(lists[1], lists[0], 'byte-identical display lists');
});
