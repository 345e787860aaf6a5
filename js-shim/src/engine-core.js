// @reel/shim — runtime-agnostic driver of engine.wasm's C ABI (engine/src/abi.rs).
//
// Works on a WebAssembly.Instance's exports and on the wasm2js build's module
// (same export names; its `memory` may be a WebAssembly.Memory or any object
// with a `.buffer`). `memory.buffer` is re-read after every call because
// the engine may grow its memory, which detaches the old ArrayBuffer.

import { ABI_VERSION, EV, EVENTS_MAGIC, OP_NAMES, ERROR_CODES, DISPLAY_LIST_MAGIC, DISPLAY_LIST_HEADER_BYTES, DISPLAY_ITEM_BYTES } from './props.js';

const REQUIRED = [
  'reel_abi_version', 'reel_init', 'reel_input_reserve', 'reel_submit', 'reel_frame',
  'reel_display_list_ptr', 'reel_display_list_len', 'reel_events_ptr', 'reel_events_len',
  'reel_events_clear', 'reel_stats_ptr', 'reel_last_error_ptr', 'reel_last_error_len',
];

const utf8 = typeof TextDecoder === 'function' ? new TextDecoder() : null;

function decodeUtf8(bytes) {
  if (utf8) return utf8.decode(bytes);
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  try { return decodeURIComponent(escape(s)); } catch { return s; }
}

/** Picks the exports object out of an instance, a module namespace or a wasm2js module. */
export function engineExports(x) {
  if (!x) throw new TypeError('reel: no engine given');
  if (typeof x.reel_init === 'function') return x;
  if (x.exports && typeof x.exports.reel_init === 'function') return x.exports; // Instance
  if (x.instance && x.instance.exports) return x.instance.exports; // instantiate() result
  if (x.default && typeof x.default.reel_init === 'function') return x.default; // ESM default
  throw new TypeError('reel: object is not an engine (no reel_init export)');
}

/**
 * Instantiates engine.wasm (it imports nothing). `source` may be a
 * WebAssembly.Module, bytes (ArrayBuffer / typed array), a fetch Response
 * or an already-instantiated exports object.
 * @returns {Promise<object>} the exports
 */
export async function instantiateEngine(source) {
  if (source && (typeof source.reel_init === 'function' || source.exports || source.instance || source.default)) {
    return engineExports(source);
  }
  if (typeof WebAssembly !== 'object' || WebAssembly === null) throw new Error('reel: WebAssembly is not available');
  if (typeof Response !== 'undefined' && source instanceof Response) {
    if (typeof WebAssembly.instantiateStreaming === 'function') {
      try {
        return (await WebAssembly.instantiateStreaming(source.clone(), {})).instance.exports;
      } catch { /* wrong MIME type: fall back to bytes */ }
    }
    source = await source.arrayBuffer();
  }
  if (source instanceof WebAssembly.Module) return (await WebAssembly.instantiate(source, {})).exports;
  return (await WebAssembly.instantiate(source, {})).instance.exports;
}

/** Fill colour of the overlay's highlight of the selected node (engine/src/overlay `HIGHLIGHT_FILL`). */
export const OVERLAY_HIGHLIGHT_FILL = 0x3cff6450;

/** The driver. */
export class EngineCore {
  /** @param {object} exports engine.wasm exports or a wasm2js module */
  constructor(exports) {
    const x = engineExports(exports);
    for (const name of REQUIRED) {
      if (typeof x[name] !== 'function') throw new TypeError(`reel: engine lacks export ${name}`);
    }
    if (!x.memory || !x.memory.buffer) throw new TypeError('reel: engine lacks memory');
    this.x = x;
    this.abiVersion = x.reel_abi_version() >>> 0;
    if (this.abiVersion !== ABI_VERSION) {
      throw new Error(`reel: engine ABI version ${this.abiVersion}, this shim speaks ${ABI_VERSION}`);
    }
  }

