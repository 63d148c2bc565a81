#!/usr/bin/env bash
# Installs the Debian 12 packages Interleave needs to build, test and run.
#
# Only packages that are not installed yet are installed; when everything is
# present the script prints one line and exits at once (no apt-get update).
# Works as root directly or through sudo (non-interactive: `sudo -n`), and
# needs no standard input, so it is safe in CI.
set -euo pipefail

PACKAGES=(
    # toolchain
    build-essential cmake ninja-build pkg-config
    # Qt 6 (qt6-base-dev brings Core/Gui/Widgets/Sql/Test/Concurrent and, as
    # hard Depends, the GL/GLX/OpenGL/Vulkan headers Qt6Gui's CMake config
    # looks for). Qt6Charts' CMake config also requires Qt6OpenGL, which lives
    # in libqt6opengl6-dev -- only a Recommends of qt6-base-dev, so it is
    # listed explicitly because we install with --no-install-recommends.
    qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev libgl-dev
    # Qt SQL drivers and SQLite headers
    libqt6sql6-sqlite libqt6sql6-psql libqt6sql6-mysql libsqlite3-dev
    # the client libraries under Qt's drivers, used through the drivers' handles (one statement per round trip,
    # bounded waits), and PostgreSQL's own parser for literal SQL (libpg_query; its scanner's protobuf header)
    libpq-dev libmariadb-dev libpg-query-dev libprotobuf-c-dev
    # fuzzing (make fuzz, and the smoke run in make test): clang's libFuzzer and sanitizer runtimes
    clang libclang-rt-14-dev
    # headless GUI runs (xvfb-run)
    xvfb xauth
    # packaging and its checks (ctest package, desktop_files): the man page, the
    # desktop entry, the AppStream metainfo, the MIME type and lintian
    file man-db desktop-file-utils appstream shared-mime-info lintian
    # throw-away test servers (scripts/test-servers.sh) and their clients
    postgresql postgresql-client mariadb-server mariadb-client
    # pdftotext: tst_passwords reads the text of an exported PDF (its streams are compressed)
    poppler-utils
)

is_installed() {
    local status
    status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) || return 1
    [[ $status == "install ok installed" ]]
}

missing=()
for pkg in "${PACKAGES[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
    echo "install-deps: all ${#PACKAGES[@]} packages already installed"
    exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
else
    echo "install-deps: missing packages: ${missing[*]}" >&2
    echo "install-deps: need root (or password-less sudo) to install them; run:" >&2
    echo "    sudo apt-get update && sudo apt-get install ${missing[*]}" >&2
    exit 1
fi

echo "install-deps: installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Keep package maintainer scripts from starting the system's own database
# services (no init system in CI containers; we run our own throw-away
# servers). Only add the policy file if none exists, and remove it afterwards.
policy=/usr/sbin/policy-rc.d
added_policy=0
if [[ ! -e $policy ]]; then
    "${SUDO[@]}" sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
    added_policy=1
fi
cleanup() { if ((added_policy)); then "${SUDO[@]}" rm -f "$policy"; fi; }
trap cleanup EXIT

"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    --no-install-recommends -o Dpkg::Options::=--force-confdef \
    -o Dpkg::Options::=--force-confold "${missing[@]}" </dev/null

still_missing=()
for pkg in "${missing[@]}"; do
    is_installed "$pkg" || still_missing+=("$pkg")
done
if ((${#still_missing[@]})); then
    echo "install-deps: failed to install: ${still_missing[*]}" >&2
    exit 1
fi
echo "install-deps: done"
