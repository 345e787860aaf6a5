// @reel/shim — batch encoding (engine/wire/src/protocol/mod.rs, protocol v1): the
// one place in JS that writes command bytes. The app's batches go through
// its subclass `Encoder` (../encoder.js, which checks every property value
// first); the hosts' own batches — the Worker's IMAGE_LOADED/IMAGE_FAILED
// answers, the renderer's font registration — through this class.
//
// Why the boundary is here: the value checks (the property table, colours,
// ranges, "did you mean") are the API's and weigh most of the encoder; the
// Worker needs only the framing, so it imports this file alone.
//
// Writes go into one growable ArrayBuffer through reused
// Uint32Array/Float32Array/Uint8Array views: no per-command object.

import { TY, OP, NONE, BATCH_MAGIC, PROTOCOL_VERSION } from '../props.js';

/**
 * Buffer bytes an encoder keeps between batches. A bigger buffer (grown by
 * one big batch: a 20,000-node page is 1.5 MB, in a 2 MiB buffer) is
 * dropped when the next batch starts, and so are the dev build's per-command
 * ids past 16,384 commands: the transports copy or transfer what they send,
 * so keeping it only held memory (issue 14).
 */
export const KEEP_BYTES = 512 * 1024;
const KEEP_CMD_IDS = 16 * 1024;

/** Longest command: the header word's high half is a u16 word count. */
export const MAX_COMMAND_WORDS = 0xffff;

/** A value, shown in an error message. */
export function show(v) {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v == null) return String(v);
  try { return JSON.stringify(v) ?? typeof v; } catch { return typeof v; }
}

/** " (node N)" for error messages ('' without a node). */
export function at(id) {
  return id === undefined || id < 0 ? '' : ` (node ${id})`;
}

/** A batch's `seq` (header word 2; 0 when too short to have one). */
export function batchSeq(bytes) {
  return bytes.byteLength >= 12 ? new DataView(bytes.buffer, bytes.byteOffset, 12).getUint32(8, true) : 0;
}

const F64_SCRATCH = new Float64Array(1);
const U32_SCRATCH = new Uint32Array(F64_SCRATCH.buffer);

const textEncoder = typeof TextEncoder === 'function' ? new TextEncoder() : null;
const hasEncodeInto = !!(textEncoder && typeof textEncoder.encodeInto === 'function');

/** Writes `s` as UTF-8 at `u8[off]` (room for 3 bytes per UTF-16 unit is ensured); returns bytes written. */
function writeUtf8(u8, off, s) {
  const n = s.length;
  // ASCII fast path: short labels dominate, and this avoids a subarray view.
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) break;
    u8[off + i] = c;
  }
  if (i === n) return n;
  if (hasEncodeInto) {
    return i + textEncoder.encodeInto(i === 0 ? s : s.slice(i), u8.subarray(off + i)).written;
  }
  let o = off + i;
  for (; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // lone surrogate, as TextEncoder does
    if (c < 0x80) u8[o++] = c;
    else if (c < 0x800) { u8[o++] = 0xc0 | (c >> 6); u8[o++] = 0x80 | (c & 63); }
    else if (c < 0x10000) { u8[o++] = 0xe0 | (c >> 12); u8[o++] = 0x80 | ((c >> 6) & 63); u8[o++] = 0x80 | (c & 63); }
    else {
      u8[o++] = 0xf0 | (c >> 18); u8[o++] = 0x80 | ((c >> 12) & 63);
      u8[o++] = 0x80 | ((c >> 6) & 63); u8[o++] = 0x80 | (c & 63);
    }
  }
  return o - off;
}

/**
 * One batch under construction: the byte writer of every command. Commands
 * are appended in call order; consecutive property writes to the same node
 * share one SET_PROPS command (8 bytes per extra property). `finish()`
 * patches the header's count. The app's renderer uses its subclass
 * `Encoder` (../encoder.js: property values checked first); hosts use it
 * as it is (the Worker's image answers).
 */
