// @reel/shim — the engine's event buffer (engine/wire/src/protocol/events.rs):
// the one place in JS that reads its bytes. The renderer (app events,
// input, focus, animations), the Worker (image requests), the native-host
// transport (frame stats) and the supervisor (host-made ERROR events, the
// images a rebuilt instance asks for again) all go through it.
//
// Why the boundary is here: the layout is the engine's, generated numbers
// (opcodes from props.js, state and reason names from ./layout.js), and every reader
// used to walk the buffer with its own framing checks. Now one walker frames
// it and one table says what each event's words mean.
//
// Layout (little-endian u32 words): a 16-byte header — magic "REEV",
// version, reserved, event count — then per event a header word
// `op | words << 16` (words counts itself) and its body words.

import { EV, EVENTS_MAGIC, PROTOCOL_VERSION, OP_NAMES, ERROR_CODES, NONE } from '../props.js';
import { IMAGE_STATES, IMAGE_REASONS, VIDEO_STATES, VIDEO_REASONS } from './layout.js';

/** Bytes of the event buffer's header. */
export const EVENTS_HEADER_BYTES = 16;
/** Error code of a batch the host rejected because the engine trapped on it twice (the native host's `HOST_TRAP_CODE`). */
export const HOST_TRAP_CODE = 0x100;
/** `ANNOUNCE.kind` names by wire value (engine/src/a11y.rs: 0 focus, 1 live region, 2 app). */
const ANNOUNCE_KINDS = ['focus', 'live', 'app'];

const utf8 = typeof TextDecoder === 'function' ? new TextDecoder() : null;

/** UTF-8 bytes as a string (without TextDecoder: a fallback for old engines of TV browsers). */
export function decodeUtf8(bytes) {
  if (utf8) return utf8.decode(bytes);
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  try { return decodeURIComponent(escape(s)); } catch { return s; }
}

/**
 * Calls `visit(op, words, dv, off)` for each event of an event buffer
 * (`off`: byte offset of its header word; body word k is at `off + 4 + 4k`).
 * Lenient (the default): a buffer that is not one, or the first malformed
 * event, ends the walk. Strict: those throw.
 */
export function walkEvents(bytes, visit, strict = false) {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (u8.byteLength < EVENTS_HEADER_BYTES) return;
  const dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  if (dv.getUint32(0, true) !== EVENTS_MAGIC) {
    if (strict) throw new Error('reel: bad event buffer magic');
    return;
  }
  const count = dv.getUint32(12, true);
  for (let i = 0, off = EVENTS_HEADER_BYTES; i < count && off + 4 <= u8.byteLength; i++) {
    const h = dv.getUint32(off, true);
    const words = h >>> 16;
    if (words === 0 || off + words * 4 > u8.byteLength) {
      if (strict) throw new Error('reel: bad event length');
      return;
    }
    visit(h & 0xffff, words, dv, off);
    off += words * 4;
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

/** Decodes the 64-byte FrameStats (engine/wire/src/protocol/events.rs `FrameStats`) at `off` of `dv`. */
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
    focused: u(11) === NONE ? null : u(11),
    textureBytes: u(12),
    textureBudget: u(13),
    timeMs: dv.getFloat64(off + 56, true),
  };
}

