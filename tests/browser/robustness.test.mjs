// tests/browser/robustness.test.mjs — issue 18 in Chromium, through the
// shim's real Worker transport (engine.wasm + the WebGL2 painter in a module
// Worker; pages/robust.html), checked on the worker's framebuffer.
//
// * Finding 5: `x = 1e39` (beyond a 32-bit float) in the same batch as a
//   box move: dev throws at the call site, production clamps; the move is
//   on screen either way (before, the engine rejected the whole batch and
//   the box stayed put).
// * Finding 2: an engine trap in the Worker (engine.wasm capped at 8 MiB —
//   createRenderer({ memoryCap }) — and a legal batch of 40,000 nodes: a
//   real out-of-memory abort, "RuntimeError: unreachable") is delivered as
//   an 'error' event ({ type: 'trap' }) plus the batch's rejection, and
//   painting goes on: writes made before and after the trap are on screen.
//   Before, the Worker's engine was dead from then on, with no event.
//
//   node --test --test-concurrency=1 tests/browser/robustness.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

import { launch, openAndWait, startServer } from './lib/browser.mjs';
import { ENGINE_WASM } from './lib/paths.mjs';

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

async function open(query) {
  const r = await openAndWait(browser.context, `${server.url}/tests/browser/pages/robust.html?${query}`);
  assert.equal(r.state.error, null, `${r.state.error}\n${r.logs.join('\n')}`);
  return r;
}

const RED = [255, 0, 0, 255];
const GREEN = [0, 255, 0, 255];
const BLACK = [0, 0, 0, 255];

for (const dev of [true, false]) {
  test(`Worker, ${dev ? 'dev' : 'production'}: a box move in the same batch as x = 1e39 is on screen`, async () => {
    const { page, logs } = await open(`dev=${dev ? 1 : 0}`);
    try {
      const out = await page.evaluate(async () => {
        const { r, events, frame, pixel } = window.reel;
        const box = r.createNode('view', { x: 10, y: 10, w: 40, h: 40, color: 0xff0000ff });
        const other = r.createNode('view', { x: 100, y: 100, w: 40, h: 40, color: 0x00ff00ff });
        r.root.appendChild(box);
        r.root.appendChild(other);
        await frame();
        const before = [await pixel(30, 30), await pixel(330, 30)];
        box.x = 310; // the move
        const thrown = [];
        for (const [k, v] of [['x', 1e39], ['w', 3.5e38], ['y', 1e300]]) {
          try { other[k] = v; } catch (e) { thrown.push(`${e.name}: ${e.message}`); }
        }
        await frame();
        return { before, after: [await pixel(30, 30), await pixel(330, 30)], thrown, errors: events.error, otherX: other.x };
      });
      assert.deepEqual(out.before, [RED, BLACK], `before: ${JSON.stringify(out.before)}`);
      assert.deepEqual(out.errors, [], 'no batch was rejected');
      assert.deepEqual(out.after[1], RED, 'the box moved');
      assert.deepEqual(out.after[0], BLACK, 'and left its old place');
      if (dev) {
        assert.equal(out.thrown.length, 3, JSON.stringify(out.thrown));
        assert.match(out.thrown[0], /RangeError: reel: property 'x' \(node \d+\) .*3\.4028234663852886e\+38.*got 1e\+39/);
        assert.equal(out.otherX, 100);
      } else {
        assert.deepEqual(out.thrown, []);
        assert.equal(out.otherX, 3.4028234663852886e38, 'the mirror reads what the engine got');
      }
    } catch (e) {
      e.message += `\nconsole:\n${logs.join('\n')}`;
      throw e;
    } finally {
      await page.close();
    }
  });
}

