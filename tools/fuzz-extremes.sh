#!/usr/bin/env bash
# tools/fuzz-extremes.sh — the long fuzz run of legal scenes with extreme
# values (not part of CI; tests/src/bin/fuzz-extremes.rs says what it checks).
#
#   tools/fuzz-extremes.sh                    200 cases from seed 1, native + engine.wasm
#   tools/fuzz-extremes.sh --minutes 30       as many cases as fit in 30 minutes
#   tools/fuzz-extremes.sh --seed 77 --cases 1 --verbose   replay one failing case
#
# Exit status 0 when no case failed, 1 when one did, 2 on a usage error.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REEL_ROOT"

bash tools/setup.sh
bash tools/build-wasm.sh --no-web
export REEL_ENGINE_WASM
exec cargo run --release -q -p reel-tests --bin fuzz-extremes -- "$@"
