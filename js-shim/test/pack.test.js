// The supervisor journal's packed batches (src/wire/pack.js, issue 14): what
// a trap's replay gives the engine must be the batch as it was sent, byte for
// byte, for every batch the shim and the engine make (and for any words at
// all, malformed ones included), and a page of plain rects must pack small.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packBatch, unpackBatch, isPacked, batchLength, PACK_MAGIC } from '../src/wire/pack.js';
import { batchSeq, BatchEncoder } from '../src/wire/batch.js';
import { BATCH_MAGIC, OP } from '../src/props.js';
import { captureRenderer, inlineRenderer, rng, SKIP_NO_ENGINE } from './helpers.js';

/** Packs `b` and, when it packed, checks the round trip; returns the packed bytes or null. */
function roundTrip(b, what) {
  const p = packBatch(b);
  if (p === null) return null;
  assert.ok(isPacked(p), `${what}: marked packed`);
  assert.ok(p.byteLength < b.byteLength, `${what}: smaller`);
  assert.equal(batchLength(p), b.byteLength, `${what}: length`);
  assert.equal(batchSeq(p), batchSeq(b), `${what}: seq readable`);
  const u = unpackBatch(p);
  assert.ok(Buffer.from(u.buffer, u.byteOffset, u.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength)), `${what}: byte for byte`);
  return p;
}

/** The memory page (bench/memory.mjs): N coloured 4x4 rects under one parent. */
function page(r, n) {
  const p = r.createNode('view', { w: 1920, h: 1080 });
  r.root.appendChild(p);
  for (let i = 0; i < n; i++) {
    p.appendChild(r.createNode('view', { x: (i % 200) * 5, y: ((i / 200) | 0) * 5, w: 4, h: 4, color: (Math.imul(i, 2654435761) | 0xff) >>> 0 }));
  }
  return p;
}

test('batches of every kind the shim sends pack and unpack byte for byte', async () => {
  const { r, batches } = await captureRenderer();
  const rand = rng(7);
  const p = page(r, 2000);
  r.frame(16);
  // Mixed commands: every node kind, strings, percentages, enums, animations,
  // transitions, focus, announcements, moves, removals, destroys.
  const box = r.createNode('view', { w: '50%', h: 'auto', display: 'flex', flexDirection: 'column', color: '#336699' });
  r.root.appendChild(box);
  const kids = [];
  for (let i = 0; i < 300; i++) {
    const t = ['view', 'text', 'image'][i % 3];
    const n = r.createNode(t, { x: rand() * 1000, y: i * 3.5, w: 10 + (i % 7), h: 20, alpha: rand(), color: (rand() * 2 ** 32) >>> 0 });
    if (t === 'text') n.text = `label ${i} é ☃`;
    if (t === 'image') n.src = `img/${i}.png`;
    box.appendChild(n);
    kids.push(n);
  }
  kids[3].animate({ x: 100, alpha: 0.5 }, { duration: 300 });
  kids[4].setTransition('x', { duration: 200 });
  kids[4].x = 40;
  kids[5].focusable = true;
  kids[5].focus();
  r.announce('hello');
  box.insertBefore(kids[10], kids[2]);
  box.removeChild(kids[11]);
  kids[12].destroy();
  r.frame(32);
  for (const n of kids.slice(20)) n.x = (n.x ?? 0) + 1;
  r.frame(48);
  p.destroy();
  r.frame(64);
  let packed = 0;
  for (const [i, b] of batches.entries()) if (roundTrip(b, `batch ${i}`)) packed++;
  assert.ok(packed >= 3, `the big batches packed (${packed} of ${batches.length})`);
  r.destroy();
});

test('a font batch (the long form: its length in the second word) round-trips or stays as it is', () => {
  const rand = rng(3);
  const font = new Uint8Array(40000).map(() => (rand() * 256) | 0);
  const enc = new BatchEncoder({ dev: false, seq: 9, initialBytes: font.byteLength + 256 });
  enc.registerFont('Test', font);
  enc.create(1, 0);
  const b = enc.finish().slice();
  assert.equal(packBatch(b), null, 'random font bytes do not pack smaller: kept as sent');
  // A compressible one (zeros) packs, and its length word is read back right.
  const enc2 = new BatchEncoder({ dev: false, seq: 10, initialBytes: 70000 });
  enc2.registerFont('Zeros', new Uint8Array(60000));
  for (let i = 1; i < 50; i++) enc2.create(i, 0);
  enc2.registerFont('Zeros2', new Uint8Array(3000));
  assert.ok(roundTrip(enc2.finish().slice(), 'zero font'));
});

