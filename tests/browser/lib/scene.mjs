// tests/browser/lib/scene.mjs — a small JS port of the `.scene` parser
// (engine/wire/src/script.rs) and of the display-list text dump
// (engine/wire/src/display_list.rs `to_text`), so the JS-side tests can run the
// conformance scenes through engine.wasm and the wasm2js module without the
// Rust toolchain, and check the result against tests/scenes/*.dl.txt.
//
// It encodes batches exactly as `BatchBuilder` does (same word order), but
// it is a test helper: error messages are terse, and anything the Rust
// parser would reject throws.

// Property table: js-shim/src/props.js, generated from the Rust table
// (engine/wire/src/protocol/props.rs) by engine/tests/js_props_in_sync.rs, so
// this parser knows exactly the properties the shim does.
import { PROPS as TABLE, STRING_PROPS, NODE_KIND } from '../../../js-shim/src/props.js';

const F = 1 << 0, U = 1 << 1, I = 1 << 2, P = 1 << 3, A = 1 << 4;

/** name -> { key, accepts, check, enums } */
export const PROPS = new Map(TABLE.map((p) => [p.name, p]));
const STRING_KEYS = new Map(STRING_PROPS.map((p) => [p.name, p.key]));

/** Thrown for a property js-shim/src/props.js does not know (the tests skip such scenes). */
export class UnknownPropertyError extends Error {}
const KINDS = NODE_KIND;
const SRC_KEY = STRING_KEYS.get('src') ?? 128;
const NONE = 0xffffffff;
const OP = { CREATE: 1, DESTROY: 2, INSERT: 3, REMOVE: 4, SET_PROPS: 5, SET_TEXT: 6, FRAME: 7, SET_STR: 8 };
const BATCH_MAGIC = 0x4c454552; // "REEL"

const f32buf = new Float32Array(1);
const u32f = new Uint32Array(f32buf.buffer);
const f32bits = (x) => { f32buf[0] = x; return u32f[0]; };

class Builder {
  constructor(seq) { this.words = [BATCH_MAGIC, 1, seq >>> 0, 0]; this.count = 0; }
  raw(op, body) { this.words.push((op | ((body.length + 1) << 16)) >>> 0, ...body.map((w) => w >>> 0)); this.count++; }
  isEmpty() { return this.count === 0; }
  str(op, lead, s) {
    const b = new TextEncoder().encode(s);
    const body = [...lead, b.length];
    for (let i = 0; i < b.length; i += 4) body.push((b[i] | (b[i + 1] ?? 0) << 8 | (b[i + 2] ?? 0) << 16 | (b[i + 3] ?? 0) << 24) >>> 0);
    this.raw(op, body);
  }
  finish() {
    this.words[3] = this.count;
    const out = new Uint8Array(this.words.length * 4);
    const dv = new DataView(out.buffer);
    this.words.forEach((w, i) => dv.setUint32(i * 4, w, true));
    return out;
  }
}

function tokenize(line) {
  const out = [];
  let i = 0;
  const ws = (c) => /\s/.test(c);
  while (true) {
    while (i < line.length && ws(line[i])) i++;
    if (i >= line.length || line[i] === '#') break;
    if (line[i] === '"') {
      i++;
      let s = '';
      let closed = false;
      while (i < line.length) {
        const c = line[i++];
        if (c === '"') { closed = true; break; }
        if (c === '\\') {
          const e = line[i++];
          if (e === '"' || e === '\\') s += e;
          else if (e === 'n') s += '\n';
          else if (e === 't') s += '\t';
          else if (e === 'r') s += '\r';
          else if (e === 'u' && line[i] === '{') {
            const end = line.indexOf('}', i);
            if (end < 0) throw new Error('bad \\u escape');
            s += String.fromCodePoint(parseInt(line.slice(i + 1, end), 16));
            i = end + 1;
          } else throw new Error(`bad escape \\${e}`);
        } else s += c;
      }
      if (!closed) throw new Error('unterminated string');
      out.push({ q: s });
    } else {
      let s = '';
      while (i < line.length && !ws(line[i])) {
        if (line[i] === '"') throw new Error('quote inside word');
        s += line[i++];
      }
      out.push({ w: s });
    }
  }
  return out;
}

