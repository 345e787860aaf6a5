# shellcheck shell=bash
# tools/lib.sh — sourced by every tools/*.sh script. Not run on its own.
#
# Sets REEL_ROOT (the repo root), puts rustup's cargo first on PATH, and
# defines the wasm toolchain settings plus small logging/timing helpers.

REEL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REEL_ROOT

# rustup's cargo/rustc (host, tests, benches) must win over Debian's
# /usr/bin/cargo, which is only used for the wasm build below.
REEL_CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
if [[ -d "$REEL_CARGO_HOME/bin" ]]; then
  case ":$PATH:" in
    *":$REEL_CARGO_HOME/bin:"*) ;;
    *) PATH="$REEL_CARGO_HOME/bin:$PATH" ;;
  esac
  export PATH
fi

# --- wasm toolchain (Debian's rustc-web 1.96 + rust-web-src + lld-19) ------
# rustup's toolchain has no wasm32 std and cannot download one, so engine.wasm
# is built by Debian's rustc with -Zbuild-std, in its own target dir so the
# two compilers never share (and thrash) artifacts.
REEL_WASM_RUSTC=/usr/bin/rustc
REEL_WASM_CARGO=/usr/bin/cargo
REEL_WASM_LINKER=wasm-ld-19
REEL_WASM_TARGET=wasm32-unknown-unknown
REEL_WASM_PROFILE=wasm-release
REEL_WASM_TARGET_DIR="$REEL_ROOT/target/wasm"
# The `web` variant gets a target dir of its own: a cdylib's output has no
# hash in its name, so toggling features in one dir rebuilds the engine on
# every run (costs one extra std build on a fresh machine, ~1.5 min).
REEL_WASM_WEB_TARGET_DIR="$REEL_ROOT/target/wasm-web"
REEL_ENGINE_WASM="$REEL_ROOT/target/engine.wasm"
# The same engine built for speed (opt-level 3, std's fast variants,
# binaryen -O3): 17% larger gzipped, ~26% less work per frame. Not shipped as
# Wasm (the 120 KB budget); it is what wasm2js turns into the JS fallback
# engine (target/engine-wasm2js.mjs), where speed decides whether devices
# without Wasm pass (issue 15).
REEL_WASM_SPEED_PROFILE=wasm-speed
REEL_WASM_SPEED_TARGET_DIR="$REEL_ROOT/target/wasm-speed"
REEL_ENGINE_SPEED_WASM="$REEL_ROOT/target/engine-speed.wasm"
REEL_ENGINE_WEB_WASM="$REEL_ROOT/target/engine-web.wasm"
# Shadow stack of every engine.wasm variant, in bytes (see cargo_wasm).
REEL_WASM_STACK=$((256 * 1024))

