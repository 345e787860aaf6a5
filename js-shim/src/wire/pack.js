// @reel/shim — the journal's compact form of a batch (../supervisor.js).
//
// The supervisor keeps every batch applied since its last snapshot, to
// replay them on a fresh instance after a trap. Kept as sent, a 20,000-node
// page is 1.52 MB of journal; packed, ~45 KB (issue 14). The form is
// lossless for any batch (`unpackBatch(packBatch(b))` is `b`, byte for
// byte) and made for what batches hold: runs of commands of one shape
// whose words repeat or step by a constant (ids, grid positions, keys).
//
// Every command word is predicted from the two previous commands with the
// same header word (same op and length): the word at the same offset in the
// last one plus its step from the one before (`2 * w1 - w2`, mod 2^32); the
// word itself after a single one; the word at that offset in the previous
// command (any shape; the batch header for the first) when there is none.
// A header is predicted from the header that followed the previous command's
// header last time. Only the differences are written, as LEB128 pairs (zero
// differences before it, the difference zigzagged), so a command that
// continues its run costs nothing but a count. One prediction formula for
// every word and one place that writes differences: the packing loop takes
// all its paths from the first commands on, so the optimized code V8 makes
// for it while the first big batch is packed holds for every later one (a
// path first taken late, a new header at a batch's end, threw it away: the
// second big batch was packed as slowly as the first).
//
// Layout: u32 PACK_MAGIC, the batch header's words 1..3 (version, seq,
// count: `batchSeq` reads a packed batch's seq like a batch's), the batch's
// word count, then the pairs, ended by (trailing zeros, 0).

import { BATCH_MAGIC } from '../props.js';

/** `REPK` as a little-endian u32: a packed batch (never sent to an engine). */
export const PACK_MAGIC = 0x4b504552;
const HEADER_WORDS = 5;
/** History slots, by header word (a collision only costs prediction). */
const SLOTS = 256;
const slotOf = (h) => Math.imul(h, 0x9e3779b1) >>> 24;

// Per-slot history, reused by every call (3 KB): the header word, the word
// index of the last two commands with it (-1: none) and the header that
// followed it. Slot SLOTS stands for "no previous command" (its successor
// is 0).
const KEY = new Uint32Array(SLOTS + 1);
const LAST1 = new Int32Array(SLOTS + 1);
const LAST2 = new Int32Array(SLOTS + 1);
const SUCC = new Uint32Array(SLOTS + 1);

function resetHistory() {
  LAST1.fill(-1);
  LAST2.fill(-1);
  SUCC[SLOTS] = 0;
}

/** True when `bytes` is a packed batch. */
export function isPacked(bytes) {
  return bytes.byteLength >= HEADER_WORDS * 4 && bytes[0] === 0x52 && bytes[1] === 0x45 && bytes[2] === 0x50 && bytes[3] === 0x4b;
}

/** Length in bytes of the batch `bytes` holds (packed or not). */
export function batchLength(bytes) {
  return isPacked(bytes) ? new DataView(bytes.buffer, bytes.byteOffset, HEADER_WORDS * 4).getUint32(16, true) * 4 : bytes.byteLength;
}

/** Writes difference `r` (int32; 0 only to end) after `zeros` zero differences at `out[p]`; returns the new end. */
function pair(out, p, zeros, r) {
  let v = zeros;
  while (v >= 0x80) { out[p++] = (v & 0x7f) | 0x80; v >>>= 7; }
  out[p++] = v;
  v = ((r << 1) ^ (r >> 31)) >>> 0;
  while (v >= 0x80) { out[p++] = (v & 0x7f) | 0x80; v >>>= 7; }
  out[p++] = v;
  return p;
}

/**
 * The packed form of batch `bytes` (a new, exactly sized Uint8Array), or
 * null when it is not a batch (magic, length not whole words) or packing
 * would not make it smaller: keep the bytes then.
 * @param {Uint8Array} bytes
 * @returns {Uint8Array | null}
 */
export function packBatch(bytes) {
  const len = bytes.byteLength;
  if (len < 32 || (len & 3) !== 0) return null;
  const w = (bytes.byteOffset & 3) === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, len >>> 2) : new Uint32Array(bytes.slice().buffer);
  if (w[0] !== BATCH_MAGIC) return null;
  const n = w.length;
  // Bigger than this and the batch is kept as it is.
  const limit = len - HEADER_WORDS * 4 - 20;
  const cap = Math.min(len, 4096 + (len >>> 3));
  out = new Uint8Array(cap);
  resetHistory();
  let p = packWords(w, n, cap, len, limit);
  const buf = out;
  out = EMPTY;
  // The end: the trailing zeros, then a 0 that is never read as a difference.
  if (p < 0 || p + 12 > buf.length) return null;
  p = pair(buf, p, n - lastNz, 0);
  if (p > limit) return null;
  const packed = buf.slice(0, p);
  const head = new Uint32Array(packed.buffer, 0, HEADER_WORDS);
  head[0] = PACK_MAGIC;
  head[1] = w[1];
  head[2] = w[2];
  head[3] = w[3];
  head[4] = n;
  return packed;
}

const EMPTY = new Uint8Array(0);
/** packWords' output (a bigger one when it grows it). */
let out = EMPTY;
/** packWords' last word after a non-zero difference. */
let lastNz = 0;

