#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Draws the user guide's images with the app itself: window screenshots (--screenshot, 1280x800 PNG, optimised
# with optipng when it is installed) and every example's timeline (interleave run --image-out, SVG), all on the
# embedded SQLite and without a display.
#   scripts/docs-images.sh [INTERLEAVE [OUT_DIR]]     (make docs: build/dev/app/interleave, docs/images)
#   scripts/docs-images.sh --sources                  the inputs' hashes, as OUT_DIR/SOURCES.sha256 records them
# The pictures the README and the guide show are committed in docs/images/, so a fresh clone shows them; make docs
# redraws them, and writes SOURCES.sha256: the SHA-256 of each input that decides what the pictures show (the
# examples' JSON, this script, and the drawing code: timeline/ and ui/timeline/). The ctest docs_images_fresh
# (tests/check-docs-images.sh) recomputes it and says "pictures are stale: run make docs" when an input changed.
# The rest of engine/ and ui/ is left out on purpose: it changes the pictures only incidentally (a widget's margin,
# a statement's text) and would mark them stale at nearly every commit; make package draws its own copy anyway.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

sources() { # the inputs' hashes, one "HASH  PATH" line each, paths relative to the checkout, in a fixed order
    (cd "$here" && find resources/examples -name '*.json' && echo scripts/docs-images.sh \
        && find timeline ui/timeline -name '*.cpp' -o -name '*.h') | LC_ALL=C sort | (cd "$here" && xargs sha256sum)
}
if [[ ${1:-} == --sources ]]; then
    sources
    exit 0
fi

app=${1:-$here/build/dev/app/interleave}
out=${2:-$here/docs/images}
[[ -x $app ]] || { echo "docs-images: no program at $app (make build first)" >&2; exit 1; }
mkdir -p "$out"
export QT_QPA_PLATFORM=offscreen
# The window remembers recent files and settings; keep the user's own out of the pictures and leave them alone.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_CONFIG_HOME=$scratch/config XDG_RUNTIME_DIR=$scratch/runtime
mkdir -m 700 "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"

count=0
shot() { # NAME ARGS...: a screenshot of the window
    local name=$1
    shift
    "$app" "$@" --screenshot "$out/$name" --window-size 1280x800 # the size the issue asks each view to fit
    if command -v optipng >/dev/null; then
        optipng -quiet -o2 -strip all "$out/$name"
    fi
    count=$((count + 1))
}
shot window.png example:race-unique
shot window-explore.png example:race-no-unique --mode explore
shot window-stress.png example:race-unique --mode stress

# Each example's own schedule, drawn on SQLite (the MySQL-only examples too: the guide says what SQLite does).
while read -r example _; do
    id=${example#example:}
    [[ $id == anomaly-* ]] && continue # the isolation lab's anomaly tests: the matrix draws their cells
    "$app" run "$example" --backend sqlite --image-out "$out/example-$id.svg" --image-width 1400 >/dev/null
    count=$((count + 1))
done < <("$app" examples)
# The isolation lab's matrix on SQLite (the servers' columns need servers: the guide shows how to add them).
# Eleven rows fit the guide's 1280x800 (the doctors-on-call G2 and the counter are left out of the picture).
"$app" matrix --rows g0,g1a,g1b,g1c,otv,pmp,lost-update,g-single,g2-item,g2,get-or-create \
    --image-out "$out/isolation-matrix.png" --image-width 1280 >/dev/null
if command -v optipng >/dev/null; then
    optipng -quiet -o2 -strip all "$out/isolation-matrix.png"
fi
count=$((count + 1))
sources >"$out/SOURCES.sha256"
echo "docs-images: $count images in $out ($(du -ck "$out"/*.png "$out"/*.svg | tail -1 | cut -f1) KiB)"