# Size budget for the release engine.wasm, in bytes (KB = 1024 bytes).
REEL_WASM_MAX_RAW=$((400 * 1024))
# gzip budget: 120 KB, as issue 2 set for the engine core and issue 14
# restored it. At issue-2 scope (protocol, scene, layout, display list)
# engine.wasm was 133 KB raw / 55 KB gzip. Text (issue 5: ttf-parser,
# unicode-bidi and unicode-linebreak with their tables, the text module)
# took it to 153.5 KB (157,174 B).
# Cut back without losing speed: panic=immediate-abort + optimize_for_size
# (-20 KB), Fx hashing instead of SipHash/RandomState (-6 KB), no float
# formatting in error messages, binaryen -Oz (-2.3 KB), talc for dlmalloc
# (-1.6 KB) -> 125.8 KB gzip; the gate sat at 130 KB while features grew it
# to 129.9 KB (133,037 B).
# Issue 14 (same features, catalog certify fuel unchanged or lower):
# ttf-parser vendored (engine/vendor/ttf-parser/REEL-PATCHES.md) with a small
# CFF real-number parser instead of str::parse::<f64> (core's dec2flt and its
# 10 KB table: -13.7 KB), bidi classes from a compact run table generated
# from unicode-bidi (text/bidi_class.rs: -4.2 KB), binaryen --converge
# (-0.36 KB), tables ab_glyph never reads left unparsed (-1.2 KB), the CFF
# outline builder not inlined per operator (-1 KB) -> 109.9 KB gzip
# (112,500 B) / 255.6 KB raw (261,692 B).
# Not taken: opt-level "z" (-4.7 KB, +30% frame time and +65% startup in
# `reel certify`), "z" for dependencies only (-0.1 KB, +1.1% fuel),
# binaryen --flatten --rereloop (-0.1 KB, +0.16% fuel), glyf's builder not
# inlined (-0.3 KB, +0.004% fuel; taken later, below). unicode-linebreak's trie (3.9 KB gzip) is
# already smaller than a run table would be.
# Issue 16 (the gradient property) took it to 123,540 B, over the gate; back
# under with sincosf for sinf + cosf (gradient geometry, spring easing:
# -477 B) and binaryen --low-memory-unused (-1,092 B, fuel -0.6%; see
# wasm_opt_size) -> 121,971 B gzip / 281,974 B raw.
# Headroom for culling (same output, catalog fuel -0.6%): sincosf without
# libm's Payne-Hanek reduction (reel_wire::trig: -1,355 B) and libm's Wasm
# float instructions (`unstable-intrinsics`, engine/Cargo.toml: -585 B)
# -> 120,350 B gzip / 280,325 B raw (from 122,290 / 283,940).
# Room for the next feature (same exports, fuel lower on every bench line):
# the cdylib built on its own, not with the rlib (cargo_wasm) -> 117,728 B
# gzip / 277,713 B raw (from 122,014 / 283,596).
# Room for two engine fixes (same output; frame fuel unchanged but the idle
# frame after a text change, glyph warm-up: +0.18%): cold hash lookups and
# pushes not inlined at each call site (Resources' texture lookups outside
# the per-frame paths, the snapshot's property pushes, one string writer for
# commands and events) and glyf's builder not inlined (vendored ttf-parser)
# -> 122,170 B gzip / 280,743 B raw (from 122,868 / 287,674).
REEL_WASM_MAX_GZIP=$((120 * 1024))

# npm tools installed by tools/setup.sh (NPM_TOOLS) put their binaries here.
if [[ -d "$REEL_ROOT/target/npm-tools/node_modules/.bin" ]]; then
  PATH="$REEL_ROOT/target/npm-tools/node_modules/.bin:$PATH"
  export PATH
fi

