// engine.wasm's linear memory for the Lightning benchmark's memory page
// (issue 14): 20,000 coloured 4x4 rects under one parent, built, destroyed
// and built again through the public API. Linear memory never shrinks, so
// its size after each phase is the high-water mark so far. A big batch's
// input buffer and the display list its frame builds share one block
// (engine.rs `Engine::reserve_input` / `submit_input`): the page peaks at
// 5.64 MB (8.19 MB with the two apart), and the second build reuses
// exactly what the first left. js-shim/bench/memory.mjs prints the table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inlineRenderer, SKIP_NO_ENGINE } from './helpers.js';

const N = 20_000;

test('the 20k-node page peaks under 6 MB and a rebuild after destroy grows nothing', { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer({ width: 1920, height: 1080 });
  const bytes = () => r.transport.core.memoryBytes;
  let t = 0;
  r.frame(t += 16);
  const build = () => {
    const page = r.createNode('view', { w: 1920, h: 1080 });
    r.root.appendChild(page);
    for (let i = 0; i < N; i++) {
      page.appendChild(r.createNode('view', { x: (i % 200) * 5, y: ((i / 200) | 0) * 5, w: 4, h: 4, color: (Math.imul(i, 2654435761) | 0xff) >>> 0 }));
    }
    r.frame(t += 16);
    return page;
  };
  let page = build();
  const first = bytes();
  assert.ok(r.nodeCount >= N, `${r.nodeCount} nodes`);
  assert.ok(first <= 6e6, `the page's high-water mark is ${(first / 1e6).toFixed(2)} MB`);
  page.destroy();
  r.frame(t += 16);
  assert.equal(bytes(), first, 'the destroy grows nothing');
  page = build();
  assert.equal(bytes(), first, 'the second build reuses the first one\'s memory');
  // The page is drawn: one item per rect (the page itself has no colour).
  const list = r.transport.core.displayList();
  assert.equal(new DataView(list.buffer, list.byteOffset).getUint32(8, true), N);
});
