#!/usr/bin/env node
// js-shim/tools/build-wasm2js.mjs — turn target/engine-speed.wasm into
// target/engine-wasm2js.mjs, a plain-JS ES module for devices without
// WebAssembly (the shim's `backend: 'js'`).
//
// The input is engine.wasm's twin built for speed (tools/build-wasm.sh:
// opt-level 3 and binaryen -O3 instead of -Oz): same source, same output
// byte for byte, but on a device without Wasm every instruction is
// interpreted JS, so speed matters more than the 0.7 MB it adds (the
// catalog on tv-legacy: p95 37.6 -> 30.6 ms, dropped frames 37.6% -> 3.4%,
// in QuickJS ticks). Without the twin (a custom engine.wasm), the file given
// is used as it is.
//
//   node js-shim/tools/build-wasm2js.mjs [--in target/engine-speed.wasm]
//                                        [--out target/engine-wasm2js.mjs]
//                                        [--opt -O2]
//
// The module exports exactly the names engine.wasm exports (reel_* functions,
// `memory`, and the linker globals), so engine-core.js drives both the same
// way. Its `memory` is an object with a `buffer` getter that returns the
// *current* ArrayBuffer (it changes after the engine grows memory, exactly
// like WebAssembly.Memory#buffer), and a `grow(pages)`.
//
// One module = one engine instance: the engine is instantiated when the
// module is evaluated. `instantiate()` (added after wasm2js's output) makes
// another, independent one (its own memory): the shim's supervisor builds a
// fresh engine with it after a trap (src/supervisor.js).
//
// Uses npm `binaryen` (>= 116; 132 is pinned in js-shim/package.json):
// Debian's binaryen 108 rejects the features rustc's wasm32 output uses.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

/** Features rustc 1.9x enables by default for wasm32-unknown-unknown. */
export const FEATURES = [
  '--enable-bulk-memory',
  '--enable-sign-ext',
  '--enable-nontrapping-float-to-int',
  '--enable-mutable-globals',
  '--enable-multivalue',
  '--enable-reference-types',
];

function parseArgs(argv) {
  const o = {
    input: wasm2jsSource(path.join(root, 'target', 'engine.wasm')),
    output: path.join(root, 'target', 'engine-wasm2js.mjs'),
    opt: '-O2',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--in') o.input = path.resolve(val());
    else if (a === '--out') o.output = path.resolve(val());
    else if (a === '--opt') o.opt = val();
    else if (a === '-h' || a === '--help') {
      console.log('usage: build-wasm2js.mjs [--in engine.wasm] [--out engine-wasm2js.mjs] [--opt -O2|-O0]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

/**
 * The module the JS fallback engine is made from for `engineWasm`: its
 * speed-built twin `engine-speed.wasm` beside it when there is one, else
 * `engineWasm` itself.
 */
export function wasm2jsSource(engineWasm) {
  const twin = path.join(path.dirname(engineWasm), 'engine-speed.wasm');
  return fs.existsSync(twin) ? twin : engineWasm;
}

/** Finds binaryen's wasm2js (a Node script) in js-shim/node_modules or up the tree. */
export function findWasm2js() {
  const candidates = [path.join(root, 'js-shim', 'package.json'), path.join(root, 'package.json'), import.meta.url];
  for (const c of candidates) {
    try {
      const req = createRequire(c);
      const pkg = req.resolve('binaryen/package.json');
      const bin = path.join(path.dirname(pkg), 'bin', 'wasm2js');
      if (fs.existsSync(bin)) return bin;
    } catch {
      /* next */
    }
  }
  throw new Error('npm binaryen not found: run `npm ci` in js-shim/');
}

/** Builds the module; returns { output, bytes, ms }. */
export function buildWasm2js({ input, output, opt = '-O2' } = {}) {
  input ??= wasm2jsSource(path.join(root, 'target', 'engine.wasm'));
  output ??= path.join(root, 'target', 'engine-wasm2js.mjs');
  if (!fs.existsSync(input)) throw new Error(`${input} is missing: run tools/build-wasm.sh first`);
  const bin = findWasm2js();
  const tmp = `${output}.tmp-${process.pid}`;
  const t0 = performance.now();
  // wasm2js's i64 lowering cannot take the saturating float->int ops
  // (i64.trunc_sat_f64_u: "local.set's value type must be correct"), which
  // rustc emits for `as` casts: wasm-opt first rewrites them into MVP
  // compare-and-trunc sequences with the same (saturating) results.
  const lowered = `${output}.lowered-${process.pid}.wasm`;
  const lo = spawnSync(process.execPath, [path.join(path.dirname(bin), 'wasm-opt'), input, ...FEATURES, '--llvm-nontrapping-fptoint-lowering', '-o', lowered],
    { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (lo.status !== 0) {
    try { fs.unlinkSync(lowered); } catch { /* none */ }
    throw new Error(`wasm-opt --llvm-nontrapping-fptoint-lowering failed (${lo.status}):\n${lo.stderr || lo.stdout}`);
  }
  const args = [bin, lowered, ...FEATURES, opt, '-o', tmp].filter(Boolean);
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  try { fs.unlinkSync(lowered); } catch { /* none */ }
  if (r.status !== 0 || r.stderr.includes('validator error')) {
    try { fs.unlinkSync(tmp); } catch { /* none */ }
    throw new Error(`wasm2js failed (${r.status}):\n${r.stderr || r.stdout}`);
  }
  const text = fs.readFileSync(tmp, 'utf8');
  // Sanity: an ES module exporting memory and the ABI, importing nothing.
  for (const name of ['memory', 'reel_init', 'reel_submit', 'reel_frame', 'reel_display_list_ptr']) {
    if (!new RegExp(`^export var ${name} = `, 'm').test(text)) {
      fs.unlinkSync(tmp);
      throw new Error(`wasm2js output does not export ${name}`);
    }
  }
  if (/^import /m.test(text)) {
    fs.unlinkSync(tmp);
    throw new Error('wasm2js output imports something; engine.wasm must import nothing');
  }
  const header = `// Generated by js-shim/tools/build-wasm2js.mjs from ${path.relative(root, input)} (binaryen wasm2js ${opt}). Do not edit.\n`;
  const factory = '\n// A fresh, independent engine instance (the exports above are the first one).\nexport function instantiate() { return asmFunc({}); }\n';
  fs.writeFileSync(tmp, header + text + factory);
  fs.renameSync(tmp, output);
  return { output, bytes: fs.statSync(output).size, ms: performance.now() - t0 };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const o = parseArgs(process.argv.slice(2));
    const r = buildWasm2js(o);
    console.log(`${path.relative(process.cwd(), r.output)}: ${r.bytes} bytes (${(r.ms / 1000).toFixed(1)} s)`);
  } catch (e) {
    console.error(`build-wasm2js: ${e.message}`);
    process.exit(1);
  }
}
