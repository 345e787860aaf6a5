#!/usr/bin/env bash
# tools/test.sh — THE test command: everything CI checks, from a fresh machine.
#
#   1. tools/setup.sh          install what is missing (fast no-op when present)
#   2. tools/build-wasm.sh     target/engine.wasm (+ engine-web.wasm compile check),
#                              then target/engine-wasm2js.mjs (the host's no-Wasm engine)
#   3. tools/wasm-size.sh      engine.wasm within its size budget
#      engine-debug.wasm       tools/build-wasm-debug.sh (the overlay's debug module:
#                              the native host's overlay tests in cargo test, the JS
#                              and browser overlay tests)
#   4. cargo test --workspace  engine unit tests, host tests, conformance suite
#                              (host and conformance tests load target/engine.wasm;
#                              host/cli/tests/overlay.rs target/engine-debug.wasm)
#   5. bench smoke             each criterion benchmark run once (test mode), so
#                              benches can't rot; no timing; the overlay bench
#                              (feature-gated) in test mode
#   6. js-shim                 node tests of the JS shim: `npm test` in js-shim/
#                              (skipped while it has no "test" script; killed
#                              after REEL_JS_TEST_TIMEOUT seconds, default 600)
#   7. browser                 the headless-Chromium
#                              suites (tests/browser: painters, Worker, no-Wasm
#                              path, context loss, catalog keys, reel-run parity,
#                              the debug overlay over the catalog)
#                              and the catalog in Node
#   7b. starter                tests/starter: create-reel's templates scaffolded,
#                              installed, built, driven in Chromium, HMR, reel certify
#   8. clippy                  only with --clippy (or REEL_CLIPPY=1)
#
# Setup and the wasm build stop the run when they fail (nothing after them
# can pass); later steps all run and the summary lists each one. Exits non-zero
# when any step failed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

clippy="${REEL_CLIPPY:-0}"
for arg in "$@"; do
  case "$arg" in
    --clippy) clippy=1 ;;
    *) reel_die "unknown option: $arg (usage: tools/test.sh [--clippy])" ;;
  esac
done

cd "$REEL_ROOT"
export REEL_ENGINE_WASM   # hosts/tests may use it to find engine.wasm

summary=()
failed=0
# disk_note: free space on the checkout's disk and the size of target/, so a
# run that fills the disk (a CI run died of ENOSPC once) says where it went.
disk_note() {
  local free used
  free="$(df -Ph . 2>/dev/null | awk 'NR==2 {print $4}')"
  used="$(du -sh target 2>/dev/null | cut -f1)"
  echo "disk free ${free:-?}, target/ ${used:-0}"
}
# Incremental compilation caches are for edit-compile loops; in a one-shot
# run they only take disk (gigabytes across the test binaries).
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
reel_log "start: $(disk_note)"
# step NAME FATAL CMD...: run CMD, record its time and result.
step() {
  local name="$1" fatal="$2" start rc=0
  shift 2
  reel_log "$name"
  start="$(reel_now)"
  "$@" || rc=$?
  local secs
  secs="$(reel_elapsed "$start")"
  local disk
  disk="$(disk_note)"
  if ((rc == 0)); then
    summary+=("$(printf '  ok      %7ss  %s  [%s]' "$secs" "$name" "$disk")")
  else
    summary+=("$(printf '  FAILED  %7ss  %s (exit %d)  [%s]' "$secs" "$name" "$rc" "$disk")")
    failed=1
    if [[ "$fatal" == fatal ]]; then
      print_summary
      exit "$rc"
    fi
  fi
}

skipped() {
  summary+=("$(printf '  skip    %7s   %s: %s' "-" "$1" "$2")")
}

print_summary() {
  echo
  echo "tools/test.sh summary:"
  printf '%s\n' "${summary[@]}"
}

# A hung node test (e.g. a worker thread that keeps the process alive after a
# test timed out) must not hang CI: the whole step gets a deadline.
JS_TEST_TIMEOUT="${REEL_JS_TEST_TIMEOUT:-600}"
js_shim_tests() {
  # Node's own test runner via the package's "test" script.
  (cd js-shim && timeout --kill-after=10 "$JS_TEST_TIMEOUT" npm test)
}

total_start="$(reel_now)"
step "setup"                     fatal  bash tools/setup.sh
step "build engine.wasm"         fatal  bash tools/build-wasm.sh
# Before cargo test: the host's JS fallback engine (devices with wasm = false) is this file.
step "build engine-wasm2js.mjs"  go_on  node js-shim/tools/build-wasm2js.mjs
step "engine.wasm size budget"   go_on  bash tools/wasm-size.sh
# The debug module (egui overlay, ~1-2 min cold) before cargo test: the
# native host's overlay tests (host/cli/tests/overlay.rs) run it, as do
# js-shim's overlay tests and tests/browser/overlay.test.mjs below.
step "build engine-debug.wasm"   go_on  bash tools/build-wasm-debug.sh
step "cargo test --workspace"    go_on  cargo test --workspace --no-fail-fast
# --workspace (not -p reel-benches): the same feature unification as the
# step above, so nothing is compiled twice.
step "overlay tests (feature)"  go_on  cargo test -p reel-engine --features overlay,raster --test overlay
step "overlay bench smoke"       go_on  cargo test -p reel-benches --features overlay --bench overlay
step "bench smoke (test mode)"   go_on  cargo test --workspace --benches

if [[ -f js-shim/package.json ]] &&
   node -e 'process.exit(require("./js-shim/package.json").scripts?.test ? 0 : 1)' 2>/dev/null; then
  step "js-shim node tests"      go_on  js_shim_tests
else
  skipped "js-shim node tests" "js-shim/package.json has no \"test\" script yet"
fi

browser_tests() {
  cargo build -p reel-cli &&
    timeout --kill-after=10 "$JS_TEST_TIMEOUT" node --test --test-concurrency=1 tests/browser/ &&
    timeout --kill-after=10 "$JS_TEST_TIMEOUT" node --test examples/catalog/test.mjs
}
step "browser + catalog tests"   go_on  browser_tests

# The starter as a new user meets it (tests/starter): npm pack of js-shim, each
# create-reel template scaffolded outside the repo, npm install (npm cache),
# vite build, Chromium (keys, route, goldens), HMR on the dev server, and the
# build under `reel certify` on every device profile (target/debug/reel,
# built by the step above). Needs the npm registry or a warm npm cache.
# Its own deadline: on a fresh machine npm installs three apps' dependencies
# from the registry (a warm cache takes ~3.5 min in all).
STARTER_TEST_TIMEOUT="${REEL_STARTER_TEST_TIMEOUT:-1200}"
starter_tests() {
  timeout --kill-after=10 "$STARTER_TEST_TIMEOUT" node --test --test-concurrency=1 tests/starter/
}
step "starter (create-reel) tests" go_on starter_tests

if [[ "$clippy" == 1 ]]; then
  step "cargo clippy"            go_on  cargo clippy --workspace --all-targets
else
  skipped "cargo clippy" "opt-in: tools/test.sh --clippy"
fi

print_summary
echo "  total   $(reel_elapsed "$total_start")s"
if ((failed)); then
  echo "tools/test.sh: FAILED" >&2
  exit 1
fi
echo "tools/test.sh: all steps ok"
