#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every test on SQLite and on a
# throwaway PostgreSQL server (scripts/postgres-sandbox.sh) on 127.0.0.1, stopped again on exit.
#
#   scripts/test.sh              # CMake presets `ci` (build/ci, warnings are errors)
#   scripts/test.sh --asan       # presets `asan` (build/asan, AddressSanitizer + UBSan)
#   scripts/test.sh -R url       # further arguments go to ctest
#
# With CI set (non-empty), PostgreSQL is required: the run fails if the sandbox cannot start, and
# the tests fail instead of skipping when they find no PostgreSQL (QUARRY_REQUIRE_POSTGRES=1).
# Exits with ctest's exit code.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

preset=ci
if [ "${1:-}" = --asan ]; then
    preset=asan
    shift
fi

scripts/install-deps.sh
cmake --preset "$preset"
cmake --build --preset "$preset"

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

status=0
ctest --preset "$preset" --output-on-failure -j2 "$@" || status=$?

echo "Backends: $backends"
exit "$status"
