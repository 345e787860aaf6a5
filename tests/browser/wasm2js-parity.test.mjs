// tests/browser/wasm2js-parity.test.mjs — every conformance scene
// (tests/scenes/*.scene) through engine.wasm (WebAssembly) and through the
// wasm2js module (plain JS, the shim's `backend: 'js'`): after every batch
// the display-list bytes, the submit result and the event bytes must be
// identical, and the final list must equal the scene's golden dump
// (`*.dl.txt`, written by the Rust conformance suite).
//
//   node --test tests/browser/wasm2js-parity.test.mjs
//
// Needs target/engine.wasm (tools/build-wasm.sh) and npm binaryen (npm ci in
// js-shim/); builds target/engine-wasm2js.mjs when missing or older than
// engine.wasm. Scenes come from the `.scene` text via a JS port of the
// parser (lib/scene.mjs); when a `<name>.reelrec` recording sits beside a
// scene (the Rust `reel encode` output), it is used instead and the JS
// parser's bytes are checked against it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { EngineCore } from '../../js-shim/src/engine-core.js';
import { buildWasm2js, wasm2jsSource } from '../../js-shim/tools/build-wasm2js.mjs';
import { UnknownPropertyError, dumpDisplayList, parseScene, readRecording } from './lib/scene.mjs';
import { Encoder } from '../../js-shim/src/encoder.js';
import { registerInitFont } from '../../js-shim/src/transport/load.js';

/**
 * IMAGE_LOADED / IMAGE_FAILED answers (ops 16 / 17) for the IMAGE_REQUEST
 * events (0x87) in an event buffer; `src` is relative to tests/scenes/.
 * Returns a batch, or null when nothing was asked.
 */
function imageAnswers(events) {
  const dv = new DataView(events.buffer, events.byteOffset, events.byteLength);
  if (events.byteLength < 16) return null;
  const enc = new Encoder({ seq: 0x7ffe_0000 });
  let asked = 0;
  for (let k = 0, n = dv.getUint32(12, true), o = 16; k < n && o + 4 <= events.byteLength; k++) {
    const h = dv.getUint32(o, true);
    const words = h >>> 16;
    if (words === 0) break;
    if ((h & 0xffff) === 0x87) {
      const texture = dv.getUint32(o + 4, true);
      const len = dv.getUint32(o + 8, true);
      const src = Buffer.from(events.buffer, events.byteOffset + o + 12, len).toString('utf8');
      asked++;
      const file = path.join(SCENES, src);
      let size = null;
      let reason = 1; // not found
      if (fs.existsSync(file)) {
        try {
          const png = requireDev('pngjs').PNG.sync.read(fs.readFileSync(file));
          size = [png.width, png.height];
        } catch {
          reason = 2; // corrupt
        }
      }
      if (size) {
        enc.raw(16, [texture, size[0], size[1], size[0] * size[1] * 4]);
      } else {
        const msg = Buffer.from(`${src}: ${reason === 1 ? 'not found' : 'cannot decode'}`);
        const padded = Buffer.alloc((msg.length + 3) & ~3);
        msg.copy(padded);
        const body = [texture, reason, msg.length];
        for (let i = 0; i < padded.length; i += 4) body.push(padded.readUInt32LE(i));
        enc.raw(17, body);
      }
    }
    o += words * 4;
  }
  return asked ? enc.finish().slice() : null;
}

import { ENGINE_WASM, ENGINE_WASM2JS, SCENES, requireDev } from './lib/paths.mjs';

const scenes = fs.readdirSync(SCENES).filter((f) => f.endsWith('.scene')).sort();

function ensureWasm2js() {
  assert.ok(fs.existsSync(ENGINE_WASM), `${ENGINE_WASM} is missing: run tools/build-wasm.sh`);
  const stale = !fs.existsSync(ENGINE_WASM2JS)
    || fs.statSync(ENGINE_WASM2JS).mtimeMs < fs.statSync(wasm2jsSource(ENGINE_WASM)).mtimeMs;
  if (stale) buildWasm2js({ input: wasm2jsSource(ENGINE_WASM), output: ENGINE_WASM2JS });
}

let wasmModule;
let importCounter = 0;