export class BatchEncoder {
  /**
   * @param {{ dev?: boolean, initialBytes?: number, seq?: number }} [opts]
   */
  constructor(opts = {}) {
    this.dev = opts.dev !== false;
    /** @type {ArrayBuffer[]} spare buffers (returned by a worker after transfer). */
    this.pool = [];
    /** Size of a fresh buffer (and of the one a shrunk encoder goes back to). */
    this.initialBytes = Math.max(64, (opts.initialBytes ?? 16384) & ~3);
    this._attach(new ArrayBuffer(this.initialBytes));
    /** Node id per command index (dev only), to name nodes in engine errors. */
    this.cmdIds = this.dev ? new Uint32Array(256) : null;
    this.reset(opts.seq ?? 1);
  }

  _attach(buf) {
    this.buf = buf;
    this.u8 = new Uint8Array(buf);
    this.u32 = new Uint32Array(buf);
    this.f32 = new Float32Array(buf);
    this.capWords = buf.byteLength >>> 2;
  }

  /** Starts a new, empty batch with sequence number `seq`. */
  reset(seq) {
    this.seq = seq >>> 0;
    if (this.capWords << 2 > Math.max(KEEP_BYTES, this.initialBytes)) this._attach(new ArrayBuffer(this.initialBytes));
    if (this.cmdIds !== null && this.cmdIds.length > KEEP_CMD_IDS) this.cmdIds = new Uint32Array(256);
    const u32 = this.u32;
    u32[0] = BATCH_MAGIC;
    u32[1] = PROTOCOL_VERSION; // flags (high half) = 0
    u32[2] = this.seq;
    u32[3] = 0;
    this.pos = 4; // in words
    this.count = 0;
    this.propsAt = -1; // word index of an open SET_PROPS command
    this.propsId = -1;
    this.hasFrame = false;
  }

  /** Bytes in the batch so far (header included). */
  get byteLength() {
    return this.pos << 2;
  }

  _grow(words) {
    let cap = this.capWords;
    const need = this.pos + words;
    while (cap < need) cap *= 2;
    const old = this.u32;
    const pos = this.pos;
    let next = null;
    for (let i = 0; i < this.pool.length; i++) {
      if (this.pool[i].byteLength >= cap << 2) { next = this.pool.splice(i, 1)[0]; break; }
    }
    this._attach(next ?? new ArrayBuffer(cap << 2));
    this.u32.set(old.subarray(0, pos));
  }

  _cmd(op, words, id) {
    if (this.pos + words > this.capWords) this._grow(words);
    const at = this.pos;
    this.u32[at] = op | (words << 16);
    this.pos = at + words;
    if (this.cmdIds !== null) {
      if (this.count >= this.cmdIds.length) {
        const n = new Uint32Array(this.cmdIds.length * 2);
        n.set(this.cmdIds);
        this.cmdIds = n;
      }
      this.cmdIds[this.count] = id;
    }
    this.count++;
    this.propsAt = -1;
    return at;
  }

  /** CREATE `id` of `kind` (0 view, 1 image, 2 text). */
  create(id, kind) {
    const at = this._cmd(OP.CREATE, 3, id);
    this.u32[at + 1] = id;
    this.u32[at + 2] = kind;
  }

  /** DESTROY `id` and its subtree. */
  destroy(id) {
    const at = this._cmd(OP.DESTROY, 2, id);
    this.u32[at + 1] = id;
  }

  /** INSERT `child` into `parent` before `before` (NONE appends). */
  insert(parent, child, before) {
    const at = this._cmd(OP.INSERT, 4, child);
    const u32 = this.u32;
    u32[at + 1] = parent;
    u32[at + 2] = child;
    u32[at + 3] = before;
  }

  /** REMOVE `id` from its parent. */
  remove(id) {
    const at = this._cmd(OP.REMOVE, 2, id);
    this.u32[at + 1] = id;
  }

