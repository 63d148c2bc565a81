#!/usr/bin/env bash
# Builds the fuzz preset (clang, libFuzzer with AddressSanitizer and UBSan; only the engine and the targets of
# tests/fuzz) and runs every target, each on its own corpus in build/fuzz/corpus/NAME, seeded from the folders its
# source names ("// seeds: ...") and from the inputs that once crashed it (tests/data/fuzz/NAME).
#
#   scripts/fuzz.sh [SECONDS]           each target for SECONDS (default 60): make fuzz FUZZ_SECONDS=N
#   scripts/fuzz.sh --total SECONDS     all targets in about SECONDS together: make test's smoke run
#
# A crash stops the run with exit 1 and names the input libFuzzer kept (build/fuzz/crashes/NAME/): fix the bug,
# then keep the input as tests/data/fuzz/NAME/<something> so that ctest's fuzz_replay_NAME replays it forever.
set -euo pipefail

total=0
seconds=60
if [[ ${1:-} == --total ]]; then
    total=1
    seconds=${2:?--total needs a number of seconds}
elif [[ -n ${1:-} ]]; then
    seconds=$1
fi
[[ $seconds =~ ^[0-9]+$ ]] || { echo "fuzz: SECONDS must be a whole number, not '$seconds'" >&2; exit 2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

if [[ ! -f build/fuzz/CMakeCache.txt || ! -f build/fuzz/build.ninja ]]; then
    cmake --preset fuzz
fi
start=$SECONDS
cmake --build --preset fuzz
echo "fuzz: build took $((SECONDS - start)) s"

sources=(tests/fuzz/fuzz_*.cpp)
per_target=$seconds
if ((total)); then
    per_target=$((seconds / ${#sources[@]}))
    ((per_target >= 5)) || per_target=5
fi

status=0
for source in "${sources[@]}"; do
    name=$(basename "$source" .cpp)
    name=${name#fuzz_}
    exe=build/fuzz/tests/fuzz/fuzz_$name
    corpus=build/fuzz/corpus/$name
    crashes=build/fuzz/crashes/$name
    log=build/fuzz/logs/$name.log
    mkdir -p "$corpus" "$crashes" "$(dirname "$log")"
    inputs=("$corpus")
    [[ -d tests/data/fuzz/$name ]] && inputs+=("tests/data/fuzz/$name")
    for dir in $(sed -n 's|^// seeds: ||p' "$source"); do
        [[ -d $dir ]] && inputs+=("$dir")
    done
    options=(-max_total_time="$per_target" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048
        -artifact_prefix="$crashes/")
    [[ -f tests/fuzz/$name.dict ]] && options+=(-dict="tests/fuzz/$name.dict")
    echo "fuzz: fuzz_$name for $per_target s (log: $log)"
    if "$exe" "${options[@]}" "${inputs[@]}" >"$log" 2>&1; then
        # The last status line (executions, coverage, corpus) and libFuzzer's final statistics.
        grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 | sed 's/^/  /'
        grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" | sed 's/^/  /'
    else
        status=1
        tail -n 60 "$log"
        echo "fuzz: fuzz_$name failed; the input is in $crashes/ (keep it in tests/data/fuzz/$name/ once fixed)" >&2
    fi
done
exit "$status"
