// Frame scheduling: one automatic FRAME per tick after writes, the tick's
// time in the FRAME command, back-pressure when the engine does not answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer, protocol } from '../src/index.js';
import { captureTransport } from './helpers.js';

function manualScheduler() {
  const q = [];
  const s = (cb) => { q.push(cb); };
  s.tick = (t) => { const cbs = q.splice(0); for (const cb of cbs) cb(t); return cbs.length; };
  s.pending = () => q.length;
  return s;
}

const frameTimeOf = (batch) => {
  const w = new Uint32Array(batch.buffer, batch.byteOffset, batch.byteLength >> 2);
  const last = w.length - 3;
  assert.equal(w[last] & 0xffff, protocol.OP.FRAME);
  return new Float64Array(new Uint32Array([w[last + 1], w[last + 2]]).buffer)[0];
};

test('automatic frames: one per tick, only after writes, carrying the tick time', async () => {
  const sched = manualScheduler();
  const t = captureTransport();
  const r = await createRenderer({ transport: t, scheduler: sched });
  assert.equal(sched.pending(), 0, 'nothing scheduled without writes');
  const a = r.createNode('view', { x: 1 });
  a.y = 2;
  r.root.appendChild(a);
  assert.equal(sched.pending(), 1, 'one tick scheduled for many writes');
  sched.tick(123.5);
  assert.equal(t.batches.length, 1);
  assert.equal(frameTimeOf(t.batches[0]), 123.5);
  assert.equal(sched.tick(140), 0, 'no writes: nothing scheduled');
  assert.equal(t.batches.length, 1);
  a.x = 5;
  r.flush(); // manual flush: no FRAME, tick finds nothing to send
  sched.tick(150);
  assert.equal(t.batches.length, 2);
  assert.equal(new Uint32Array(t.batches[1].buffer)[3], 1, 'just the SET_PROPS');
  r.destroy();
});

test('automatic frames wait while too many frames are unanswered', async () => {
  const sched = manualScheduler();
  const t = captureTransport(); // never acks
  const r = await createRenderer({ transport: t, scheduler: sched, maxFramesInFlight: 2 });
  const a = r.createNode('view');
  for (let i = 0; i < 2; i++) { a.x = i; sched.tick(i); }
  assert.equal(t.batches.length, 2);
  a.x = 10;
  a.y = 11;
  sched.tick(3);
  assert.equal(t.batches.length, 2, 'held back');
  assert.equal(sched.pending(), 1, 're-scheduled');
  // Writes keep accumulating into the same batch; an answer releases it.
  r._onAck(2, null);
  sched.tick(4);
  assert.equal(t.batches.length, 3);
  r.destroy();
});

test('worker transport: a <canvas> element is a clear error before any worker starts; an init message that cannot be sent terminates the worker it started', async () => {
  const { createWorkerTransport } = await import('../src/transport/worker.js');
  const started = [];
  class FakeWorker {
    constructor() { this.terminated = 0; started.push(this); }
    addEventListener() {}
    postMessage() { const e = new Error("Failed to execute 'postMessage' on 'Worker': An OffscreenCanvas could not be transferred because it was detached."); e.name = 'DataCloneError'; throw e; }
    terminate() { this.terminated++; }
  }
  globalThis.Worker = FakeWorker;
  globalThis.HTMLCanvasElement = class HTMLCanvasElement {};
  try {
    const t = createWorkerTransport();
    assert.throws(() => t.connect({}, { width: 320, height: 180, canvas: new globalThis.HTMLCanvasElement() }),
      /^TypeError: reel: canvas must be an OffscreenCanvas .*pass `canvas: el\.transferControlToOffscreen\(\)`/);
    assert.equal(started.length, 0, 'no worker for a call that cannot work');
    await assert.rejects(createWorkerTransport().connect({}, { width: 320, height: 180, backend: 'wasm' }),
      /reel: the engine worker could not be started: .*detached.*transferControlToOffscreen\(\) works once per <canvas>/);
    assert.equal(started.length, 1);
    assert.equal(started[0].terminated, 1, 'the worker it started is terminated, not left running');
  } finally {
    delete globalThis.Worker;
    delete globalThis.HTMLCanvasElement;
  }
});
