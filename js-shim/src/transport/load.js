// @reel/shim — loading the engine in the current thread (inline transport,
// and the Node worker side): engine.wasm for backend 'wasm', the wasm2js
// module for backend 'js'. Both end up behind the same EngineCore.

import { EngineCore, engineExports } from '../engine-core.js';
import { BatchEncoder } from '../wire/batch.js';
import { capMemory } from '../memory-cap.js';
import { EngineSupervisor } from '../supervisor.js';
import { defaultFontUrl, fullFontUrl, repoFallback } from '../package-files.js';

const isNode = typeof process === 'object' && process !== null && !!(process.versions && process.versions.node);

/** Whether `u` names a local file (file: URL, absolute or relative path) rather than an http(s) URL. */
function isFileRef(u) {
  if (u instanceof URL) return u.protocol === 'file:';
  const s = String(u);
  if (/^file:/i.test(s)) return true;
  return !/^[a-z][a-z0-9+.-]*:/i.test(s) || /^[a-z]:[\\/]/i.test(s); // no scheme, or a Windows drive
}

/**
 * A Node built-in module, in Node only. Not an `import('node:…')` a browser
 * bundler can see: Vite 8 (rolldown) folds a constant specifier and warns
 * "Module node:fs has been externalized for browser compatibility" on every
 * production build (and emits an empty chunk for it).
 * `process.getBuiltinModule` (Node 20.16+) needs no import at all; older
 * Nodes import a specifier made at run time.
 */
async function nodeBuiltin(name) {
  const p = globalThis.process;
  if (p && typeof p.getBuiltinModule === 'function') return p.getBuiltinModule(`node:${name}`);
  return import(/* @vite-ignore */ ['node', name].join(':'));
}

/**
 * Reads engine.wasm: fetch() for URLs; the file system in Node for
 * file: URLs and paths. Returns bytes or a Response.
 */
export async function fetchEngineBytes(url) {
  if (isNode && isFileRef(url)) {
    const fs = await nodeBuiltin('fs/promises');
    const u = url instanceof URL || /^file:/i.test(String(url)) ? new URL(String(url)) : String(url);
    try {
      return new Uint8Array(await fs.readFile(u));
    } catch (e) {
      // A packaged asset in a Reel checkout (not packed): the repository file (package-files.js).
      const repo = e && e.code === 'ENOENT' ? repoFallback(u) : null;
      if (repo) return new Uint8Array(await fs.readFile(repo));
      throw e;
    }
  }
  if (typeof fetch !== 'function') throw new Error(`reel: cannot load ${url}: no fetch()`);
  const res = await fetch(String(url));
  if (!res.ok) throw new Error(`reel: fetching ${url} failed: HTTP ${res.status}`);
  return res;
}

/**
 * Why `bytes` (fetched from `url`) are not a file of the expected kind, or
 * null when its first bytes match one of `magics`. An HTML page is named as
 * such: a dev server answers a missing file with its index.html (SPA
 * fallback) and status 200.
 */
export function wrongFileReason(bytes, magics, what, url, contentType) {
  const head = Array.from(bytes.subarray(0, 4));
  if (magics.some((m) => m.every((b, i) => head[i] === b))) return null;
  const text = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart().toLowerCase();
  const ct = contentType ? ` (content-type ${contentType})` : '';
  if (text.startsWith('<!doctype html') || text.startsWith('<html') || text.startsWith('<') || /html/i.test(contentType || '')) {
    return `reel: ${url} is an HTML page${ct}, not ${what}: the file is not served at that URL (a dev server's SPA fallback answers a missing file with index.html)`;
  }
  const hex = head.map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `reel: ${url} is not ${what}${ct}: it starts with bytes ${hex || '(none: empty)'}`;
}

