// @reel/shim — runtime-agnostic driver of engine.wasm's C ABI (engine/src/abi.rs;
// export names and ABI_VERSION generated from engine/wire/src/protocol/exports.rs).
//
// Works on a WebAssembly.Instance's exports and on the wasm2js build's module
// (same export names; its `memory` may be a WebAssembly.Memory or any object
// with a `.buffer`). `memory.buffer` is re-read after every call because
// the engine may grow its memory, which detaches the old ArrayBuffer.

//
// The bytes it hands out (event buffers, display lists, texture deltas) are
// read by the wire module (./wire/); this file only drives the exports.

import { ABI_VERSION } from './props.js';
import { decodeEvents, decodeStats, decodeUtf8 } from './wire/events.js';
import { displayListHeader, displayListItems, overlayMarks } from './wire/display-list.js';
import { REQUIRED_EXPORTS, ERR_OUT_OF_MEMORY } from './wire/layout.js';

export { decodeEvents, decodeStats, displayListHeader, displayListItems };
export { VIDEO_STATES, VIDEO_REASONS } from './wire/layout.js';

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
    for (const name of REQUIRED_EXPORTS) {
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
    if (ptr === 0) return ERR_OUT_OF_MEMORY; // the engine queued the event
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
   * in engine/wire/src/texture.rs): a copy, then clears them. Empty when there
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
   * Host figures for the overlay's panels (engine/wire/src/host_stats.rs
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
    const marks = overlayMarks(this.displayList(false), OVERLAY_HIGHLIGHT_FILL);
    out.meshes = marks.meshes;
    out.highlighted = marks.highlighted;
    return out;
  }

  /**
   * A batch (copy) that recreates the current scene. The engine hands it
   * out in pieces (it never holds the whole batch: linear memory never
   * shrinks), copied here one after the other.
   */
  snapshot() {
    const len = this.x.reel_snapshot() >>> 0;
    // An engine from before the pieces hands the whole batch out at once.
    if (typeof this.x.reel_snapshot_next !== 'function') return this._bytes(this.x.reel_snapshot_ptr(), len, true);
    const out = new Uint8Array(len);
    let at = 0;
    for (let n; (n = this.x.reel_snapshot_next() >>> 0) !== 0; at += n) {
      if (at + n > len) break;
      out.set(this._bytes(this.x.reel_snapshot_ptr(), n, false), at);
    }
    if (at !== len) throw new Error(`reel_snapshot: ${at} of ${len} bytes handed out`);
    return out;
  }
}
