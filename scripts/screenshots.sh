#!/usr/bin/env bash
# Takes the README's screenshots of the real app under Xvfb, in the light and the dark theme:
#   scripts/screenshots.sh [QUARRY_BINARY]      (default build/release/app/quarry)
# writes docs/screenshots/main-light.png and main-dark.png. Needs xvfb-run and ImageMagick's
# `import` (installed here when missing); the themes are set through a throwaway settings folder,
# so your own settings are untouched.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

quarry=${1:-build/release/app/quarry}
if ! command -v import >/dev/null || ! command -v xvfb-run >/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends imagemagick xvfb xauth
fi
[ -x "$quarry" ] || { echo "screenshots: build the app first ($quarry is missing)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/quarry-shots.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$quarry" init --demo 2000 "$work/demo.db" >/dev/null
mkdir -p docs/screenshots
for theme in light dark; do
    mkdir -p "$work/config-$theme/Quarry"
    printf '[General]\ntheme=%s\nlanguage=en\n' "$theme" > "$work/config-$theme/Quarry/Quarry.conf"
    XDG_CONFIG_HOME="$work/config-$theme" QT_QPA_PLATFORM=xcb \
        xvfb-run -a -s "-screen 0 1100x700x24" bash -c '
            "$1" "$2" & app=$!
            sleep 4   # the window opens and the first rows arrive well within this
            import -window root "$3"
            kill $app' _ "$quarry" "$work/demo.db" "docs/screenshots/main-$theme.png"
    echo "docs/screenshots/main-$theme.png"
done
