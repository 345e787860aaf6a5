// @reel/shim — the files the package ships beside its code, and where the
// shim finds them by default: the engine (assets/engine.wasm), the no-Wasm
// engine (assets/engine-wasm2js.mjs), the default font
// (assets/DejaVuSans-subset.ttf), the whole font apps may ask for
// (assets/DejaVuSans.ttf) and the Worker (worker/engine-worker.js).
//
// Why this module exists: every default location is written here once, as
// the literal `new URL('./…', import.meta.url)` and
// `new Worker(new URL('./worker/engine-worker.js', import.meta.url), { type: 'module' })`
// patterns that bundlers (Vite, webpack 5, Parcel, Rollup/esbuild with an
// import.meta.url asset plugin) recognise: they copy each file into the
// app's build and rewrite the URL, and bundle the Worker with its imports.
// An app therefore needs no configuration and no copied files.
//
// The assets/ files are not in git: `npm pack` copies them from the one
// source of truth (target/engine.wasm, target/engine-wasm2js.mjs,
// engine/fonts/) with tools/pack-assets.mjs. Inside the Reel repository
// they are absent; there the repo's static server (demo/server.mjs) serves
// those files at these URLs, and in Node `repoFallback` maps a packaged
// path to the repository file.
//
// Vite's dev server (up to Vite 7) pre-bundles an installed package into
// node_modules/.vite/deps/ and leaves `new URL('./x', import.meta.url)`
// pointing there, where the files are not (vitejs/vite#8427). When this
// module finds itself there, it takes the files from the package's own
// folder, which the dev server serves (node_modules/@reel/shim/src/…).

const PACKAGE_NAME = '@reel/shim';
/** Vite's pre-bundle output folder (node_modules/.vite/deps, deps_temp_*). */
const VITE_DEPS_RE = /\/node_modules\/\.vite\/deps(?:_[^/]*)?\/[^/]*$/;

const here = () => (typeof import.meta === 'object' && import.meta && typeof import.meta.url === 'string' ? import.meta.url : '');

/** True when this module runs from Vite's dev pre-bundle (not next to its files). */
export function inViteDeps(url = here()) {
  try {
    return VITE_DEPS_RE.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

/** `rel` (a path inside the package, e.g. 'src/assets/engine.wasm') from Vite's deps folder. */
function fromViteDeps(rel) {
  // Computed (not a literal): Vite must not try to resolve it at build time.
  const up = '../../' + PACKAGE_NAME + '/';
  return new URL(up + rel, here());
}

/** The packaged engine.wasm. */
export function engineWasmUrl() {
  if (typeof URL !== 'function') return null; // QuickJS: the native host owns the engine
  if (inViteDeps()) return fromViteDeps('src/assets/engine.wasm');
  return new URL('./assets/engine.wasm', import.meta.url);
}

/** The packaged no-Wasm engine (wasm2js build of engine.wasm). */
export function wasm2jsUrl() {
  if (typeof URL !== 'function') return null;
  if (inViteDeps()) return fromViteDeps('src/assets/engine-wasm2js.mjs');
  return new URL('./assets/engine-wasm2js.mjs', import.meta.url);
}

/**
 * The packaged default font: DejaVu Sans subset to Latin, Greek, Cyrillic,
 * Hebrew and Arabic (96 KB; tools/subset-font.sh; licence in
 * assets/LICENSE-DejaVu.txt).
 */
export function defaultFontUrl() {
  if (typeof URL !== 'function') return null;
  if (inViteDeps()) return fromViteDeps('src/assets/DejaVuSans-subset.ttf');
  return new URL('./assets/DejaVuSans-subset.ttf', import.meta.url);
}

/** The packaged whole DejaVu Sans (760 KB): fetched only when an app passes it as fontUrl. */
export function fullFontUrl() {
  if (typeof URL !== 'function') return null;
  if (inViteDeps()) return fromViteDeps('src/assets/DejaVuSans.ttf');
  return new URL('./assets/DejaVuSans.ttf', import.meta.url);
}

/**
 * Where the debug engine would be (createRenderer({ debug: true })): beside
 * engine.wasm. It is not in the package (tools/build-wasm-debug.sh builds it
 * in the repository); computed, so bundlers do not look for it.
 */
export function debugEngineDefaultUrl() {
  if (typeof URL !== 'function') return null;
  const name = 'engine-debug.wasm';
  if (inViteDeps()) return fromViteDeps('src/assets/' + name);
  return new URL('./assets/' + name, here());
}

/**
 * Where the shim's Worker script is before bundling (for error messages and
 * load diagnosis). Computed, not a literal: a literal `new URL` outside
 * `new Worker(…)` would make bundlers copy the script raw, without its
 * imports.
 */
export function engineWorkerUrl() {
  if (inViteDeps()) return fromViteDeps('src/worker/engine-worker.js');
  return new URL('./worker/' + 'engine-worker.js', here());
}

/**
 * Starts the shim's engine Worker (a module worker). Returns { worker, url }.
 * Written literally so bundlers bundle the Worker and its imports.
 */
export function startEngineWorker() {
  if (inViteDeps()) {
    const url = fromViteDeps('src/worker/engine-worker.js');
    return { worker: new Worker(url, { type: 'module' }), url };
  }
  const worker = new Worker(new URL('./worker/engine-worker.js', import.meta.url), { type: 'module' });
  return { worker, url: engineWorkerUrl() };
}

/** Packaged asset file name -> its source in the Reel repository (relative to the repo root). */
export const REPO_SOURCES = Object.freeze({
  'engine.wasm': 'target/engine.wasm',
  'engine-debug.wasm': 'target/engine-debug.wasm',
  'engine-wasm2js.mjs': 'target/engine-wasm2js.mjs',
  'DejaVuSans-subset.ttf': 'engine/fonts/DejaVuSans-subset.ttf',
  'DejaVuSans.ttf': 'engine/fonts/DejaVuSans.ttf',
  'LICENSE-DejaVu.txt': 'engine/fonts/LICENSE-DejaVu.txt',
});

/**
 * For a file: URL of a packaged asset (…/js-shim/src/assets/<name>) that is
 * not there (a Reel checkout, not a packed package): the repository file it
 * is copied from at pack time, as a file: URL; else null.
 */
export function repoFallback(url) {
  const s = url instanceof URL ? url.href : String(url);
  const m = /^(file:.*)\/js-shim\/src\/assets\/([^/?#]+)$/.exec(s);
  if (!m || !Object.prototype.hasOwnProperty.call(REPO_SOURCES, m[2])) return null;
  return new URL(`${m[1]}/${REPO_SOURCES[m[2]]}`);
}
