// src/list-seq.js: the `seq` a display list carries (the newest app batch it
// shows). A paint the app did not ask for — the rebuilt scene after a trap —
// must not claim a batch it does not show, and a page waiting for its
// batch's paint (seq >= its own) must not wait for a batch that was
// rejected. tests/browser/robustness.test.mjs checks it through the Worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ListSeq } from '../src/list-seq.js';

const OK = 0;
const REJECTED = 22;

test('framed batches: the list shows each as it is applied', () => {
  const l = new ListSeq();
  assert.equal(l.seq, 0);
  l.batch(1, OK, true, false);
  assert.equal(l.seq, 1);
  l.batch(2, OK, true, false);
  assert.equal(l.seq, 2);
});

test('a batch without FRAME is shown only once a frame ran', () => {
  const l = new ListSeq();
  l.batch(1, OK, true, false);
  l.batch(2, OK, false, false);
  assert.equal(l.seq, 1, 'not framed yet');
  l.batch(3, REJECTED, true, false);
  assert.equal(l.seq, 1, 'a rejected batch after it does not frame it');
  l.framed();
  assert.equal(l.seq, 3, 'a frame (reel_frame, the raf clock) shows every batch handled');
});

test('a rejected batch is shown as much as the list before it: waiting for it ends', () => {
  const l = new ListSeq();
  l.batch(1, OK, true, false);
  l.batch(2, REJECTED, true, false);
  assert.equal(l.seq, 2);
});

test('a trap: the rebuilt scene shows every batch before the trapped one', () => {
  // Rejected after the retry trapped too: nothing of it to show.
  let l = new ListSeq();
  l.batch(1, OK, true, false);
  l.batch(2, OK, false, false);
  l.batch(3, REJECTED, true, true);
  assert.equal(l.seq, 3);
  // The retry succeeded, with FRAME.
  l = new ListSeq();
  l.batch(1, OK, true, false);
  l.batch(2, OK, true, true);
  assert.equal(l.seq, 2);
  // The retry succeeded, without FRAME: the rebuild framed batch 1 only.
  l = new ListSeq();
  l.batch(1, OK, false, false);
  l.batch(2, OK, false, true);
  assert.equal(l.seq, 1);
  l.framed();
  assert.equal(l.seq, 2);
});
