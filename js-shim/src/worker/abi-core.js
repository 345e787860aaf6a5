// js-shim/src/worker/abi-core.js — the smallest driver of engine.wasm's C ABI
// (engine/src/abi.rs), used by the Worker and by tests/browser when the
// shim's engine-core.js is not available or does not fit. It works the same
// on a WebAssembly instance's exports and on the wasm2js module's exports
// (target/engine-wasm2js.mjs): both expose `memory.buffer` (re-read after
// every call, since the engine may grow memory) and the reel_* functions.
//
//   const core = AbiCore.fromExports(exports);
//   core.init(1280, 720);
//   core.submit(batchBytes);          // throws AbiError on rejection
//   core.frame(16.7);
//   core.displayList();               // Uint8Array copy (header + items)
//   core.takeEvents();                // Uint8Array copy, then cleared

export const ABI_VERSION = 1;

export class AbiError extends Error {
  constructor(code, message) {
    super(`engine rejected the batch (code ${code}): ${message}`);
    this.code = code;
  }
}

/** Instantiates engine.wasm bytes / a WebAssembly.Module (no imports). */
export async function instantiateWasm(source) {
  let module = source;
  if (!(source instanceof WebAssembly.Module)) module = await WebAssembly.compile(source);
  const instance = await WebAssembly.instantiate(module, {});
  return instance.exports;
}

export class AbiCore {
  /** @param {object} exports engine.wasm exports or the wasm2js module namespace */
  constructor(exports) {
    for (const n of ['memory', 'reel_abi_version', 'reel_init', 'reel_input_reserve', 'reel_submit',
      'reel_frame', 'reel_display_list_ptr', 'reel_display_list_len', 'reel_events_ptr',
      'reel_events_len', 'reel_events_clear', 'reel_last_error_ptr', 'reel_last_error_len']) {
      if (!(n in exports)) throw new Error(`engine module lacks export ${n}`);
    }
    this.x = exports;
    const v = exports.reel_abi_version() >>> 0;
    if (v !== ABI_VERSION) throw new Error(`engine ABI version ${v}, expected ${ABI_VERSION}`);
  }

  static fromExports(exports) {
    return new AbiCore(exports);
  }

  get memory() {
    return this.x.memory;
  }

  /** Bytes of linear memory (for stats). */
  memoryBytes() {
    return this.x.memory.buffer.byteLength;
  }

  init(width, height) {
    const r = this.x.reel_init(width >>> 0, height >>> 0) >>> 0;
    if (r !== 0) throw new Error(`reel_init failed: ${r}`);
  }

  /** Copies `bytes` (Uint8Array) into the engine and applies the batch. */
  submit(bytes) {
    const ptr = this.x.reel_input_reserve(bytes.byteLength) >>> 0;
    if (ptr === 0) throw new AbiError(-1, 'out of memory reserving the input buffer');
    new Uint8Array(this.x.memory.buffer, ptr, bytes.byteLength).set(bytes);
    const code = this.x.reel_submit(bytes.byteLength) >>> 0;
    if (code !== 0) throw new AbiError(code, this.lastError());
  }

  /** Like submit, but returns the error code instead of throwing. */
  trySubmit(bytes) {
    try {
      this.submit(bytes);
      return 0;
    } catch (e) {
      if (e instanceof AbiError) return e.code;
      throw e;
    }
  }

  frame(timeMs) {
    this.x.reel_frame(+timeMs);
  }

  lastError() {
    const p = this.x.reel_last_error_ptr() >>> 0;
    const n = this.x.reel_last_error_len() >>> 0;
    if (!p || !n) return '';
    return new TextDecoder().decode(new Uint8Array(this.x.memory.buffer, p, n).slice());
  }

  /** A view into engine memory (valid until the next engine call). */
  displayListView() {
    const p = this.x.reel_display_list_ptr() >>> 0;
    const n = this.x.reel_display_list_len() >>> 0;
    if (!p || !n) return new Uint8Array(0);
    return new Uint8Array(this.x.memory.buffer, p, n);
  }

  /** A copy of the last display list (header + items). */
  displayList() {
    return this.displayListView().slice();
  }

  /** A copy of queued events (may be empty), then clears the queue. */
  takeEvents() {
    const p = this.x.reel_events_ptr() >>> 0;
    const n = this.x.reel_events_len() >>> 0;
    const out = p && n ? new Uint8Array(this.x.memory.buffer, p, n).slice() : new Uint8Array(0);
    this.x.reel_events_clear();
    return out;
  }
}
