// @reel/shim — a device's memory cap for engine.wasm in a JS host.
//
// The native host caps the engine's linear memory with wasmtime's
// ResourceLimiter (the profile's memory cap), so an app that needs more than
// a device has traps there exactly as it would on the device. engine.wasm
// declares its memory with no maximum and imports nothing, so a browser or
// Node has no limiter to set from outside; the one place a cap can be put is
// the module itself: this rewrites the memory section's limits to carry a
// maximum (the engine is otherwise byte-for-byte the same). `memory.grow`
// past it fails, the engine's allocator reports out-of-memory and the
// engine aborts — a trap the supervisor (supervisor.js) recovers from.

const PAGE = 65536;

function leb(v) {
  const out = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

/**
 * engine.wasm `bytes` with its (single, 32-bit) memory capped at `capBytes`
 * (rounded down to whole 64 KiB pages; at least the module's initial size).
 * Throws a TypeError when `bytes` is not a wasm module with one plain memory.
 * @param {Uint8Array | ArrayBuffer} bytes
 * @param {number} capBytes
 * @returns {Uint8Array}
 */
export function capMemory(bytes, capBytes) {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (!(Number.isFinite(capBytes) && capBytes >= PAGE && capBytes <= 4 * 1024 * 1024 * 1024)) {
    throw new TypeError(`reel: memoryCap must be a number of bytes within 64 KiB..4 GiB; got ${capBytes}`);
  }
  if (b.length < 8 || b[0] !== 0 || b[1] !== 0x61 || b[2] !== 0x73 || b[3] !== 0x6d) throw new TypeError('reel: memoryCap: the engine bytes are not a WebAssembly module');
  let o = 8;
  const rd = () => {
    let r = 0;
    let s = 0;
    let x;
    do {
      if (o >= b.length) throw new TypeError('reel: memoryCap: truncated module');
      x = b[o++];
      r += (x & 0x7f) * 2 ** s;
      s += 7;
    } while (x & 0x80);
    return r;
  };
  const parts = [b.subarray(0, 8)];
  let found = false;
  while (o < b.length) {
    const start = o;
    const id = b[o++];
    const len = rd();
    const end = o + len;
    if (id === 5) {
      const count = rd();
      const flags = rd();
      if (count !== 1 || (flags & ~1) !== 0) throw new TypeError('reel: memoryCap: the engine must have exactly one plain 32-bit memory');
      const min = rd();
      if (flags & 1) rd(); // an existing maximum is replaced
      const max = Math.max(min, Math.floor(capBytes / PAGE));
      const body = [1, 1, ...leb(min), ...leb(max)];
      const rest = b.subarray(o, end);
      parts.push(new Uint8Array([5, ...leb(body.length + rest.length), ...body]), rest);
      found = true;
    } else {
      parts.push(b.subarray(start, end));
    }
    o = end;
  }
  if (!found) throw new TypeError('reel: memoryCap: the engine module defines no memory');
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
