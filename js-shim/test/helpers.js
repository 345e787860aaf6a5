// Shared test helpers (not a test file: node --test runs *.test.js).
import assert from 'node:assert/strict';
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

/**
 * The autofocus ping-pong check shared by the Solid and React adapter tests:
 * Right x3 then Left x2 each move focus one tile, by navigation only, and
 * ~1 s of frames with no key pressed moves it nowhere (`idle(frames)` runs
 * frames the framework's way; `events` collects the renderer's 'focus'
 * events since the first autofocus).
 */
export async function keysMoveFocusOnceEach(r, tiles, events, idle) {
  const keys = [['ArrowRight', 1], ['ArrowRight', 2], ['ArrowRight', 3], ['ArrowLeft', 2], ['ArrowLeft', 1]];
  const landed = [];
  const perKey = [];
  for (const [key] of keys) {
    const before = events.length;
    r.handleKey(key);
    await idle(6);
    landed.push(tiles.indexOf(r.focused));
    perKey.push(events.slice(before).map((e) => `${tiles.indexOf(e.to)}:${e.cause}`));
  }
  const before = events.length;
  await idle(60); // ~1 s with no key pressed
  const keyless = events.slice(1).filter((e) => e.cause !== 'navigation');
  assert.equal(keyless.length, 0, `${keyless.length} focus events with no key pressed (causes: ${[...new Set(keyless.map((e) => e.cause))]})`);
  assert.equal(events.length - before, 0, 'no focus event while idle');
  assert.deepEqual(landed, keys.map(([, want]) => want), 'each key moves focus one tile');
  assert.deepEqual(perKey, keys.map(([, want]) => [`${want}:navigation`]), 'one navigation per key, no autofocus after it');
  assert.equal(r.focused, tiles[1]);
}
