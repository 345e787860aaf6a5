// @reel/shim — inline transport: the engine runs in the calling thread.
// For tests, tools and hosts without workers. Every send() applies the batch
// synchronously and reports results before it returns. The engine is driven
// through an EngineSupervisor (../supervisor.js): a trap is reported
// (sink.trap) and recovered from a journal on a fresh instance.

import { loadSupervisedEngine, registerInitFont } from './load.js';
import { EngineSupervisor } from '../supervisor.js';
import { jsHeap } from '../overlay.js';
import { listFrame } from '../wire/display-list.js';

const now = typeof performance === 'object' && performance && typeof performance.now === 'function' ? () => performance.now() : () => Date.now();

/**
 * @param {object} [opts]
 * @param {import('../engine-core.js').EngineCore} [opts.core] an already loaded engine (skips loading)
 * @param {boolean} [opts.displayList] report display lists (default true)
 */
export function createInlineTransport(opts = {}) {
  let sup = null;
  let sink = null;
  let lastFrame = 0; // frame 0 = no frame has run yet
  let lastFrameAt = null; // debug engine: the previous FRAME time
  const wantList = opts.displayList !== false;
  return {
    kind: 'inline',
    /** The current engine instance (a new one after a recovered trap). */
    get core() { return sup ? sup.core : opts.core ?? null; },
    /** The supervisor (journal, trap recovery, totals). */
    get supervisor() { return sup; },

    async connect(s, init) {
      sink = s;
      let font;
      if (opts.core) {
        // A given instance: no fresh one can be made, so a trap is fatal.
        const core = opts.core;
        core.init(init.width, init.height);
        core.clearEvents();
        const f = await registerInitFont(core, init);
        font = f ? { family: f.family, bytes: f.bytes } : null;
        sup = new EngineSupervisor({ core, create: null, width: init.width, height: init.height });
      } else {
        // The default font (or init.fontUrl) before the app's first batch.
        ({ sup, font } = await loadSupervisedEngine(init, init));
      }
      lastFrameAt = null;
      const core = sup.core;
      return { backend: init.backend, abiVersion: core.abiVersion, memoryBytes: core.memoryBytes, font, overlay: core.hasOverlay };
    },

    send(enc, frameTime) {
      const seq = enc.seq;
      const bytes = enc.finish();
      const framed = frameTime !== null;
      const gen = sup.core;
      if (sup.core.hasOverlay) {
        // Debug engine: time the batch and tell the overlay's panels.
        const t0 = now();
        sup.submit(bytes, framed);
        const core = sup.core;
        if (frameTime !== null && sup.alive) {
          const interval = lastFrameAt === null ? 0 : frameTime - lastFrameAt;
          lastFrameAt = frameTime;
          const heap = jsHeap();
          core.overlayHostStats({ engineMs: now() - t0, frameIntervalMs: interval, queueDelayMs: 0, batchBytes: bytes.byteLength, batches: 1, jsHeapBytes: heap ? heap[0] : 0, jsHeapLimit: heap ? heap[1] : 0 });
        }
      } else sup.submit(bytes, framed);
      // A recovered trap replaced the instance: its frame counter restarted.
      const recovered = sup.core !== gen;
      if (recovered) lastFrame = 0;
      const incidents = sup.takeIncidents();
      if (sup.alive && (framed || recovered) && wantList) {
        // A view into engine memory: valid until the next engine call.
        const dl = sup.core.displayList(false);
        const frame = listFrame(dl);
        if (frame !== lastFrame) {
          lastFrame = frame;
          sink.displayList(dl);
        }
      }
      const ev = sup.takeEventsBytes();
      if (ev !== null && ev.byteLength > 16) sink.events(ev);
      if (incidents) for (const i of incidents) sink.trap(i);
      sink.ack(seq, null);
    },

    /** Debug overlay requests (overlay.js); answered at once. */
    overlay(msg) {
      const core = sup && sup.alive ? sup.core : null;
      if (!core) return null;
      if (msg.op === 'key') return { op: 'key', consumed: core.overlayKey(msg.code), open: core.overlayOpen() };
      if (msg.op === 'pointer') return { op: 'pointer', consumed: core.overlayPointer(msg.x, msg.y, msg.action), open: core.overlayOpen() };
      if (msg.op === 'state') return { op: 'state', id: msg.id, open: core.overlayOpen(), state: core.overlayState() };
      return null;
    },

    close() {
      sup = null;
    },
  };
}
