// @reel/shim — backend selection: run engine.wasm ('wasm') or the same
// engine compiled to JS by wasm2js ('js').
//
// 'auto' decides, in this order (first match wins):
//   1. no usable WebAssembly (missing, or a tiny module fails to compile,
//      instantiate or run)                                  -> 'js'
//   2. the device string matches a `deny` entry             -> 'js'
//   3. the device string matches an `allow` entry           -> 'wasm'
//   4. rollout: bucket = fnv1a32(deviceId) % 100;
//      bucket < percent                                     -> 'wasm', else 'js'
// `percent` defaults to 100 (everyone on wasm). Deny beats allow so a
// device known to be broken can never be opted in by a broad allow rule.

/**
 * The smallest useful module: `(func (export "f") (result i32) i32.const 42)`.
 * Some TV browsers expose a WebAssembly object that cannot compile or run
 * anything (disabled JIT, CSP); calling the function proves it works.
 */
const PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type: () -> i32
  0x03, 0x02, 0x01, 0x00, // func 0 has type 0
  0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, // export "f" = func 0
  0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x2a, 0x0b, // body: i32.const 42
]);

/**
 * Checks that WebAssembly exists and can compile, instantiate and run a
 * tiny module synchronously.
 * @param {any} [wasm] the WebAssembly namespace to test (default: the global)
 * @returns {{ ok: boolean, reason: string }}
 */
export function probeWebAssembly(...args) {
  const wasm = args.length > 0 ? args[0] : globalThis.WebAssembly;
  if (typeof wasm !== 'object' || wasm === null) return { ok: false, reason: 'no WebAssembly' };
  try {
    const inst = new wasm.Instance(new wasm.Module(PROBE), {});
    if (inst.exports.f() !== 42) return { ok: false, reason: 'WebAssembly probe returned a wrong value' };
    return { ok: true, reason: 'WebAssembly works' };
  } catch (e) {
    return { ok: false, reason: `WebAssembly probe failed: ${e && e.message ? e.message : e}` };
  }
}

/** FNV-1a 32-bit hash of a string's UTF-16 code units. Deterministic everywhere. */
export function fnv1a32(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The rollout bucket 0..99 of a device id. */
export function rolloutBucket(deviceId) {
  return fnv1a32(String(deviceId)) % 100;
}

/**
 * Whether `device` matches a rule: a RegExp, or a string matched as a
 * case-insensitive substring.
 */
function matches(rule, device) {
  if (rule instanceof RegExp) return rule.test(device);
  return device.toLowerCase().includes(String(rule).toLowerCase());
}

function findRule(rules, device) {
  if (!rules || !device) return null;
  for (const r of rules) if (matches(r, device)) return r;
  return null;
}

/**
 * @typedef {object} BackendChoice
 * @property {'wasm' | 'js'} name which engine build runs
 * @property {string} reason why (human-readable)
 * @property {'forced' | 'no-wasm' | 'deny' | 'allow' | 'rollout' | 'default'} rule the rule that decided
 * @property {number} [bucket] the rollout bucket, when the rollout decided
 */

/**
 * Chooses the backend.
 * @param {object} [opts]
 * @param {'auto' | 'wasm' | 'js'} [opts.backend] default 'auto'
 * @param {string} [opts.device] user agent / device model string for allow/deny
 * @param {string} [opts.deviceId] stable device id for the rollout bucket (default: `device`)
 * @param {{ percent?: number, allow?: (string|RegExp)[], deny?: (string|RegExp)[] }} [opts.rollout]
 * @param {any} [opts.webAssembly] the WebAssembly namespace (tests inject one; null = none)
 * @returns {BackendChoice}
 */
export function selectBackend(opts = {}) {
  const want = opts.backend ?? 'auto';
  const wasm = 'webAssembly' in opts ? opts.webAssembly : globalThis.WebAssembly;
  if (want === 'js') return { name: 'js', rule: 'forced', reason: "backend 'js' requested" };
  if (want === 'wasm') {
    const p = probeWebAssembly(wasm);
    if (!p.ok) throw new Error(`reel: backend 'wasm' requested but ${p.reason}`);
    return { name: 'wasm', rule: 'forced', reason: "backend 'wasm' requested" };
  }
  if (want !== 'auto') throw new TypeError(`reel: backend must be 'auto', 'wasm' or 'js'; got ${JSON.stringify(want)}`);

  const probe = probeWebAssembly(wasm);
  if (!probe.ok) return { name: 'js', rule: 'no-wasm', reason: probe.reason };

  const rollout = opts.rollout ?? {};
  const device = String(opts.device ?? (typeof navigator !== 'undefined' && navigator.userAgent ? navigator.userAgent : ''));
  const denied = findRule(rollout.deny, device);
  if (denied !== null) return { name: 'js', rule: 'deny', reason: `device matches deny rule ${String(denied)}` };
  const allowed = findRule(rollout.allow, device);
  if (allowed !== null) return { name: 'wasm', rule: 'allow', reason: `device matches allow rule ${String(allowed)}` };

  const percent = rollout.percent ?? 100;
  if (!(percent >= 0 && percent <= 100)) throw new RangeError(`reel: rollout.percent must be within 0..100; got ${percent}`);
  if (percent >= 100) return { name: 'wasm', rule: 'default', reason: 'WebAssembly works; rollout at 100%' };
  const id = opts.deviceId ?? rollout.deviceId ?? device;
  const bucket = rolloutBucket(id);
  return bucket < percent
    ? { name: 'wasm', rule: 'rollout', bucket, reason: `rollout bucket ${bucket} < ${percent}%` }
    : { name: 'js', rule: 'rollout', bucket, reason: `rollout bucket ${bucket} >= ${percent}%` };
}
