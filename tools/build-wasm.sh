#!/usr/bin/env bash
# tools/build-wasm.sh — build the production engine.wasm.
#
#   target/engine.wasm      release engine: no `raster`, no `web` features,
#                           profile wasm-release; must import nothing
#   target/engine-web.wasm  the `web` feature (wasm-bindgen) variant, built
#                           only to prove it compiles; no wasm-bindgen-cli step
#
# Uses Debian's rustc-web (1.96) with -Zbuild-std, because rustup's toolchain
# here has no wasm32 std. Run tools/setup.sh first (tools/test.sh does).
# Options: --no-web  skip the web variant.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build_web=1
for arg in "$@"; do
  case "$arg" in
    --no-web) build_web=0 ;;
    *) reel_die "unknown option: $arg (usage: tools/build-wasm.sh [--no-web])" ;;
  esac
done

# cargo_wasm TARGET_DIR FEATURES: build reel-engine for wasm32 into
# TARGET_DIR; FEATURES may be empty.
cargo_wasm() {
  local target_dir="$1" features=()
  [[ -n "$2" ]] && features=(--features "$2")
  (
    cd "$REEL_ROOT"
    # Native RUSTFLAGS (e.g. target-cpu=native) must not leak into the wasm build.
    unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS
    RUSTC="$REEL_WASM_RUSTC" \
    RUSTC_BOOTSTRAP=1 \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$REEL_WASM_LINKER" \
      "$REEL_WASM_CARGO" build -p reel-engine --lib \
        --target "$REEL_WASM_TARGET" \
        -Zbuild-std=std,panic_abort \
        --profile "$REEL_WASM_PROFILE" \
        --target-dir "$target_dir" \
        --no-default-features "${features[@]}"
  )
}

# Where cargo puts the module inside a target dir.
out_of() { echo "$1/$REEL_WASM_TARGET/$REEL_WASM_PROFILE/reel_engine.wasm"; }
# copy_if_changed SRC DST: keeps DST's mtime when the bytes are the same, so
# nothing that watches target/engine.wasm rebuilds for nothing.
copy_if_changed() { cmp -s "$1" "$2" || cp "$1" "$2"; }

start="$(reel_now)"
reel_log "build engine.wasm (release, no features)"
cargo_wasm "$REEL_WASM_TARGET_DIR" ""
copy_if_changed "$(out_of "$REEL_WASM_TARGET_DIR")" "$REEL_ENGINE_WASM"
python3 "$REEL_ROOT/tools/wasm_info.py" "$REEL_ENGINE_WASM" --no-imports

if ((build_web)); then
  reel_log "build engine-web.wasm (feature web; compile check only)"
  cargo_wasm "$REEL_WASM_WEB_TARGET_DIR" "web"
  copy_if_changed "$(out_of "$REEL_WASM_WEB_TARGET_DIR")" "$REEL_ENGINE_WEB_WASM"
  echo "$REEL_ENGINE_WEB_WASM: $(wc -c <"$REEL_ENGINE_WEB_WASM") bytes"
fi
echo "build-wasm: done in $(reel_elapsed "$start")s"
