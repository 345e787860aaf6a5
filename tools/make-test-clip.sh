#!/usr/bin/env bash
# tools/make-test-clip.sh — make the small test clip for video nodes (issue 17):
# tests/fixtures/video/clip.webm, 3 s of 160x90 VP8 at 25 fps, a few KB (the
# browser's <video>), and the same clip as an animated WebP (75 lossy frames,
# ~18 KB): tests/fixtures/video/clip.webp, copied to examples/apps/assets/,
# examples/clips/assets/ and examples/catalog/assets/trailer.webp — what the
# native host's video plane decodes (image-webp reads it; no crate the host
# could keep decodes VP8-in-WebM); and its first frame as a PNG poster,
# tests/fixtures/video/clip-poster.png (copied to examples/clips/assets/).
# Top half magenta (#e020c0), bottom half green (#20c040), a white 20x20
# box moving left to right: flat colours a browser test can check through
# the video hole after lossy coding. Needs Debian's ffmpeg (tools/setup.sh).
#   tools/make-test-clip.sh          write the clip
#   tools/make-test-clip.sh --check  remake them in a temp dir and compare (the
#                                    WebM by size: libvpx output is bit-exact per
#                                    version; the WebP byte for byte)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v ffmpeg >/dev/null || reel_die "ffmpeg not found: run tools/setup.sh (apt-get install ffmpeg)"

out="$REEL_ROOT/tests/fixtures/video/clip.webm"
out_webp="$REEL_ROOT/tests/fixtures/video/clip.webp"
copies_webp=("$REEL_ROOT/examples/apps/assets/clip.webp" "$REEL_ROOT/examples/clips/assets/clip.webp" "$REEL_ROOT/examples/catalog/assets/trailer.webp")
out_poster="$REEL_ROOT/tests/fixtures/video/clip-poster.png"
copy_poster="$REEL_ROOT/examples/clips/assets/clip-poster.png"
check=0
[[ "${1:-}" == "--check" ]] && check=1
dest="$out"
dest_webp="$out_webp"
dest_poster="$out_poster"
if ((check)); then tmp="$(mktemp -d)"; dest="$tmp/clip.webm"; dest_webp="$tmp/clip.webp"; dest_poster="$tmp/clip-poster.png"; fi

src=(-f lavfi -i "color=c=0xe020c0:s=160x90:r=25:d=3"
  -vf "drawbox=x=0:y=45:w=160:h=45:color=0x20c040:t=fill,drawbox=x='mod(t*100,140)':y=35:w=20:h=20:color=white:t=fill")
ffmpeg -hide_banner -loglevel error -y "${src[@]}" \
  -c:v libvpx -b:v 40k -deadline good -cpu-used 0 -threads 1 -g 25 -an \
  -fflags +bitexact -flags:v +bitexact -map_metadata -1 "$dest"
# Animated WebP: every frame a lossy key frame (ffmpeg's libwebp_anim drops
# frames of this lavfi source; libwebp with -loop 0 writes all 75, 40 ms each).
ffmpeg -hide_banner -loglevel error -y "${src[@]}" \
  -c:v libwebp -lossless 0 -quality 25 -compression_level 6 -preset none -loop 0 -an -threads 1 \
  -fflags +bitexact -flags:v +bitexact -map_metadata -1 "$dest_webp"
# The poster: the first frame, PNG.
ffmpeg -hide_banner -loglevel error -y "${src[@]}" -frames:v 1 \
  -fflags +bitexact -flags:v +bitexact -map_metadata -1 "$dest_poster"

if ((check)); then
  a=$(wc -c <"$out"); b=$(wc -c <"$dest")
  [[ "$a" == "$b" ]] || reel_die "clip.webm differs from a fresh make ($a vs $b B): rerun tools/make-test-clip.sh"
  reel_log "clip.webm matches a fresh make ($a B)"
  for f in "$out_webp" "${copies_webp[@]}"; do
    cmp -s "$f" "$dest_webp" || reel_die "$f differs from a fresh make: rerun tools/make-test-clip.sh"
  done
  for f in "$out_poster" "$copy_poster"; do
    cmp -s "$f" "$dest_poster" || reel_die "$f differs from a fresh make: rerun tools/make-test-clip.sh"
  done
  reel_log "clip.webp matches a fresh make ($(wc -c <"$out_webp") B), and its poster"
else
  for f in "${copies_webp[@]}"; do mkdir -p "$(dirname "$f")"; cp "$out_webp" "$f"; done
  cp "$out_poster" "$copy_poster"
  reel_log "wrote $out ($(wc -c <"$out") B), $out_webp ($(wc -c <"$out_webp") B, copied to ${copies_webp[*]}) and $out_poster"
fi