test('Worker: an engine trap is an error event, the engine is rebuilt, and writes before and after it are on screen', async () => {
  const { page, logs } = await open(`memoryCap=${8 << 20}`);
  try {
    const out = await page.evaluate(async () => {
      const { r, events, frame, pixel } = window.reel;
      const box = r.createNode('view', { x: 10, y: 10, w: 40, h: 40, color: 0xff0000ff });
      r.root.appendChild(box);
      await frame();
      for (let i = 0; i < 70; i++) { box.y = 10 + (i % 2); await frame(); } // a journal of 70 batches to replay
      box.x = 110; // before the trap
      box.y = 10;
      await frame();
      const holder = r.createNode('view', { w: 640, h: 360 });
      r.root.appendChild(holder);
      for (let i = 0; i < 40000; i++) holder.appendChild(r.createNode('view', { w: 1, h: 1, color: 0xffffffff }));
      const trapSeq = r.pending.seq;
      // Every paint from here on, by the seq of the newest batch it shows.
      const paints = [];
      r.on('paint', (info) => paints.push(info.seq));
      r.frame(100000);
      for (let i = 0; i < 500 && events.error.length < 2; i++) await new Promise((res) => setTimeout(res, 20));
      const other = r.createNode('view', { x: 300, y: 200, w: 40, h: 40, color: 0x00ff00ff });
      r.root.appendChild(other);
      box.y = 100; // after the trap
      const afterSeq = r.pending.seq;
      // Waits for the paint that shows this batch: the Worker also paints the
      // rebuilt scene (seq trapSeq), and that paint may arrive after this
      // batch was sent — taken for this batch's paint, the pixels read were
      // the scene before it (the box at its old place or not yet moved).
      const painted = await frame();
      return {
        trapSeq,
        afterSeq,
        paintedSeq: painted.seq,
        paints,
        errors: events.error,
        fatal: events.fatal,
        pixels: { box: await pixel(130, 120), boxOld: await pixel(130, 30), other: await pixel(320, 220), holder: await pixel(600, 350) },
      };
    });
    const trap = out.errors.find((e) => e.type === 'trap');
    assert.ok(trap, `a trap event: ${JSON.stringify(out.errors)}`);
    assert.equal(trap.call, 'reel_submit');
    assert.match(trap.reason, /RuntimeError/);
    assert.equal(trap.resolution, 'rejected');
    assert.deepEqual(trap.rejected, [out.trapSeq]);
    const rejection = out.errors.find((e) => e.type === 'error');
    assert.equal(rejection.seq, out.trapSeq);
    assert.equal(rejection.kind, 'OutOfMemory');
    assert.equal(out.errors.length, 2, JSON.stringify(out.errors));
    assert.deepEqual(out.fatal, []);
    assert.equal(out.paintedSeq, out.afterSeq, 'the paint waited for shows the batch after the trap');
    assert.ok(out.paints.every((s) => s === out.trapSeq || s === out.afterSeq), `paints after the trap show the rebuilt scene or the next batch: ${JSON.stringify(out)}`);
    assert.deepEqual(out.pixels.box, RED, `the box, moved before and after the trap, is where it was moved: ${JSON.stringify(out.pixels)}`);
    assert.deepEqual(out.pixels.boxOld, BLACK);
    assert.deepEqual(out.pixels.other, GREEN, 'a node created after the trap is painted');
  } catch (e) {
    e.message += `\nconsole:\n${logs.join('\n')}`;
    throw e;
  } finally {
    await page.close();
  }
});

