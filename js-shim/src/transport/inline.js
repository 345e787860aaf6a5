// @reel/shim — inline transport: the engine runs in the calling thread.
// For tests, tools and hosts without workers. Every send() applies the batch
// synchronously and reports results before it returns.

import { loadEngineCore, registerInitFont } from './load.js';
import { jsHeap } from '../overlay.js';

const now = typeof performance === 'object' && performance && typeof performance.now === 'function' ? () => performance.now() : () => Date.now();

/**
 * @param {object} [opts]
 * @param {import('../engine-core.js').EngineCore} [opts.core] an already loaded engine (skips loading)
 * @param {boolean} [opts.displayList] report display lists (default true)
 */
export function createInlineTransport(opts = {}) {
  let core = opts.core ?? null;
  let sink = null;
  let lastFrame = 0; // frame 0 = no frame has run yet
  let lastFrameAt = null; // debug engine: the previous FRAME time
  const wantList = opts.displayList !== false;
  return {
    kind: 'inline',
    get core() { return core; },

    async connect(s, init) {
      sink = s;
      if (!core) core = await loadEngineCore(init);
      core.init(init.width, init.height);
      core.clearEvents();
      // The default font (or init.fontUrl) before the app's first batch.
      const font = await registerInitFont(core, init);
      lastFrameAt = null;
      return { backend: init.backend, abiVersion: core.abiVersion, memoryBytes: core.memoryBytes, font, overlay: core.hasOverlay };
    },

    send(enc, frameTime) {
      const seq = enc.seq;
      const bytes = enc.finish();
      if (core.hasOverlay) {
        // Debug engine: time the batch and tell the overlay's panels.
        const t0 = now();
        core.submit(bytes);
        if (frameTime !== null) {
          const interval = lastFrameAt === null ? 0 : frameTime - lastFrameAt;
          lastFrameAt = frameTime;
          const heap = jsHeap();
          core.overlayHostStats({ engineMs: now() - t0, frameIntervalMs: interval, queueDelayMs: 0, batchBytes: bytes.byteLength, batches: 1, jsHeapBytes: heap ? heap[0] : 0, jsHeapLimit: heap ? heap[1] : 0 });
        }
      } else core.submit(bytes);
      if (frameTime !== null && wantList) {
        // A view into engine memory: valid until the next engine call.
        const dl = core.displayList(false);
        const frame = dl.byteLength >= 16 ? new DataView(dl.buffer, dl.byteOffset, 16).getUint32(12, true) : -1;
        if (frame !== lastFrame) {
          lastFrame = frame;
          sink.displayList(dl);
        }
      }
      const evLen = core.x.reel_events_len() >>> 0;
      if (evLen > 16) sink.events(core.eventsBytes());
      core.clearEvents();
      sink.ack(seq, null);
    },

    /** Debug overlay requests (overlay.js); answered at once. */
    overlay(msg) {
      if (!core) return null;
      if (msg.op === 'key') return { op: 'key', consumed: core.overlayKey(msg.code), open: core.overlayOpen() };
      if (msg.op === 'pointer') return { op: 'pointer', consumed: core.overlayPointer(msg.x, msg.y, msg.action), open: core.overlayOpen() };
      if (msg.op === 'state') return { op: 'state', id: msg.id, open: core.overlayOpen(), state: core.overlayState() };
      return null;
    },

    close() {
      core = null;
    },
  };
}
