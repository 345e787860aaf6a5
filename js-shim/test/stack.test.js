// engine.wasm's shadow stack (issue 14): the stack sits at the bottom of
// linear memory, which never shrinks, so it is sized to what the engine
// needs (tools/lib.sh REEL_WASM_STACK: 256 KiB instead of wasm-ld's 1 MiB).
// This measures what the deepest tree a batch may build needs: the stack is
// filled with a pattern, the scene is laid out and drawn, and the lowest
// byte overwritten is the low-water mark. It must stay under a quarter of
// the stack (today ~55 KiB of 256).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineBytes, inlineRenderer, SKIP_NO_ENGINE } from './helpers.js';

/** The initial `__stack_pointer`: the first global's `i32.const` (wasm-ld's stack-first layout). */
function stackTop(b) {
  let p = 8;
  const uleb = () => { let r = 0, s = 0, x; do { x = b[p++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return r >>> 0; };
  while (p < b.length) {
    const id = b[p++];
    const len = uleb();
    if (id === 6) {
      uleb(); // count
      p += 2; // valtype i32, mutable
      assert.equal(b[p++], 0x41, 'the stack pointer starts as an i32.const');
      return uleb(); // positive, below 2^31: the sleb is its uleb
    }
    p += len;
  }
  throw new Error('engine.wasm has no global section');
}

test('the deepest allowed tree uses under a quarter of the shadow stack', { skip: SKIP_NO_ENGINE }, async () => {
  const top = stackTop(engineBytes());
  assert.ok(top > 0 && top <= 256 * 1024, `stack of ${top} B (REEL_WASM_STACK is 256 KiB)`);
  const r = await inlineRenderer({ width: 1920, height: 1080 });
  const mem = () => new Uint8Array(r.transport.core.x.memory.buffer);
  // Below the stack pointer between calls nothing is live.
  mem().fill(0xa5, 0, top);
  // 64 flex containers nested directly in each other (MAX_FLEX_DEPTH: taffy
  // recurses per level), around wrapped bidi text.
  let parent = r.root;
  for (let i = 0; i < 64; i++) {
    const n = r.createNode('view', { display: 'flex', flexDirection: i % 2 ? 'row' : 'column', padding: 1, flexGrow: 1 });
    parent.appendChild(n);
    parent = n;
  }
  const text = 'Deep \u05e9\u05dc\u05d5\u05dd text \u0645\u0631\u062d\u0628\u0627 wrapping over several lines of a narrow box '.repeat(20);
  parent.appendChild(r.createNode('text', { text, w: 300, fontSize: 24 }));
  for (let t = 16; t <= 80; t += 16) r.frame(t);
  const items = r.engine.displayList(true).byteLength;
  assert.ok(items > 64 * 80, 'the text was laid out and drawn');
  const m = mem();
  let low = 0;
  while (low < top && m[low] === 0xa5) low++;
  const used = top - low;
  assert.ok(used > 1024, `the probe saw the stack used (${used} B)`);
  assert.ok(used < top / 4, `the deepest tree used ${used} B of the ${top} B stack`);
  r.destroy();
});
