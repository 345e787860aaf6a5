#!/usr/bin/env bash
# tools/bench-all.sh — every benchmark in one go:
#
#   1. records the catalog sample's batches (`reel run --record`) for the
#      hot_paths catalog-layout bench (target/catalog.reelrec);
#   2. runs every criterion bench of crate reel-benches (engine, animation,
#      hot_paths, and any other benches/benches/*.rs), native vs engine.wasm
#      under wasmtime in the same run, and the overlay bench (feature
#      `overlay`: engine time per frame with the debug overlay off vs on);
#   3. prints ONE table of every group found under target/criterion
#      (<group>/<function>/new/estimates.json, median): native, wasm and the
#      wasm/native ratio (functions other than native/wasm, e.g. wasm_reinit
#      or catalog, get rows of their own);
#   4. runs the browser benchmark vs the Lightning 3 renderer
#      (js-shim/bench/lightning/lightning-bench.mjs: CDP 6x and an
#      every-thread cgroup slowdown), unless --no-browser, and adds its
#      figures to the history $REEL_BENCH_HISTORY (default
#      target/bench-history.jsonl; keep it between CI builds) with
#      `reel certify history`, whose alarm flags a sustained regression
#      (not a one-off slow run) of any figure.
#
#   tools/bench-all.sh [--no-browser] [--table-only] [criterion FILTER...]
#
# --table-only re-prints the table from the existing criterion output.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REEL_ROOT"

browser=1
table_only=0
args=()
for a in "$@"; do
  case "$a" in
    --no-browser) browser=0 ;;
    --table-only) table_only=1 ;;
    *) args+=("$a") ;;
  esac
done

if ((!table_only)); then
  bash tools/build-wasm.sh --no-web
  export REEL_ENGINE_WASM
  export REEL_BENCH_REPORT="$REEL_ROOT/target/reel-bench.json"
  export REEL_CATALOG_REC="$REEL_ROOT/target/catalog.reelrec"
  reel_log "recording the catalog's batches -> $REEL_CATALOG_REC"
  cargo build --release -p reel-cli
  target/release/reel run examples/catalog/main.js --device tv-midrange --frames 3 --no-png --quiet \
    --record "$REEL_CATALOG_REC" >/dev/null \
    || echo "bench-all: recording the catalog failed; hot_paths uses its generated catalog scene" >&2
  reel_log "cargo bench -p reel-benches --bench '*'"
  cargo bench -p reel-benches --bench '*' -- "${args[@]+"${args[@]}"}"
  # The debug overlay's cost (closed vs open): needs the engine's `overlay` feature.
  reel_log "cargo bench -p reel-benches --features overlay --bench overlay"
  cargo bench -p reel-benches --features overlay --bench overlay -- "${args[@]+"${args[@]}"}"
fi

echo
python3 - "$REEL_ROOT/target/criterion" "$REEL_ENGINE_WASM" <<'PY'
import gzip, json, os, sys

crit, wasm = sys.argv[1], sys.argv[2]

def est(group_dir, fn):
    p = os.path.join(group_dir, fn, "new", "estimates.json")
    try:
        with open(p) as f:
            return json.load(f)["median"]["point_estimate"]
    except (FileNotFoundError, KeyError, ValueError):
        return None

def fmt(ns):
    if ns is None:
        return "-"
    for unit, div in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= div:
            return f"{ns / div:.3g} {unit}"
    return f"{ns:.3g} ns"

rows = [("group / function (median)", "native", "wasm", "wasm/native")]
groups = sorted(d for d in os.listdir(crit) if os.path.isdir(os.path.join(crit, d)) and d != "report") if os.path.isdir(crit) else []
ratios = []
for g in groups:
    gd = os.path.join(crit, g)
    fns = sorted(f for f in os.listdir(gd) if os.path.isdir(os.path.join(gd, f, "new")))
    if not fns:
        continue
    n = est(gd, "native")
    w = est(gd, "wasm")
    if n is not None or w is not None:
        r = f"{w / n:.2f}x" if n and w else ("native only" if w is None else "-")
        if n and w:
            ratios.append(w / n)
        rows.append((g, fmt(n), fmt(w), r))
    for f in fns:
        if f in ("native", "wasm"):
            continue
        v = est(gd, f)
        if f.startswith("wasm"):
            rows.append((f"  {g} / {f}", "-", fmt(v), f"{v / n:.2f}x" if n and v else "-"))
        else:
            rows.append((f"  {g} / {f}", fmt(v), "-", "native only"))
if ratios:
    import math
    geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
    rows.append((f"geometric mean over {len(ratios)} native/wasm pairs", "", "", f"{geo:.2f}x"))
if os.path.exists(wasm):
    data = open(wasm, "rb").read()
    rows.append(("engine.wasm size raw / gzip -9", "", f"{len(data)/1024:.1f} KiB / {len(gzip.compress(data, 9, mtime=0))/1024:.1f} KiB", ""))
w = [max(len(r[i]) for r in rows) for i in range(4)]
for i, r in enumerate(rows):
    print("| " + " | ".join(c.ljust(w[j]) for j, c in enumerate(r)) + " |")
    if i == 0:
        print("|" + "|".join("-" * (x + 2) for x in w) + "|")
if len(rows) == 1:
    print("bench-all: no criterion output under " + crit, file=sys.stderr)
    sys.exit(1)
PY

if ((browser && !table_only)); then
  echo
  reel_log "browser benchmark: Reel vs Lightning 3 (headless Chromium)"
  if [[ ! -d js-shim/bench/lightning/node_modules/@lightningjs/renderer ]]; then
    (cd js-shim/bench/lightning && npm install --no-audit --no-fund)
  fi
  (cd js-shim/bench/lightning && node lightning-bench.mjs)
  history="${REEL_BENCH_HISTORY:-$REEL_ROOT/target/bench-history.jsonl}"
  label="$(git rev-parse --short HEAD 2>/dev/null || echo local)-$(date -u +%Y%m%dT%H%M%SZ)"
  reel_log "benchmark history: $history (run $label)"
  # Exit 3 = an alarm: reported, not fatal to the benchmark run itself.
  target/release/reel certify history "$history" --add target/lightning-bench.json --run "$label" \
    --better-up .fps || [[ $? == 3 ]]
fi
