#!/usr/bin/env bash
# The README's package command: installs what is missing, builds the release configuration
# (CMake preset `release`, build/release) and makes the packages with CPack, into
# build/release/packages:
#   quarry_<version>-1_<arch>.deb           the desktop app
#   quarry-orm-dev_<version>-1_<arch>.deb   the ORM for other programs: find_package(QuarryOrm)
#   quarry-<version>-Linux-<arch>.tar.gz    both, as the tree `cmake --install` makes
# Arguments go to cpack, e.g. `scripts/package.sh -G DEB` for the .debs only.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh
cmake --preset release
cmake --build --preset release

cd build/release
cpack -B packages "$@"
echo
find "$PWD/packages" -maxdepth 1 \( -name '*.deb' -o -name '*.tar.gz' \) -printf '%10s  %p\n' | sort -k2
