#!/usr/bin/env bash
# Renders the application icon resources/quarry.svg to the PNG sizes of the hicolor icon theme
# (resources/icons/hicolor/<N>x<N>/apps/quarry.png). The PNGs are committed, so neither the build
# nor the packages need this script or rsvg-convert; run it again after changing quarry.svg.
# Needs rsvg-convert (Debian: apt-get install librsvg2-bin).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
source_svg="$here/resources/quarry.svg"
if ! command -v rsvg-convert >/dev/null; then
    echo "render-icons: rsvg-convert is missing (apt-get install librsvg2-bin)" >&2
    exit 1
fi

for size in 16 22 24 32 48 64 128 256; do
    dir="$here/resources/icons/hicolor/${size}x${size}/apps"
    mkdir -p "$dir"
    rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio \
        --output "$dir/quarry.png" "$source_svg"
    echo "$dir/quarry.png"
done
