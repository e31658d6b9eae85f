#!/usr/bin/env bash
# Runs a test program as an unprivileged user: as root, file permissions are not enforced, so the
# read-only file and folder cases of tst_badfiles would only skip. CI runs as root; this makes
# those cases run for real there.
#
#   unprivileged.sh PROGRAM [ARGUMENTS...]
#
# As root: runs PROGRAM as the `nobody` user with a private HOME and TMPDIR (the build tree must
# be readable by everyone, as a fresh clone is). As any other user the normal run already
# covers it: exits 77, which ctest counts as skipped.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
    echo "unprivileged.sh: not root: the normal run of $(basename "$1") checks permissions already"
    exit 77
fi
user=nobody
program=$(readlink -f "$1")
shift
if ! runuser -u "$user" -- test -x "$program"; then
    echo "unprivileged.sh: error: $user cannot run $program (a folder on its path is not" \
         "readable by everyone)" >&2
    exit 1
fi
home=$(mktemp -d "${TMPDIR:-/tmp}/quarry-unprivileged.XXXXXX")
trap 'rm -rf "$home"' EXIT
chown "$user" "$home"
runuser -u "$user" -- env HOME="$home" TMPDIR="$home" XDG_RUNTIME_DIR="$home" \
    "$program" "$@"
