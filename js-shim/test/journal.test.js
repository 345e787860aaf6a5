// The supervisor's journal keeps big batches and snapshots packed (issue 14:
// a 20,000-rect page's 1.52 MB batch is ~45 KB of journal): after a trap the
// fresh instance must still get every batch the app sent, byte for byte, and
// rebuild the same scene — from a big batch packed when applied, from a mix
// of packed and copied batches, and from a packed snapshot after a
// compaction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayListItems } from '../src/index.js';
import { PACK_BYTES } from '../src/supervisor.js';
import { isPacked, batchLength } from '../src/wire/pack.js';
import { inlineRenderer, SKIP_NO_ENGINE } from './helpers.js';

/** N coloured rects under a new parent (bench/memory.mjs's page), offset by `dx`. */
function page(r, n, dx = 0) {
  const p = r.createNode('view', { x: dx, w: 1920, h: 1080 });
  r.root.appendChild(p);
  for (let i = 0; i < n; i++) {
    p.appendChild(r.createNode('view', { x: (i % 200) * 5, y: ((i / 200) | 0) * 5, w: 4, h: 4, color: (Math.imul(i, 2654435761) | 0xff) >>> 0 }));
  }
  return p;
}

/** What is drawn (node, position, size, colours), from a display list. */
function drawn(bytes) {
  return displayListItems(bytes).map((i) => [i.node, i.transform[4], i.transform[5], i.size[0], i.size[1], i.colors[0]]);
}

/** Sends a frame and returns its display list (copied). */
async function frame(r, t) {
  const p = r.once('displaylist');
  r.frame(t);
  return (await p).bytes.slice();
}

/**
 * Records every batch the supervisor applies (copies) and every batch a
 * fresh instance is given during a rebuild; `trapNext()`: the next batch the
 * current instance gets traps (a RuntimeError, as an engine abort throws),
 * so the supervisor rebuilds from the journal and retries it.
 */
function instrument(r) {
  const sup = r.transport.supervisor;
  const sent = [];
  const replayed = [];
  const submit = sup.submit.bind(sup);
  sup.submit = (bytes, framed) => {
    sent.push(bytes.slice());
    return submit(bytes, framed);
  };
  const create = sup._create;
  sup._create = () => {
    const fresh = create();
    const s = fresh.submit.bind(fresh);
    fresh.submit = (bytes) => {
      replayed.push(bytes.slice());
      return s(bytes);
    };
    return fresh;
  };
  const trapNext = () => {
    sup.core.submit = () => {
      throw new WebAssembly.RuntimeError('unreachable (test)');
    };
  };
  return { sup, sent, replayed, trapNext };
}

const same = (a, b) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

test('a trap after a 20,000-node batch: the packed batch is replayed byte for byte and the scene is the same', { skip: SKIP_NO_ENGINE, timeout: 60_000 }, async () => {
  const r = await inlineRenderer();
  try {
    const { sup, sent, replayed, trapNext } = instrument(r);
    const traps = [];
    r.on('error', (e) => traps.push(e));
    page(r, 20000);
    const before = await frame(r, 16);
    const big = sent[sent.length - 1];
    assert.ok(big.byteLength >= PACK_BYTES, `${big.byteLength} bytes: packed when applied`);
    const entry = sup._since[sup._since.length - 1];
    assert.ok(isPacked(entry), 'the journal holds it packed');
    assert.ok(entry.byteLength < big.byteLength / 20, `${big.byteLength} -> ${entry.byteLength} bytes`);
    assert.equal(batchLength(entry), big.byteLength);
    assert.equal(sup._sinceBytes, sent.reduce((n, b) => n + b.byteLength, 0), 'the compaction threshold counts the batches as sent');

    const old = sup.core;
    trapNext();
    const after = await frame(r, 32);
    assert.notEqual(sup.core, old, 'a fresh instance');
    assert.equal(traps.length, 1);
    assert.equal(traps[0].type, 'trap');
    assert.equal(traps[0].resolution, 'recovered', traps[0].message);
    // Every batch the app sent, in order, exactly (after the init font's;
    // the last one is the batch that trapped, retried).
    assert.ok(replayed.length > sent.length, `replayed ${replayed.length} batches for ${sent.length} sent`);
    const tail = replayed.slice(replayed.length - sent.length);
    tail.forEach((b, i) => assert.ok(same(b, sent[i]), `batch ${i} replayed as sent`));
    assert.deepEqual(drawn(after), drawn(before), 'the rebuilt scene draws the same');
    assert.equal(drawn(after).length, 20000);
  } finally {
    r.destroy();
  }
});