/** The event at `off` as an object (see decodeEvents). */
function readEvent(op, words, dv, off) {
  const w = (k) => dv.getUint32(off + 4 + 4 * k, true);
  const text = (at, len) => decodeUtf8(new Uint8Array(dv.buffer, dv.byteOffset + at, len));
  if (op === EV.ERROR) {
    const opcode = w(2) & 0xffff;
    const code = w(3);
    const index = w(1);
    return {
      type: 'error',
      seq: w(0),
      index: index === NONE ? -1 : index,
      opcode,
      op: OP_NAMES[opcode] ?? (opcode === 0 ? 'HEADER' : 'UNKNOWN'),
      code,
      kind: ERROR_CODES[code] ?? (code === HOST_TRAP_CODE ? 'HostTrap' : 'Unknown'),
      // Bit 16 of the opcode word: the engine skipped this command and
      // applied the rest of its batch (else it rejected the batch).
      skipped: (w(2) & 0x10000) !== 0,
      message: text(off + 24, Math.min(w(4), words * 4 - 24)),
    };
  }
  if (op === EV.FRAME_STATS) return { type: 'frame', stats: decodeStats(dv, off + 4) };
  if (op === EV.IMAGE_STATE && words >= 4) {
    const reason = w(2);
    return { type: 'image', node: w(0), state: IMAGE_STATES[w(1)] ?? 'unknown', reason: reason === 0 ? null : (IMAGE_REASONS[reason] ?? 'other') };
  }
  if (op === EV.VIDEO && words === 6) {
    const size = w(4);
    return {
      type: 'video',
      node: w(0),
      state: VIDEO_STATES[w(1)] ?? 'unknown',
      reason: VIDEO_REASONS[w(2)] ?? null,
      time: dv.getFloat32(off + 16, true),
      width: size >>> 16,
      height: size & 0xffff,
    };
  }
  if (op === EV.ANNOUNCE && words >= 5) {
    const node = w(0);
    return {
      type: 'announce',
      node: node === NONE ? null : node,
      politeness: w(1) === 2 ? 'assertive' : 'polite',
      kind: ANNOUNCE_KINDS[w(2)] ?? 'app',
      text: text(off + 20, Math.min(w(3), words * 4 - 20)),
    };
  }
  if (op === EV.UNNAMED_FOCUS && words === 2) return { type: 'unnamed-focus', node: w(0) };
  if (op === EV.MISSING_GLYPH && words === 3) return { type: 'missing-glyph', node: w(0), codepoint: w(1) };
  // Input, focus and animations (input.js, focus.js, animation.js): ids as sent (NONE = none).
  if (op === EV.ANIM && words === 4) return { type: 'anim', anim: w(0), node: w(1), kind: w(2) };
  if (op === EV.FOCUS && words === 4) return { type: 'focus', from: w(0), to: w(1), cause: w(2) };
  if (op === EV.POINTER && words === 6) {
    return { type: 'pointer', hit: w(0), target: w(1), action: w(2), x: dv.getFloat32(off + 16, true), y: dv.getFloat32(off + 20, true) };
  }
  if (op === EV.NAV_EDGE && words === 3) return { type: 'nav-edge', focused: w(0), dir: w(1) };
  // The host's image loader (engine-worker.js): load `src` into `texture`, or free it.
  if (op === EV.IMAGE_REQUEST && words >= 3) return { type: 'image-request', texture: w(0), src: text(off + 12, Math.min(w(1), words * 4 - 12)) };
  if (op === EV.IMAGE_RELEASE && words >= 2) return { type: 'image-release', texture: w(0) };
  return { type: 'unknown', opcode: op };
}

/**
 * Decodes an event buffer ("REEV" header + events) into objects, in order.
 * Strict (the default) throws on a malformed buffer; lenient returns the
 * events before the first malformed one.
 */
export function decodeEvents(bytes, strict = true) {
  const out = [];
  walkEvents(bytes, (op, words, dv, off) => out.push(readEvent(op, words, dv, off)), strict);
  return out;
}

// ---- Event buffers made by the host (supervisor.js) ----------------------

/** Each event's words (a Uint32Array copy of header + body) of an event buffer, optionally only those whose opcode `keep` accepts. */
export function eventWords(bytes, keep) {
  const out = [];
  if (!bytes) return out;
  walkEvents(bytes, (op, words, dv, off) => {
    if (!keep || keep(op)) out.push(new Uint32Array(dv.buffer.slice(dv.byteOffset + off, dv.byteOffset + off + words * 4)));
  });
  return out;
}

/** An event buffer holding `events` (arrays of words, header word first). */
export function eventBuffer(events) {
  let n = EVENTS_HEADER_BYTES >> 2;
  for (const e of events) n += e.length;
  const u32 = new Uint32Array(n);
  u32.set([EVENTS_MAGIC, PROTOCOL_VERSION, 0, events.length]);
  let o = EVENTS_HEADER_BYTES >> 2;
  for (const e of events) {
    u32.set(e, o);
    o += e.length;
  }
  return new Uint8Array(u32.buffer);
}

/** An ERROR event's words for a batch the host rejected (no command index: the whole batch). */
export function errorEvent(seq, code, message) {
  const msg = new TextEncoder().encode(message);
  const body = 5 + ((msg.length + 3) >>> 2);
  const u32 = new Uint32Array(1 + body);
  u32.set([EV.ERROR | ((1 + body) << 16), seq >>> 0, NONE, 0, code, msg.length]);
  new Uint8Array(u32.buffer, 24).set(msg);
  return u32;
}
