#!/usr/bin/env bash
# tools/make-test-clip.sh — make the small test clip for video nodes (issue 17):
# tests/fixtures/video/clip.webm, 3 s of 160x90 VP8 at 25 fps, a few KB.
# Top half magenta (#e020c0), bottom half green (#20c040), a white 20x20
# box moving left to right: flat colours a browser test can check through
# the video hole after lossy coding. Needs Debian's ffmpeg (tools/setup.sh).
#   tools/make-test-clip.sh          write the clip
#   tools/make-test-clip.sh --check  remake it in a temp dir and compare sizes
#                                    (libvpx output is bit-exact per version)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v ffmpeg >/dev/null || reel_die "ffmpeg not found: run tools/setup.sh (apt-get install ffmpeg)"

out="$REEL_ROOT/tests/fixtures/video/clip.webm"
check=0
[[ "${1:-}" == "--check" ]] && check=1
dest="$out"
((check)) && dest="$(mktemp -d)/clip.webm"

ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "color=c=0xe020c0:s=160x90:r=25:d=3" \
  -vf "drawbox=x=0:y=45:w=160:h=45:color=0x20c040:t=fill,drawbox=x='mod(t*100,140)':y=35:w=20:h=20:color=white:t=fill" \
  -c:v libvpx -b:v 40k -deadline good -cpu-used 0 -threads 1 -g 25 -an \
  -fflags +bitexact -flags:v +bitexact -map_metadata -1 "$dest"

if ((check)); then
  a=$(wc -c <"$out"); b=$(wc -c <"$dest")
  [[ "$a" == "$b" ]] || reel_die "clip.webm differs from a fresh make ($a vs $b B): rerun tools/make-test-clip.sh"
  reel_log "clip.webm matches a fresh make ($a B)"
else
  reel_log "wrote $out ($(wc -c <"$out") B)"
fi
