#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Stress trials per second: Interleave's stress runner against the same race run by the real Django ORM
# (bench/django_race.py), on the same SQLite settings in the same directory, in one run, as a ratio; then the
# peak memory of a 100,000-trial stress run. Goal: at least 30 times the Django figure.
#
#   bench/run.sh [--trials N] [--django-trials N] [--repeat R] [--memory-trials N] [--dir DIR]...
#
# Default directories: $TMPDIR (or /tmp), and /dev/shm as well when it is a tmpfs. Interleave is pointed at a
# directory with INTERLEAVE_DB_DIR (its own default is /dev/shm), Django with TMPDIR. Each figure is the median of
# R runs (default 3; the two sides take turns, so a busy moment of the machine hits both), with the range.
# Installs python3-django with apt when it is missing (as root or with password-less sudo) and builds
# bench_stress in the release preset.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

trials=5000
django_trials=300
memory_trials=100000
repeat=3
dirs=()
while (($#)); do
    case $1 in
    --trials) trials=$2; shift 2 ;;
    --django-trials) django_trials=$2; shift 2 ;;
    --memory-trials) memory_trials=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --dir) dirs+=("$2"); shift 2 ;;
    *) sed -n '3,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
done
if ((${#dirs[@]} == 0)); then
    dirs=("${TMPDIR:-/tmp}")
    if [[ $(stat -f -c %T /dev/shm 2>/dev/null) == tmpfs && ${dirs[0]} != /dev/shm ]]; then
        dirs+=(/dev/shm)
    fi
fi

# Debian's Django runs on Debian's Python, whatever python3 comes first in PATH.
python=/usr/bin/python3
if ! "$python" -c 'import django' 2>/dev/null; then
    if [[ $(id -u) -eq 0 ]]; then sudo=(); elif sudo -n true 2>/dev/null; then sudo=(sudo -n); else
        echo "bench: python3-django is missing; install it with: sudo apt-get install python3-django" >&2
        exit 1
    fi
    echo "bench: installing python3-django"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-django \
        </dev/null >/dev/null || {
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null >/dev/null
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-django \
            </dev/null >/dev/null
    }
fi

if [[ ! -f build/release/CMakeCache.txt || ! -f build/release/build.ninja ]]; then
    cmake --preset release >/dev/null
fi
cmake --build --preset release --target bench_stress -j 2 >/dev/null
bench=build/release/bench/bench_stress

django_version=$("$python" -c 'import django; print(django.get_version())')
python_version=$("$python" -c 'import platform; print(platform.python_version())')
sqlite_version=$("$python" -c 'import sqlite3; print(sqlite3.sqlite_version)')
echo "Interleave stress runner (release build) vs Django $django_version on Python $python_version; SQLite $sqlite_version"
echo "Same settings on both sides: a database file in the directory below, journal_mode=delete, synchronous=FULL"
echo "(SQLite's default), busy timeout 5 s, deferred BEGIN; the table is read and cleared between trials on a"
echo "separate connection (synchronous=OFF, in-memory journal). Django: threads released from a threading.Barrier,"
echo "new threads and connections every trial as in seed 02's test; 'reused' keeps them (Django's best case)."
echo "Runs: Interleave $trials trials, Django $django_trials (2 workers) or $((django_trials / 2)) (8 workers)."

# "median (min-max)" of the numbers on stdin, one per line.
summary() {
    sort -g | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.1f %.1f %.1f\n", m, v[1], v[NR] }'
}

django() { # DIR EXAMPLE WORKERS THREADS
    local unique=() n=$django_trials
    [[ $2 == race-unique ]] && unique=(--unique)
    (($3 > 2)) && n=$((django_trials / 2))
    TMPDIR=$1 "$python" bench/django_race.py "${unique[@]}" --workers "$3" --trials "$n" --threads "$4" --tsv | cut -f6
}

fastest=${dirs[0]}
configs=("race-no-unique 2" "race-no-unique 8" "race-unique 2" "race-unique 8")
for dir in "${dirs[@]}"; do
    [[ $dir == /dev/shm ]] && fastest=$dir
    work=$(mktemp -d)
    for ((r = 0; r < repeat; ++r)); do
        INTERLEAVE_DB_DIR=$dir "$bench" --tsv --trials "$trials" --memory-trials 0 |
            while IFS=$'\t' read -r _ example workers _ _ rate; do echo "$rate" >>"$work/ours-$example-$workers"; done
        for config in "${configs[@]}"; do
            read -r example workers <<<"$config"
            django "$dir" "$example" "$workers" new >>"$work/new-$example-$workers"
            django "$dir" "$example" "$workers" reuse >>"$work/reuse-$example-$workers"
        done
    done
    echo
    echo "database directory: $dir ($(stat -f -c %T "$dir")); trials/s, median of $repeat runs (min-max)"
    printf '%-15s %2s %-20s %-18s %6s   %-18s %6s\n' example "" interleave "django" ratio "django reused" ratio
    for config in "${configs[@]}"; do
        read -r example workers <<<"$config"
        read -r o olo ohi < <(summary <"$work/ours-$example-$workers")
        read -r f flo fhi < <(summary <"$work/new-$example-$workers")
        read -r u ulo uhi < <(summary <"$work/reuse-$example-$workers")
        awk -v e="$example" -v w="$workers" -v o="$o" -v olo="$olo" -v ohi="$ohi" -v f="$f" -v flo="$flo" \
            -v fhi="$fhi" -v u="$u" -v ulo="$ulo" -v uhi="$uhi" 'BEGIN {
            printf "%-15s %2d %-20s %-18s %5.1fx   %-18s %5.1fx\n", e, w,
                sprintf("%.0f (%.0f-%.0f)", o, olo, ohi), sprintf("%.0f (%.0f-%.0f)", f, flo, fhi), o / f,
                sprintf("%.0f (%.0f-%.0f)", u, ulo, uhi), o / u }'
    done
    rm -rf "$work"
done
echo
echo "goal: interleave/s at least 30x django/s"

if ((memory_trials > 0)); then
    echo
    INTERLEAVE_DB_DIR=$fastest "$bench" --tsv --trials 0 --memory-trials "$memory_trials" |
        while IFS=$'\t' read -r _ short afterShort long afterLong rss classes rate; do
            echo "memory (race-no-unique, 2 workers, in $fastest): peak RSS $afterShort kB after a run of $short" \
                "trials, $afterLong kB after a run of $long trials ($((afterLong - afterShort)) kB more;" \
                "${rate%.*} trials/s, $classes outcome classes kept); RSS at the end $rss kB"
        done
fi