const word = (t) => { if (t.w === undefined) throw new Error('expected a word'); return t.w; };
const u32 = (t) => {
  const w = word(t);
  if (!/^\+?\d+$/.test(w) || Number(w) > 0xffffffff) throw new Error(`not a u32: ${w}`);
  return Number(w);
};
function num(s) {
  // Rust's f32::from_str: decimal / exponent forms, inf/nan are rejected as non-finite later.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) throw new Error(`not a number: ${s}`);
  const x = Math.fround(Number(s));
  if (!Number.isFinite(x)) throw new Error(`not finite: ${s}`);
  return x;
}
function color(s) {
  let hex; let opaque6 = false;
  if (s.startsWith('#')) { hex = s.slice(1); opaque6 = true; } else if (/^0[xX]/.test(s)) hex = s.slice(2);
  else throw new Error(`bad colour ${s}`);
  if (!hex || hex.length > 8 || !/^[0-9a-fA-F]+$/.test(hex)) throw new Error(`bad colour ${s}`);
  if (opaque6 && hex.length !== 6 && hex.length !== 8) throw new Error(`bad colour ${s}`);
  const v = parseInt(hex, 16) >>> 0;
  return opaque6 && hex.length === 6 ? ((v << 8) | 0xff) >>> 0 : v;
}

/** `name=value` -> [key, type, valueBits]; the rules of engine/wire/src/script.rs `parse_value`. */
function assignment(a) {
  const eq = a.indexOf('=');
  if (eq < 0) throw new Error(`expected name=value: ${a}`);
  const name = a.slice(0, eq); const v = a.slice(eq + 1);
  const spec = PROPS.get(name);
  if (!spec) {
    throw new UnknownPropertyError(`unknown property ${name} (not in js-shim/src/props.js: regenerate it with `
      + '`REEL_UPDATE_GOLDEN=1 cargo test -p reel-engine --test js_props_in_sync`)');
  }
  const { key, accepts: acc, check, enums } = spec;
  if (v === '') throw new Error(`${name}= has no value`);
  if (v === 'reset') return [key, 5, 0];
  if (v === 'auto') { if (!(acc & A)) throw new Error(`${name} no auto`); return [key, 4, 0]; }
  if (v.endsWith('%')) {
    if (!(acc & P)) throw new Error(`${name} no percent`);
    return [key, 3, f32bits(Math.fround(num(v.slice(0, -1)) / 100))];
  }
  if (check === 'enum') { const i = enums.indexOf(v); if (i < 0) throw new Error(`bad enum ${v}`); return [key, 1, i]; }
  if (check === 'bool') { if (v !== 'true' && v !== 'false') throw new Error(`bad bool ${v}`); return [key, 1, v === 'true' ? 1 : 0]; }
  if (check === 'color') return [key, 1, color(v)];
  if (acc & I) {
    if (!/^[+-]?\d+$/.test(v) || Number(v) < -0x80000000 || Number(v) > 0x7fffffff) throw new Error(`bad int ${v}`);
    return [key, 2, Number(v) >>> 0];
  }
  if (acc & F) return [key, 0, f32bits(num(v))];
  if (acc & U) {
    if (!/^\+?\d+$/.test(v) || Number(v) > 0xffffffff) throw new Error(`${name} takes an unsigned integer, not ${v}`);
    return [key, 1, Number(v)];
  }
  throw new Error(`cannot read ${v} as a value of ${name}`);
}

/** Parses scene text into { viewport: [w,h]|null, batches: Uint8Array[] }. */
export function parseScene(text) {
  const scene = { viewport: null, batches: [] };
  let seq = 1;
  let b = new Builder(seq);
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, idx) => {
    try {
      const toks = tokenize(raw);
      if (!toks.length) return;
      const cmd = word(toks[0]); const args = toks.slice(1);
      switch (cmd) {
        case 'viewport': scene.viewport = [u32(args[0]), u32(args[1])]; break;
        case 'create': b.raw(OP.CREATE, [u32(args[0]), KINDS[word(args[1])] ?? (() => { throw new Error('kind'); })()]); break;
        case 'set': {
          const body = [u32(args[0])];
          for (const a of args.slice(1)) { const [k, t, v] = assignment(word(a)); body.push((k | (t << 16)) >>> 0, v); }
          b.raw(OP.SET_PROPS, body);
          break;
        }
        case 'text': b.str(OP.SET_TEXT, [u32(args[0])], args[1].q); break;
        case 'src': b.str(OP.SET_STR, [u32(args[0]), SRC_KEY], args[1].q); break;
        case 'str': {
          const name = word(args[1]);
          const key = STRING_KEYS.get(name);
          if (key === undefined) throw new UnknownPropertyError(`unknown string property ${name} (not in js-shim/src/props.js)`);
          b.str(OP.SET_STR, [u32(args[0]), key], args[2].q);
          break;
        }
        case 'insert': {
          const before = args[2] === undefined || args[2].w === 'none' ? NONE : u32(args[2]);
          b.raw(OP.INSERT, [u32(args[0]), u32(args[1]), before]);
          break;
        }
        case 'remove': b.raw(OP.REMOVE, [u32(args[0])]); break;
        case 'destroy': b.raw(OP.DESTROY, [u32(args[0])]); break;
        case 'frame': {
          const t = Number(word(args[0]));
          if (!Number.isFinite(t) || t < 0) throw new Error('bad frame time');
          const dv = new DataView(new ArrayBuffer(8)); dv.setFloat64(0, t, true);
          b.raw(OP.FRAME, [dv.getUint32(0, true), dv.getUint32(4, true)]);
          scene.batches.push(b.finish()); seq++; b = new Builder(seq);
          break;
        }
        case 'batch': if (!b.isEmpty()) { scene.batches.push(b.finish()); seq++; b = new Builder(seq); } break;
        default: throw new Error(`unknown command ${cmd}`);
      }
    } catch (e) {
      throw new (e instanceof UnknownPropertyError ? UnknownPropertyError : Error)(`line ${idx + 1}: ${e.message}`);
    }
  });
  if (!b.isEmpty()) scene.batches.push(b.finish());
  return scene;
}

