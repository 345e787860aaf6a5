#!/usr/bin/env bash
# tools/subset-font.sh — makes the default font the browser fetches,
# engine/fonts/DejaVuSans-subset.ttf, from the whole DejaVuSans.ttf with
# fontTools' subsetter (Debian's python3-fonttools, see tools/setup.sh).
#
#   bash tools/subset-font.sh           (re)write engine/fonts/DejaVuSans-subset.ttf
#   bash tools/subset-font.sh --check   regenerate into a temp file; fail when it
#                                       differs from the committed one
#
# Why a subset: the whole font is 760 KB; the subset keeps the scripts a TV
# UI needs by default (RANGES below) in under 100 KB. The output is
# deterministic (no timestamp update, no hinting, fixed options), so the same
# source gives the same bytes on every machine. What the engine reads is kept
# as it is in the whole font: cmap, glyf outlines, hmtx advances, hhea/OS/2
# metrics and the legacy `kern` table (--legacy-kern: pyftsubset drops it by
# default when GPOS exists) and the .notdef box (--notdef-outline: else it
# is emptied, and a missing character would draw nothing), so text in the kept ranges lays out and paints
# exactly as with the whole font (tests/tests/font_subset.rs). Dropped:
# hinting (the rasterizer does not hint), GSUB/GPOS/GDEF (used only by the
# unshipped `shaping` build), MATH, FFTM. Apps that need other characters
# register the whole font (js-shim: `fontUrl: FULL_FONT_URL`).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set -euo pipefail

SRC="$REEL_ROOT/engine/fonts/DejaVuSans.ttf"
OUT="$REEL_ROOT/engine/fonts/DejaVuSans-subset.ttf"

# Kept codepoints. Latin: Basic, Latin-1, Extended-A, ƒ, Romanian comma
# letters, schwa, the spacing accents and the common combining marks. Greek
# and Coptic, Cyrillic (U+0400-04FF), Hebrew, Arabic (U+0600-06FF and the
# presentation forms B, U+FE70-FEFF, for pre-shaped text). General
# punctuation, currency, a few letterlike symbols (℅ ℓ № ™ Ω ℮), arrows
# ← ↑ → ↓ ↔ ↕, a few math signs, the media/bullet shapes (■ □ ▪ ▫ ▲ ▶ ► ▼ ◀ ◄
# ○ ●) and U+FFFD.
RANGES="U+0020-007E,U+00A0-017F,U+0192,U+0218-021B,U+0259,U+02C6-02C7,U+02C9,U+02D8-02DD"
RANGES+=",U+0300-0304,U+0306-0308,U+030A-030C,U+0327-0328"
RANGES+=",U+0370-03FF,U+0400-04FF,U+0590-05FF,U+0600-06FF,U+FE70-FEFF"
RANGES+=",U+2000-206F,U+20A0-20CF,U+2105,U+2113,U+2116,U+2122,U+2126,U+212E,U+2190-2195"
RANGES+=",U+2212,U+2215,U+221E,U+2248,U+2260,U+2264-2265"
RANGES+=",U+25A0-25A1,U+25AA-25AB,U+25B2,U+25B6,U+25BA,U+25BC,U+25C0,U+25C4,U+25CB,U+25CF,U+FFFD"

# Debian's python3-fonttools lives in /usr/bin/python3's dist-packages; a
# python3 earlier on PATH (pyenv) does not see it.
PY=/usr/bin/python3
[[ -x "$PY" ]] || PY=python3
"$PY" -c 'import fontTools.subset' 2>/dev/null \
  || reel_die "fontTools is missing: run tools/setup.sh (apt package python3-fonttools)"

subset() {
  "$PY" -m fontTools.subset "$SRC" --output-file="$1" \
    --unicodes="$RANGES" \
    --no-hinting --legacy-kern --notdef-outline \
    --layout-features= --drop-tables+=GSUB,GPOS,GDEF,MATH,FFTM \
    --no-recalc-timestamp
}

if [[ "${1:-}" == "--check" ]]; then
  tmp="$(mktemp)"
  trap 'rm -f "$tmp"' EXIT
  subset "$tmp"
  cmp -s "$tmp" "$OUT" || reel_die "engine/fonts/DejaVuSans-subset.ttf is not what tools/subset-font.sh makes: run it and commit the result"
  echo "subset-font: engine/fonts/DejaVuSans-subset.ttf is up to date ($(stat -c %s "$OUT") bytes)"
  exit 0
fi
[[ -z "${1:-}" ]] || reel_die "unknown option: $1 (usage: tools/subset-font.sh [--check])"
subset "$OUT"
echo "subset-font: wrote engine/fonts/DejaVuSans-subset.ttf ($(stat -c %s "$SRC") -> $(stat -c %s "$OUT") bytes)"
