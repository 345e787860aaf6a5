// tests/browser/lib/paths.mjs — repo paths and npm dependencies for the JS
// tests. npm packages (playwright-core, pngjs, binaryen) are devDependencies
// of js-shim/package.json, installed by `npm ci` in js-shim/; they are
// resolved from there (NODE_PATH is honoured as a fallback).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const SHIM = path.join(ROOT, 'js-shim');
export const SCENES = path.join(ROOT, 'tests', 'scenes');
export const GOLDEN = path.join(ROOT, 'tests', 'browser', 'golden');
export const OUT = path.join(ROOT, 'target', 'browser-out');
export const ENGINE_WASM = process.env.REEL_ENGINE_WASM
  ? path.resolve(process.env.REEL_ENGINE_WASM)
  : path.join(ROOT, 'target', 'engine.wasm');
export const ENGINE_WASM2JS = process.env.REEL_ENGINE_WASM2JS
  ? path.resolve(process.env.REEL_ENGINE_WASM2JS)
  : path.join(ROOT, 'target', 'engine-wasm2js.mjs');
export const CHROMIUM = process.env.REEL_CHROMIUM || '/usr/bin/chromium';

const req = createRequire(path.join(SHIM, 'package.json'));

/** require() a js-shim devDependency (CommonJS packages only). */
export function requireDev(name) {
  try {
    return req(name);
  } catch (e) {
    throw new Error(`npm package ${name} is missing: run \`npm ci\` in js-shim/ (${e.message})`);
  }
}

export function ensureOut() {
  fs.mkdirSync(OUT, { recursive: true });
  return OUT;
}
