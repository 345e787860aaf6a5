#!/usr/bin/env bash
# tools/run-sample.sh — THE main command: from a fresh machine, build
# engine.wasm and the native host, then run the sample TV app (the catalog,
# examples/catalog: plain JS on the host-node shim) on an emulated mid-range
# TV — the app's JS on QuickJS in one thread, engine.wasm on wasmtime in
# another — driven by a remote-control key script, and write its frames as
# PNGs plus a summary.
#
#   tools/run-sample.sh                          the catalog on tv-midrange
#   tools/run-sample.sh --device stick-lowend    any profile in devices/
#   tools/run-sample.sh --device tv-legacy       the no-Wasm device: the JS fallback engine
#   (other options go to `reel run`; `reel help` lists them)
#
# Output: out/sample/frame-NNNN.png (every 10th frame), summary.json, log.txt.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REEL_ROOT"

app="examples/catalog/main.js"
keys="examples/catalog/keys.txt"
out="out/sample"

bash tools/setup.sh
bash tools/build-wasm.sh --no-web

export REEL_ENGINE_WASM
# --device and --out may be overridden; other options go to `reel run` as is.
device="tv-midrange"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --device) device="${args[i + 1]:-}"; unset 'args[i]' 'args[i+1]'; ((i += 1)) ;;
    --out)    out="${args[i + 1]:-}";    unset 'args[i]' 'args[i+1]'; ((i += 1)) ;;
  esac
done
if [[ "$device" == "tv-legacy" && ! -f target/engine-wasm2js.mjs ]]; then
  # The no-Wasm device runs the engine compiled to JS.
  node js-shim/tools/build-wasm2js.mjs
fi

reel_log "reel run $app --device $device --keys $keys --out $out"
# So that the PNGs counted below are this run's (only reel's own files go).
if [[ -d "$out" ]]; then
  find "$out" -maxdepth 1 \( -name 'frame-*.png' -o -name summary.json -o -name log.txt \) -delete
fi
# 300 frames: the whole key script (row moves, the details panel, scrolling).
cargo run --release -p reel-cli --bin reel -- \
  run "$app" --device "$device" --keys "$keys" --frames 300 --every 10 --out "$out" "${args[@]}"

pngs=$(find "$out" -maxdepth 1 -name 'frame-*.png' | wc -l)
echo
echo "run-sample: $pngs PNG frames in $REEL_ROOT/$out/ (frame-NNNN.png)"
if [[ -f "$out/summary.json" ]]; then
  echo "run-sample: summary in $REEL_ROOT/$out/summary.json"
else
  reel_die "$out/summary.json was not written"
fi
