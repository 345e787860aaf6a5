// js-shim/bench/spin.js — deterministic CPU work (xorshift + float math).
export function spin(iterations) {
  let s = 0x9e3779b9 | 0;
  let acc = 0;
  for (let i = 0; i < iterations; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    acc += Math.sqrt((s >>> 0) + i) * 1e-6;
  }
  return acc;
}
