// Backend selection: forced choices, no/broken WebAssembly, deny/allow
// lists, deterministic rollout buckets, and what the renderer reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend, rolloutBucket, fnv1a32, probeWebAssembly } from '../src/index.js';
import { captureTransport } from './helpers.js';
import { createRenderer } from '../src/index.js';

const brokenWasm = {
  Module: class { constructor() { throw new Error('CompileError: disabled'); } },
  Instance: class {},
};

test('fnv1a32 and buckets are deterministic', () => {
  assert.equal(fnv1a32(''), 0x811c9dc5);
  assert.equal(fnv1a32('a'), 0xe40c292c); // reference FNV-1a value
  assert.equal(fnv1a32('foobar'), 0xbf9cf968);
  assert.equal(rolloutBucket('foobar'), 0xbf9cf968 % 100);
  // Roughly uniform over many ids.
  const counts = new Array(10).fill(0);
  for (let i = 0; i < 10000; i++) counts[Math.floor(rolloutBucket(`device-${i}`) / 10)]++;
  for (const c of counts) assert.ok(c > 850 && c < 1150, `decile count ${c}`);
});

test('WebAssembly probe', () => {
  assert.equal(probeWebAssembly().ok, true);
  assert.equal(probeWebAssembly(undefined).ok, false);
  assert.equal(probeWebAssembly(null).ok, false);
  assert.match(probeWebAssembly(brokenWasm).reason, /probe failed: CompileError/);
});

// [options, expected name, expected rule]
const TABLE = [
  [{ backend: 'js' }, 'js', 'forced'],
  [{ backend: 'wasm' }, 'wasm', 'forced'],
  [{}, 'wasm', 'default'],
  [{ webAssembly: undefined }, 'js', 'no-wasm'],
  [{ webAssembly: null }, 'js', 'no-wasm'],
  [{ webAssembly: brokenWasm }, 'js', 'no-wasm'],
  [{ webAssembly: undefined, rollout: { allow: ['Tizen'] }, device: 'Tizen 6' }, 'js', 'no-wasm'],
  [{ device: 'Mozilla/5.0 (SMART-TV; Tizen 2.4)', rollout: { deny: ['Tizen 2.'] } }, 'js', 'deny'],
  [{ device: 'Mozilla/5.0 (SMART-TV; Tizen 6.0)', rollout: { deny: ['Tizen 2.'] } }, 'wasm', 'default'],
  [{ device: 'WebOS; LG 2017', rollout: { deny: [/LG 201[0-7]/], allow: ['webos'] } }, 'js', 'deny'],
  [{ device: 'WebOS; LG 2021', rollout: { deny: [/LG 201[0-7]/], allow: ['webos'], percent: 0 } }, 'wasm', 'allow'],
  [{ device: 'X', deviceId: 'foobar', rollout: { percent: 0 } }, 'js', 'rollout'],
  [{ device: 'X', deviceId: 'foobar', rollout: { percent: 100 } }, 'wasm', 'default'],
  [{ device: 'X', deviceId: 'foobar', rollout: { percent: (0xbf9cf968 % 100) } }, 'js', 'rollout'],
  [{ device: 'X', deviceId: 'foobar', rollout: { percent: (0xbf9cf968 % 100) + 1 } }, 'wasm', 'rollout'],
  [{ device: 'X', rollout: { percent: 50, deviceId: 'foobar' } }, (0xbf9cf968 % 100) < 50 ? 'wasm' : 'js', 'rollout'],
];

test('selection table', () => {
  for (const [opts, name, rule] of TABLE) {
    const got = selectBackend(opts);
    assert.equal(got.name, name, `${JSON.stringify(opts)}: ${got.reason}`);
    assert.equal(got.rule, rule, `${JSON.stringify(opts)}: ${got.reason}`);
    assert.equal(typeof got.reason, 'string');
  }
});

test('rollout percentage splits devices in proportion', () => {
  let wasm = 0;
  for (let i = 0; i < 2000; i++) {
    if (selectBackend({ deviceId: `tv-${i}`, device: 'x', rollout: { percent: 25 } }).name === 'wasm') wasm++;
  }
  assert.ok(wasm > 400 && wasm < 600, `${wasm} of 2000 on wasm at 25%`);
  // The same device always lands in the same bucket.
  const a = selectBackend({ deviceId: 'tv-42', rollout: { percent: 25 } });
  const b = selectBackend({ deviceId: 'tv-42', rollout: { percent: 25 } });
  assert.deepEqual(a, b);
});

test('bad options throw', () => {
  assert.throws(() => selectBackend({ backend: 'gpu' }), /backend must be/);
  assert.throws(() => selectBackend({ backend: 'wasm', webAssembly: null }), /requested but no WebAssembly/);
  assert.throws(() => selectBackend({ rollout: { percent: 120 }, deviceId: 'x' }), /percent/);
});

test('renderer.backend reports which backend runs and why', async () => {
  const r = await createRenderer({ transport: captureTransport(), webAssembly: null, autoFrame: false });
  assert.equal(r.backend.name, 'js');
  assert.equal(r.backend.rule, 'no-wasm');
  assert.equal(r.backend.transport, 'capture');
  const r2 = await createRenderer({ transport: captureTransport(), rollout: { percent: 0 }, deviceId: 'foobar', autoFrame: false });
  assert.equal(r2.backend.name, 'js');
  assert.match(r2.backend.reason, /rollout bucket \d+ >= 0%/);
});
