#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# ctest package: builds the .deb and the .tar.gz from this build tree, installs the .deb on this machine, uses the
# installed program as a user would (version, an installed example run, drawn and traced, a window screenshot, the man
# page, the desktop files where the system looks for them), removes it again and checks that nothing is left.
#   test-package.sh BUILD_DIR VERSION
# Needs root or password-less sudo; exits 77 (ctest: skipped) without them, or when an interleave package is
# already installed (the test would replace someone's installation).
set -euo pipefail
build=$1 version=$2
id=io.github.interleave.Interleave

if [[ $(id -u) -eq 0 ]]; then
    SUDO=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
else
    echo "SKIP: installing a package needs root or password-less sudo"
    exit 77
fi
if dpkg-query -W -f='${Status}' interleave 2>/dev/null | grep -q 'install ok installed'; then
    echo "SKIP: an interleave package is already installed here (dpkg -r interleave to let this test run)"
    exit 77
fi

tmp=$(mktemp -d)
installed=0
cleanup() {
    if ((installed)); then "${SUDO[@]}" dpkg --purge interleave >/dev/null 2>&1 || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== cpack (DEB and TGZ)"
cpack --config "$build/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1 || { cat "$tmp/cpack.log"; fail "cpack failed"; }
deb="$tmp/out/interleave_${version}_$(dpkg --print-architecture).deb"
tgz="$tmp/out/interleave-${version}-Linux.tar.gz"
[[ -f $deb ]] || fail "no $deb: $(ls "$tmp/out")"
[[ -f $tgz ]] || fail "no $tgz: $(ls "$tmp/out")"
echo "$(basename "$deb"): $(du -k "$deb" | cut -f1) kB, $(basename "$tgz"): $(du -k "$tgz" | cut -f1) kB"

echo "== the package's control fields"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for needed in libqt6core6 libqt6gui6 libqt6widgets6 libqt6sql6 libqt6svg6 libqt6charts6 libsqlite3-0 \
    libqt6sql6-sqlite libqt6sql6-psql libqt6sql6-mysql qt6-qpa-plugins; do
    grep -Eq "(^|, )$needed( |,|$)" <<<"$depends" || fail "Depends lacks $needed"
done
[[ $(dpkg-deb -f "$deb" Package) == interleave ]] || fail "the package is not called interleave"
[[ $(dpkg-deb -f "$deb" Version) == "$version" ]] || fail "the package's version is not $version"

echo "== lintian"
lintian --fail-on error,warning --suppress-tags "$(cat "$(dirname "$0")/lintian-suppressed")" "$deb" \
    || fail "lintian found errors or warnings"

echo "== the tarball unpacks and runs anywhere"
mkdir "$tmp/tgz"
tar -xzf "$tgz" -C "$tmp/tgz"
root="$tmp/tgz/interleave-${version}-Linux"
[[ $("$root/bin/interleave" --version) == "interleave $version" ]] || fail "the tarball's bin/interleave --version"
for f in "share/applications/$id.desktop" "share/metainfo/$id.metainfo.xml" "share/man/man1/interleave.1.gz" \
    "share/icons/hicolor/scalable/apps/$id.svg" "share/icons/hicolor/48x48/apps/$id.png" \
    "share/interleave/examples/race-unique.interleave.json" "share/doc/interleave/copyright"; do
    [[ -f $root/$f ]] || fail "the tarball lacks $f"
done

echo "== dpkg -i"
"${SUDO[@]}" dpkg -i "$deb" || fail "dpkg -i failed (are the Depends installable?)"
installed=1
dpkg-query -W -f='${Status}' interleave | grep -q 'install ok installed' || fail "dpkg does not list it as installed"
dpkg -L interleave | sort >"$tmp/files"
echo "$(wc -l <"$tmp/files") paths installed"

echo "== the installed program"
[[ $(command -v interleave) == /usr/bin/interleave ]] || fail "interleave is not /usr/bin/interleave"
[[ $(/usr/bin/interleave --version) == "interleave $version" ]] || fail "/usr/bin/interleave --version"
example=/usr/share/interleave/examples/race-unique.interleave.json
(cd "$tmp" && env -u QT_QPA_PLATFORM /usr/bin/interleave run "$example" --image-out race.png --image-width 1200 \
    --trace-out race.trace.json) \
    >"$tmp/run.txt" || { cat "$tmp/run.txt"; fail "the installed program could not run $example"; }
grep -Eq '^  B  got' "$tmp/run.txt" || fail "the run's summary has no worker that got the row: $(cat "$tmp/run.txt")"
[[ $(head -c 8 "$tmp/race.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || fail "race.png is not a PNG"
file -b "$tmp/race.png" | grep -q '1200 x' || fail "race.png is not 1200 pixels wide: $(file -b "$tmp/race.png")"
grep -q '"traceEvents"' "$tmp/race.trace.json" && grep -q '"IntegrityError"' "$tmp/race.trace.json" \
    || fail "race.trace.json is not the run's Chrome trace: $(head -c 300 "$tmp/race.trace.json")"
QT_QPA_PLATFORM=offscreen /usr/bin/interleave "$example" --screenshot "$tmp/window.png" --window-size 1024x700 \
    || fail "the installed window could not take a screenshot"
file -b "$tmp/window.png" | grep -q '1024 x 700' || fail "window.png: $(file -b "$tmp/window.png")"

echo "== the installed desktop integration"
man -w interleave | grep -q '^/usr/share/man/man1/interleave.1.gz$' || fail "man -w interleave: $(man -w interleave)"
desktop-file-validate "/usr/share/applications/$id.desktop" || fail "the installed desktop entry"
appstreamcli validate --no-net "/usr/share/metainfo/$id.metainfo.xml" >/dev/null || fail "the installed metainfo"
# dpkg ran shared-mime-info's trigger: the system's MIME database now knows scenario files.
grep -q '^60:application/x-interleave-scenario:\*\.interleave\.json$' /usr/share/mime/globs2 \
    || fail "/usr/share/mime/globs2 has no *.interleave.json after installing"
# and desktop-file-utils' trigger: the file manager's "open with" finds Interleave for them.
grep -q "^application/x-interleave-scenario=.*$id.desktop" /usr/share/applications/mimeinfo.cache \
    || fail "/usr/share/applications/mimeinfo.cache does not open scenario files with $id.desktop"

echo "== dpkg --purge"
"${SUDO[@]}" dpkg --purge interleave || fail "dpkg --purge failed"
installed=0
if dpkg-query -W -f='${Status}' interleave 2>/dev/null | grep -q 'installed'; then fail "still installed"; fi
left=()
while read -r path; do
    [[ -f $path || -L $path ]] && left+=("$path")
done <"$tmp/files"
((${#left[@]} == 0)) || fail "files left after --purge: ${left[*]}"
! grep -q 'interleave-scenario' /usr/share/mime/globs2 || fail "the MIME type outlived the package"
echo "package: built, installed, used and removed cleanly"
