#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ctest docs_images_fresh: the pictures the README and the guide show are committed in docs/images/ (so a fresh
# clone shows them), each window screenshot is at most 1280x800, and they were drawn from the current inputs:
# docs/images/SOURCES.sha256, written by scripts/docs-images.sh, matches the inputs' hashes now. No build needed.
#   check-docs-images.sh SOURCE_DIR
set -euo pipefail
src=$1
images=$src/docs/images
fail=0
problem() { echo "FAIL: $*" >&2; fail=1; }

# Every picture a page links is there.
shown=0
while IFS= read -r name; do
    shown=$((shown + 1))
    [[ -s $images/$name ]] || problem "docs/images/$name is linked but not committed: run make docs and commit it"
done < <(sed -E 's/`[^`]*`//g' "$src/README.md" $(find "$src/docs" -name '*.md' -not -path '*/images/*') \
    | grep -oE '\]\([^) ]*images/[^) ]+\)' | sed -E 's/.*images\/([^)#]+).*/\1/' | sort -u)

# Window screenshots stay small: at most 1280x800 (a PNG's IHDR holds width and height at bytes 16-23).
for png in "$images"/*.png; do
    [[ -e $png ]] || continue
    read -r width height < <(od -An -tu1 -j16 -N8 "$png" \
        | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4, $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }')
    ((width <= 1280 && height <= 800)) || problem "${png#"$src"/} is ${width}x${height}, more than 1280x800"
done

# Drawn from the inputs as they are now.
if [[ ! -f $images/SOURCES.sha256 ]]; then
    problem "docs/images/SOURCES.sha256 is missing: pictures are stale: run make docs"
elif ! changed=$(diff <(cat "$images/SOURCES.sha256") <(bash "$src/scripts/docs-images.sh" --sources)); then
    echo "$changed" | grep -E '^[<>]' | awk '{ print $3 }' | sort -u | sed 's/^/  changed since the pictures were drawn: /' >&2
    problem "pictures are stale: run make docs (and commit docs/images/)"
fi

((fail == 0)) && echo "docs images: $shown pictures linked and committed ($(du -ck "$images"/*.png "$images"/*.svg \
    | tail -1 | cut -f1) KiB), drawn from the current inputs"
exit $fail
