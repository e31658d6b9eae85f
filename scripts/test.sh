#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every test on SQLite and on a
# throwaway PostgreSQL server (scripts/postgres-sandbox.sh) on 127.0.0.1, stopped again on exit.
# Four stages, each in its own build directory, all against the same server:
#
#   ci     CMake preset `ci` (build/ci, warnings are errors): the whole suite
#   asan   preset `asan` (build/asan, AddressSanitizer + UBSan): the whole suite again
#   tsan   preset `tsan` (build/tsan, ThreadSanitizer): the tests labelled `threading`
#   fuzz   preset `fuzz` (build/fuzz, clang + libFuzzer): scripts/fuzz.sh, each target briefly
#
#   scripts/test.sh                  # every stage (what CI runs)
#   scripts/test.sh --stages ci      # only some stages, comma-separated: ci,asan,tsan,fuzz
#   scripts/test.sh -R url           # further arguments go to every ctest run
#
# With CI set (non-empty), PostgreSQL is required: the run fails if the sandbox cannot start, and
# the tests fail instead of skipping when they find no PostgreSQL (QUARRY_REQUIRE_POSTGRES=1).
# Every stage runs even when an earlier one failed; the exit code is non-zero if any failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

stages=ci,asan,tsan,fuzz
if [ "${1:-}" = --stages ]; then
    stages=$2
    shift 2
fi
for stage in ${stages//,/ }; do
    case $stage in
        ci | asan | tsan | fuzz) ;;
        *)
            echo "test.sh: error: unknown stage '$stage' (ci, asan, tsan, fuzz)" >&2
            exit 2
            ;;
    esac
done

scripts/install-deps.sh

# A private state file, so that this run neither reuses nor stops a sandbox started by hand.
work=$(mktemp -d "${TMPDIR:-/tmp}/quarry-test.XXXXXX")
export QUARRY_PG_STATE="$work/postgres.state"
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    scripts/postgres-sandbox.sh stop 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

backends=""
if url=$(scripts/postgres-sandbox.sh start 2>"$work/sandbox.log"); then
    cat "$work/sandbox.log" >&2
    export QUARRY_TEST_POSTGRES_URL="$url"
    # The URL without its password, for the summary line.
    backends="sqlite, postgresql ($(printf '%s' "$url" | sed -E 's#^([a-z]+://[^:/@]+):[^@]*@#\1@#'))"
else
    cat "$work/sandbox.log" >&2
    reason=$(grep -m1 'error:' "$work/sandbox.log" | sed 's/^postgres-sandbox: error: //' || true)
    reason=${reason:-$(tail -n 1 "$work/sandbox.log")}
    reason=${reason:-postgres-sandbox.sh start failed}
    if [ -n "${CI:-}" ]; then
        echo "test.sh: error: CI is set and the PostgreSQL sandbox did not start: $reason" >&2
        exit 1
    fi
    unset QUARRY_TEST_POSTGRES_URL
    backends="sqlite only (PostgreSQL tests skipped: $reason)"
fi

if [ -n "${CI:-}" ]; then
    export QUARRY_REQUIRE_POSTGRES=1
fi

summary=()
status=0
# run_stage NAME COMMAND...: runs one stage, times it, and remembers how it ended.
run_stage() {
    local name=$1 start=$SECONDS stage_status=0
    shift
    echo "test.sh: stage $name" >&2
    "$@" || stage_status=$?
    summary+=("$name: $([ "$stage_status" -eq 0 ] && echo passed || echo "FAILED ($stage_status)") in $((SECONDS - start)) s")
    [ "$stage_status" -eq 0 ] || status=$stage_status
}
# preset_stage PRESET [ctest arguments...]: configure, build and test one preset.
preset_stage() {
    local preset=$1
    shift
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset"
    ctest --preset "$preset" --output-on-failure -j2 "$@"
}

for stage in ${stages//,/ }; do
    case $stage in
        ci) run_stage ci preset_stage ci "$@" ;;
        # The packaging tests install and unpack the same files as in `ci`: nothing a sanitizer
        # would see that the suite does not already run.
        asan) run_stage asan preset_stage asan -LE packaging "$@" ;;
        tsan) run_stage tsan preset_stage tsan -L threading "$@" ;;
        fuzz) run_stage fuzz scripts/fuzz.sh ;;
    esac
done

for line in "${summary[@]}"; do
    echo "Stage $line"
done
echo "Backends: $backends"
exit "$status"
