// The Reel native host's JS prelude: evaluated once, before the app, as a
// plain script. It receives the host's private native functions as `native`
// and leaves only standard-looking globals behind: console, performance,
// a deterministic Math.random, Date on the emulated clock, TextEncoder and
// TextDecoder (UTF-8). Timers and `__reel_host` are installed natively.
(function (native) {
  'use strict';
  const g = globalThis;

  // ---- console ---------------------------------------------------------
  function inspect(v, depth, seen) {
    switch (typeof v) {
      case 'string': return depth === 0 ? v : JSON.stringify(v);
      case 'number': case 'boolean': case 'undefined': case 'bigint': case 'symbol': return String(v);
      case 'function': return `[Function ${v.name || '(anonymous)'}]`;
    }
    if (v === null) return 'null';
    if (v instanceof Error) return v.stack ? `${v.name}: ${v.message}\n${v.stack}` : `${v.name}: ${v.message}`;
    if (seen.includes(v)) return '[Circular]';
    if (depth > 2) return Array.isArray(v) ? '[Array]' : '[Object]';
    const inner = seen.concat([v]);
    if (Array.isArray(v)) {
      const items = v.slice(0, 50).map((x) => inspect(x, depth + 1, inner));
      if (v.length > 50) items.push(`... ${v.length - 50} more`);
      return `[ ${items.join(', ')} ]`;
    }
    if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${v.length})`;
    if (v instanceof ArrayBuffer) return `ArrayBuffer(${v.byteLength})`;
    let keys;
    try { keys = Object.keys(v); } catch (e) { return '[Object]'; }
    const body = keys.slice(0, 30).map((k) => `${k}: ${inspect(v[k], depth + 1, inner)}`);
    if (keys.length > 30) body.push('...');
    const name = v.constructor && v.constructor !== Object && v.constructor.name ? v.constructor.name + ' ' : '';
    return body.length ? `${name}{ ${body.join(', ')} }` : `${name}{}`;
  }
  function format(args) {
    let out = [];
    for (const a of args) {
      try { out.push(inspect(a, 0, [])); } catch (e) { out.push('[uninspectable]'); }
    }
    return out.join(' ');
  }
  const level = (name) => function (...args) { native.log(name, format(args)); };
  const counts = new Map();
  g.console = {
    log: level('log'),
    info: level('info'),
    debug: level('debug'),
    trace: level('debug'),
    warn: level('warn'),
    error: level('error'),
    assert(cond, ...args) { if (!cond) native.log('error', 'Assertion failed' + (args.length ? ': ' + format(args) : '')); },
    count(label = 'default') { const n = (counts.get(label) || 0) + 1; counts.set(label, n); native.log('log', `${label}: ${n}`); },
    time() {}, timeEnd() {}, group() {}, groupEnd() {},
  };

  // ---- the emulated clock ----------------------------------------------
  const epoch = native.epoch;
  g.performance = { now: native.now, timeOrigin: epoch, mark() {}, measure() {} };
  const RealDate = g.Date;
  function Date(...args) {
    if (!new.target) return new RealDate(epoch + native.now()).toString();
    return args.length ? new RealDate(...args) : new RealDate(epoch + native.now());
  }
  Date.prototype = RealDate.prototype;
  Date.now = () => Math.floor(epoch + native.now());
  Date.parse = RealDate.parse;
  Date.UTC = RealDate.UTC;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: Date, writable: true, configurable: true });
  g.Date = Date;

  // ---- deterministic Math.random (mulberry32) ---------------------------
  let seed = native.seed >>> 0;
  Math.random = function random() {
    seed = (seed + 0x6D2B79F5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  // ---- UTF-8 -------------------------------------------------------------
  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(s = '') { return new Uint8Array(native.utf8Encode(String(s))); }
    encodeInto(s, dest) {
      const b = this.encode(s);
      const n = Math.min(b.length, dest.length);
      dest.set(b.subarray(0, n));
      return { read: String(s).length, written: n };
    }
  }
  class TextDecoder {
    constructor(label = 'utf-8') {
      if (!/^utf-?8$/i.test(label)) throw new RangeError(`TextDecoder: only utf-8 is supported, not ${label}`);
    }
    get encoding() { return 'utf-8'; }
    decode(buf) { return buf === undefined ? '' : native.utf8Decode(buf); }
  }
  g.TextEncoder = TextEncoder;
  g.TextDecoder = TextDecoder;
})