  /**
   * Appends property entry `key` = `num` of wire type `ty` (`TY.*`; F32 and
   * PERCENT as a float, the rest as a u32) for node `id`, extending the
   * open SET_PROPS command when it targets the same node. The value is
   * taken as valid: `Encoder.prop` (../encoder.js) checks it first.
   */
  setProp(id, key, ty, num) {
    let at = this.propsAt;
    if (at < 0 || this.propsId !== id || (this.u32[at] >>> 16) > MAX_COMMAND_WORDS - 2) {
      if (this.pos + 4 > this.capWords) this._grow(4); // header, id and the entry
      at = this._cmd(OP.SET_PROPS, 2, id);
      this.u32[at + 1] = id;
      this.propsAt = at;
      this.propsId = id;
    } else if (this.pos + 2 > this.capWords) {
      this._grow(2);
    }
    const u32 = this.u32;
    const p = this.pos;
    u32[p] = key | (ty << 16);
    if (ty === TY.F32 || ty === TY.PERCENT) this.f32[p + 1] = num;
    else u32[p + 1] = num;
    this.pos = p + 2;
    u32[at] += 2 << 16; // two more words in the open command
  }

  /** SET_TEXT: `id`'s text (text nodes only). */
  text(id, s) {
    this._string(OP.SET_TEXT, id, -1, s);
  }

  /** SET_STR: string property `key` of `id`. */
  str(id, key, s) {
    this._string(OP.SET_STR, id, key, s);
  }

  /** ANNOUNCE: `politeness` (1 polite, 2 assertive), then the text (same framing as SET_TEXT). */
  announce(politeness, s) {
    this._string(OP.ANNOUNCE, politeness, -1, s);
    if (this.cmdIds !== null) this.cmdIds[this.count - 1] = NONE; // names no node
  }

  _string(op, id, key, s) {
    const lead = key < 0 ? 3 : 4; // header, id, [key,] byte_len
    const maxBytes = s.length * 3;
    const maxWords = lead + ((maxBytes + 3) >>> 2);
    if (this.dev && lead + ((s.length + 3) >>> 2) > MAX_COMMAND_WORDS) {
      throw new RangeError(`reel: ${op === OP.SET_TEXT ? 'text' : 'string property'}${at(id)} is too long (${s.length} characters)`);
    }
    if (this.pos + maxWords > this.capWords) this._grow(maxWords);
    const start = this.pos;
    const byteOff = (start + lead) << 2;
    const n = writeUtf8(this.u8, byteOff, s);
    const words = lead + ((n + 3) >>> 2);
    if (words > MAX_COMMAND_WORDS) {
      throw new RangeError(`reel: ${op === OP.SET_TEXT ? 'text' : 'string property'}${at(id)} is too long (${n} UTF-8 bytes)`);
    }
    // Zero the padding: the buffer is reused and holds stale bytes.
    for (let b = byteOff + n, end = byteOff + ((n + 3) & ~3); b < end; b++) this.u8[b] = 0;
    const at2 = this._cmd(op, words, id);
    const u32 = this.u32;
    u32[at2 + 1] = id;
    if (key < 0) u32[at2 + 2] = n;
    else { u32[at2 + 2] = key; u32[at2 + 3] = n; }
  }

  /**
   * Appends a command whose body is `body` (u32 words, floats already as
   * their bits): ANIMATE, ANIM_CTRL, TRANSITION, NAVIGATE, FOCUS, POINTER.
   * Callers (animation.js, input.js, focus.js) validate first. `id` names
   * the node in engine errors (dev).
   */
  raw(op, body, id = NONE) {
    const n = body.length;
    const at = this._cmd(op, n + 1, id);
    const u32 = this.u32;
    for (let i = 0; i < n; i++) u32[at + 1 + i] = body[i];
  }

