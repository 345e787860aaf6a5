// Issue 18, finding 2 (JS hosts): an engine trap (a WebAssembly RuntimeError
// out of an export) used to leave the instance dead — every later frame
// answered "not initialised" or threw "memory access out of bounds" — with
// no 'error' or 'fatal' event: a black screen for good. Now every transport
// that runs the engine in JS drives it through src/supervisor.js: the trap
// is reported, a fresh instance is rebuilt from the journal (last snapshot
// + batches since), the batch is retried once and, trapping again, rejected
// alone. The trap here is real: engine.wasm with its memory capped at 8 MiB
// (createRenderer({ memoryCap }), src/memory-cap.js, as a device's cap)
// and a legal batch of 40,000 nodes, which runs the engine out of memory
// (Rust's allocation-failure abort: "RuntimeError: unreachable").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer, displayListItems, EngineCore } from '../src/index.js';
import { capMemory } from '../src/memory-cap.js';
import { engineBytes, SKIP_NO_ENGINE } from './helpers.js';

const CAP = 8 << 20;

/** Where `node` is drawn in `bytes` ([x, y]), or null when it is not. */
function at(bytes, node) {
  const item = displayListItems(bytes).find((i) => i.node === node.id);
  return item ? [item.transform[4], item.transform[5]] : null;
}

/** Sends a frame and waits for its display list (copied). */
async function frame(r, t) {
  const p = r.once('displaylist');
  r.frame(t);
  return (await p).bytes.slice();
}

/** The legal batch that runs a capped engine out of memory: 40,000 tiles. */
function hugeBatch(r) {
  const holder = r.createNode('view', { w: 1280, h: 720 });
  r.root.appendChild(holder);
  for (let i = 0; i < 40000; i++) holder.appendChild(r.createNode('view', { w: 1, h: 1, color: 0xffffffff }));
  return holder;
}

test('the memory cap is a real cap: the capped engine.wasm traps where the uncapped one does not', { skip: SKIP_NO_ENGINE }, async () => {
  const capped = new WebAssembly.Module(capMemory(engineBytes(), CAP));
  const mem = WebAssembly.Module.exports(capped).find((e) => e.name === 'memory');
  assert.ok(mem, 'exports its memory');
  const core = new EngineCore(new WebAssembly.Instance(capped, {}).exports);
  core.init(1280, 720);
  assert.throws(() => core.x.memory.grow(CAP / 65536), RangeError, 'memory cannot grow past the cap');
  assert.throws(() => capMemory(engineBytes(), 100), /64 KiB/);
  assert.throws(() => capMemory(new Uint8Array(16), CAP), /not a WebAssembly module/);
});

for (const transport of ['inline', 'node']) {
  test(`${transport}: a trap is reported, the engine is rebuilt from its journal, and writes before and after it are on screen`, { skip: SKIP_NO_ENGINE, timeout: 60_000 }, async () => {
    const r = await createRenderer({ transport, engineModule: engineBytes(), memoryCap: CAP, autoFrame: false });
    if (transport === 'inline') r.transport.supervisor.journalMaxBatches = 64; // compact within the test
    try {
      const errors = [];
      const fatals = [];
      r.on('error', (e) => errors.push(e));
      r.on('fatal', (e) => fatals.push(e));
      const box = r.createNode('view', { x: 10, y: 10, w: 50, h: 50, color: 0xff0000ff });
      r.root.appendChild(box);
      await frame(r, 0);
      // More batches than the journal keeps before compacting (64 here): the
      // rebuild then starts from the engine's snapshot.
      for (let i = 1; i <= 70; i++) {
        box.x = 10 + i;
        await frame(r, i * 16);
      }
      box.x = 100; // before the trap
      await frame(r, 5000);

      hugeBatch(r);
      const trapSeq = r.pending.seq;
      const paints = []; // the worker's paint reports (the last one before the trap may still come): the seq each list shows
      r.on('paint', (info) => paints.push(info.seq));
      r.frame(5016);
      for (let i = 0; i < 200 && errors.length < 2; i++) await new Promise((res) => setTimeout(res, 10));
      const trap = errors.find((e) => e.type === 'trap');
      assert.ok(trap, `a 'trap' error event: ${JSON.stringify(errors)}`);
      assert.equal(trap.call, 'reel_submit');
      assert.match(trap.reason, /RuntimeError/);
      assert.equal(trap.outOfMemory, true);
      assert.equal(trap.resolution, 'rejected', trap.message);
      assert.deepEqual(trap.rejected, [trapSeq]);
      const rejection = errors.find((e) => e.type === 'error');
      assert.equal(rejection.seq, trapSeq);
      assert.equal(rejection.kind, 'OutOfMemory');
      assert.equal(rejection.index, -1);
      assert.match(rejection.message, /rejected by the host/);
      assert.deepEqual(fatals, []);

      // Painting goes on: the write made before the trap and one after it are on screen.
      const other = r.createNode('view', { x: 400, y: 300, w: 20, h: 20, color: 0x00ff00ff });
      r.root.appendChild(other);
      box.y = 200; // after the trap
      const afterSeq = r.pending.seq;
      const list = await frame(r, 5032);
      assert.deepEqual(at(list, box), [100, 200]);
      assert.deepEqual(at(list, other), [400, 300]);
      assert.equal(displayListItems(list).length, 2, 'the rejected batch left nothing behind');
      assert.equal(errors.length, 2, 'nothing else was rejected');
      if (transport === 'node') {
        // The rebuilt scene's list claims the rejected batch (nothing of it
        // to show), not the one after it; that one's list claims it. (A
        // batch's `frame` report follows its `displayList`: wait for it.)
        for (let i = 0; i < 200 && !paints.includes(afterSeq); i++) await new Promise((res) => setTimeout(res, 5));
        assert.ok(paints.every((s) => typeof s === 'number'), JSON.stringify(paints));
        assert.deepEqual(paints.filter((s) => s >= trapSeq), [trapSeq, afterSeq]);
      }
      if (transport === 'inline') {
        const t = r.transport.supervisor.totals;
        assert.equal(t.traps, 2);
        assert.equal(t.rejectedByHost, 1);
        assert.ok(t.compactions >= 1, 'the journal was compacted before the trap');
      }
    } finally {
      r.destroy();
    }
  });
}

test('inline: an engine given as an instance cannot be rebuilt: the trap is a fatal event, later batches are refused with errors', { skip: SKIP_NO_ENGINE }, async () => {
  const { instance } = await WebAssembly.instantiate(capMemory(engineBytes(), CAP), {});
  const r = await createRenderer({ transport: 'inline', engineModule: instance.exports, autoFrame: false });
  try {
    const errors = [];
    const fatals = [];
    r.on('error', (e) => errors.push(e));
    r.on('fatal', (e) => fatals.push(e));
    hugeBatch(r);
    r.frame(0);
    assert.equal(fatals.length, 1);
    assert.equal(fatals[0].resolution, 'failed');
    assert.match(fatals[0].message, /no fresh one can be made/);
    r.root.appendChild(r.createNode('view'));
    r.frame(16);
    assert.ok(errors.some((e) => e.kind === 'HostTrap' && /engine is gone/.test(e.message)), JSON.stringify(errors));
  } finally {
    r.destroy();
  }
});
