// js-shim/bench/spin-worker.js — a fixed amount of CPU work in a Worker, to
// measure how much a slowdown (CDP throttling, cgroup quota) affects workers.
import { spin } from './spin.js';

self.onmessage = (e) => {
  const t0 = performance.now();
  const x = spin(e.data.iterations);
  self.postMessage({ ms: performance.now() - t0, x });
};
