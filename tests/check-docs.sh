#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ctest docs: every link in README.md and docs/ leads somewhere. Pages and #anchors (GitHub's heading slugs) must
# exist; images must be ones scripts/docs-images.sh draws, so the script is run into a scratch directory (that they
# are committed and fresh is check-docs-images.sh's); and
# every built-in example has its page section and picture.
#   check-docs.sh SOURCE_DIR INTERLEAVE
set -euo pipefail
src=$1 app=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bash "$src/scripts/docs-images.sh" "$app" "$tmp/images" >"$tmp/images.log" 2>&1 || { cat "$tmp/images.log"; exit 1; }
fail=0
problem() { echo "FAIL: $*" >&2; fail=1; }

slugs() { # FILE: the anchors GitHub makes of its headings, one per line
    grep -E '^#{1,6} ' "$1" | sed -E 's/^#+ +//' | tr '[:upper:]' '[:lower:]' \
        | sed -E 's/[^a-z0-9 _-]//g; s/ /-/g'
}

links=0
while IFS= read -r page; do
    dir=$(dirname "$page")
    # Inline links and images: [text](target) and ![alt](target); not inside code spans.
    while IFS= read -r target; do
        links=$((links + 1))
        case $target in
        http://* | https://* | mailto:*) continue ;;
        esac
        file=${target%%#*}
        anchor=${target#"$file"}
        anchor=${anchor#\#}
        [[ -z $file ]] && file=$(basename "$page")
        path="$dir/$file"
        if [[ $path == */images/* ]]; then
            [[ -f $tmp/images/$(basename "$path") ]] || problem "$page links $target, which docs-images.sh does not draw"
            continue
        fi
        [[ -e $path ]] || { problem "$page links $target: no such file"; continue; }
        if [[ -n $anchor ]] && ! slugs "$path" | grep -qx -- "$anchor"; then
            problem "$page links $target: $file has no heading with that anchor"
        fi
    done < <(sed -E 's/`[^`]*`//g' "$page" | grep -oE '\]\([^) ]+\)' | sed -E 's/^\]\(//; s/\)$//')
done < <(find "$src/README.md" "$src/docs" -name '*.md' -not -path '*/images/*' | sort)

# Every example is in the examples page, with its picture.
while read -r example _; do
    id=${example#example:}
    grep -q -- "$example" "$src/docs/guide/examples.md" || problem "docs/guide/examples.md does not show $example"
    # The isolation lab's anomaly tests are drawn cell by cell by the matrix, not one picture each.
    [[ $id == anomaly-* ]] && continue
    grep -q -- "images/example-$id.svg" "$src/docs/guide/examples.md" || problem "no picture of $id in examples.md"
done < <("$app" examples)

((fail == 0)) && echo "docs: $links links checked, $(ls "$tmp/images"/*.png "$tmp/images"/*.svg | wc -l) images drawn, every example shown"
exit $fail
