// @reel/shim — host transport: the Reel native host (`reel run app.js
// --device <profile>`, crate reel-quickjs). There the app and this shim run
// on QuickJS in one thread and the engine (engine.wasm under wasmtime, with
// the device's memory cap, CPU model and trap recovery) in another; the host
// installs one global, `__reel_host`:
//
//   send(bytes)     one protocol-v1 batch (ArrayBuffer or view; copied at
//                   once, so the encoder's buffer can be reused). Batches are
//                   applied in order at the end of the current host frame; a
//                   FRAME command runs an engine frame (the host runs one
//                   itself on frames where the app sent none).
//   onEvents(fn)    fn(ArrayBuffer) once per host frame, after the engine ran
//                   it: the engine's event buffer ("REEV": ERROR and
//                   FRAME_STATS). Returns an unsubscribe function.
//   exit(code?)     ends the run after this frame.
//   device          { id, name, width, height, fps, frameMs }
//   now()           the emulated frame clock in ms (frame N at N*1000/fps);
//                   performance.now(), Date.now(), timers and
//                   requestAnimationFrame timestamps read the same clock.
//
// Like the inline transport this one gets the batch with `enc.finish()` and
// copies it; like the worker transport results arrive later: a batch is
// acknowledged (`sink.ack`) when the event buffer of the frame that applied
// it arrives, and each FRAME_STATS is also reported as a 'paint' (the host
// paints — PNGs — from the display list itself; no display list is sent
// back to JS).

import { EV } from '../props.js';
import { walkEvents, decodeStats } from '../wire/events.js';

/** True inside the Reel native host. */
export function isHostAvailable() {
  const h = globalThis.__reel_host;
  return typeof h === 'object' && h !== null && typeof h.send === 'function' && typeof h.onEvents === 'function';
}

/** FRAME_STATS events of an event buffer as { frame, items, timeMs }, without decoding the others. */
function frameStats(bytes) {
  const out = [];
  walkEvents(bytes, (op, words, dv, off) => {
    if (op !== EV.FRAME_STATS || words !== 17) return;
    const s = decodeStats(dv, off + 4);
    out.push({ frame: s.frame, items: s.dlItems, timeMs: s.timeMs });
  });
  return out;
}

/**
 * @param {object} [opts]
 * @param {object} [opts.host] the host object (default: globalThis.__reel_host)
 */
export function createHostTransport(opts = {}) {
  let h = null;
  let sink = null;
  let off = null;
  let sent = []; // seqs sent since the last event buffer
  let closed = false;
  return {
    kind: 'host',
    /** The emulated device ({ id, name, width, height, fps, frameMs }), once connected. */
    get device() { return h ? h.device : null; },

    async connect(s, init) {
      h = opts.host ?? globalThis.__reel_host;
      if (!h || typeof h.send !== 'function') {
        throw new Error("reel: transport 'host' needs the Reel native host (__reel_host is missing; run under `reel run`)");
      }
      sink = s;
      off = h.onEvents((buf) => {
        if (closed) return;
        // Everything sent before this frame's events was applied by it.
        // The events go first, then the acks, as the inline transport
        // delivers them: an ERROR event is read against its batch's
        // command -> node map (dev), which the batch's ack drops.
        const acked = sent;
        sent = [];
        // An app listener's exception (rethrown by sink.events) still
        // leaves the batches acknowledged and the frames reported.
        const bytes = new Uint8Array(buf);
        try {
          if (bytes.byteLength > 16) sink.events(bytes);
        } finally {
          for (const seq of acked) sink.ack(seq, null);
          for (const f of frameStats(bytes)) {
            sink.paint({ type: 'frame', frame: f.frame, items: f.items, paintMs: 0, engineMs: 0, painter: 'host', timeMs: f.timeMs });
          }
        }
      });
      const d = h.device || {};
      const info = { backend: 'wasm', abiVersion: 1, memoryBytes: 0, runtime: h.runtime ?? 'native', device: d.id };
      if (d.width && d.height) info.viewport = { width: d.width, height: d.height };
      if (init && init.width && init.height && (init.width !== d.width || init.height !== d.height)) {
        info.note = `scene ${init.width}x${init.height}, device ${d.width}x${d.height}`;
      }
      return info;
    },

    send(enc, frameTime) {
      if (closed) throw new Error('reel: host transport is closed');
      h.send(enc.finish());
      sent.push(enc.seq);
    },

    /** Ends the `reel run` session after this frame. */
    exit(code = 0) {
      if (h) h.exit(code);
    },

    close() {
      closed = true;
      if (off) off();
      off = null;
    },
  };
}
