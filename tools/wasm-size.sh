#!/usr/bin/env bash
# tools/wasm-size.sh [FILE] — raw and gzip -9 size of engine.wasm vs budget.
#
# Prints one table line and exits 1 when FILE (default target/engine.wasm,
# built by tools/build-wasm.sh) is over budget: <= 400 KB raw, <= 120 KB
# gzip -9 (KB = 1024 bytes; the budget's history: tools/lib.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

file="${1:-$REEL_ENGINE_WASM}"
[[ -f "$file" ]] || reel_die "$file not found (run tools/build-wasm.sh first)"

raw=$(wc -c <"$file")
gz=$(gzip -9 -c <"$file" | wc -c)
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
kbb() { printf "%s = %d B" "$(kb "$1")" "$1"; }

over=()
((raw <= REEL_WASM_MAX_RAW)) || over+=(raw)
((gz <= REEL_WASM_MAX_GZIP)) || over+=(gzip)
status=ok
((${#over[@]} == 0)) || status="OVER BUDGET (${over[*]})"

printf '%s | raw %s (budget %s) | gzip -9 %s (budget %s) | %s\n' \
  "$(basename "$file")" "$(kbb "$raw")" "$(kb "$REEL_WASM_MAX_RAW")" \
  "$(kbb "$gz")" "$(kb "$REEL_WASM_MAX_GZIP")" "$status"
((${#over[@]} == 0))
