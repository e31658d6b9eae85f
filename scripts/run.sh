#!/usr/bin/env bash
# The README's run command: installs what is missing, builds the release configuration
# (build/release) and launches Quarry. Arguments go to the app; with none, Quarry opens its
# default SQLite database in your data folder (~/.local/share/Quarry/quarry.db), creating it
# on first use.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh
cmake --preset release
cmake --build --preset release

# Quarry is a desktop app: it needs a graphical session, unless a Qt platform plugin that needs
# none (e.g. QT_QPA_PLATFORM=offscreen) was asked for explicitly.
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    cat >&2 <<'EOF'
run.sh: Quarry is built (build/release/app/quarry), but it needs a graphical session to run:
neither DISPLAY nor WAYLAND_DISPLAY is set. Run it from a desktop session, or to try it
headless on a virtual X server:  xvfb-run scripts/run.sh
EOF
    exit 1
fi

exec build/release/app/quarry "$@"