  /** Instantiates `source` (see instantiateEngine) and wraps it. */
  static async load(source) {
    return new EngineCore(await instantiateEngine(source));
  }

  /** The current memory buffer (re-read: memory may have grown). */
  get buffer() {
    return this.x.memory.buffer;
  }

  /** Linear memory size in bytes. */
  get memoryBytes() {
    return this.x.memory.buffer.byteLength;
  }

  /** (Re)creates the engine with an empty scene. */
  init(width, height) {
    const r = this.x.reel_init(width >>> 0, height >>> 0) >>> 0;
    if (r !== 0) throw new Error(`reel: reel_init failed with code ${r}`);
  }

  /**
   * Copies a batch into the engine and applies it (its FRAME commands run
   * frames). Returns 0, or the error code of the rejection (an ERROR event
   * is queued too; see lastError()).
   * @param {Uint8Array} bytes
   */
  submit(bytes) {
    const len = bytes.byteLength;
    const ptr = this.x.reel_input_reserve(len) >>> 0;
    if (ptr === 0) return 22; // OutOfMemory (the engine queued the event)
    new Uint8Array(this.x.memory.buffer, ptr, len).set(bytes);
    return this.x.reel_submit(len) >>> 0;
  }

  /** Runs one frame at host time `timeMs`. */
  frame(timeMs) {
    return this.x.reel_frame(+timeMs) >>> 0;
  }

  _bytes(ptr, len, copy) {
    ptr >>>= 0;
    len >>>= 0;
    if (ptr === 0 || len === 0) return new Uint8Array(0);
    const view = new Uint8Array(this.x.memory.buffer, ptr, len);
    return copy ? view.slice() : view;
  }

  /**
   * The last display list (header + items). A view into engine memory
   * (valid until the next engine call) unless `copy`.
   */
  displayList(copy = false) {
    const p = this.x.reel_display_list_ptr();
    return this._bytes(p, this.x.reel_display_list_len(), copy);
  }

  /**
   * Takes the engine's pending texture deltas (glyph atlas updates; format
   * in engine/src/texture.rs): a copy, then clears them. Empty when there
   * are none or the engine predates them.
   */
  takeTextureDeltasBytes() {
    if (typeof this.x.reel_texture_deltas_len !== 'function') return new Uint8Array(0);
    const b = this._bytes(this.x.reel_texture_deltas_ptr(), this.x.reel_texture_deltas_len(), true);
    if (b.length) this.x.reel_texture_deltas_clear();
    return b;
  }

  /** The queued events' raw bytes (a copy), without clearing them. */
  eventsBytes() {
    const p = this.x.reel_events_ptr();
    return this._bytes(p, this.x.reel_events_len(), true);
  }

  /** Takes the queued events: raw bytes (a copy), then clears them. */
  takeEventsBytes() {
    const b = this.eventsBytes();
    this.x.reel_events_clear();
    return b;
  }

  /** Takes the queued events, decoded (see decodeEvents). */
  events() {
    const p = this.x.reel_events_ptr();
    const view = this._bytes(p, this.x.reel_events_len(), false);
    const out = view.byteLength > 16 ? decodeEvents(view) : [];
    this.x.reel_events_clear();
    return out;
  }

  /** Drops queued events. */
  clearEvents() {
    this.x.reel_events_clear();
  }

  /** The last frame's statistics, or null before init. */
  stats() {
    const p = this.x.reel_stats_ptr() >>> 0;
    if (p === 0) return null;
    return decodeStats(new DataView(this.x.memory.buffer, p, 64), 0);
  }

  /** Message of the last rejected batch ('' if none). */
  lastError() {
    const p = this.x.reel_last_error_ptr();
    return decodeUtf8(this._bytes(p, this.x.reel_last_error_len(), false));
  }

  // ---- the debug overlay (engine-debug.wasm, feature `overlay`) ----------

  /** Whether this engine was built with the debug overlay (target/engine-debug.wasm). */
  get hasOverlay() {
    return typeof this.x.reel_overlay_key === 'function';
  }

