// tests/browser/lib/scene.mjs — a small JS port of the `.scene` parser
// (engine/src/script.rs) and of the display-list text dump
// (engine/src/display_list.rs `to_text`), so the JS-side tests can run the
// conformance scenes through engine.wasm and the wasm2js module without the
// Rust toolchain, and check the result against tests/scenes/*.dl.txt.
//
// It encodes batches exactly as `BatchBuilder` does (same word order), but
// it is a test helper: error messages are terse, and anything the Rust
// parser would reject throws.

// Property table: engine/src/protocol/props.rs `PROPS` (name -> key, accepted
// types, enum names). Types: F=0 U=1 I=2 P=3 A=4.
const F = 1 << 0, U = 1 << 1, I = 1 << 2, P = 1 << 3, A = 1 << 4;
const DISPLAY = ['scene', 'flex', 'none'];
const DIRECTION = ['row', 'column', 'row-reverse', 'column-reverse'];
const WRAP = ['nowrap', 'wrap', 'wrap-reverse'];
const JUSTIFY = ['start', 'end', 'center', 'space-between', 'space-around', 'space-evenly'];
const ALIGN = ['start', 'end', 'center', 'stretch', 'baseline'];
const ALIGN_CONTENT = ['start', 'end', 'center', 'stretch', 'space-between', 'space-around', 'space-evenly'];
const POSITION = ['relative', 'absolute'];

/** name -> [key, accepts, check, enumNames] */
export const PROPS = new Map(Object.entries({
  x: [1, F, 'any'], y: [2, F, 'any'], w: [3, F | P | A, 'nn'], h: [4, F | P | A, 'nn'],
  alpha: [5, F, 'unit'], color: [6, U, 'color'], colorTop: [7, U, 'color'], colorBottom: [8, U, 'color'],
  colorLeft: [9, U, 'color'], colorRight: [10, U, 'color'], colorTl: [11, U, 'color'],
  colorTr: [12, U, 'color'], colorBl: [13, U, 'color'], colorBr: [14, U, 'color'],
  zIndex: [15, I, 'any'], clipping: [16, U, 'bool'], scale: [17, F, 'any'], scaleX: [18, F, 'any'],
  scaleY: [19, F, 'any'], rotation: [20, F, 'any'], pivot: [21, F, 'any'], pivotX: [22, F, 'any'],
  pivotY: [23, F, 'any'], mount: [24, F, 'any'], mountX: [25, F, 'any'], mountY: [26, F, 'any'],
  visible: [27, U, 'bool'], display: [32, U, 'enum', DISPLAY], flexDirection: [33, U, 'enum', DIRECTION],
  flexWrap: [34, U, 'enum', WRAP], justifyContent: [35, U, 'enum', JUSTIFY],
  alignItems: [36, U, 'enum', ALIGN], alignSelf: [37, U, 'enum', ALIGN],
  alignContent: [38, U, 'enum', ALIGN_CONTENT], flexGrow: [39, F, 'nn'], flexShrink: [40, F, 'nn'],
  flexBasis: [41, F | P | A, 'nn'], gap: [42, F | P, 'nn'], rowGap: [43, F | P, 'nn'],
  columnGap: [44, F | P, 'nn'], padding: [45, F | P, 'nn'], paddingTop: [46, F | P, 'nn'],
  paddingRight: [47, F | P, 'nn'], paddingBottom: [48, F | P, 'nn'], paddingLeft: [49, F | P, 'nn'],
  margin: [50, F | P | A, 'any'], marginTop: [51, F | P | A, 'any'], marginRight: [52, F | P | A, 'any'],
  marginBottom: [53, F | P | A, 'any'], marginLeft: [54, F | P | A, 'any'],
  position: [55, U, 'enum', POSITION], minW: [56, F | P | A, 'nn'], minH: [57, F | P | A, 'nn'],
  maxW: [58, F | P | A, 'nn'], maxH: [59, F | P | A, 'nn'],
}));
const SRC_KEY = 128;
const KINDS = { view: 0, image: 1, text: 2 };
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

/** `name=value` -> [key, type, valueBits] */
function assignment(a) {
  const eq = a.indexOf('=');
  if (eq < 0) throw new Error(`expected name=value: ${a}`);
  const name = a.slice(0, eq); const v = a.slice(eq + 1);
  const spec = PROPS.get(name);
  if (!spec) throw new Error(`unknown property ${name}`);
  const [key, acc, check, names] = spec;
  if (v === '') throw new Error(`${name}= has no value`);
  if (v === 'reset') return [key, 5, 0];
  if (v === 'auto') { if (!(acc & A)) throw new Error(`${name} no auto`); return [key, 4, 0]; }
  if (v.endsWith('%')) {
    if (!(acc & P)) throw new Error(`${name} no percent`);
    return [key, 3, f32bits(Math.fround(num(v.slice(0, -1)) / 100))];
  }
  if (check === 'enum') { const i = names.indexOf(v); if (i < 0) throw new Error(`bad enum ${v}`); return [key, 1, i]; }
  if (check === 'bool') { if (v !== 'true' && v !== 'false') throw new Error(`bad bool ${v}`); return [key, 1, v === 'true' ? 1 : 0]; }
  if (check === 'color') return [key, 1, color(v)];
  if (acc & I) {
    if (!/^[+-]?\d+$/.test(v)) throw new Error(`bad int ${v}`);
    return [key, 2, Number(v) >>> 0];
  }
  const x = num(v);
  if (check === 'nn' && x < 0) throw new Error(`${name} must be >= 0`);
  if (check === 'unit' && (x < 0 || x > 1)) throw new Error(`${name} must be in 0..1`);
  return [key, 0, f32bits(x)];
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
      throw new Error(`line ${idx + 1}: ${e.message}`);
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
    else out += `unknown kind=${kind}\n`;
  }
  return out;
}
