// @reel/shim — batch encoder: writes protocol-v1 bytes (engine/src/protocol/mod.rs)
// into one growable ArrayBuffer through reused Uint32Array/Float32Array/Uint8Array
// views. Values are validated at the call site (dev) before a single word is
// written, so a throw never leaves a half-written command in the batch.

import { PROPS, STRING_PROPS, TY, OP, NONE, BATCH_MAGIC, PROTOCOL_VERSION } from './props.js';

const F = 1 << TY.F32;
const U = 1 << TY.U32;
const I = 1 << TY.I32;
const P = 1 << TY.PERCENT;
const A = 1 << TY.AUTO;

/** Longest command: the header word's high half is a u16 word count. */
export const MAX_COMMAND_WORDS = 0xffff;

/**
 * @typedef {object} PropSpec
 * @property {number} key wire key
 * @property {string} name API name
 * @property {number} accepts bit mask of `1 << TY.*`
 * @property {string} check 'any' | 'nonNegative' | 'unit' | 'bool' | 'color' | 'enum' | 'string'
 * @property {boolean} layout whether a change re-runs layout
 * @property {readonly string[] | null} enums enum value names (index = wire value)
 * @property {Map<string, number> | null} enumIndex name -> wire value
 * @property {number} min lowest value the engine accepts (generated table; a percentage as its fraction)
 * @property {number} max highest value the engine accepts
 * @property {boolean} string a SET_STR property
 * @property {number} slot hot column in the mirror's value store, or -1
 */

/** @type {Map<string, PropSpec>} every property by API name (numeric and string). */
export const PROP_BY_NAME = new Map();
/** @type {PropSpec[]} by wire key (sparse). */
export const PROP_BY_KEY = [];
/** The properties whose last written number the mirror keeps in a Float64Array column. */
export const HOT_PROPS = ['x', 'y', 'w', 'h', 'alpha', 'color'];

for (const p of PROPS) {
  const spec = {
    key: p.key,
    name: p.name,
    accepts: p.accepts,
    check: p.check,
    layout: p.layout,
    enums: p.enums,
    enumIndex: p.enums ? new Map(p.enums.map((n, i) => [n, i])) : null,
    min: p.min,
    max: p.max,
    string: false,
    slot: HOT_PROPS.indexOf(p.name),
  };
  PROP_BY_NAME.set(p.name, Object.freeze(spec));
  PROP_BY_KEY[p.key] = spec;
}
for (const p of STRING_PROPS) {
  const spec = Object.freeze({
    key: p.key, name: p.name, accepts: 0, check: 'string', layout: false,
    enums: null, enumIndex: null, min: 0, max: 0, string: true, slot: -1,
  });
  PROP_BY_NAME.set(p.name, spec);
  PROP_BY_KEY[p.key] = spec;
}

/** All property names (numeric then string), in table order. */
export const PROP_NAMES = Object.freeze([...PROP_BY_NAME.keys()]);

/** Closest known property name, for "did you mean" hints. */
const ALIASES = { width: 'w', height: 'h', opacity: 'alpha', left: 'x', top: 'y', backgroundcolor: 'color', zindex: 'zIndex', minwidth: 'minW', maxwidth: 'maxW', minheight: 'minH', maxheight: 'maxH' };

export function suggestProp(name) {
  const n = String(name).toLowerCase();
  if (Object.prototype.hasOwnProperty.call(ALIASES, n)) return ALIASES[n];
  let best = null;
  let bestD = 3;
  for (const cand of PROP_NAMES) {
    const d = editDistance(n, cand.toLowerCase());
    if (d < bestD) { bestD = d; best = cand; }
  }
  return best;
}

