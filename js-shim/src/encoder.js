// @reel/shim — the app's batch encoder: property values checked against the
// generated property table (props.js) at the call site (dev) before a single
// word is written, then written by the wire's BatchEncoder
// (./wire/batch.js, the one writer of command bytes).

import { PROPS, STRING_PROPS, TY } from './props.js';
import { BatchEncoder, MAX_COMMAND_WORDS, show, at } from './wire/batch.js';
import { parseColor } from './color.js';

export { MAX_COMMAND_WORDS };

const F = 1 << TY.F32;
const U = 1 << TY.U32;
const I = 1 << TY.I32;
const P = 1 << TY.PERCENT;
const A = 1 << TY.AUTO;

/**
 * @typedef {object} PropSpec
 * @property {number} key wire key
 * @property {string} name API name
 * @property {number} accepts bit mask of `1 << TY.*`
 * @property {string} check 'any' | 'nonNegative' | 'unit' | 'bool' | 'color' | 'enum' | 'string'
 * @property {boolean} layout whether a change re-runs layout
 * @property {readonly string[] | null} enums enum value names (index = wire value)
 * @property {'number' | 'color' | null} anim how ANIMATE/TRANSITION drive it (generated table; null: not animatable)
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
    anim: p.anim,
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
    enums: null, enumIndex: null, anim: null, min: 0, max: 0, string: true, slot: -1,
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

/**
 * CSS names a web team reaches for whose Reel form is not one property
 * (lower-cased; the answer follows "unknown property 'x'").
 */
const CSS_HINTS = {
  borderradius: "use 'radius' (a number, or [tl, tr, br, bl])",
  border: "use 'borderWidth' and 'borderColor' (an inside border that follows 'radius')",
  boxshadow: "use 'shadowColor', 'shadowBlur', 'shadowSpread', 'shadowOffsetX' and 'shadowOffsetY'",
  background: "use 'color' for a colour, 'gradient' for a CSS linear-/radial-gradient string",
  backgroundimage: "use 'gradient' for a CSS gradient string, an <image> node for a picture",
  overflow: "use 'clipping: true' (with 'radius' it clips to the rounded shape)",
  transform: "use 'scale', 'rotation', 'x' and 'y' (with 'pivot' for the origin)",
  fontweight: "a weight is a font: registerFont('My Font Bold', bytes) and set 'fontFamily'",
  fontstyle: "a style is a font: registerFont('My Font Italic', bytes) and set 'fontFamily'",
};

export function unknownProp(name) {
  const css = CSS_HINTS[String(name).toLowerCase()];
  const hint = css ? null : suggestProp(name);
  return new TypeError(`reel: unknown property '${String(name)}'${css ? `: ${css}` : hint ? ` (did you mean '${hint}'?)` : ''}`);
}

function expects(spec) {
  const parts = [];
  if (spec.check === 'color') parts.push('a colour: 0xRRGGBBAA, "#rgb[a]", "#rrggbb[aa]", "rgb()"/"rgba()" or a basic colour name (src/color.js)');
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

export { parseColor };

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
export function encodeValue(spec, value, dev = true, id = -1) {
  const ty = classify(spec, value, dev, id);
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
/** The largest finite 32-bit float (the wire's `f32::MAX`). */
const F32_MAX = 3.4028234663852886e38;

/**
 * The app's batch encoder: the wire's BatchEncoder (./wire/batch.js) whose
 * property writes are checked first (`classify`: a throw never leaves a
 * half-written command in the batch).
 */
export class Encoder extends BatchEncoder {
  /**
   * Sets a numeric property: validates `value` for `spec` (throws a
   * TypeError/RangeError naming the property), then appends the entry,
   * extending the open SET_PROPS command when it targets the same node.
   */
  prop(id, spec, value) {
    const ty = classify(spec, value, this.dev, id);
    this.setProp(id, spec.key, ty, outNum);
    return ty;
  }
}
