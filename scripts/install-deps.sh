#!/usr/bin/env bash
# Installs the Debian packages Quarry needs to build, run and test. Idempotent: it installs only
# what is missing, as root directly or through sudo otherwise.
set -euo pipefail

packages=(
    # toolchain
    build-essential cmake ninja-build pkg-config git
    # clang with libFuzzer and the sanitizer runtimes (scripts/fuzz.sh)
    clang libclang-rt-14-dev
    # Qt 6.4 and QCoro 0.8 (Debian bookworm)
    qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-translations-l10n qt6-svg-dev libqt6svg6 qt6-qpa-plugins qcoro-qt6-dev
    libqt6sql6-sqlite libqt6sql6-psql libgl-dev
    # the real servers and tools the tests use
    postgresql sqlite3 python3-sqlalchemy python3-aiosqlite
    xvfb xauth desktop-file-utils appstream dpkg-dev fakeroot
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
