// @reel/shim — loading the engine in the current thread (inline transport,
// and the Node worker side): engine.wasm for backend 'wasm', the wasm2js
// module for backend 'js'. Both end up behind the same EngineCore.

import { EngineCore } from '../engine-core.js';

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