/** A fresh engine of each backend (wasm2js: a fresh module instance). */
async function engines() {
  wasmModule ??= await WebAssembly.compile(fs.readFileSync(ENGINE_WASM));
  const wasm = await EngineCore.load(wasmModule);
  const url = `${pathToFileURL(ENGINE_WASM2JS).href}?instance=${++importCounter}`;
  const js = new EngineCore(await import(url));
  return { wasm, js };
}

const hex = (b) => Buffer.from(b).toString('hex');

test('wasm2js module builds and exports the engine ABI', async () => {
  ensureWasm2js();
  const { wasm, js } = await engines();
  assert.equal(js.x.reel_abi_version(), wasm.x.reel_abi_version());
  const wasmNames = Object.keys(wasm.x).sort();
  // `instantiate`: the build's factory of fresh instances (trap recovery, js-shim/src/supervisor.js).
  const jsNames = Object.keys(js.x).filter((n) => n !== 'default' && n !== 'instantiate').sort();
  assert.deepEqual(jsNames, wasmNames, 'wasm2js exports the same names as engine.wasm');
  assert.equal(typeof js.x.instantiate, 'function', 'wasm2js module exports instantiate()');
  const fresh = js.x.instantiate();
  assert.notEqual(fresh.memory, js.x.memory, 'instantiate() makes an instance with its own memory');
  assert.equal(fresh.reel_abi_version(), wasm.x.reel_abi_version());
});

for (const file of scenes) {
  const name = file.replace(/\.scene$/, '');
  test(`scene ${name}: engine.wasm and wasm2js give identical display lists`, async (t) => {
    ensureWasm2js();
    const text = fs.readFileSync(path.join(SCENES, file), 'utf8');
    let scene;
    try {
      scene = parseScene(text);
    } catch (e) {
      // A scene newer than the checked-in js-shim/src/props.js (the Rust
      // js_props_in_sync test fails for that): skipped, not failed.
      if (e instanceof UnknownPropertyError) return t.skip(e.message);
      throw e;
    }
    let batches = scene.batches;
    const rec = path.join(SCENES, `${name}.reelrec`);
    if (fs.existsSync(rec)) {
      const recorded = readRecording(fs.readFileSync(rec));
      assert.deepEqual(recorded.map(hex), batches.map(hex), 'JS scene parser matches the Rust encoder');
      batches = recorded;
    }
    const [w, h] = scene.viewport ?? [1280, 720];
    const { wasm, js } = await engines();
    wasm.init(w, h);
    js.init(w, h);
    // Every host registers the project's default font first (as the Rust
    // conformance harness does); text scenes depend on it. The shim's own
    // init step (what createRenderer's transports run), default fontUrl.
    await registerInitFont(wasm, {});
    await registerInitFont(js, {});
    batches.forEach((b, i) => {
      const cw = wasm.submit(b);
      const cj = js.submit(b);
      assert.equal(cj, cw, `batch ${i + 1}: submit result`);
      assert.equal(cw, 0, `batch ${i + 1} rejected: ${wasm.lastError()}`);
      const lw = wasm.displayList(true);
      const lj = js.displayList(true);
      assert.ok(lw.length >= 32, 'display list has a header');
      assert.equal(Buffer.compare(Buffer.from(lj), Buffer.from(lw)), 0, `batch ${i + 1}: display list bytes differ`);
      const ew = wasm.takeEventsBytes();
      const ej = js.takeEventsBytes();
      assert.equal(hex(ej), hex(ew), `batch ${i + 1}: event bytes differ`);
      // The images this batch asked for are answered before the next one,
      // as the Rust conformance harness does (decoded here only for size).
      const answer = imageAnswers(ew);
      if (answer) {
        assert.equal(wasm.submit(answer), 0, `image answers: ${wasm.lastError()}`);
        assert.equal(js.submit(answer), 0, 'image answers (wasm2js)');
        assert.equal(hex(js.takeEventsBytes()), hex(wasm.takeEventsBytes()), 'events after image answers');
      }
    });
    const golden = path.join(SCENES, `${name}.dl.txt`);
    if (fs.existsSync(golden)) {
      assert.equal(dumpDisplayList(js.displayList(true)), fs.readFileSync(golden, 'utf8'), 'final list equals the golden dump');
    }
  });
}