  /** 1 while the overlay is shown. */
  overlayOpen() {
    return this.hasOverlay && (this.x.reel_overlay_is_open() >>> 0) === 1;
  }

  /**
   * A key press (DOM key code) for the overlay: 406 (blue) and 123 (F12)
   * toggle it; while open, arrows / Enter / Back (8, 27, 461) drive the tree
   * inspector. Returns true when the overlay consumed the key (the app must
   * not get it). Takes effect at the next frame.
   */
  overlayKey(code) {
    if (!this.hasOverlay) return false;
    return (this.x.reel_overlay_key(code >>> 0) >>> 0) === 1;
  }

  /** Pointer input for the overlay, viewport px; action 0 move, 1 press, 2 release. True while open. */
  overlayPointer(x, y, action) {
    if (!this.hasOverlay) return false;
    return (this.x.reel_overlay_pointer(Math.fround(x), Math.fround(y), action >>> 0) >>> 0) === 1;
  }

  /**
   * Host figures for the overlay's panels (engine/src/host_stats.rs
   * `HostStats`, 36 bytes little-endian): { engineMs, frameIntervalMs,
   * queueDelayMs, batchBytes, batches, jsHeapBytes, jsHeapLimit,
   * droppedFrames, appJsMs }; missing fields are 0. `appJsMs` (the app's
   * JS time in the last frame) is sent only when it is a finite number:
   * without it the 32-byte form tells the overlay it was not measured.
   * Applies to the last frame.
   */
  overlayHostStats(s) {
    if (!this.hasOverlay) return false;
    const appJs = Number.isFinite(s.appJsMs) && s.appJsMs >= 0;
    const len = appJs ? 36 : 32;
    const ptr = this.x.reel_input_reserve(len) >>> 0;
    if (ptr === 0) return false;
    const dv = new DataView(this.x.memory.buffer, ptr, len);
    if (appJs) dv.setFloat32(32, s.appJsMs, true);
    const u = (v) => (Number.isFinite(v) && v > 0 ? Math.min(Math.round(v), 0xffffffff) : 0);
    dv.setFloat32(0, +s.engineMs || 0, true);
    dv.setFloat32(4, +s.frameIntervalMs || 0, true);
    dv.setFloat32(8, +s.queueDelayMs || 0, true);
    dv.setUint32(12, u(s.batchBytes), true);
    dv.setUint32(16, u(s.batches), true);
    dv.setUint32(20, u(s.jsHeapBytes), true);
    dv.setUint32(24, u(s.jsHeapLimit), true);
    dv.setUint32(28, u(s.droppedFrames), true);
    return (this.x.reel_overlay_host_stats(len) >>> 0) === 0;
  }

  /**
   * The overlay's state: { open, selected (the tree inspector's selected
   * node id from `reel_overlay_selected`, or null), highlighted (the node id
   * of the on-screen highlight in the current display list, or null),
   * meshes (mesh items in it) }.
   */
  overlayState() {
    const out = { available: this.hasOverlay, open: this.overlayOpen(), selected: null, highlighted: null, meshes: 0 };
    if (this.hasOverlay && typeof this.x.reel_overlay_selected === 'function') {
      const id = this.x.reel_overlay_selected() >>> 0;
      out.selected = id === 0xffffffff ? null : id;
    }
    const dl = this.displayList(false);
    if (dl.byteLength < DISPLAY_LIST_HEADER_BYTES) return out;
    const dv = new DataView(dl.buffer, dl.byteOffset, dl.byteLength);
    const n = dv.getUint32(8, true);
    for (let i = 0, o = DISPLAY_LIST_HEADER_BYTES; i < n && o + DISPLAY_ITEM_BYTES <= dl.byteLength; i++, o += DISPLAY_ITEM_BYTES) {
      const kind = dv.getUint32(o, true);
      if (kind === 5) out.meshes++;
      else if (kind === 1 && dv.getUint32(o + 48, true) === OVERLAY_HIGHLIGHT_FILL && out.highlighted === null) out.highlighted = dv.getUint32(o + 4, true);
    }
    return out;
  }

