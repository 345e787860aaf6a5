#!/usr/bin/env bash
# tools/build-wasm.sh — build the production engine.wasm.
#
#   target/engine.wasm      release engine: no `raster`, no `web` features,
#                           profile wasm-release, then binaryen -Oz;
#                           must import nothing
#   target/engine-speed.wasm  the same engine built for speed (profile
#                           wasm-speed, binaryen -O3): not shipped as Wasm; the
#                           source of the JS fallback engine (build-wasm2js.mjs)
#   target/engine-web.wasm  the `web` feature (wasm-bindgen) variant, built
#                           only to prove it compiles; no wasm-bindgen-cli step
#   target/engine-shaping.wasm  with --shaping: the `shaping` feature (rustybuzz
#                           complex-script shaping), built like engine.wasm,
#                           to report what shaping costs (not shipped)
#
# Uses Debian's rustc-web (1.96) with -Zbuild-std, because rustup's toolchain
# here has no wasm32 std. Run tools/setup.sh first (tools/test.sh does).
# Options: --no-web  skip the web variant; --shaping  also the shaping variant.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build_web=1
build_shaping=0
for arg in "$@"; do
  case "$arg" in
    --no-web) build_web=0 ;;
    --shaping) build_shaping=1 ;;
    *) reel_die "unknown option: $arg (usage: tools/build-wasm.sh [--no-web] [--shaping])" ;;
  esac
done


start="$(reel_now)"
reel_log "build engine.wasm (release, no features)"
cargo_wasm "$REEL_WASM_TARGET_DIR" ""
opt_out="$REEL_WASM_TARGET_DIR/engine.opt.wasm"
wasm_opt_size "$(out_of "$REEL_WASM_TARGET_DIR")" "$opt_out"
copy_if_changed "$opt_out" "$REEL_ENGINE_WASM"
python3 "$REEL_ROOT/tools/wasm_info.py" "$REEL_ENGINE_WASM" --no-imports

reel_log "build engine-speed.wasm (profile $REEL_WASM_SPEED_PROFILE: the JS fallback engine's source)"
cargo_wasm "$REEL_WASM_SPEED_TARGET_DIR" "" "$REEL_WASM_SPEED_PROFILE"
speed_out="$REEL_WASM_SPEED_TARGET_DIR/engine.opt.wasm"
wasm_opt_speed "$(out_of "$REEL_WASM_SPEED_TARGET_DIR" "$REEL_WASM_SPEED_PROFILE")" "$speed_out"
copy_if_changed "$speed_out" "$REEL_ENGINE_SPEED_WASM"
echo "$REEL_ENGINE_SPEED_WASM: raw $(wc -c <"$REEL_ENGINE_SPEED_WASM") bytes, gzip -9 $(gzip -9 -c "$REEL_ENGINE_SPEED_WASM" | wc -c) bytes"

if ((build_web)); then
  reel_log "build engine-web.wasm (feature web; compile check only)"
  cargo_wasm "$REEL_WASM_WEB_TARGET_DIR" "web"
  copy_if_changed "$(out_of "$REEL_WASM_WEB_TARGET_DIR")" "$REEL_ENGINE_WEB_WASM"
  echo "$REEL_ENGINE_WEB_WASM: $(wc -c <"$REEL_ENGINE_WEB_WASM") bytes"
fi
if ((build_shaping)); then
  reel_log "build engine-shaping.wasm (feature shaping; size report)"
  shaping_dir="$REEL_ROOT/target/wasm-shaping"
  cargo_wasm "$shaping_dir" "shaping"
  wasm_opt_size "$(out_of "$shaping_dir")" "$REEL_ROOT/target/engine-shaping.wasm"
  for f in "$REEL_ENGINE_WASM" "$REEL_ROOT/target/engine-shaping.wasm"; do
    echo "$f: raw $(wc -c <"$f") bytes, gzip -9 $(gzip -9 -c "$f" | wc -c) bytes"
  done
fi
echo "build-wasm: done in $(reel_elapsed "$start")s"