reel_log()  { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
reel_warn() { printf 'warning: %s\n' "$*" >&2; }
reel_die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

# reel_now: seconds since the epoch with fractions (for step timings).
reel_now() { date +%s.%N; }
# reel_elapsed START: seconds since START, one decimal.
reel_elapsed() { awk -v s="$1" -v e="$(reel_now)" 'BEGIN { printf "%.1f", e - s }'; }

# The wasm32 engine build, shared by build-wasm.sh and build-wasm-debug.sh.
# cargo_wasm TARGET_DIR FEATURES [PROFILE]: build reel-engine for wasm32 into
# TARGET_DIR; FEATURES may be empty; PROFILE defaults to $REEL_WASM_PROFILE
# (size). The speed profile ($REEL_WASM_SPEED_PROFILE) also keeps std's fast
# algorithm variants.
cargo_wasm() {
  local target_dir="$1" features=() profile="${3:-$REEL_WASM_PROFILE}" std_features=()
  [[ -n "$2" ]] && features=(--features "$2")
  [[ "$profile" == "$REEL_WASM_SPEED_PROFILE" ]] || std_features=(-Zbuild-std-features=optimize_for_size)
  (
    cd "$REEL_ROOT"
    # Native RUSTFLAGS (e.g. target-cpu=native) must not leak into the wasm build.
    unset RUSTFLAGS
    # Size (issue 2's budget): `panic=immediate-abort` drops every panic
    # message and core::fmt path behind it (~20 KB gzip; a panic was already
    # an abort, the host sees the same `unreachable` trap), and std's
    # `optimize_for_size` picks its small algorithm variants (sort, etc.).
    # `rustc --crate-type cdylib`, not `build`: engine/Cargo.toml also asks
    # for an rlib (native hosts link it), and compiled as rlib + cdylib at
    # once every public item keeps external linkage through LTO, so LLVM can
    # neither drop nor freely inline it: the cdylib alone is 4.2 KB smaller
    # gzipped (122,014 -> 117,728 B) with the same exports, and does less work
    # per frame. Nothing reads the wasm32 rlib.
    # The shadow stack (address-taken locals; wasm-ld's default 1 MiB) is
    # 256 KiB: linear memory never shrinks and the stack sits at its bottom,
    # so this is 768 KiB off every instance's footprint (issue 14). The
    # deepest tree a batch may build (64 nested flex containers, bidi text)
    # uses 55 KiB in engine.wasm, 43 KiB in engine-speed.wasm, 93 KiB in
    # engine-debug.wasm; the catalog 8 KiB. js-shim/test/stack.test.js
    # fails when that tree needs more than a quarter of the stack.
    CARGO_ENCODED_RUSTFLAGS="-Zunstable-options"$'\x1f'"-Cpanic=immediate-abort"$'\x1f'"-Clink-arg=-zstack-size=$REEL_WASM_STACK" \
    RUSTC="$REEL_WASM_RUSTC" \
    RUSTC_BOOTSTRAP=1 \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$REEL_WASM_LINKER" \
      "$REEL_WASM_CARGO" rustc -p reel-engine --lib --crate-type cdylib \
        --target "$REEL_WASM_TARGET" \
        -Zbuild-std=std,panic_abort \
        "${std_features[@]}" \
        --profile "$profile" \
        --target-dir "$target_dir" \
        --no-default-features "${features[@]}"
  )
}

# wasm_opt_size IN OUT: binaryen's size pass (-Oz) over a built module.
# npm `binaryen` (pinned in js-shim/package.json, installed by setup's
# `npm ci`): Debian's binaryen 108 rejects rustc 1.96's wasm features. On the
# release engine it saves ~2.3 KB gzip / 31 KB raw and leaves the work per
# frame as it was (same fuel in `reel certify`). `--converge` reruns the
# passes until the module stops shrinking (-357 B gzip, +3 s, fuel -0.001%);
# `--flatten --rereloop` would save 90 B more but costs +0.16% fuel.
# `--low-memory-unused` lets binaryen fold `x + C` (C < 1024) into a load's or
# store's offset (-1.1 KB gzip, fuel -0.6%). The two differ only when x + C
# wraps past 4 GiB, i.e. lands in the low 1 KB: there wasm-ld's stack-first
# layout puts the bottom of the 256 KiB stack, which only an overflowed stack
# reaches (the folded access then traps, as the overflow itself does).
REEL_WASM_OPT="$REEL_ROOT/js-shim/node_modules/.bin/wasm-opt"
wasm_opt_size() {
  [[ -x "$REEL_WASM_OPT" ]] || reel_die "$REEL_WASM_OPT missing: run tools/setup.sh (npm ci in js-shim)"
  # The feature list rustc enables for wasm32 (as in js-shim/tools/build-wasm2js.mjs).
  "$REEL_WASM_OPT" -Oz --converge --low-memory-unused --enable-bulk-memory --enable-sign-ext \
    --enable-nontrapping-float-to-int --enable-mutable-globals \
    --enable-multivalue --enable-reference-types "$1" -o "$2"
}

# wasm_opt_speed IN OUT: binaryen's speed pass (-O3), for engine-speed.wasm.
wasm_opt_speed() {
  [[ -x "$REEL_WASM_OPT" ]] || reel_die "$REEL_WASM_OPT missing: run tools/setup.sh (npm ci in js-shim)"
  "$REEL_WASM_OPT" -O3 --enable-bulk-memory --enable-sign-ext \
    --enable-nontrapping-float-to-int --enable-mutable-globals \
    --enable-multivalue --enable-reference-types "$1" -o "$2"
}

# Where cargo puts the module inside a target dir (OUT_OF DIR [PROFILE]).
out_of() { echo "$1/$REEL_WASM_TARGET/${2:-$REEL_WASM_PROFILE}/reel_engine.wasm"; }
# copy_if_changed SRC DST: keeps DST's mtime when the bytes are the same, so
# nothing that watches target/engine.wasm rebuilds for nothing.
copy_if_changed() { cmp -s "$1" "$2" || cp "$1" "$2"; }
