// @reel/shim — inline transport: the engine runs in the calling thread.
// For tests, tools and hosts without workers. Every send() applies the batch
// synchronously and reports results before it returns.

import { loadEngineCore } from './load.js';

/**
 * @param {object} [opts]
 * @param {import('../engine-core.js').EngineCore} [opts.core] an already loaded engine (skips loading)
 * @param {boolean} [opts.displayList] report display lists (default true)
 */
export function createInlineTransport(opts = {}) {
  let core = opts.core ?? null;
  let sink = null;
  let lastFrame = 0; // frame 0 = no frame has run yet
  const wantList = opts.displayList !== false;
  return {
    kind: 'inline',
    get core() { return core; },

    async connect(s, init) {
      sink = s;
      if (!core) core = await loadEngineCore(init);
      core.init(init.width, init.height);
      core.clearEvents();
      return { backend: init.backend, abiVersion: core.abiVersion, memoryBytes: core.memoryBytes };
    },

    send(enc, frameTime) {
      const seq = enc.seq;
      core.submit(enc.finish());
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

    close() {
      core = null;
    },
  };
}