const WASM_MAGIC = [[0x00, 0x61, 0x73, 0x6d]];
/** TrueType (00 01 00 00, 'true'), OpenType/CFF ('OTTO'), collections ('ttcf'). */
const FONT_MAGIC = [[0x00, 0x01, 0x00, 0x00], [0x74, 0x72, 0x75, 0x65], [0x4f, 0x54, 0x54, 0x4f], [0x74, 0x74, 0x63, 0x66]];

/** Reads `url` (fetchEngineBytes) as bytes; checks the magic (`expect` says what it should be); errors name the URL. */
async function readChecked(url, magics, what, expect) {
  const key = url instanceof URL ? url.href : String(url);
  let r;
  try {
    r = await fetchEngineBytes(url);
  } catch (e) {
    const why = e && e.message ? e.message.replace(/^reel: /, '') : String(e);
    throw new Error(`reel: cannot load ${what} ${key}: ${why}`);
  }
  const contentType = r instanceof Uint8Array ? '' : r.headers.get('content-type') || '';
  const bytes = r instanceof Uint8Array ? r : new Uint8Array(await r.arrayBuffer());
  if (bytes.byteLength === 0) throw new Error(`reel: ${what} ${key} is empty`);
  const wrong = wrongFileReason(bytes, magics, expect, key, contentType);
  if (wrong) throw new Error(wrong);
  return bytes;
}

/** Imports the wasm2js engine module; errors name the URL (a packaged one falls back to the repo's in a checkout). */
async function importWasm2js(url) {
  const href = moduleHref(url);
  try {
    return await import(href);
  } catch (e) {
    const repo = isNode && /^file:/i.test(href) ? repoFallback(href) : null;
    if (repo) {
      const fs = await nodeBuiltin('fs');
      if (fs.existsSync(repo)) return import(repo.href);
    }
    throw new Error(`reel: cannot load the no-Wasm engine (engine-wasm2js.mjs) ${href}: ${e && e.message ? e.message : e}`);
  }
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
  return (await loadEngine(o)).core;
}

/**
 * Loads the engine like loadEngineCore, keeping what makes fresh instances
 * of it (for recovery after a trap, supervisor.js): `{ core, create,
 * memoryCap }`. `create` is null when the engine was given as an
 * instance's exports (nothing to instantiate again) or as a wasm2js module
 * without an `instantiate` export.
 * @param {object} o as loadEngineCore, plus
 * @param {number} [o.memoryCap] cap the engine's linear memory (bytes; backend 'wasm' from bytes or a URL): see memory-cap.js
 */
export async function loadEngine(o) {
  if (o.backend === 'js') {
    let ns = o.wasm2jsModule;
    if (!ns) {
      const url = o.wasm2jsUrl ?? (o.engineUrl ? String(o.engineUrl).replace(/engine\.wasm(\?.*)?$/, 'engine-wasm2js.mjs') : null);
      if (!url) throw new Error("reel: backend 'js' needs wasm2jsUrl or wasm2jsModule");
      ns = await importWasm2js(url);
    }
    if (o.memoryCap) throw new TypeError("reel: memoryCap applies to backend 'wasm' (engine.wasm) only");
    // The module's own instance (exports), or a factory (`instantiate()`/default function).
    const factory = typeof ns.instantiate === 'function' ? ns.instantiate : typeof ns.default === 'function' ? ns.default : null;
    if (typeof ns.reel_init !== 'function' && factory) ns = await factory({});
    // Each instantiate() call is a separate engine (its own memory): build-wasm2js.mjs adds it.
    const create = factory ? () => new EngineCore(factory({})) : null;
    return { core: new EngineCore(ns), create, memoryCap: 0 };
  }
  let source = o.engineModule ?? (o.engineUrl ? await readChecked(o.engineUrl, WASM_MAGIC, 'engine', 'a WebAssembly module (engine.wasm)') : null);
  if (!source) throw new Error("reel: backend 'wasm' needs engineUrl or engineModule");
  if (typeof WebAssembly !== 'object' || WebAssembly === null) throw new Error('reel: WebAssembly is not available');
  const isExports = !(source instanceof WebAssembly.Module) && !(source instanceof ArrayBuffer) && !ArrayBuffer.isView(source) &&
    !(typeof Response !== 'undefined' && source instanceof Response);
  if (isExports) {
    if (o.memoryCap) throw new TypeError('reel: memoryCap needs the engine as bytes, a URL or a Response (not an instance)');
    return { core: new EngineCore(engineExports(source)), create: null, memoryCap: 0 };
  }
  if (typeof Response !== 'undefined' && source instanceof Response) source = new Uint8Array(await source.arrayBuffer());
  let module;
  if (source instanceof WebAssembly.Module) {
    if (o.memoryCap) throw new TypeError('reel: memoryCap needs the engine as bytes or a URL (a compiled WebAssembly.Module cannot be capped)');
    module = source;
  } else {
    let bytes = source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    if (o.memoryCap) bytes = capMemory(bytes, o.memoryCap);
    module = await WebAssembly.compile(bytes);
  }
  const core = new EngineCore((await WebAssembly.instantiate(module, {})).exports);
  // Recovery must be synchronous (the inline transport applies a batch inside send()).
  const create = () => new EngineCore(new WebAssembly.Instance(module, {}).exports);
  return { core, create, memoryCap: o.memoryCap ? Math.floor(o.memoryCap / 65536) * 65536 : 0 };
}

