#!/usr/bin/env python3
"""bench_table.py — print the native vs engine.wasm table from criterion's output.

    python3 tools/bench_table.py CRITERION_DIR [REPORT_JSON] [ENGINE_WASM]

Reads CRITERION_DIR/<group>/{native,wasm}/new/estimates.json (written by
`cargo bench -p reel-benches`), the extra figures the bench wrote to
REPORT_JSON (peak wasm memory), and measures ENGINE_WASM's raw/gzip size.
"""
import gzip
import json
import os
import sys

# (criterion group, label[, wasm function]) in print order; must match
# benches/benches/*.rs. The wasm side is the function "wasm" unless named.
GROUPS = [
    ("submit_create_1k", "decode+apply 1k-node create batch (fresh engine)"),
    ("submit_create_1k", "  same, wasm instance reset (memory already grown)", "wasm_reinit"),
    ("frame_1k_changed", "frame, 1k nodes, one flex x moved (layout + display list)"),
    ("frame_1k_unchanged", "frame, 1k nodes, nothing changed"),
    ("text_layout_1k_labels", "text of 1k labels replaced, laid out, frame"),
    # benches/benches/animation.rs
    ("frame_1k_animating", "frame, 1k nodes animating (paint-only)"),
]


# benches/benches/wasm_cost.rs: why wasm is slower, one mechanism at a time.
COST_GROUPS = [
    ("cost_submit_create_1k", "decode+apply 1k-node create batch"),
    ("cost_frame_1k_changed", "frame, 1k nodes, one flex x moved"),
    ("cost_frame_1k_unchanged", "frame, 1k nodes, nothing changed"),
]
COST_FNS = [
    ("wasm", "host (fuel + bounds checks)"),
    ("wasm_nofuel", "no fuel"),
    ("wasm_nobounds", "no bounds checks"),
    ("wasm_neither", "neither"),
    ("wasm_speed", "opt-level 3 build"),
    ("wasm_speed_neither", "opt 3, neither"),
    ("wasm_nocopy", "host, no list copy"),
]


def cost_table(crit):
    """The wasm cost breakdown: each variant's median / native's."""
    rows = [("wasm/native (median)",) + tuple(label for _, label in COST_FNS)]
    found = False
    for group, label in COST_GROUPS:
        n = estimate(crit, group, "native")
        row = [label]
        for fn, _ in COST_FNS:
            w = estimate(crit, group, fn)
            row.append(f"{w[0] / n[0]:.2f}x" if n and w else "-")
            found |= bool(n and w)
        rows.append(tuple(row))
    if not found:
        return
    print()
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for i, r in enumerate(rows):
        print("| " + " | ".join(c.ljust(widths[j]) for j, c in enumerate(r)) + " |")
        if i == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def estimate(crit, group, fn):
    path = os.path.join(crit, group, fn, "new", "estimates.json")
    try:
        with open(path) as f:
            e = json.load(f)
    except FileNotFoundError:
        return None
    return e["median"]["point_estimate"], e["mean"]["point_estimate"]


def fmt_ns(ns):
    if ns is None:
        return "-"
    for unit, div in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= div:
            return f"{ns / div:.3g} {unit}"
    return f"{ns:.3g} ns"


def kb(n):
    return f"{n / 1024:.1f} KB"


def main(argv):
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    crit = argv[0]
    report = argv[1] if len(argv) > 1 else None
    wasm = argv[2] if len(argv) > 2 else None

    rows = [("benchmark (median)", "native", "engine.wasm", "wasm/native")]
    missing = 0
    for group, label, *wasm_fn in GROUPS:
        n = estimate(crit, group, "native")
        w = estimate(crit, group, wasm_fn[0] if wasm_fn else "wasm")
        if n is None or w is None:
            missing += 1
        nm = n[0] if n else None
        wm = w[0] if w else None
        ratio = f"{wm / nm:.2f}x" if nm and wm else "-"
        rows.append((label, fmt_ns(nm), fmt_ns(wm), ratio))

    extra = {}
    if report and os.path.exists(report):
        with open(report) as f:
            extra = json.load(f)
    if "wasm_peak_memory_bytes_1k" in extra:
        b = extra["wasm_peak_memory_bytes_1k"]
        rows.append(("engine.wasm peak linear memory, 1k-node scene",
                     "-", f"{kb(b)} ({b} B)", "-"))
    if "wasm_fuel_frame_changed" in extra:
        rows.append(("engine.wasm fuel per frame, changed / unchanged", "-",
                     f"{extra['wasm_fuel_frame_changed']} / {extra['wasm_fuel_frame_unchanged']}", "-"))
    if wasm and os.path.exists(wasm):
        with open(wasm, "rb") as f:
            data = f.read()
        gz = len(gzip.compress(data, compresslevel=9, mtime=0))
        rows.append(("engine.wasm size raw / gzip -9", "-", f"{kb(len(data))} / {kb(gz)}", "-"))

    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for i, r in enumerate(rows):
        print("| " + " | ".join(c.ljust(widths[j]) for j, c in enumerate(r)) + " |")
        if i == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    cost_table(crit)
    if missing:
        print(f"warning: {missing} benchmark group(s) have no criterion estimates", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
