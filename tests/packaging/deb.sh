#!/usr/bin/env bash
# The packaging test: builds the .deb packages with cpack from a build tree (into a scratch
# folder, not the build tree), unpacks them with dpkg -x into a throwaway root, and checks what
# someone who installs them gets:
#   - the control fields: Depends names what Qt loads at run time (platform plugins, the SQL
#     drivers, the SVG plugins) next to what dpkg-shlibdeps found;
#   - the files: the app's package has no ORM headers, the -dev package has them, and together
#     they hold everything `cmake --install` installs (nothing left in an unpackaged component);
#   - the installed binary, run from the unpacked root with the system's Qt (no RPATH into a
#     build tree, LD_LIBRARY_PATH untouched): --version, and `init --demo 10` on a temporary
#     database that sqlite3 then finds 10 users in;
#   - desktop-file-validate on the desktop entry, appstreamcli validate --no-net on the
#     metainfo, the icons, the man page (groff warnings) and the licence.
#
#   tests/packaging/deb.sh BUILD_DIR
set -euo pipefail

build=$(cd "$1" && pwd)
app_id=org.example.quarry.Quarry

work=$(mktemp -d "${TMPDIR:-/tmp}/quarry-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT

failures=0
step() { echo "== $*"; }
fail() {
    echo "deb.sh: FAIL: $*" >&2
    failures=$((failures + 1))
}
die() {
    echo "deb.sh: FAIL: $*" >&2
    exit 1
}

for tool in cpack dpkg-deb dpkg-shlibdeps desktop-file-validate appstreamcli sqlite3; do
    command -v "$tool" >/dev/null || die "$tool is missing (scripts/install-deps.sh installs it)"
done

step "cpack -G DEB (into $work/out)"
if ! cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log" >&2
    die "cpack failed"
fi
shopt -s nullglob
debs=("$work"/out/quarry_*.deb)
dev_debs=("$work"/out/quarry-orm-dev_*.deb)
[ ${#debs[@]} -eq 1 ] || die "expected one quarry_*.deb, found: $(ls "$work/out")"
[ ${#dev_debs[@]} -eq 1 ] || die "expected one quarry-orm-dev_*.deb, found: $(ls "$work/out")"
app_deb=${debs[0]}
dev_deb=${dev_debs[0]}
ls -l "$app_deb" "$dev_deb"

step "control fields"
dpkg-deb -f "$app_deb" Package Version Architecture Section Maintainer Depends Recommends
depends=$(dpkg-deb -f "$app_deb" Depends)
for package in qt6-qpa-plugins libqt6sql6-sqlite libqt6sql6-psql libqt6svg6; do
    grep -Eq "(^|, )$package( |,|$)" <<<"$depends" || fail "Depends does not name $package: $depends"
done
# dpkg-shlibdeps ran: the libraries the binary links are there too.
for package in libc6 libqt6core6 libqt6widgets6 libqt6sql6; do
    grep -Eq "(^|, )$package( |,|$)" <<<"$depends" || fail "Depends lacks $package (dpkg-shlibdeps?): $depends"
done
[ "$(dpkg-deb -f "$app_deb" Package)" = quarry ] || fail "the app's package is not named quarry"
dpkg-deb -f "$dev_deb" Package Section Depends

step "contents"
dpkg-deb -c "$app_deb" | awk '{print $NF}' | sed 's#^\./#/#' >"$work/app.files"
dpkg-deb -c "$dev_deb" | awk '{print $NF}' | sed 's#^\./#/#' >"$work/dev.files"
if grep -E '^/usr/include/|\.a$|/cmake/' "$work/app.files"; then
    fail "the quarry package ships development files (above)"
fi
for path in /usr/bin/quarry "/usr/share/applications/$app_id.desktop" \
    "/usr/share/metainfo/$app_id.metainfo.xml" /usr/share/icons/hicolor/scalable/apps/quarry.svg \
    /usr/share/icons/hicolor/48x48/apps/quarry.png /usr/share/icons/hicolor/256x256/apps/quarry.png \
    /usr/share/man/man1/quarry.1.gz /usr/share/doc/quarry/copyright; do
    grep -qxF "$path" "$work/app.files" || fail "quarry package lacks $path"
done
grep -q '^/usr/include/quarry/orm/async/AsyncSession.h$' "$work/dev.files" ||
    fail "quarry-orm-dev lacks the headers"
grep -q '/cmake/QuarryOrm/QuarryOrmConfig.cmake$' "$work/dev.files" ||
    fail "quarry-orm-dev lacks QuarryOrmConfig.cmake"
grep -q '/cmake/QuarryOrm/QuarryOrmConfigVersion.cmake$' "$work/dev.files" ||
    fail "quarry-orm-dev lacks QuarryOrmConfigVersion.cmake"
grep -q '/libquarry-orm\.a$' "$work/dev.files" || fail "quarry-orm-dev lacks libquarry-orm.a"

# Everything `cmake --install` installs is in one of the two packages: an install() rule without
# COMPONENT Runtime or Development would be left out of both.
cmake --install "$build" --prefix "$work/all/usr" >/dev/null
(cd "$work/all" && find . ! -type d | sed 's#^\.##' | sort) >"$work/installed.files"
sort -u "$work/app.files" "$work/dev.files" >"$work/packaged.files"
missing=$(comm -23 "$work/installed.files" "$work/packaged.files")
if [ -n "$missing" ]; then
    fail "installed but in neither package (give their install() COMPONENT Runtime or Development):
$missing"
fi

step "dpkg -x into $work/root"
dpkg -x "$app_deb" "$work/root"
dpkg -x "$dev_deb" "$work/root"
quarry=$work/root/usr/bin/quarry

if readelf -d "$quarry" | grep -E 'RPATH|RUNPATH'; then
    fail "the installed binary has an RPATH (above)"
fi
if ldd "$quarry" | grep -E 'not found|/work/|build/'; then
    fail "the installed binary does not find its libraries on the system (above)"
fi

# Headless, as in a package test: no display at all.
export QT_QPA_PLATFORM=xcb DISPLAY='' WAYLAND_DISPLAY=''
step "quarry --version"
version=$("$quarry" --version) || fail "quarry --version failed"
echo "$version"
[[ $version == "Quarry "[0-9]* ]] || fail "quarry --version printed '$version'"
[[ $version == "Quarry $(dpkg-deb -f "$app_deb" Version | sed 's/-[^-]*$//')" ]] ||
    fail "quarry --version ($version) differs from the package version"

step "quarry init --demo 10 $work/x.db"
"$quarry" init --demo 10 "$work/x.db" || fail "quarry init --demo 10 failed"
users=$(sqlite3 "$work/x.db" 'SELECT count(*) FROM users;') || fail "sqlite3 cannot read the database"
echo "users: $users, posts: $(sqlite3 "$work/x.db" 'SELECT count(*) FROM posts;')"
[ "$users" = 10 ] || fail "expected 10 users, found '$users'"

step "desktop-file-validate"
desktop-file-validate "$work/root/usr/share/applications/$app_id.desktop" ||
    fail "desktop-file-validate failed"
icon=$(sed -n 's/^Icon=//p' "$work/root/usr/share/applications/$app_id.desktop")
[ -f "$work/root/usr/share/icons/hicolor/scalable/apps/$icon.svg" ] ||
    fail "the desktop entry's icon '$icon' is not installed"

step "appstreamcli validate --no-net"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/$app_id.metainfo.xml" ||
    fail "appstreamcli validate failed"

step "man page"
if command -v groff >/dev/null; then
    warnings=$(zcat "$work/root/usr/share/man/man1/quarry.1.gz" | groff -man -Tutf8 -ww -z 2>&1)
    [ -z "$warnings" ] || fail "groff warns about quarry.1: $warnings"
fi
zcat "$work/root/usr/share/man/man1/quarry.1.gz" | grep -q '^\.SH NAME' || fail "quarry.1 is not a man page"
# Every option --help lists is documented.
for command in "" init export import; do
    # shellcheck disable=SC2086  # no command: no argument
    for option in $("$quarry" $command --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
        zcat "$work/root/usr/share/man/man1/quarry.1.gz" | grep -qF -- "${option//-/\\-}" ||
            fail "quarry.1 does not document ${command:+$command }$option"
    done
done

if [ "$failures" -gt 0 ]; then
    echo "deb.sh: $failures check(s) failed" >&2
    exit 1
fi
echo "deb.sh: all checks passed ($(basename "$app_deb"): $(du -h "$app_deb" | cut -f1), $(basename "$dev_deb"): $(du -h "$dev_deb" | cut -f1))"