/**
 * Loads the engine, initialises it at `width` x `height`, registers the
 * init font, and wraps it in an EngineSupervisor (journal + trap recovery)
 * whose fresh instances get the same init and font. Used by every transport
 * that runs the engine in JS (inline, Node worker_thread, browser Worker).
 * @returns {Promise<{ sup: EngineSupervisor, font: { family: string, bytes: number } | null }>}
 */
export async function loadSupervisedEngine(o, init) {
  const { core, create, memoryCap } = await loadEngine(o);
  const width = init.width >>> 0 || 1280;
  const height = init.height >>> 0 || 720;
  core.init(width, height);
  core.clearEvents();
  const font = await registerInitFont(core, init);
  const bytes = font ? await loadFontBytes(font.url) : null;
  const setup = (fresh) => {
    if (font) registerFontInCore(fresh, font.family, bytes, `'${font.family}'`);
  };
  const sup = new EngineSupervisor({ core, create, width, height, setup, memoryCap });
  return { sup, font: font ? { family: font.family, bytes: font.bytes } : null };
}

/** Family name of the project's default font (both the subset and the whole DejaVu Sans). */
export const DEFAULT_FONT_FAMILY = 'DejaVu Sans';

/**
 * Where the shim finds the default font when `fontUrl` is not given: the
 * package's assets/DejaVuSans-subset.ttf, DejaVu Sans cut to Latin, Greek,
 * Cyrillic, Hebrew and Arabic by tools/subset-font.sh (package-files.js;
 * copied from engine/fonts/ at pack time; in a Reel checkout the repo's
 * server and the Node loader map it to engine/fonts/DejaVuSans-subset.ttf).
 * `fontUrl: null` registers no font.
 */
export const DEFAULT_FONT_URL = typeof URL === 'function' // not on QuickJS (the native host registers its own font)
  ? defaultFontUrl().href
  : null;

/**
 * The whole DejaVu Sans (assets/DejaVuSans.ttf, 760 KB), for apps whose
 * text needs characters outside the subset (Vietnamese, Armenian,
 * Georgian, more symbols): `createRenderer({ fontUrl: FULL_FONT_URL })`.
 */
export const FULL_FONT_URL = typeof URL === 'function' ? fullFontUrl().href : null;

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
    p = readChecked(url, FONT_MAGIC, 'font', 'a TrueType/OpenType font');
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
  const enc = new BatchEncoder({ seq: 0, initialBytes: bytes.byteLength + 256 });
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
  return { family, bytes: bytes.byteLength, url };
}
