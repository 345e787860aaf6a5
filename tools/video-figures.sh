#!/usr/bin/env bash
# tools/video-figures.sh — the native video plane's figures (issue 17) on the
# four reference devices: examples/apps/video.js (the test clip, looped,
# under a ring) run for 10 s of emulated time with `reel run`, then one table
# from each summary.json: time from play to first frame, clip frames
# presented vs expected, the plane's frame texture and the peak texture bytes
# (engine images/glyphs + video frames) against the device's budget. Every
# figure is emulated (the fuel / QuickJS-tick CPU models, the frame clock),
# so runs print the same table on any machine.
#   tools/video-figures.sh [SECONDS]   (default 10)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REEL_ROOT"
secs="${1:-10}"
reel="${REEL_BIN:-}"
if [[ -z "$reel" ]]; then
  cargo build --release -q -p reel-cli --bin reel
  reel="target/release/reel"
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for d in console stick-lowend tv-legacy tv-midrange; do
  fps=$(sed -n 's/^fps *= *\([0-9]*\).*/\1/p' "devices/$d.toml" | head -1)
  "$reel" run examples/apps/video.js --device "$d" --frames $((fps * secs)) --every 0 --out "$out/$d" >"$out/$d.log" 2>&1 \
    || { cat "$out/$d.log"; reel_die "reel run on $d failed"; }
done
python3 - "$out" "$secs" <<'PY'
import json, sys, os
out, secs = sys.argv[1], sys.argv[2]
print(f"video plane, examples/apps/video.js, {secs} s emulated (reel run)")
print(f"{'device':<14}{'fps':>4}{'ttff ms':>9}{'presented':>11}{'expected':>10}{'decoders':>10}{'frame KiB':>11}{'peak tex MiB':>14}{'budget MiB':>12}")
for d in sorted(x for x in os.listdir(out) if not x.endswith(".log")):
    s = json.load(open(os.path.join(out, d, "summary.json")))
    v = s["video"]
    print(f"{d:<14}{s['fps']:>4}{v['ttff_max_ms']:>9.3f}{v['frames_presented']:>11}{v['frames_expected']:>10}"
          f"{str(v['decoders_peak']) + '/' + str(v['max_decoders']):>10}{v['peak_texture_bytes'] / 1024:>11.2f}"
          f"{s['peak_texture_bytes'] / 1048576:>14.3f}{s['texture_budget_bytes'] / 1048576:>12.0f}")
PY
