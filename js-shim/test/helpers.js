// Shared test helpers (not a test file: node --test runs *.test.js).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRenderer } from '../src/index.js';

/** target/engine.wasm (built by tools/build-wasm.sh), or REEL_ENGINE_WASM. */
export const ENGINE_WASM = process.env.REEL_ENGINE_WASM ?? fileURLToPath(new URL('../../target/engine.wasm', import.meta.url));
export const HAVE_ENGINE = existsSync(ENGINE_WASM);
export const SKIP_NO_ENGINE = HAVE_ENGINE ? false : `no engine.wasm at ${ENGINE_WASM} (run tools/build-wasm.sh)`;

let bytes = null;
export function engineBytes() {
  if (!bytes) bytes = new Uint8Array(readFileSync(ENGINE_WASM));
  return bytes;
}

/** A transport that keeps every batch (copies) and answers nothing. */
export function captureTransport() {
  const batches = [];
  return {
    kind: 'capture',
    batches,
    async connect(_sink, init) { return { backend: init.backend, abiVersion: 1 }; },
    send(enc) { batches.push(enc.finish().slice()); },
    close() {},
  };
}

/** A renderer that only encodes (capture transport, manual frames). */
export function captureRenderer(opts = {}) {
  const transport = captureTransport();
  return createRenderer({ transport, autoFrame: false, ...opts }).then((r) => ({ r, batches: transport.batches }));
}

/** A renderer with engine.wasm inline. */
export function inlineRenderer(opts = {}) {
  return createRenderer({ transport: 'inline', engineModule: engineBytes(), autoFrame: false, ...opts });
}

/** Deterministic PRNG (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
