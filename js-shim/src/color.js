// Colour strings for colour properties (`color`, `borderColor`,
// `shadowColor`, `focusColor`, ...): the same grammar the engine reads in
// `gradient` strings (engine/wire/src/color.rs and gradient.rs), so a
// colour that works in one works in the other.
//
// `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`; `rgb()`/`rgba()` with commas
// or spaces, the alpha after ',' or '/', numbers or percentages; the names
// of COLOR_NAMES (generated from the engine's table). Any letter case. No
// hsl() (engine.wasm's size budget: see engine/wire/src/color.rs).
//
// Why a port and not a call into the engine: a colour property is
// validated where the app writes it (a bad one throws at that line), and
// the engine may be in a Worker. The arithmetic is the engine's, in
// float32 (Math.fround at every step), so both give the same bits;
// js-shim/test/color.test.js holds this to the corpus the Rust parser
// wrote (test/fixtures/colors.json, from engine/tests/js_props_in_sync.rs).

import { COLOR_NAMES } from './props.js';

/** The names, in the engine's order (the first that matches wins, as there). */
const NAMES = Object.keys(COLOR_NAMES);

const f = Math.fround;

/** Parser state over one string. */
class P {
  constructor(s) {
    this.s = s;
    this.i = 0;
  }

  ws() {
    const s = this.s;
    // Rust's is_ascii_whitespace: space, \t, \n, \x0c, \r.
    for (let c = s.charCodeAt(this.i); c === 32 || c === 9 || c === 10 || c === 12 || c === 13; c = s.charCodeAt(++this.i));
  }

  eat(t) {
    this.ws();
    if (this.s.slice(this.i, this.i + t.length).toLowerCase() !== t) return false;
    this.i += t.length;
    return true;
  }

  /** A plain decimal number (no exponent), as float32; null when none. */
  num() {
    this.ws();
    const s = this.s;
    const start = this.i;
    const neg = this.eat('-');
    let v = 0;
    let scale = 1;
    let digits = 0;
    let frac = false;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c >= 48 && c <= 57) {
        const d = c - 48;
        if (frac) {
          scale = f(scale * f(0.1));
          v = f(v + f(d * scale));
        } else {
          v = f(f(v * 10) + d);
        }
        digits++;
      } else if (c === 46 && !frac) {
        frac = true;
      } else {
        break;
      }
      this.i++;
    }
    if (digits === 0 || digits > 9) {
      this.i = start;
      return null;
    }
    return neg ? -v : v;
  }

  /** Which of `words` is at the cursor (a whole word, any letter case), or -1. */
  oneOf(words) {
    const at = this.i;
    for (let k = 0; k < words.length; k++) {
      if (this.eat(words[k])) {
        const c = this.s.charCodeAt(this.i);
        if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45)) return k;
      }
      this.i = at;
    }
    return -1;
  }

  /** A colour at the cursor as 0xRRGGBBAA, or -1. */
  color() {
    this.ws();
    const s = this.s;
    if (this.eat('#')) {
      const start = this.i;
      while (this.i < s.length && /[0-9a-fA-F]/.test(s[this.i])) this.i++;
      const hex = s.slice(start, this.i);
      const n = hex.length;
      if (n === 3 || n === 4) {
        let v = 0;
        for (const ch of hex) v = v * 256 + parseInt(ch, 16) * 0x11;
        return n === 3 ? v * 256 + 0xff : v;
      }
      if (n === 6) return parseInt(hex, 16) * 256 + 0xff;
      if (n === 8) return parseInt(hex, 16);
      return -1;
    }
    if (!this.eat('rgba(') && !this.eat('rgb(')) {
      const k = this.oneOf(NAMES);
      return k < 0 ? -1 : COLOR_NAMES[NAMES[k]];
    }
    // Each channel scaled to 0..255, in float32 as the engine does.
    const v = [0, 0, 0, 255];
    for (let k = 0; k < 4; k++) {
      if (k === 3 && this.eat(')')) {
        this.i--;
        break;
      }
      if (k > 0 && !this.eat(',') && k === 3) this.eat('/');
      const x = this.num();
      if (x === null) return -1;
      v[k] = this.eat('%') ? f(f(x / 100) * 255) : k === 3 ? f(x * 255) : x;
    }
    if (!this.eat(')')) return -1;
    let c = 0;
    for (const x of v) c = c * 256 + Math.trunc(f(clamp(x, 0, 255) + 0.5));
    return c;
  }
}

const clamp = (x, lo, hi) => (x < lo ? lo : x > hi ? hi : x);

/**
 * Parses a colour string (surrounding whitespace allowed) into
 * 0xRRGGBBAA; -1 when it is not one.
 * @param {string} s
 */
export function parseColor(s) {
  // The common case first: '#rrggbb' / '#rrggbbaa' without a regex.
  const n = s.length;
  if ((n === 7 || n === 9) && s.charCodeAt(0) === 35) {
    let v = 0;
    for (let i = 1; i < n; i++) {
      const c = s.charCodeAt(i);
      let d;
      if (c >= 48 && c <= 57) d = c - 48;
      else if (c >= 97 && c <= 102) d = c - 87;
      else if (c >= 65 && c <= 70) d = c - 55;
      else return slow(s);
      v = v * 16 + d;
    }
    return n === 7 ? v * 256 + 0xff : v;
  }
  return slow(s);
}

function slow(s) {
  const p = new P(s);
  const c = p.color();
  if (c < 0) return -1;
  p.ws();
  return p.i === s.length ? c : -1;
}
