#!/usr/bin/env bash
# The ORM as a library: installs the Development component of a build tree (libquarry-orm.a, the
# headers, QuarryOrmConfig.cmake: what the quarry-orm-dev package holds) into a temporary prefix,
# configures examples/seed against it with CMAKE_PREFIX_PATH, builds it and runs it on a
# temporary SQLite file. The example must find QuarryOrm in that prefix and nowhere else, and
# include nothing from the source tree.
#
#   tests/packaging/seed_example.sh BUILD_DIR SOURCE_DIR [EXTRA_CXX_FLAGS]
set -euo pipefail

build=$(cd "$1" && pwd)
source=$(cd "$2" && pwd)
flags=${3:-}

work=$(mktemp -d "${TMPDIR:-/tmp}/quarry-seed.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

echo "== cmake --install $build --prefix $prefix --component Development"
cmake --install "$build" --prefix "$prefix" --component Development
echo "installed headers: $(find "$prefix/include" -name '*.h' | wc -l)"

echo "== configure examples/seed"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$source/examples/seed" -B "$work/build" "${generator[@]}" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
    ${flags:+"-DCMAKE_CXX_FLAGS=$flags" "-DCMAKE_EXE_LINKER_FLAGS=$flags"}

found=$(sed -n 's/^QuarryOrm_DIR:PATH=//p' "$work/build/CMakeCache.txt")
case $found in
"$prefix"/*) echo "QuarryOrm_DIR=$found" ;;
*)
    echo "seed_example.sh: FAIL: QuarryOrm was found in '$found', not in $prefix" >&2
    exit 1
    ;;
esac

echo "== build"
cmake --build "$work/build" --parallel 2
if grep -F -e "$source/orm" -e "-I$source" "$work/build/compile_commands.json"; then
    echo "seed_example.sh: FAIL: the example was compiled against the source tree (above)" >&2
    exit 1
fi

echo "== run (in $work)"
cd "$work"
"$work/build/seed"
