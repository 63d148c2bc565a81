#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Draws the user guide's images with the app itself: window screenshots (--screenshot) and every example's
# timeline (interleave run --image-out), all on the embedded SQLite and without a display.
#   scripts/docs-images.sh [INTERLEAVE [OUT_DIR]]     (make docs: build/dev/app/interleave, docs/images)
# The images are generated, never committed (docs/images/ is ignored); the package installs its own copy.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
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
    "$app" "$@" --screenshot "$out/$name" --window-size 1800x1000
    count=$((count + 1))
}
shot window.png example:race-unique
shot window-explore.png example:race-no-unique --mode explore
shot window-stress.png example:race-unique --mode stress

# Each example's own schedule, drawn on SQLite (the MySQL-only examples too: the guide says what SQLite does).
while read -r example _; do
    id=${example#example:}
    "$app" run "$example" --backend sqlite --image-out "$out/example-$id.svg" --image-width 1400 >/dev/null
    count=$((count + 1))
done < <("$app" examples)
echo "docs-images: $count images in $out"
