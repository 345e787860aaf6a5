#!/usr/bin/env bash
# tools/bench.sh — benchmark the engine natively and as engine.wasm under
# wasmtime in the same run, then print a table with the wasm/native ratio,
# engine.wasm's peak linear memory for the 1k-node scene, and its size.
#
#   tools/bench.sh            all benchmarks of crate reel-benches (a few minutes on 2 cores,
#                             plus the first release build of wasmtime)
#   tools/bench.sh FILTER     only benchmarks whose id matches FILTER
#                             (criterion's filter, e.g. `frame_1k`)
#
# Results: target/criterion/<group>/{native,wasm}/ (criterion's own files),
# target/reel-bench.json (figures the bench measures itself).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REEL_ROOT"

bash tools/setup.sh
bash tools/build-wasm.sh --no-web

export REEL_ENGINE_WASM
export REEL_BENCH_REPORT="$REEL_ROOT/target/reel-bench.json"
rm -f "$REEL_BENCH_REPORT"
reel_log "cargo bench -p reel-benches (every bench target)"
cargo bench -p reel-benches --bench '*' -- "$@"

echo
# With a FILTER some groups are legitimately missing from the table.
python3 tools/bench_table.py "$REEL_ROOT/target/criterion" "$REEL_BENCH_REPORT" "$REEL_ENGINE_WASM" \
  || (($# > 0))