function editDistance(a, b) {
  if (Math.abs(a.length - b.length) > 3) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** Looks a property up by name; throws a TypeError naming it when unknown. */
export function propSpec(name) {
  const spec = PROP_BY_NAME.get(name);
  if (spec === undefined) throw unknownProp(name);
  return spec;
}

export function unknownProp(name) {
  const hint = suggestProp(name);
  return new TypeError(`reel: unknown property '${String(name)}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
}

function show(v) {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v == null) return String(v);
  try { return JSON.stringify(v) ?? typeof v; } catch { return typeof v; }
}

function expects(spec) {
  const parts = [];
  if (spec.check === 'color') parts.push('a colour 0xRRGGBBAA or "#RRGGBB[AA]"');
  else if (spec.check === 'bool') parts.push('a boolean');
  else if (spec.check === 'enum') parts.push(`one of ${spec.enums.map((n) => `'${n}'`).join(', ')}`);
  else if (spec.accepts & I) parts.push('an integer');
  else if (spec.accepts & F) {
    parts.push(spec.check === 'unit' ? 'a number in 0..1' : spec.check === 'nonNegative' ? 'a number >= 0' : 'a finite number');
  }
  if (spec.accepts & P) parts.push("a percentage like '50%'");
  if (spec.accepts & A) parts.push("'auto'");
  parts.push('null (reset)');
  return parts.join(', ');
}

function typeErr(spec, v, id) {
  return new TypeError(`reel: property '${spec.name}'${at(id)} expects ${expects(spec)}; got ${show(v)}`);
}

function rangeErr(spec, v, id, why) {
  return new RangeError(`reel: property '${spec.name}'${at(id)} ${why}; got ${show(v)}`);
}

function at(id) {
  return id === undefined || id < 0 ? '' : ` (node ${id})`;
}

/** Parses '#RRGGBB' / '#RRGGBBAA' into 0xRRGGBBAA; -1 when malformed. */
export function parseColor(s) {
  const n = s.length;
  if ((n !== 7 && n !== 9) || s.charCodeAt(0) !== 35 /* # */) return -1;
  let v = 0;
  for (let i = 1; i < n; i++) {
    const c = s.charCodeAt(i);
    let d;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 102) d = c - 87;
    else if (c >= 65 && c <= 70) d = c - 55;
    else return -1;
    v = v * 16 + d;
  }
  return n === 7 ? v * 256 + 0xff : v;
}

// Result of classify(): the wire type, and the value as a number (f32 value
// for F32/PERCENT, raw 32 bits otherwise).
let outNum = 0;
/**
 * Set by classify() when a production build brought a number into the
 * property's range (see `clampTo`): the value sent is `outNum`, not what the
 * app wrote, and the mirror stores what was sent (`coercedValue()`).
 */
let outCoerced = false;

/** The range facts of the generated table, as a message: "-3.4e+38..3.4e+38 (a 32-bit float)". */
function rangeText(spec, pct) {
  const k = pct ? 100 : 1;
  const sfx = pct ? '%' : '';
  const f32 = spec.accepts & (F | P) && spec.max === F32_MAX;
  return `${spec.min * k}${sfx}..${spec.max * k}${sfx}${f32 ? ' (the finite range of a 32-bit float)' : ''}`;
}

/** Why float `v` (a percentage's fraction when `pct`) is refused: names the allowed range. */
function floatWhy(spec, v, pct) {
  const range = rangeText(spec, pct);
  if (!Number.isFinite(v)) return `must be a finite ${pct ? 'percentage' : 'number'} within ${range} (NaN and infinities are rejected)`;
  if (v < 0 && spec.min === 0 && spec.max > 1) return `must be >= 0${pct ? '%' : ''} (allowed: ${range})`;
  return `must be within ${range}`;
}

/**
 * The production rule for a number outside `spec.min..spec.max` (the range
 * the engine's decoder accepts, from the generated table): NaN becomes 0,
 * anything else the nearest end of the range — the engine's own rule for
 * the numbers it computes (engine/src/finite.rs). So no value can get a
 * batch (and every other write in it) rejected.
 */
function clampTo(spec, v) {
  outCoerced = true;
  if (v !== v) return 0 < spec.min ? spec.min : 0 > spec.max ? spec.max : 0;
  return v < spec.min ? spec.min : spec.max;
}

/**
 * Decides a value's wire type for `spec` and leaves its value in `outNum`.
 * With `dev` a number outside the range the engine accepts (`spec.min` ..
 * `spec.max`: finiteness and 32-bit float overflow included; whole numbers
 * for integer types) throws a RangeError naming the property, the value and
 * the range; without it the number is clamped into that range (`clampTo`).
 * Type mismatches throw in every build (there is nothing sensible to send).
 */
function classify(spec, v, dev, id) {
  const accepts = spec.accepts;
  outCoerced = false;
  if (typeof v === 'number') {
    if (accepts & F) {
      // NaN fails both comparisons; 1e39 (an f32 infinity) fails the second.
      if (!(v >= spec.min && v <= spec.max)) {
        if (dev) throw rangeErr(spec, v, id, floatWhy(spec, v, false));
        v = clampTo(spec, v);
      }
      outNum = v;
      return TY.F32;
    }
    if (accepts & I) {
      if (!(Number.isInteger(v) && v >= spec.min && v <= spec.max)) {
        if (dev) throw rangeErr(spec, v, id, `must be a 32-bit signed integer (${rangeText(spec, false)})`);
        v = integerIn(spec, v);
      }
      outNum = v | 0;
      return TY.I32;
    }
    if (accepts & U) {
      if (!(Number.isInteger(v) && v >= spec.min && v <= spec.max)) {
        if (dev) {
          const ck = spec.check;
          if (!Number.isInteger(v) && (ck === 'color' || ck === 'bool' || ck === 'enum')) throw rangeErr(spec, v, id, `must be an integer (${expects(spec)})`);
          if (ck === 'color') throw rangeErr(spec, v, id, 'must be a colour within 0..0xFFFFFFFF');
          if (ck === 'bool') throw rangeErr(spec, v, id, 'must be a boolean (or 0/1)');
          if (ck === 'enum') throw rangeErr(spec, v, id, `has no value ${v} (${expects(spec)})`);
          throw rangeErr(spec, v, id, `must be an integer within ${rangeText(spec, false)}`);
        }
        // A boolean property takes any truthy number as true; the rest clamp.
        if (spec.check === 'bool') {
          outCoerced = true;
          v = v === v && v !== 0 ? 1 : 0;
        } else v = integerIn(spec, v);
      }
      outNum = v >>> 0;
      return TY.U32;
    }
    throw typeErr(spec, v, id);
  }
  if (v === null || v === undefined) {
    outNum = 0;
    return TY.RESET;
  }
  if (typeof v === 'string') {
    if (spec.check === 'enum') {
      const i = spec.enumIndex.get(v);
      if (i === undefined) throw rangeErr(spec, v, id, `has no value ${show(v)}; expected ${expects(spec)}`);
      outNum = i;
      return TY.U32;
    }
    if (spec.check === 'color') {
      const c = parseColor(v);
      if (c < 0) throw typeErr(spec, v, id);
      outNum = c;
      return TY.U32;
    }
    if (v === 'auto' && accepts & A) {
      outNum = 0;
      return TY.AUTO;
    }
    if (accepts & P && v.length > 1 && v.charCodeAt(v.length - 1) === 37 /* % */) {
      const body = v.slice(0, -1).trim();
      let n = body === '' ? NaN : Number(body) / 100;
      if (Number.isNaN(n)) throw typeErr(spec, v, id);
      if (!(n >= spec.min && n <= spec.max)) {
        if (dev) throw rangeErr(spec, v, id, floatWhy(spec, n, true));
        n = clampTo(spec, n);
      }
      outNum = n;
      return TY.PERCENT;
    }
    throw typeErr(spec, v, id);
  }
  if (typeof v === 'boolean' && spec.check === 'bool') {
    outNum = v ? 1 : 0;
    return TY.U32;
  }
  throw typeErr(spec, v, id);
}

/** Production: a number made a whole number of `spec`'s integer range (toward zero, then clamped). */
function integerIn(spec, v) {
  outCoerced = true;
  if (v !== v) return 0 < spec.min ? spec.min : 0;
  const t = Math.trunc(v);
  return t < spec.min ? spec.min : t > spec.max ? spec.max : t;
}

/**
 * After a production write that `classify` clamped: the value the engine
 * got, in the form the app wrote it (a number, or a percentage string),
 * for the mirror to store instead of what was written. `undefined` when
 * the last write was sent as written.
 */
export function coercedValue(ty) {
  if (!outCoerced) return undefined;
  return ty === TY.PERCENT ? `${outNum * 100}%` : outNum;
}

/**
 * Encodes one value for `spec` the way the encoder would: `{ ty, bits }`
 * (`bits` is the u32 on the wire). Throws like a setter. For tests and tools.
 */
export function encodeValue(spec, value, dev = true) {
  const ty = classify(spec, value, dev, -1);
  let bits = outNum >>> 0;
  if (ty === TY.F32 || ty === TY.PERCENT) {
    F32_SCRATCH[0] = outNum;
    bits = U32_SCRATCH[0];
  } else if (ty === TY.I32) bits = outNum >>> 0;
  return { ty, bits };
}

const SCRATCH = new ArrayBuffer(8);
const F32_SCRATCH = new Float32Array(SCRATCH, 0, 1);
const U32_SCRATCH = new Uint32Array(SCRATCH);
const F64_SCRATCH = new Float64Array(SCRATCH);
/** The largest finite 32-bit float (the wire's `f32::MAX`). */
const F32_MAX = 3.4028234663852886e38;

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
 * One batch under construction. Commands are appended in call order;
 * consecutive property writes to the same node share one SET_PROPS command
 * (8 bytes per extra property). `finish()` patches the header's count.
 */
export class Encoder {
  /**
   * @param {{ dev?: boolean, initialBytes?: number, seq?: number }} [opts]
   */
  constructor(opts = {}) {
    this.dev = opts.dev !== false;
    /** @type {ArrayBuffer[]} spare buffers (returned by a worker after transfer). */
    this.pool = [];
    this._attach(new ArrayBuffer(Math.max(64, (opts.initialBytes ?? 16384) & ~3)));
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
   * Sets a numeric property: validates `value` for `spec` (throws a
   * TypeError/RangeError naming the property), then appends the entry,
   * extending the open SET_PROPS command when it targets the same node.
   */
  prop(id, spec, value) {
    const ty = classify(spec, value, this.dev, id);
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
    u32[p] = spec.key | (ty << 16);
    if (ty === TY.F32 || ty === TY.PERCENT) this.f32[p + 1] = outNum;
    else u32[p + 1] = outNum;
    this.pos = p + 2;
    u32[at] += 2 << 16; // two more words in the open command
    return ty;
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
    const at = this._cmd(15, words, NONE);
    this.u32[at] = 15; // long form: length half 0
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
    const cap = this.capWords << 2;
    let next = null;
    for (let i = 0; i < this.pool.length; i++) {
      if (this.pool[i].byteLength >= cap) { next = this.pool.splice(i, 1)[0]; break; }
    }
    this._attach(next ?? new ArrayBuffer(cap));
    return view;
  }

  /** Gives a buffer back (e.g. returned by the worker) for reuse. */
  recycle(buffer) {
    if (buffer && buffer.byteLength >= 64 && this.pool.length < 4) this.pool.push(buffer);
  }
}
