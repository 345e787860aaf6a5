#!/usr/bin/env bash
# tools/run-sample.sh — THE main command: from a fresh machine, build
# engine.wasm and the native host, then play the sample TV home screen on an
# emulated mid-range TV and write its frames as PNGs plus a summary.
#
#   tools/run-sample.sh                  examples/scenes/sample-home.scene on tv-midrange
#   tools/run-sample.sh --device stick-lowend   (any extra options go to `reel play`)
#
# Output: out/sample/frame-NNNN.png and out/sample/summary.json.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REEL_ROOT"

scene="examples/scenes/sample-home.scene"
out="out/sample"

bash tools/setup.sh
bash tools/build-wasm.sh --no-web

export REEL_ENGINE_WASM
# --device and --out may be overridden; other options go to `reel play` as is.
device="tv-midrange"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --device) device="${args[i + 1]:-}"; unset 'args[i]' 'args[i+1]'; ((i += 1)) ;;
    --out)    out="${args[i + 1]:-}";    unset 'args[i]' 'args[i+1]'; ((i += 1)) ;;
  esac
done

reel_log "reel play $scene --device $device --out $out"
# So that the PNGs counted below are this run's (only reel's own files go).
if [[ -d "$out" ]]; then
  find "$out" -maxdepth 1 \( -name 'frame-*.png' -o -name summary.json \) -delete
fi
cargo run --release -p reel-cli --bin reel -- \
  play "$scene" --device "$device" --out "$out" "${args[@]}"

pngs=$(find "$out" -maxdepth 1 -name '*.png' | wc -l)
echo
echo "run-sample: $pngs PNG frames in $REEL_ROOT/$out/ (frame-NNNN.png)"
if [[ -f "$out/summary.json" ]]; then
  echo "run-sample: summary in $REEL_ROOT/$out/summary.json"
else
  reel_die "$out/summary.json was not written"
fi