test('any words after a batch header round-trip: malformed lengths, long forms, truncated commands', () => {
  const rand = rng(11);
  const word = () => {
    const k = rand();
    if (k < 0.3) return 0;
    if (k < 0.5) return (rand() * 16) | 0;
    if (k < 0.7) return (((1 + ((rand() * 20) | 0)) << 16) | ((rand() * 20) | 0)) >>> 0; // a header
    if (k < 0.75) return OP.REGISTER_FONT; // long form, length in the next word
    return (rand() * 2 ** 32) >>> 0;
  };
  let packedCount = 0;
  for (let iter = 0; iter < 400; iter++) {
    const n = 8 + ((rand() * 400) | 0);
    const w = new Uint32Array(n);
    w[0] = BATCH_MAGIC;
    w[1] = 1;
    w[2] = iter + 1;
    w[3] = (rand() * 100) | 0;
    // Runs of one repeated command shape, so that some pack.
    const shape = Array.from({ length: 1 + ((rand() * 12) | 0) }, word);
    shape[0] = ((shape.length << 16) | 5) >>> 0;
    for (let i = 4; i < n; i++) w[i] = rand() < 0.7 ? (shape[(i - 4) % shape.length] + (rand() < 0.1 ? 1 : 0)) >>> 0 : word();
    const b = new Uint8Array(w.buffer);
    if (roundTrip(b, `random ${iter}`)) packedCount++;
  }
  assert.ok(packedCount > 100, `some random batches packed (${packedCount})`);
});

test('what is not a whole batch is not packed; a view at an odd offset is', () => {
  assert.equal(packBatch(new Uint8Array(0)), null);
  assert.equal(packBatch(new Uint8Array(64)), null, 'no batch magic');
  const enc = new BatchEncoder({ dev: false });
  for (let i = 1; i < 200; i++) enc.create(i, 0);
  const b = enc.finish().slice();
  assert.equal(packBatch(b.subarray(0, b.byteLength - 2)), null, 'not whole words');
  const odd = new Uint8Array(b.byteLength + 1);
  odd.set(b, 1);
  const p = packBatch(odd.subarray(1));
  assert.ok(p, 'a view at an odd offset packs (through a copy)');
  assert.deepEqual([...unpackBatch(p)], [...b]);
  assert.throws(() => unpackBatch(b), /not a packed batch/);
  assert.equal(new DataView(p.buffer).getUint32(0, true), PACK_MAGIC);
  const cut = p.slice(0, p.byteLength - 3);
  assert.throws(() => unpackBatch(cut), /truncated/);
});

test('the memory page (20,000 rects) packs to under 5% of its bytes', async () => {
  const { r, batches } = await captureRenderer();
  page(r, 20000);
  r.frame(16);
  const b = batches[batches.length - 1];
  const p = roundTrip(b, 'memory page');
  assert.ok(p.byteLength < b.byteLength / 20, `${b.byteLength} -> ${p.byteLength} bytes`);
  r.destroy();
});

test("the engine's snapshot packs and unpacks byte for byte", { skip: SKIP_NO_ENGINE }, async () => {
  const r = await inlineRenderer();
  page(r, 3000);
  const t = r.createNode('text', { text: 'snapshot', x: 5, y: 5, w: 200, h: 40 });
  r.root.appendChild(t);
  r.frame(16);
  const snap = r.transport.supervisor.snapshot();
  assert.ok(snap.byteLength > 100000, 'with the init font');
  const p = roundTrip(snap, 'snapshot');
  assert.ok(p && p.byteLength < snap.byteLength / 2, `packed: ${snap.byteLength} -> ${p && p.byteLength} bytes`);
  r.destroy();
});
