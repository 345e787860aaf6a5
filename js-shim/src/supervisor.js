// @reel/shim — supervision of the engine in JS hosts: the scene journal and
// recovery from engine traps (inline transport, the Node worker_thread and
// the browser Worker all drive their engine through this).
//
// Why the boundary is here: an engine instance (engine.wasm's instance, or
// one wasm2js instance) dies with its first trap — a WebAssembly
// RuntimeError ("unreachable" after an allocation failure, "memory access
// out of bounds"), a stack overflow (RangeError), any exception out of an
// export. After one, its memory and its RefCell-held engine are not to be
// trusted: every later call answered "not initialised" or trapped again,
// and the screen stayed black with nothing reported. The app must not see
// the engine die. So this layer keeps, outside the instance, what rebuilds
// the scene — the last `reel_snapshot` plus the batches applied since (the
// native host's journal, host/src/supervisor.rs, with the same rules) — and
// turns every trap into: an incident reported to the app, a fresh instance
// rebuilt from the journal, and one retry of the failed call. A batch that
// traps again is rejected alone (a host ERROR event, code HOST_TRAP_CODE,
// or OutOfMemory when the instance ran out of its memory cap) and the scene
// is rebuilt as it was before it; nothing else the app sent is lost. A
// frame that traps again is retried without the batches sent since the
// last frame (they are rejected), else skipped.
//
// The journal is compacted (a snapshot replaces it) after a frame when it
// holds more than `journalMaxBatches` batches or `journalMaxBytes` bytes, so
// a recovery costs in proportion to the scene, not to the app's history.
//
// A snapshot or batch of `PACK_BYTES` or more is kept packed
// (./wire/pack.js: lossless; a 20,000-node page's 1.52 MB batch in ~45 KB;
// issue 14), smaller ones as they are. The thresholds count the batches'
// own bytes, so compaction and replay happen as they did when the journal
// kept them all as sent.

import { EV } from './props.js';
import { HOST_TRAP_CODE, eventWords, eventBuffer, errorEvent } from './wire/events.js';
import { batchSeq } from './wire/batch.js';
import { packBatch, unpackBatch, isPacked, batchLength } from './wire/pack.js';

/** Error code of a batch rejected because the engine trapped on it twice (the native host's `HOST_TRAP_CODE`). */
export { HOST_TRAP_CODE };
/** `ErrorKind::OutOfMemory`'s code. */
const OUT_OF_MEMORY_CODE = 22;
/**
 * Compaction thresholds. Higher than the native host's (64 batches, 1 MiB):
 * a snapshot re-encodes the whole scene twice (the engine counts it, then
 * hands it out in pieces, so it no longer raises linear memory) and, with
 * every registered font's bytes (the default subset 96 KB, the whole
 * DejaVu Sans ~750 KB), is copied and packed here; holding up to 8 MiB of
 * batch copies in the JS heap, and replaying them after a trap, costs a
 * device less than doing that every 64 batches.
 */
export const DEFAULT_JOURNAL_MAX_BATCHES = 1024;
export const DEFAULT_JOURNAL_MAX_BYTES = 8 << 20;
/**
 * A batch (or snapshot) this big is kept packed (the batch encoder drops a
 * buffer grown past the same size). Packing costs 1-1.5 ns a byte once
 * compiled (5-8 copies' worth; the engine's apply and frame of the same
 * batch, ~6), so smaller batches, the frames' usual traffic, are kept as
 * copies, as before: the compaction thresholds bound them.
 */
export const PACK_BYTES = 512 << 10;

/**
 * What the journal keeps of `bytes` (the caller's buffer, reused): packed when
 * big, else a copy. A packed form is unpacked and compared before it is kept
 * (about one more pass over the batch): recovery replays what the app sent
 * even if the packer had a bug, as a copy.
 */
function journalCopy(bytes) {
  return packedForm(bytes) ?? bytes.slice();
}

/** `bytes` packed (and checked), or null when small or it does not pack. */
function packedForm(bytes) {
  if (bytes.byteLength < PACK_BYTES) return null;
  const packed = packBatch(bytes);
  return packed && sameBytes(unpackBatch(packed), bytes) ? packed : null;
}