  /** A batch (copy) that recreates the current scene. */
  snapshot() {
    if (typeof this.x.reel_snapshot !== 'function') throw new Error('reel: engine has no snapshot export');
    const len = this.x.reel_snapshot();
    return this._bytes(this.x.reel_snapshot_ptr(), len, true);
  }
}

/**
 * @typedef {object} FrameStats
 * @property {number} frame @property {number} nodes @property {number} layoutNodes
 * @property {number} dlItems @property {number} culled @property {boolean} dlRebuilt
 * @property {number} animations @property {number|null} focused @property {number} textureBytes @property {number} textureBudget
 * @property {number} batches @property {number} commands @property {number} rejected
 * @property {number} memoryBytes @property {number} timeMs
 */

/** Decodes the 64-byte FrameStats at `off` of `dv`. */
export function decodeStats(dv, off) {
  const u = (i) => dv.getUint32(off + i * 4, true);
  return {
    frame: u(0),
    nodes: u(1),
    layoutNodes: u(2),
    dlItems: u(3),
    culled: u(4),
    dlRebuilt: u(5) !== 0,
    batches: u(6),
    commands: u(7),
    rejected: u(8),
    memoryBytes: u(9),
    animations: u(10),
    focused: u(11) === 0xffffffff ? null : u(11),
    textureBytes: u(12),
    textureBudget: u(13),
    timeMs: dv.getFloat64(off + 56, true),
  };
}

/** `ANNOUNCE.kind` values (engine/src/a11y.rs). */
const ANNOUNCE_KINDS = ['focus', 'live', 'app'];
/** `VIDEO.state` and `reason` names (engine/src/video.rs; index = wire value). */
export const VIDEO_STATES = [null, 'loadedmetadata', 'playing', 'waiting', 'timeupdate', 'ended', 'error'];
export const VIDEO_REASONS = [null, 'not-found', 'decode', 'unsupported', 'decoder-limit'];
/** `IMAGE_STATE.state` values (engine/src/resources). */
const IMAGE_STATES = ['loaded', 'failed', 'released'];
/** Image failure reasons (engine/src/resources `reason`). */
const IMAGE_REASONS = [null, 'not-found', 'corrupt', 'unsupported', 'too-large', 'over-budget', 'forbidden', 'io', 'other'];

/**
 * Decodes an event buffer ("REEV" header + events).
 * @returns {Array<{ type: 'error', seq: number, index: number, opcode: number, op: string, code: number, kind: string, message: string } | { type: 'frame', stats: FrameStats } | { type: 'image', node: number, state: 'loaded'|'failed'|'released', reason: string|null }>}
 */