/**
 * Writes the pairs of the `n` batch words `w` into `out` (`cap` bytes, for
 * a batch of `len`) after the header's room; returns the end, or -1 past
 * `limit`. Its own function, whose loop is all it does, every path of it
 * taken from the first command on: the loop's optimized code (made while
 * the first big batch is packed) then needs nothing it has not seen, and
 * serves the next batches as it is.
 */
function packWords(w, n, cap, len, limit) {
  let buf = out;
  let p = HEADER_WORDS * 4;
  let ps = SLOTS;
  let q = 0; // the previous command (0: none, the batch header)
  let nz = 4; // the word after the last non-zero difference (words before 4 are the header)
  let o = 4;
  while (o < n) {
    const h = w[o];
    // The header, from the one that followed the previous header last time
    // (read before this header's slot may be reset, as the decoder must).
    let r = (h - SUCC[ps]) | 0;
    const s = slotOf(h);
    const fresh = KEY[s] !== h || LAST1[s] < 0;
    const a = fresh ? -1 : LAST1[s];
    const b = fresh ? -1 : LAST2[s];
    KEY[s] = h;
    SUCC[s] = fresh ? 0 : SUCC[s];
    // Words in the command: the long form (REGISTER_FONT) has them in its
    // second word; a malformed length takes the rest.
    let L = h >>> 16;
    if (L === 0) L = o + 1 < n ? (w[o + 1] >= 2 ? w[o + 1] : n - o) : 1;
    if (L > n - o) L = n - o;
    if (p + 10 * L + 20 > cap && cap < len) {
      // Never past the batch's own length: writes beyond `cap` are dropped
      // (a typed array ignores them) and `p > limit` gives up below.
      buf = grow(buf, p, Math.min(len, Math.max(2 * cap, p + 10 * L + 20)));
      cap = buf.length;
    }
    // The prediction of word o + k is 2 * w[o + k + da] - w[o + k + db].
    const pa = a >= 0 ? a : q;
    const da = pa - o;
    const db = (b >= 0 ? b : pa) - o;
    const end = o + L;
    // The header's difference, then the words': one place writes them all.
    for (let i = o; ;) {
      if (r !== 0) {
        p = pair(buf, p, i - nz, r);
        nz = i + 1;
      }
      if (++i >= end) break;
      r = (w[i] - 2 * w[i + da] + w[i + db]) | 0;
    }
    if (p > limit) return -1;
    LAST2[s] = a;
    LAST1[s] = o;
    SUCC[ps] = h;
    ps = s;
    q = o;
    o = end;
  }
  lastNz = nz;
  return p;
}

/** `buf`'s first `p` bytes in a new buffer of `size` bytes (made `out`). */
function grow(buf, p, size) {
  const grown = new Uint8Array(size);
  grown.set(buf.subarray(0, p));
  out = grown;
  return grown;
}

/**
 * The batch packed in `packed` (a new Uint8Array), byte for byte as it was
 * given to `packBatch`. Throws on bytes that are not a packed batch.
 * @param {Uint8Array} packed
 * @returns {Uint8Array}
 */
export function unpackBatch(packed) {
  if (!isPacked(packed)) throw new TypeError('reel: not a packed batch');
  const src = packed;
  const size = src.byteLength;
  const head = new DataView(src.buffer, src.byteOffset, HEADER_WORDS * 4);
  const n = head.getUint32(16, true);
  const w = new Uint32Array(n);
  w[0] = BATCH_MAGIC;
  w[1] = head.getUint32(4, true);
  w[2] = head.getUint32(8, true);
  w[3] = head.getUint32(12, true);
  let q = HEADER_WORDS * 4;
  const varint = () => {
    let v = 0;
    let shift = 0;
    for (;;) {
      if (q >= size) throw new RangeError('reel: packed batch is truncated');
      const c = src[q++];
      v += (c & 0x7f) * 2 ** shift;
      if (c < 0x80) return v;
      shift += 7;
    }
  };
  // The next difference: `run` zeros, then `val`.
  let run = varint();
  let val = varint();
  const next = () => {
    if (run > 0) {
      run--;
      return 0;
    }
    const r = (val >>> 1) ^ -(val & 1);
    run = varint();
    val = varint();
    return r;
  };
  resetHistory();
  let ps = SLOTS;
  let prev = 0; // the previous command (0: none, the batch header)
  let o = 4;
  while (o < n) {
    const h = (SUCC[ps] + next()) >>> 0;
    w[o] = h;
    const s = slotOf(h);
    let a = LAST1[s];
    let b = LAST2[s];
    if (KEY[s] !== h || a < 0) {
      KEY[s] = h;
      a = -1;
      b = -1;
      SUCC[s] = 0;
    }
    const da = (a >= 0 ? a : prev) - o;
    const db = (b >= 0 ? b : a >= 0 ? a : prev) - o;
    // The long form's length is its second word: decoded before the length is known.
    let i = o + 1;
    let L = h >>> 16;
    if (L === 0) {
      if (o + 1 < n) {
        const x = (2 * w[i + da] - w[i + db] + next()) >>> 0;
        w[i++] = x;
        L = x >= 2 ? x : n - o;
      } else L = 1;
    }
    if (L > n - o) L = n - o;
    const end = o + L;
    for (; i < end; i++) w[i] = (2 * w[i + da] - w[i + db] + next()) >>> 0;
    LAST2[s] = a;
    LAST1[s] = o;
    SUCC[ps] = h;
    ps = s;
    prev = o;
    o = end;
  }
  return new Uint8Array(w.buffer);
}
