#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ctest desktop_files: the files the package installs for the desktop are valid, and the man page documents every
# option that `interleave --help` prints.
#   check-desktop-files.sh SOURCE_DIR BUILD_DIR INTERLEAVE
set -euo pipefail
src=$1 build=$2 app=$3
id=io.github.interleave.Interleave
fail=0
problem() { echo "FAIL: $*" >&2; fail=1; }

desktop-file-validate "$src/resources/$id.desktop" || problem "$id.desktop does not validate"
appstreamcli validate --no-net "$src/resources/$id.metainfo.xml" || problem "$id.metainfo.xml does not validate"

# The MIME type: a private copy of the shared MIME database must map *.interleave.json to the scenario type, and
# plain *.json must stay JSON.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/mime/packages"
cp "$src/installer/$id.mime.xml" "$tmp/mime/packages/$id.xml"
update-mime-database "$tmp/mime" >/dev/null 2>&1
grep -q '^60:application/x-interleave-scenario:\*\.interleave\.json$' "$tmp/mime/globs2" \
    || problem "the MIME database has no *.interleave.json glob: $(cat "$tmp/mime/globs2")"
grep -q '^application/x-interleave-scenario application/json$' "$tmp/mime/subclasses" \
    || problem "application/x-interleave-scenario is not a kind of application/json"
grep -q '^MimeType=application/x-interleave-scenario;$' "$src/resources/$id.desktop" \
    || problem "the desktop entry does not open application/x-interleave-scenario"

# The man page: no groff warnings, and every --option of --help (and of the man page) is in the other.
warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$src/installer/interleave.1" 2>&1 >/dev/null)
[[ -z $warnings ]] || problem "man interleave warns: $warnings"
help_options=$("$app" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
man_options=$(sed -e 's/\\-/-/g' "$src/installer/interleave.1" | grep -o -- '--[a-z][a-z-]*' | sort -u)
missing=$(comm -23 <(echo "$help_options") <(echo "$man_options"))
[[ -z $missing ]] || problem "interleave.1 does not document: $missing"
stale=$(comm -13 <(echo "$help_options") <(echo "$man_options"))
[[ -z $stale ]] || problem "interleave.1 documents options --help does not know: $stale"
version=$("$app" --version)
grep -q "\"Interleave ${version#interleave }\"" "$src/installer/interleave.1" \
    || problem "interleave.1's header is not for $version"
grep -q "<release version=\"${version#interleave }\"" "$src/resources/$id.metainfo.xml" \
    || problem "the metainfo has no release entry for $version"
head -1 "$src/installer/changelog" | grep -q "(${version#interleave })" \
    || problem "installer/changelog does not start with $version"

# The icons the build rendered: square PNGs of the size their directory names.
for dir in "$build"/installer/icons/*x*; do
    size=${dir##*/}
    png="$dir/$id.png"
    [[ -f $png ]] || { problem "no icon $png"; continue; }
    got=$(file -b "$png" | grep -o '[0-9]* x [0-9]*' | tr -d ' ')
    [[ $got == "$size" ]] || problem "$png is $got, not $size"
done
(($(ls -d "$build"/installer/icons/*x* | wc -l) >= 8)) || problem "fewer than 8 icon sizes rendered"

((fail == 0)) && echo "desktop files, MIME type, man page and icons: all valid"
exit $fail