/** Reads a `.reelrec` recording into batches. */
export function readRecording(bytes) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8 || String.fromCharCode(...bytes.subarray(0, 4)) !== 'RREC') throw new Error('not a recording');
  if (dv.getUint32(4, true) !== 1) throw new Error('unsupported recording version');
  const out = [];
  for (let off = 8; off < bytes.length;) {
    const n = dv.getUint32(off, true);
    if (off + 4 + n > bytes.length) throw new Error(`recording truncated at ${off}`);
    out.push(bytes.slice(off + 4, off + 4 + n));
    off += 4 + n;
  }
  return out;
}

/** Rust's `{}` for an f32: shortest round-trip digits, never an exponent. */
export function fmtF32(x) {
  if (Object.is(x, -0)) return '-0';
  if (Number.isInteger(x)) return BigInt(x).toString();
  for (let p = 1; p <= 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) {
      const n = Number(s);
      // Expand exponent notation the way Rust prints (plain decimal).
      let t = n.toString();
      if (/e/.test(t)) t = n.toFixed(Math.max(0, Math.min(100, -Math.floor(Math.log10(Math.abs(n))) + p)));
      return t.includes('.') ? t.replace(/0+$/, '').replace(/\.$/, '') : t;
    }
  }
  return String(x);
}

const hex8 = (v) => (v >>> 0).toString(16).padStart(8, '0');

/** The display-list text dump, identical to Rust's `DisplayListRef::to_text`. */
export function dumpDisplayList(bytes) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const f = (o) => fmtF32(dv.getFloat32(o, true));
  const u = (o) => dv.getUint32(o, true);
  const count = u(8);
  let out = `displaylist v${u(4)} frame=${u(12)} viewport=${f(16)}x${f(20)} items=${count}\n`;
  for (let i = 0; i < count; i++) {
    const o = 32 + i * 80;
    const kind = u(o); const node = u(o + 4);
    const m = [0, 1, 2, 3, 4, 5].map((k) => f(o + 16 + k * 4)).join(' ');
    const size = `${f(o + 40)}x${f(o + 44)}`;
    const colors = [0, 1, 2, 3].map((k) => hex8(u(o + 48 + k * 4))).join(',');
    const uv = [0, 1, 2, 3].map((k) => f(o + 64 + k * 4)).join(' ');
    if (kind === 1) out += `rect node=${node} m=[${m}] size=${size} colors=${colors}\n`;
    else if (kind === 2) out += `image node=${node} tex=${u(o + 8)} m=[${m}] size=${size} uv=[${uv}] colors=${colors}\n`;
    else if (kind === 3) out += `clip-push node=${node} rect=${f(o + 32)},${f(o + 36)} ${size}\n`;
    else if (kind === 4) out += `clip-pop node=${node}\n`;
    else if (kind === 6) out += `shadow node=${node} m=[${m}] size=${size} radii=[${uv}] blur=${f(o + 12)} color=${hex8(u(o + 48))}\n`;
    else if (kind === 7) out += `shape node=${node} radii=[${uv}] border=${f(o + 12)} color=${hex8(u(o + 48))}\n`;
    else if (kind === 8) out += `clip-shape node=${node} m=[${m}] size=${size} radii=[${uv}]\n`;
    else if (kind === 10) {
      const t = [0, 1, 2, 3].map((k) => f(o + 16 + k * 4)).join(' ');
      const stops = [0, 1, 2, 3].map((k) => `${hex8(u(o + 48 + k * 4))}@${f(o + 64 + k * 4)}`).join(',');
      out += `gradient node=${node} type=${u(o + 8)} geom=[${t}] stops=${stops}\n`;
    }
    else out += `unknown kind=${kind}\n`;
  }
  return out;
}
