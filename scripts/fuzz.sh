#!/usr/bin/env bash
# The libFuzzer targets of tests/fuzz (issue 7): builds the CMake preset `fuzz` (clang, ASan +
# UBSan, build/fuzz), replays each target's regressions and seed corpus, then fuzzes each for a
# bounded time. Fails (exit 1) on any crash, sanitizer report or property violation.
#
#   scripts/fuzz.sh               # 30 seconds per target (the test command's short run)
#   scripts/fuzz.sh 600           # ten minutes per target
#   scripts/fuzz.sh 60 fuzz_url   # only the named targets
#
# What the fuzzer adds to the corpus goes to a temporary directory, never into the source tree;
# the input that broke a target is kept in build/fuzz/artifacts/<target>/ (add it to
# tests/fuzz/regressions/<target>/ once fixed).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=${1:-30}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(fuzz_url fuzz_csv_reader fuzz_csv_import)
fi
case $seconds in
'' | *[!0-9]*) echo "fuzz.sh: the time per target is a number of seconds, not '$seconds'" >&2; exit 2 ;;
esac

scripts/install-deps.sh
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target "${targets[@]}"

work=$(mktemp -d "${TMPDIR:-/tmp}/quarry-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# UBSan's reports come with a stack.
export UBSAN_OPTIONS=print_stacktrace=1

dictionary() {
    case $1 in
    fuzz_url) echo tests/fuzz/fuzz_url.dict ;;
    *) echo tests/fuzz/csv.dict ;;
    esac
}

failed=()
for target in "${targets[@]}"; do
    binary=build/fuzz/tests/fuzz/$target
    regressions=tests/fuzz/regressions/$target
    corpus=tests/fuzz/corpus/$target
    artifacts=build/fuzz/artifacts/$target
    mkdir -p "$artifacts" "$work/$target"
    log=$work/$target.log
    # New inputs go to the first directory only: the temporary one.
    corpora=("$work/$target")
    for dir in "$corpus" "$regressions"; do
        if [ -d "$dir" ]; then corpora+=("$dir"); fi
    done

    # Known crashers first: each runs once, without mutation.
    mapfile -t known < <(find "$regressions" "$corpus" -type f 2>/dev/null | sort)
    if [ ${#known[@]} -gt 0 ] && ! "$binary" "${known[@]}" >"$log" 2>&1; then
        grep -v '^    #' "$log" | tail -n 30 >&2
        echo "fuzz.sh: $target: a regression or corpus input fails (above)" >&2
        failed+=("$target")
        continue
    fi

    if "$binary" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
        -dict="$(dictionary "$target")" -artifact_prefix="$artifacts/" "${corpora[@]}" \
        >"$log" 2>&1; then
        status="ok after ${seconds}s"
    else
        status=FAILED
        failed+=("$target")
        grep -v '^    #' "$log" | tail -n 40 >&2
    fi
    # The last status line (#runs cov: ft: corp: exec/s: rss:) sums the run up.
    summary=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | sed -E 's/^(#[0-9]+)[[:space:]]+[A-Z]+[[:space:]]+/\1 /')
    echo "fuzz.sh: $target: $status: $summary"
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: failed: ${failed[*]} (inputs in build/fuzz/artifacts/)" >&2
    exit 1
fi
