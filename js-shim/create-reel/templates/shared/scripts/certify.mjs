#!/usr/bin/env node
// npm run certify — the built app (dist/, from `npm run build`) under
// `reel certify` on every device profile, with the key script certify.keys.
// The engine it runs is the one shipped in @reel/shim
// (node_modules/@reel/shim/src/assets/), the one your users get.
//
// Where `reel` comes from, first match wins:
//   REEL_BIN=/path/to/reel     (in the Reel repository: target/release/reel,
//                               built by `cargo build --release -p reel-cli`)
//   `reel` on PATH
// Extra arguments go to reel certify: npm run certify -- --device tv-midrange
// Reports: certify-out/report.html, certify.json, junit.xml, <device>/*.png.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const app = process.cwd();
const dist = path.join(app, 'dist');
const assets = path.join(app, 'node_modules', '@reel', 'shim', 'src', 'assets');

function fail(msg) {
  console.error(`certify: ${msg}`);
  process.exit(2);
}

function findReel() {
  if (process.env.REEL_BIN) {
    if (!fs.existsSync(process.env.REEL_BIN)) fail(`REEL_BIN=${process.env.REEL_BIN}: no such file`);
    return process.env.REEL_BIN;
  }
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    for (const name of process.platform === 'win32' ? ['reel.exe'] : ['reel']) {
      const p = path.join(dir || '.', name);
      try {
        fs.accessSync(p, fs.constants.X_OK);
        return p;
      } catch {
        // not here
      }
    }
  }
  fail('no `reel` binary: set REEL_BIN=/path/to/reel or put reel on PATH ' +
    '(in the Reel repository: cargo build --release -p reel-cli, then REEL_BIN=<repo>/target/release/reel)');
}

if (!fs.existsSync(path.join(dist, 'index.html'))) fail('no dist/index.html: run `npm run build` first');
const args = ['certify', dist, '--script', path.join(app, 'certify.keys'), '--out', path.join(app, 'certify-out')];
if (!process.argv.slice(2).some((a) => a === '--device')) args.push('--device', 'all');
if (fs.existsSync(path.join(assets, 'engine.wasm'))) args.push('--engine', path.join(assets, 'engine.wasm'));
if (fs.existsSync(path.join(assets, 'engine-wasm2js.mjs'))) args.push('--engine-js', path.join(assets, 'engine-wasm2js.mjs'));
args.push(...process.argv.slice(2));
const reel = findReel();
console.log(`${reel} ${args.join(' ')}`);
const r = spawnSync(reel, args, { stdio: 'inherit' });
if (r.error) fail(`${reel}: ${r.error.message}`);
process.exit(r.status ?? 1);