function sameBytes(a, b) {
  if (a.byteLength !== b.byteLength) return false;
  // Word compares where both are 4-aligned (batches are words).
  if ((a.byteOffset | b.byteOffset | a.byteLength) % 4 === 0) {
    const x = new Uint32Array(a.buffer, a.byteOffset, a.byteLength / 4);
    const y = new Uint32Array(b.buffer, b.byteOffset, b.byteLength / 4);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The batch a journal entry holds, as the engine takes it. */
function unpacked(entry) {
  return isPacked(entry) ? unpackBatch(entry) : entry;
}

/** A trap's reason, as text. */
function describe(err) {
  if (err === null || err === undefined) return 'unknown';
  const kind = err.constructor && err.constructor.name ? err.constructor.name : 'Error';
  return `${kind}: ${err.message ?? String(err)}`;
}

/**
 * @typedef {object} Incident
 * @property {string} call the export that trapped ('reel_submit', 'reel_frame', 'reel_snapshot')
 * @property {string} reason the exception ("RuntimeError: unreachable", ...)
 * @property {boolean} outOfMemory the instance was at its memory cap
 * @property {number} seq the batch's seq (-1 for a frame)
 * @property {'recovered'|'rejected'|'frame-dropped'|'failed'} resolution
 * @property {number[]} rejected seqs of batches rejected by the host
 * @property {string} message one line for people
 */

export class EngineSupervisor {
  /**
   * @param {object} o
   * @param {import('./engine-core.js').EngineCore} o.core the first instance, initialised (reel_init + setup done)
   * @param {(() => import('./engine-core.js').EngineCore) | null} o.create a fresh, uninitialised instance (sync); null: none can be made (a trap is then fatal)
   * @param {number} o.width
   * @param {number} o.height
   * @param {(core: import('./engine-core.js').EngineCore) => void} [o.setup] run on every fresh instance after reel_init (fonts registered at init)
   * @param {number} [o.memoryCap] the instance's memory cap in bytes (to tell out-of-memory traps), 0: none
   */
  constructor(o) {
    this._core = o.core;
    this._create = o.create ?? null;
    this.width = o.width;
    this.height = o.height;
    this._setup = o.setup ?? (() => {});
    this.memoryCap = o.memoryCap ?? 0;
    this.journalMaxBatches = o.journalMaxBatches ?? DEFAULT_JOURNAL_MAX_BATCHES;
    this.journalMaxBytes = o.journalMaxBytes ?? DEFAULT_JOURNAL_MAX_BYTES;
    /** Snapshot the journal starts from (null: an empty scene). */
    this._base = null;
    /** Batches applied since `_base`: packed (wire/pack.js) or copies. */
    this._since = [];
    /** Bytes of those batches (as sent: not what packing left). */
    this._sinceBytes = 0;
    /** The journal's [batches, bytes] when a compaction last failed (see _compact). */
    this._compactFailedAt = [0, 0];
    /** Index into `_since` of the first batch applied after the last frame. */
    this._pendingFrom = 0;
    this._lastTime = 0;
    /** Events made by the host (rejections) or kept from a replay (image requests), delivered with the next takeEventsBytes(). */
    this._hostEvents = [];
    /** @type {Incident[]} */
    this._incidents = [];
    /** False once no instance could be rebuilt: every call is refused. */
    this.alive = true;
    /** Running totals: { traps, recoveries, rejectedByHost, framesDropped, compactions }. */
    this.totals = { traps: 0, recoveries: 0, rejectedByHost: 0, framesDropped: 0, compactions: 0 };
  }

  /** The current instance (changes after a recovery: never keep it). */
  get core() {
    return this._core;
  }

  /** Batches in the journal since its last compaction. */
  get journalLength() {
    return this._since.length;
  }

  /** Incidents since the last call (and forgets them). */
  takeIncidents() {
    if (this._incidents.length === 0) return null;
    return this._incidents.splice(0);
  }

  /**
   * Takes the queued events — the engine's, plus any the host made — as one
   * REEV buffer (a copy), then clears them; null when there are none.
   */
  takeEventsBytes() {
    const core = this._core;
    let engine = null;
    if (this.alive && (core.x.reel_events_len() >>> 0) > 16) engine = core.takeEventsBytes();
    else if (this.alive) core.clearEvents();
    if (this._hostEvents.length === 0) return engine;
    const all = [...this._hostEvents.splice(0), ...eventWords(engine)];
    return eventBuffer(all);
  }

  /**
   * Applies a batch. Returns 0, the engine's error code (validation; the
   * ERROR event is queued), or the host's code for a batch rejected after
   * trapping twice. `framed`: the batch has FRAME commands.
   */
  submit(bytes, framed = false) {
    if (!this.alive) return this._refuse(bytes);
    let code;
    try {
      code = this._core.submit(bytes);
    } catch (err) {
      return this._submitTrapped(bytes, framed, err);
    }
    this._applied(bytes, code, framed);
    return code;
  }

  /** Runs one frame at `timeMs` (reel_frame). */
  frame(timeMs) {
    if (!this.alive) return;
    try {
      this._core.frame(timeMs);
    } catch (err) {
      this._frameTrapped(timeMs, err);
      return;
    }
    this._framed(timeMs);
  }

  /** Replaces the journal with a snapshot of the scene now. */
  compact() {
    if (this.alive) this._compact();
  }

  /** A snapshot batch of the scene (copy). */
  snapshot() {
    try {
      return this._core.snapshot();
    } catch (err) {
      this.totals.traps++;
      const incident = this._incident('reel_snapshot', err, -1);
      if (this._recover(this._since.length, incident)) incident.resolution = 'recovered';
      return this.alive ? this._core.snapshot() : new Uint8Array(0);
    }
  }

  // ---- internals -----------------------------------------------------------

  _applied(bytes, code, framed) {
    if (code === 0) {
      this._since.push(journalCopy(bytes));
      this._sinceBytes += bytes.byteLength;
    }
    if (framed) this._framed(this._lastTime);
  }

  _framed(timeMs) {
    if (typeof timeMs === 'number' && timeMs > this._lastTime) this._lastTime = timeMs;
    this._pendingFrom = this._since.length;
    const [batches, bytes] = this._compactFailedAt;
    if (this._since.length >= batches + this.journalMaxBatches || this._sinceBytes >= bytes + this.journalMaxBytes) this._compact();
  }

  _compact() {
    let snap;
    try {
      snap = this._core.snapshot();
    } catch (err) {
      // The journal is still valid: rebuild from it, and try again only
      // once it has grown by a threshold more (a snapshot that does not
      // fit under the memory cap trapped, and the recovery replayed the
      // journal, every frame).
      this._compactFailedAt = [this._since.length, this._sinceBytes];
      this.totals.traps++;
      const incident = this._incident('reel_snapshot', err, -1);
      if (this._recover(this._since.length, incident)) incident.resolution = 'recovered';
      return;
    }
    this._base = packedForm(snap) ?? snap; // snapshot() made a copy
    this._compactFailedAt = [0, 0];
    this._since = [];
    this._sinceBytes = 0;
    this._pendingFrom = 0;
    this.totals.compactions++;
  }

  _incident(call, err, seq) {
    const memory = this._memoryBytes();
    const outOfMemory = this.memoryCap > 0 && memory + 65536 * 16 > this.memoryCap;
    const incident = {
      call,
      reason: describe(err),
      outOfMemory,
      seq,
      resolution: 'failed',
      rejected: [],
      message: '',
    };
    this._incidents.push(incident);
    return incident;
  }

  _memoryBytes() {
    try {
      return this._core.memoryBytes;
    } catch {
      return 0;
    }
  }

  _finish(incident) {
    const what = incident.seq >= 0 ? `batch ${incident.seq}` : 'a frame';
    const why = incident.outOfMemory ? `${incident.reason} (out of memory: ${this.memoryCap} byte cap)` : incident.reason;
    const how = {
      recovered: 'recovered: fresh instance rebuilt from the journal, retry succeeded',
      rejected: `retry failed too: rejected batch ${incident.rejected.join(', ')} and rebuilt the scene without it`,
      'frame-dropped': 'frame dropped: it traps even on the rebuilt scene',
      failed: 'recovery failed: no engine instance could be rebuilt',
    }[incident.resolution];
    incident.message = `reel: the engine trapped in ${incident.call} on ${what}: ${why}; ${how}`;
  }

  _submitTrapped(bytes, framed, err) {
    this.totals.traps++;
    const seq = batchSeq(bytes);
    const incident = this._incident('reel_submit', err, seq);
    const upto = this._since.length;
    if (!this._recover(upto, incident)) {
      this._finish(incident);
      return this._reject(bytes, incident);
    }
    let code;
    try {
      code = this._core.submit(bytes);
    } catch (err2) {
      this.totals.traps++;
      incident.reason = incident.reason || describe(err2);
      if (!this._recover(upto, incident)) {
        this._finish(incident);
        return this._reject(bytes, incident);
      }
      incident.resolution = 'rejected';
      incident.rejected = [seq];
      this._finish(incident);
      return this._reject(bytes, incident);
    }
    incident.resolution = 'recovered';
    this._finish(incident);
    this._applied(bytes, code, framed);
    return code;
  }

  _frameTrapped(timeMs, err) {
    this.totals.traps++;
    const incident = this._incident('reel_frame', err, -1);
    const total = this._since.length;
    // The whole journal first, then without the batches since the last frame
    // (one of those made the frame fail), as the native supervisor does.
    const attempts = total > this._pendingFrom ? [total, this._pendingFrom] : [total];
    for (const upto of attempts) {
      if (!this._recover(upto, incident, true)) break;
      try {
        this._core.frame(timeMs);
      } catch {
        this.totals.traps++;
        continue;
      }
      if (upto < total) {
        const dropped = this._since.splice(upto);
        for (const b of dropped) {
          this._sinceBytes -= batchLength(b);
          incident.rejected.push(batchSeq(b));
        }
        incident.resolution = 'rejected';
        this._finish(incident);
        for (const b of dropped) this._reject(b, incident);
      } else {
        incident.resolution = 'recovered';
        this._finish(incident);
      }
      this._framed(timeMs);
      return;
    }
    // Even the scene without the recent batches cannot be framed: keep
    // everything the app sent and skip this frame.
    if (this.alive && this._recover(total, incident, true)) {
      this.totals.framesDropped++;
      incident.resolution = 'frame-dropped';
    }
    this._finish(incident);
  }

  /**
   * Replaces the instance with a fresh one holding the journal's first
   * `upto` batches (dropping the rest from the journal unless `keep`).
   * Returns false (and marks the supervisor dead) when none can be built.
   */
  _recover(upto, incident, keep = false) {
    this.totals.recoveries++;
    if (!this._create) {
      incident.resolution = 'failed';
      incident.reason += ' (this engine was given as an instance: no fresh one can be made; pass its bytes, URL or WebAssembly.Module)';
      this.alive = false;
      return false;
    }
    let fresh;
    try {
      fresh = this._create();
      fresh.init(this.width, this.height);
      fresh.clearEvents();
      this._setup(fresh);
      const replay = this._base ? [this._base, ...this._since.slice(0, upto)] : this._since.slice(0, upto);
      for (const b of replay) {
        const code = fresh.submit(unpacked(b));
        if (code !== 0) throw new Error(`journal replay: batch ${batchSeq(b)} was rejected (code ${code}): ${fresh.lastError()}`);
      }
      // A current display list and stats for the painter, at the last frame's time.
      fresh.frame(this._lastTime);
    } catch (e) {
      incident.resolution = 'failed';
      incident.reason += `; rebuilding failed: ${describe(e)}`;
      this.alive = false;
      return false;
    }
    // Keep the replay's image requests (a snapshot's images must load again); drop the rest.
    const kept = eventWords(fresh.takeEventsBytes(), (op) => op === EV.IMAGE_REQUEST || op === EV.IMAGE_RELEASE);
    this._hostEvents.push(...kept);
    this._core = fresh;
    if (!keep) {
      for (const b of this._since.splice(upto)) this._sinceBytes -= batchLength(b);
    }
    this._pendingFrom = Math.min(this._pendingFrom, this._since.length);
    return true;
  }

  /** Rejects `bytes` as the host: an ERROR event naming the trap. */
  _reject(bytes, incident) {
    this.totals.rejectedByHost++;
    const seq = batchSeq(bytes);
    const code = incident.outOfMemory ? OUT_OF_MEMORY_CODE : HOST_TRAP_CODE;
    const msg = incident.resolution === 'failed'
      ? `batch ${seq} rejected by the host: the engine trapped (${incident.reason}) and could not be rebuilt`
      : `batch ${seq} rejected by the host: the engine trapped (${incident.reason}) on it twice, also on a fresh instance; the scene is as it was before this batch`;
    this._hostEvents.push(errorEvent(seq, code, msg));
    return code;
  }

  /** After a failed recovery: every batch is refused with an ERROR event. */
  _refuse(bytes) {
    const seq = batchSeq(bytes);
    this._hostEvents.push(errorEvent(seq, HOST_TRAP_CODE, `batch ${seq} rejected by the host: the engine is gone (an earlier trap could not be recovered)`));
    return HOST_TRAP_CODE;
  }
}