export function decodeEvents(bytes) {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const out = [];
  if (u8.byteLength < 16) return out;
  const dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  if (dv.getUint32(0, true) !== EVENTS_MAGIC) throw new Error('reel: bad event buffer magic');
  const count = dv.getUint32(12, true);
  let off = 16;
  for (let i = 0; i < count && off + 4 <= u8.byteLength; i++) {
    const h = dv.getUint32(off, true);
    const op = h & 0xffff;
    const words = h >>> 16;
    if (words === 0 || off + words * 4 > u8.byteLength) throw new Error('reel: bad event length');
    if (op === EV.ERROR) {
      const opcode = dv.getUint32(off + 12, true);
      const code = dv.getUint32(off + 16, true);
      const len = dv.getUint32(off + 20, true);
      const index = dv.getUint32(off + 8, true);
      out.push({
        type: 'error',
        seq: dv.getUint32(off + 4, true),
        index: index === 0xffffffff ? -1 : index,
        opcode,
        op: OP_NAMES[opcode] ?? (opcode === 0 ? 'HEADER' : 'UNKNOWN'),
        code,
        kind: ERROR_CODES[code] ?? (code === 0x100 ? 'HostTrap' : 'Unknown'), // 0x100: supervisor.js HOST_TRAP_CODE
        message: decodeUtf8(u8.subarray(off + 24, off + 24 + Math.min(len, words * 4 - 24))),
      });
    } else if (op === EV.FRAME_STATS) {
      out.push({ type: 'frame', stats: decodeStats(dv, off + 4) });
    } else if (op === EV.IMAGE_STATE && words >= 4) {
      const st = dv.getUint32(off + 8, true);
      const reason = dv.getUint32(off + 12, true);
      out.push({
        type: 'image',
        node: dv.getUint32(off + 4, true),
        state: IMAGE_STATES[st] ?? 'unknown',
        reason: reason === 0 ? null : (IMAGE_REASONS[reason] ?? 'other'),
      });
    } else if (op === EV.VIDEO && words === 6) {
      // engine/src/video.rs `state` / `reason`.
      const size = dv.getUint32(off + 20, true);
      out.push({
        type: 'video',
        node: dv.getUint32(off + 4, true),
        state: VIDEO_STATES[dv.getUint32(off + 8, true)] ?? 'unknown',
        reason: VIDEO_REASONS[dv.getUint32(off + 12, true)] ?? null,
        time: dv.getFloat32(off + 16, true),
        width: size >>> 16,
        height: size & 0xffff,
      });
    } else if (op === EV.ANNOUNCE && words >= 5) {
      const node = dv.getUint32(off + 4, true);
      const len = Math.min(dv.getUint32(off + 16, true), words * 4 - 20);
      out.push({
        type: 'announce',
        node: node === 0xffffffff ? null : node,
        politeness: dv.getUint32(off + 8, true) === 2 ? 'assertive' : 'polite',
        kind: ANNOUNCE_KINDS[dv.getUint32(off + 12, true)] ?? 'app',
        text: decodeUtf8(u8.subarray(off + 20, off + 20 + len)),
      });
    } else if (op === EV.UNNAMED_FOCUS && words === 2) {
      out.push({ type: 'unnamed-focus', node: dv.getUint32(off + 4, true) });
    } else if (op === EV.MISSING_GLYPH && words === 3) {
      out.push({ type: 'missing-glyph', node: dv.getUint32(off + 4, true), codepoint: dv.getUint32(off + 8, true) });
    } else {
      out.push({ type: 'unknown', opcode: op });
    }
    off += words * 4;
  }
  return out;
}

/** Reads a display list's header: `{ itemCount, frame, viewportW, viewportH }` (null if malformed). */
export function displayListHeader(bytes) {
  if (!bytes || bytes.byteLength < DISPLAY_LIST_HEADER_BYTES) return null;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== DISPLAY_LIST_MAGIC) return null;
  return {
    version: dv.getUint32(4, true),
    itemCount: dv.getUint32(8, true),
    frame: dv.getUint32(12, true),
    viewportW: dv.getFloat32(16, true),
    viewportH: dv.getFloat32(20, true),
  };
}

/**
 * Decodes a display list's items into objects (for tests and debugging;
 * painters read the bytes in place). Item layout: engine/src/display_list.rs.
 */
export function displayListItems(bytes) {
  const h = displayListHeader(bytes);
  if (!h) throw new Error('reel: not a display list');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const items = [];
  for (let i = 0; i < h.itemCount; i++) {
    const o = DISPLAY_LIST_HEADER_BYTES + i * DISPLAY_ITEM_BYTES;
    const f = (k) => dv.getFloat32(o + k * 4, true);
    const u = (k) => dv.getUint32(o + k * 4, true);
    items.push({
      kind: u(0),
      node: u(1),
      texture: u(2),
      param: f(3),
      transform: [f(4), f(5), f(6), f(7), f(8), f(9)],
      size: [f(10), f(11)],
      colors: [u(12), u(13), u(14), u(15)],
      uv: [f(16), f(17), f(18), f(19)],
    });
  }
  return items;
}