  /**
   * REGISTER_FONT (op 15, long form: header length 0, then the total
   * length in words): registers TTF/OTF `bytes` (Uint8Array/ArrayBuffer)
   * under `family`. Hosts register the project's default font
   * (engine/fonts/DejaVuSans.ttf natively; the browser shim its subset,
   * DejaVuSans-subset.ttf; family "DejaVu Sans") first.
   */
  registerFont(family, bytes) {
    const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    const fam = new TextEncoder().encode(String(family));
    const famWords = (fam.length + 3) >>> 2;
    const dataWords = (data.length + 3) >>> 2;
    const words = 2 + 1 + famWords + 1 + dataWords;
    if (this.pos + words > this.capWords) this._grow(words);
    const at = this._cmd(OP.REGISTER_FONT, words, NONE);
    this.u32[at] = OP.REGISTER_FONT; // long form: length half 0
    this.u32[at + 1] = words;
    this.u32[at + 2] = fam.length;
    const famOff = (at + 3) << 2;
    this.u8.fill(0, famOff, famOff + (famWords << 2));
    this.u8.set(fam, famOff);
    this.u32[at + 3 + famWords] = data.length;
    const dataOff = (at + 4 + famWords) << 2;
    this.u8.fill(0, dataOff, dataOff + (dataWords << 2));
    this.u8.set(data, dataOff);
  }

  /**
   * VIDEO_STATE: the host's player of video node `id` changed `state`
   * (engine/src/video.rs: 1 loadedmetadata .. 6 error), with `reason` (error),
   * `time` (seconds) and `size` (`w << 16 | h`).
   */
  videoState(id, state, reason, time, size) {
    const at = this._cmd(OP.VIDEO_STATE, 6, id);
    this.u32[at + 1] = id;
    this.u32[at + 2] = state;
    this.u32[at + 3] = reason;
    this.f32[at + 4] = time;
    this.u32[at + 5] = size;
  }

  /**
   * IMAGE_LOADED: the host decoded the image the engine asked for under
   * `texture` (IMAGE_REQUEST): its size and bytes held (engine/src/resources).
   */
  imageLoaded(texture, width, height, byteSize) {
    const at = this._cmd(OP.IMAGE_LOADED, 5, NONE);
    const u32 = this.u32;
    u32[at + 1] = texture;
    u32[at + 2] = width;
    u32[at + 3] = height;
    u32[at + 4] = byteSize;
  }

  /** IMAGE_FAILED: loading `texture` failed with `reason` (`IMAGE_REASONS` index), and why, for logs. */
  imageFailed(texture, reason, message) {
    this._string(OP.IMAGE_FAILED, texture, reason, message);
    if (this.cmdIds !== null) this.cmdIds[this.count - 1] = NONE; // names no node
  }

  /** FRAME at host time `timeMs` (an f64). */
  frame(timeMs) {
    if (this.dev && !Number.isFinite(timeMs)) throw new RangeError(`reel: frame time must be finite; got ${show(timeMs)}`);
    const at = this._cmd(OP.FRAME, 3, NONE);
    F64_SCRATCH[0] = timeMs;
    this.u32[at + 1] = U32_SCRATCH[0];
    this.u32[at + 2] = U32_SCRATCH[1];
    this.hasFrame = true;
  }

  /** Patches the command count; returns a Uint8Array view of the batch (valid until the next write). */
  finish() {
    this.u32[3] = this.count;
    return new Uint8Array(this.buf, 0, this.pos << 2);
  }

  /**
   * Finishes the batch and hands its buffer over (for a transfer to a
   * worker); the encoder continues on a pooled or new buffer. Call
   * `reset()` before writing again.
   * @returns {Uint8Array} the batch, viewing the detached-to-be buffer
   */
  take() {
    const view = this.finish();
    let cap = this.capWords << 2;
    if (cap > Math.max(KEEP_BYTES, this.initialBytes)) cap = this.initialBytes;
    let next = null;
    for (let i = 0; i < this.pool.length; i++) {
      if (this.pool[i].byteLength >= cap) { next = this.pool.splice(i, 1)[0]; break; }
    }
    this._attach(next ?? new ArrayBuffer(cap));
    return view;
  }

  /** Gives a buffer back (e.g. returned by the worker) for reuse. */
  recycle(buffer) {
    const keep = Math.max(KEEP_BYTES, this.initialBytes);
    if (buffer && buffer.byteLength >= 64 && buffer.byteLength <= keep && this.pool.length < 4) this.pool.push(buffer);
  }
}
