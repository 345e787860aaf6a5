#!/usr/bin/env bash
# tools/build-wasm-debug.sh — build the debug engine module with the egui
# debug overlay (feature `overlay`, engine/src/overlay):
#
#   target/engine-debug.wasm   release engine + overlay, profile wasm-release,
#                              same toolchain as tools/build-wasm.sh; must
#                              import nothing. Never the production module:
#                              target/engine.wasm is built without it.
#
# Hosts load it in place of engine.wasm to get the overlay (toggle: blue key
# 406 / F12). Prints its raw and gzip sizes (no budget: it carries egui and
# egui's default fonts).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REEL_WASM_DEBUG_TARGET_DIR="$REEL_ROOT/target/wasm-debug"
REEL_ENGINE_DEBUG_WASM="$REEL_ROOT/target/engine-debug.wasm"

start="$(reel_now)"
reel_log "build engine-debug.wasm (release + overlay)"
cargo_wasm "$REEL_WASM_DEBUG_TARGET_DIR" "overlay"
copy_if_changed "$(out_of "$REEL_WASM_DEBUG_TARGET_DIR")" "$REEL_ENGINE_DEBUG_WASM"
python3 "$REEL_ROOT/tools/wasm_info.py" "$REEL_ENGINE_DEBUG_WASM" --no-imports
raw=$(wc -c <"$REEL_ENGINE_DEBUG_WASM")
gz=$(gzip -9 -c "$REEL_ENGINE_DEBUG_WASM" | wc -c)
echo "$REEL_ENGINE_DEBUG_WASM: raw $raw bytes ($((raw / 1024)) KB), gzip $gz bytes ($((gz / 1024)) KB)"
echo "build-wasm-debug: done in $(reel_elapsed "$start")s"