test('a journal of packed big batches and copied small ones replays byte for byte', { skip: SKIP_NO_ENGINE, timeout: 60_000 }, async () => {
  const r = await inlineRenderer();
  try {
    const { sup, sent, replayed, trapNext } = instrument(r);
    let t = 0;
    const pages = [];
    for (const n of [1500, 8000, 300, 9000, 10]) {
      pages.push(page(r, n, pages.length));
      await frame(r, (t += 16));
    }
    for (const n of pages[1].children.slice(0, 300)) n.y = (n.y ?? 0) + 1; // an update batch
    pages[3].destroy();
    const before = await frame(r, (t += 16));
    assert.deepEqual(sup._since.map(isPacked), sent.map((b) => b.byteLength >= PACK_BYTES), 'packed: the big ones');
    assert.ok(sup._since.some(isPacked));
    trapNext();
    const after = await frame(r, (t += 16));
    assert.ok(replayed.length > sent.length, `replayed ${replayed.length} batches for ${sent.length} sent`);
    const tail = replayed.slice(replayed.length - sent.length);
    tail.forEach((b, i) => assert.ok(same(b, sent[i]), `batch ${i} replayed as sent`));
    assert.deepEqual(drawn(after), drawn(before));
  } finally {
    r.destroy();
  }
});

test('after a compaction the journal starts from a packed snapshot, and a trap rebuilds the scene from it', { skip: SKIP_NO_ENGINE, timeout: 60_000 }, async () => {
  const r = await inlineRenderer();
  try {
    const { sup, trapNext } = instrument(r);
    sup.journalMaxBatches = 2;
    page(r, 7000);
    await frame(r, 16);
    const moved = page(r, 10, 300);
    await frame(r, 32);
    assert.ok(sup.totals.compactions >= 1, 'compacted');
    assert.ok(sup._base && isPacked(sup._base), 'the snapshot (7,000 nodes and the init font) is kept packed');
    assert.ok(batchLength(sup._base) >= PACK_BYTES);
    moved.x = 310; // a batch after the snapshot
    const before = await frame(r, 48);
    const replays = sup.totals.recoveries;
    trapNext();
    const after = await frame(r, 64);
    assert.equal(sup.totals.recoveries, replays + 1, 'rebuilt');
    assert.deepEqual(drawn(after), drawn(before));
    assert.equal(drawn(after).length, 7010);
  } finally {
    r.destroy();
  }
});

test('a compaction of the 20,000-rect page hardly grows linear memory: the engine hands its snapshot out in pieces', { skip: SKIP_NO_ENGINE, timeout: 60_000 }, async () => {
  const r = await inlineRenderer();
  try {
    const sup = r.transport.supervisor;
    page(r, 20000);
    await frame(r, 16);
    await frame(r, 32);
    const before = sup.core.memoryBytes;
    const snap = sup.snapshot();
    assert.ok(snap.byteLength > 1_500_000, `the snapshot is ${snap.byteLength} bytes`);
    sup.compact();
    const after = (await frame(r, 48), sup.core.memoryBytes);
    assert.equal(sup.totals.compactions, 1);
    // A piece (64 KiB) and the slot order (80 KB); built whole, the
    // snapshot took its own size (the high-water mark rose 5.64 -> 8.13 MB).
    assert.ok(after - before <= 256 * 1024, `linear memory ${before} -> ${after} for a ${snap.byteLength}-byte snapshot`);
    // The pieces make the batch that recreates the scene.
    const last = await frame(r, 64);
    const { trapNext } = instrument(r);
    trapNext();
    assert.deepEqual(drawn(await frame(r, 80)), drawn(last));
    assert.equal(sup.totals.recoveries, 1);
  } finally {
    r.destroy();
  }
});

test('a compaction that traps (a snapshot over the memory cap) is not tried again every frame: it waits for another threshold of batches', { skip: SKIP_NO_ENGINE, timeout: 60_000 }, async () => {
  const r = await inlineRenderer();
  try {
    const sup = r.transport.supervisor;
    sup.journalMaxBatches = 4;
    // Every instance's snapshot traps, as one too big for the cap would.
    const trapSnapshots = (core) => {
      core.snapshot = () => { throw new WebAssembly.RuntimeError('unreachable (test: snapshot over the cap)'); };
      return core;
    };
    trapSnapshots(sup.core);
    const create = sup._create;
    sup._create = () => trapSnapshots(create());
    const nodes = [];
    let last = null;
    for (let f = 1; f <= 12; f++) {
      const n = r.createNode('view', { x: f * 20, y: 10, w: 10, h: 10, color: 0xff0000ff });
      r.root.appendChild(n);
      nodes.push(n);
      last = await frame(r, f * 16);
    }
    // Tried when the journal reached 4, 8 and 12 batches: 3 traps, not one
    // a frame from the 4th on (9), each recovered from the journal.
    assert.equal(sup.totals.traps, 3, `traps: ${sup.totals.traps}`);
    assert.equal(sup.totals.recoveries, 3);
    assert.equal(sup.totals.compactions, 0);
    assert.deepEqual(drawn(last).map((d) => d[0]), nodes.map((n) => n.id), 'every node is on screen');
  } finally {
    r.destroy();
  }
});