// Finding 2 (depth): 2,000 nested views used to stop the Worker's painting
// for good with no event. Scene-mode chains up to the engine's MAX_DEPTH
// (4096, engine/src/scene/depth.rs) paint; a deeper one is rejected with a
// 'TooDeep' error before anything recursive runs, and painting goes on; 100
// nested flex containers (over MAX_FLEX_DEPTH, 64) are rejected the same way.
test('Worker: a 2,000-deep chain paints; 5,000 levels and 100 nested flex containers are clear errors and painting goes on', async () => {
  const { page, logs } = await open('');
  try {
    const out = await page.evaluate(async () => {
      const { r, events, frame, pixel } = window.reel;
      const chain = (n, props) => {
        const top = r.createNode('view', props(0));
        let at = top;
        for (let i = 1; i < n; i++) {
          const next = r.createNode('view', props(i));
          at.appendChild(next);
          at = next;
        }
        return { top, leaf: at };
      };
      // 2,000 levels, each offset by nothing; the leaf is a green box.
      const deep = chain(2000, () => ({}));
      deep.leaf.setProps({ x: 10, y: 10, w: 40, h: 40, color: 0x00ff00ff });
      r.root.appendChild(deep.top);
      await frame();
      const painted2000 = await pixel(30, 30);
      const errors2000 = events.error.length;
      // 5,000 levels: rejected as a whole.
      const tooDeep = chain(5000, () => ({}));
      tooDeep.leaf.setProps({ x: 100, y: 10, w: 40, h: 40, color: 0xff0000ff });
      r.root.appendChild(tooDeep.top);
      // Its batch (with its FRAME) is rejected: no paint to wait for.
      r.frame(100000);
      for (let i = 0; i < 100 && events.error.length === errors2000; i++) await new Promise((res) => setTimeout(res, 20));
      const afterDeep = events.error.slice(errors2000);
      // 100 nested flex containers.
      const flex = chain(100, () => ({ display: 'flex', w: 200, h: 200 }));
      r.root.appendChild(flex.top);
      r.frame(100016);
      for (let i = 0; i < 100 && events.error.length === errors2000 + afterDeep.length; i++) await new Promise((res) => setTimeout(res, 20));
      const afterFlex = events.error.slice(errors2000 + afterDeep.length);
      // A write in a later batch is painted.
      const later = r.createNode('view', { x: 300, y: 200, w: 40, h: 40, color: 0x00ff00ff });
      r.root.appendChild(later);
      await frame();
      return {
        painted2000,
        errors2000,
        afterDeep: afterDeep.map((e) => ({ kind: e.kind, message: e.message })),
        afterFlex: afterFlex.map((e) => ({ kind: e.kind, message: e.message })),
        fatal: events.fatal,
        stillGreen: await pixel(30, 30),
        notRed: await pixel(120, 30),
        later: await pixel(320, 220),
      };
    });
    assert.deepEqual(out.painted2000, GREEN, 'the 2,000-deep leaf is painted');
    assert.equal(out.errors2000, 0);
    assert.equal(out.afterDeep.length, 1, JSON.stringify(out.afterDeep));
    assert.equal(out.afterDeep[0].kind, 'TooDeep');
    assert.match(out.afterDeep[0].message, /4096/);
    assert.equal(out.afterFlex.length, 1, JSON.stringify(out.afterFlex));
    assert.equal(out.afterFlex[0].kind, 'FlexTooDeep');
    assert.deepEqual(out.fatal, []);
    assert.deepEqual(out.stillGreen, GREEN, 'the frame before stays on screen');
    assert.deepEqual(out.notRed, BLACK, 'nothing of the rejected chain is drawn');
    assert.deepEqual(out.later, GREEN, 'a later write is painted');
  } catch (e) {
    e.message += `\nconsole:\n${logs.join('\n')}`;
    throw e;
  } finally {
    await page.close();
  }
});

// A bad gradient string in the batch that builds a row (a server-driven
// layout, say), in production as in dev: the engine in the Worker skips
// that one write; the row is painted, the app's 'error' event says
// `skipped` and names `gradient`, and later writes to the row's nodes
// paint (before, the whole batch was rejected and every later batch
// naming its nodes too: the row never came).
for (const dev of [true, false]) {
  test(`Worker, ${dev ? 'dev' : 'production'}: a bad gradient skips only its own write; its row and later writes are painted`, async () => {
    const { page, logs } = await open(`dev=${dev ? 1 : 0}`);
    try {
      const out = await page.evaluate(async () => {
        const { r, events, frame, pixel } = window.reel;
        const tiles = [];
        for (let i = 0; i < 4; i++) {
          const t = r.createNode('view', { x: 10 + i * 60, y: 10, w: 50, h: 50, color: 'lime' });
          r.root.appendChild(t);
          tiles.push(t);
        }
        tiles[1].gradient = 'linear-gradient(sideways, black, white)';
        tiles[2].gradient = 'linear-gradient(to right, red, red)';
        await frame();
        const row = [await pixel(35, 35), await pixel(95, 35), await pixel(155, 35), await pixel(215, 35)];
        tiles[1].y = 100;
        await frame();
        return { row, moved: await pixel(95, 125), errors: events.error.map((e) => ({ kind: e.kind, skipped: e.skipped, message: e.message })), fatal: events.fatal };
      });
      assert.deepEqual(out.row, [GREEN, GREEN, RED, GREEN], 'the row is painted; only the good gradient fills its tile');
      assert.deepEqual(out.moved, GREEN, 'a later write to the node whose gradient was refused is painted');
      assert.equal(out.errors.length, 1, JSON.stringify(out.errors));
      assert.equal(out.errors[0].kind, 'BadGradient');
      assert.equal(out.errors[0].skipped, true);
      assert.match(out.errors[0].message, /gradient: .* at character 16/);
      assert.deepEqual(out.fatal, []);
    } catch (e) {
      e.message += `\nconsole:\n${logs.join('\n')}`;
      throw e;
    } finally {
      await page.close();
    }
  });
}
