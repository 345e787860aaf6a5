#!/usr/bin/env node
// js-shim/tools/pack-assets.mjs — copies the engine files the package ships
// into js-shim/src/assets/ for `npm pack` / `npm publish` (the `prepack`
// script), and removes them again afterwards (`postpack`, `--clean`).
//
//   node tools/pack-assets.mjs           copy (fails when a source is missing)
//   node tools/pack-assets.mjs --clean   remove the copies
//
// Why copies made at pack time: the files have one source of truth in the
// repository (target/engine.wasm from tools/build-wasm.sh,
// target/engine-wasm2js.mjs from tools/build-wasm2js.mjs, the font in
// engine/fonts/), and are not committed twice. In a checkout, without the
// copies, src/package-files.js's URLs are served from those sources
// (demo/server.mjs, and the Node loader's repoFallback).
//
// engine-wasm2js.mjs is rebuilt first when it is missing or older than
// the module it is made from (engine-speed.wasm beside engine.wasm; 6-10 s), so a pack never ships a no-Wasm engine of another
// build. Both engines must speak the ABI version of src/props.js.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { REPO_SOURCES } from '../src/package-files.js';
import { ABI_VERSION } from '../src/props.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SHIM = path.resolve(here, '..');
const ROOT = path.resolve(SHIM, '..');
const ASSETS = path.join(SHIM, 'src', 'assets');
/** What the package ships (engine-debug.wasm stays in the repository: tools/build-wasm-debug.sh). */
export const SHIPPED = ['engine.wasm', 'engine-wasm2js.mjs', 'DejaVuSans-subset.ttf', 'DejaVuSans.ttf', 'LICENSE-DejaVu.txt'];

function fail(msg) {
  console.error(`pack-assets: ${msg}`);
  process.exit(1);
}

export function clean() {
  for (const name of SHIPPED) fs.rmSync(path.join(ASSETS, name), { force: true });
  try {
    fs.rmdirSync(ASSETS);
  } catch {
    /* not empty or absent */
  }
}

async function abiOf(wasmFile) {
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmFile), {});
  return instance.exports.reel_abi_version();
}

export async function copy() {
  const src = (name) => path.join(ROOT, REPO_SOURCES[name]);
  const wasm = src('engine.wasm');
  if (!fs.existsSync(wasm)) {
    fail(`${path.relative(process.cwd(), wasm)} is missing: build the engine first with tools/build-wasm.sh (from the repository root: bash tools/build-wasm.sh)`);
  }
  const abi = await abiOf(wasm);
  if (abi !== ABI_VERSION) fail(`${REPO_SOURCES['engine.wasm']} speaks ABI ${abi}, src/props.js ${ABI_VERSION}: rebuild with tools/build-wasm.sh (and regenerate props.js: cargo test -p reel-engine --test js_props_in_sync)`);
  const w2j = src('engine-wasm2js.mjs');
  const { buildWasm2js, wasm2jsSource } = await import('./build-wasm2js.mjs');
  if (!fs.existsSync(w2j) || fs.statSync(w2j).mtimeMs < fs.statSync(wasm2jsSource(wasm)).mtimeMs) {
    console.error(`pack-assets: ${REPO_SOURCES['engine-wasm2js.mjs']} is ${fs.existsSync(w2j) ? 'older than its engine' : 'missing'}: building it (tools/build-wasm2js.mjs)`);
    try {
      buildWasm2js({ input: wasm2jsSource(wasm), output: w2j });
    } catch (e) {
      fail(`building ${REPO_SOURCES['engine-wasm2js.mjs']} failed: ${e.message}`);
    }
  }
  for (const name of SHIPPED) {
    if (!fs.existsSync(src(name))) fail(`${REPO_SOURCES[name]} is missing`);
  }
  fs.mkdirSync(ASSETS, { recursive: true });
  let total = 0;
  for (const name of SHIPPED) {
    fs.copyFileSync(src(name), path.join(ASSETS, name));
    total += fs.statSync(src(name)).size;
  }
  console.error(`pack-assets: ${SHIPPED.length} files (${(total / 1024).toFixed(0)} KiB) copied into src/assets/ (engine ABI ${abi})`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--clean')) clean();
  else await copy();
}
