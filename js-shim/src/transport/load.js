// @reel/shim — loading the engine in the current thread (inline transport,
// and the Node worker side): engine.wasm for backend 'wasm', the wasm2js
// module for backend 'js'. Both end up behind the same EngineCore.

import { EngineCore } from '../engine-core.js';
import { Encoder } from '../encoder.js';

const isNode = typeof process === 'object' && process !== null && !!(process.versions && process.versions.node);

/** Whether `u` names a local file (file: URL, absolute or relative path) rather than an http(s) URL. */
function isFileRef(u) {
  if (u instanceof URL) return u.protocol === 'file:';
  const s = String(u);
  if (/^file:/i.test(s)) return true;
  return !/^[a-z][a-z0-9+.-]*:/i.test(s) || /^[a-z]:[\\/]/i.test(s); // no scheme, or a Windows drive
}

/**
 * Reads engine.wasm: fetch() for URLs; the file system in Node for
 * file: URLs and paths. Returns bytes or a Response.
 */
export async function fetchEngineBytes(url) {
  if (isNode && isFileRef(url)) {
    const fsName = 'node:fs/promises'; // computed: keeps browser bundlers from resolving it
    const fs = await import(fsName);
    const u = url instanceof URL || /^file:/i.test(String(url)) ? new URL(String(url)) : String(url);
    return new Uint8Array(await fs.readFile(u));
  }
  if (typeof fetch !== 'function') throw new Error(`reel: cannot load ${url}: no fetch()`);
  const res = await fetch(String(url));
  if (!res.ok) throw new Error(`reel: fetching ${url} failed: HTTP ${res.status}`);
  return res;
}

/** Turns a module reference into an import() specifier. */
function moduleHref(u) {
  if (u instanceof URL) return u.href;
  const s = String(u);
  if (isNode && isFileRef(s) && !/^file:/i.test(s)) {
    // A path: make it a file URL (import() needs one for absolute paths on Windows too).
    const abs = s.startsWith('/') ? s : `${process.cwd()}/${s}`;
    return new URL(`file://${abs.replace(/\\/g, '/')}`).href;
  }
  return s;
}

/**
 * Loads the engine for `backend` ('wasm' | 'js') and returns its driver.
 * @param {object} o
 * @param {'wasm'|'js'} o.backend
 * @param {any} [o.engineModule] WebAssembly.Module, bytes or exports (wasm)
 * @param {string|URL} [o.engineUrl] engine.wasm location (wasm)
 * @param {any} [o.wasm2jsModule] the wasm2js module namespace (js)
 * @param {string|URL} [o.wasm2jsUrl] the wasm2js module location (js)
 */
export async function loadEngineCore(o) {
  if (o.backend === 'js') {
    let ns = o.wasm2jsModule;
    if (!ns) {
      const url = o.wasm2jsUrl ?? (o.engineUrl ? String(o.engineUrl).replace(/engine\.wasm(\?.*)?$/, 'engine-wasm2js.mjs') : null);
      if (!url) throw new Error("reel: backend 'js' needs wasm2jsUrl or wasm2jsModule");
      ns = await import(moduleHref(url));
    }
    // A factory (`instantiate()`/default function) or the exports themselves.
    if (typeof ns.reel_init !== 'function') {
      const f = typeof ns.instantiate === 'function' ? ns.instantiate : typeof ns.default === 'function' ? ns.default : null;
      if (f) ns = await f({});
    }
    return new EngineCore(ns);
  }
  const source = o.engineModule ?? (o.engineUrl ? await fetchEngineBytes(o.engineUrl) : null);
  if (!source) throw new Error("reel: backend 'wasm' needs engineUrl or engineModule");
  return EngineCore.load(source);
}

/** Family name of the project's default font (engine/fonts/DejaVuSans.ttf). */
export const DEFAULT_FONT_FAMILY = 'DejaVu Sans';

/**
 * Where the shim finds the project's default font when `fontUrl` is not
 * given: engine/fonts/DejaVuSans.ttf next to js-shim/ in the Reel tree
 * (js-shim/demo/server.mjs serves it at /engine/fonts/DejaVuSans.ttf; in
 * Node it is a file: URL). An app shipped elsewhere passes its own `fontUrl`
 * (or `fontUrl: null` to register no font).
 */
export const DEFAULT_FONT_URL = typeof URL === 'function' // not on QuickJS (the native host registers its own font)
  ? new URL('../../../engine/fonts/DejaVuSans.ttf', import.meta.url).href
  : null;

const fontCache = new Map(); // url -> Promise<Uint8Array> (one read per URL per thread)

/**
 * Reads a font: fetch() for http(s)/blob/data URLs, the file system in Node
 * for file: URLs and paths. Rejects with a message naming the URL.
 * @returns {Promise<Uint8Array>}
 */
export function loadFontBytes(url) {
  const key = String(url instanceof URL ? url.href : url);
  let p = fontCache.get(key);
  if (!p) {
    p = (async () => {
      let r;
      try {
        r = await fetchEngineBytes(url);
      } catch (e) {
        throw new Error(`reel: cannot load font ${key}: ${e && e.message ? e.message.replace(/^reel: /, '') : e}`);
      }
      const bytes = r instanceof Uint8Array ? r : new Uint8Array(await r.arrayBuffer());
      if (bytes.byteLength === 0) throw new Error(`reel: font ${key} is empty`);
      return bytes;
    })();
    fontCache.set(key, p);
    p.catch(() => fontCache.delete(key)); // a failed load may be retried
  }
  return p;
}

/**
 * Registers `bytes` under `family` in `core` with a one-command
 * REGISTER_FONT batch (seq 0, no FRAME: as the native hosts do at start).
 * Throws the engine's message when it rejects the font; leaves no events.
 */
export function registerFontInCore(core, family, bytes, what = family) {
  const enc = new Encoder({ seq: 0, initialBytes: bytes.byteLength + 256 });
  enc.registerFont(family, bytes);
  const code = core.submit(enc.finish());
  if (code !== 0) {
    const msg = core.lastError();
    core.clearEvents();
    throw new Error(`reel: font ${what} was rejected by the engine (code ${code}): ${msg}`);
  }
  core.clearEvents();
}

/**
 * Loads the init font (`init.fontUrl`, default DEFAULT_FONT_URL; null/false:
 * none) into `core`. Used by every transport that runs the engine in JS.
 */
export async function registerInitFont(core, init) {
  if (init.fontUrl === undefined && DEFAULT_FONT_URL === null) {
    throw new Error('reel: no URL support here to locate the default font: pass fontUrl (or fontUrl: null)');
  }
  const url = init.fontUrl === undefined ? DEFAULT_FONT_URL : init.fontUrl;
  if (url === null || url === false || url === '') return null;
  const family = init.fontFamily ?? DEFAULT_FONT_FAMILY;
  const bytes = await loadFontBytes(url);
  registerFontInCore(core, family, bytes, `'${family}' (${url instanceof URL ? url.href : url})`);
  return { family, bytes: bytes.byteLength };
}
