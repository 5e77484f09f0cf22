#!/usr/bin/env bash
# Builds the `memloop` wheel: dist/memloop-<version>-py3-none-manylinux_<glibc>_<arch>.whl
# holding the `memloop` executable (release, Swift standard library and Foundation linked
# statically with --static-swift-stdlib, jemalloc linked in from libjemalloc_pic.a,
# stripped), the system's libjemalloc.so.2 (preloaded into the loops it measures), the
# probe (memloop_probe) and the pytest plugin. Build backend: hatchling (Probe/pyproject.toml).
#
# The executable starts where no Swift toolchain and no libjemalloc are installed
# (Scripts/wheel_test.sh proves it with both hidden). The glibc in the tag is this
# machine's (`ldd --version`): the wheel installs on that glibc or newer.
#
# Usage: Scripts/wheel.sh [--output DIR]   (default dist/); prints the wheel's path last.
# Needs: swift, libjemalloc-dev (libjemalloc_pic.a), ld, strip, python3 with pip
# (hatchling is fetched by pip's isolated build unless it is installed already).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

output="$root/dist"
while [ "$#" -gt 0 ]; do
  case "$1" in
    --output) [ "$#" -ge 2 ] || { echo "wheel.sh: --output needs a folder" >&2; exit 64; }; output="$2"; shift 2 ;;
    *) echo "usage: Scripts/wheel.sh [--output DIR]" >&2; exit 64 ;;
  esac
done
mkdir -p "$output"
output="$(cd "$output" && pwd)"

fail() { echo "wheel.sh: $*" >&2; exit 1; }
for tool in swift ld strip python3 ldd; do
  command -v "$tool" >/dev/null || fail "$tool is missing"
done

# The system's jemalloc: the static archive to link, the shared library to bundle.
libdir="$(pkg-config --variable=libdir jemalloc 2>/dev/null || true)"
[ -n "$libdir" ] || libdir="/usr/lib/$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")"
archive="$libdir/libjemalloc_pic.a"
shared="$(readlink -f "$libdir/libjemalloc.so.2" || true)"
[ -f "$archive" ] || fail "$archive is missing: install libjemalloc-dev (Scripts/install-deps.sh)"
[ -f "$shared" ] || fail "$libdir/libjemalloc.so.2 is missing: install libjemalloc2 (Scripts/install-deps.sh)"

# 1. jemalloc as one relocatable object (see Package.swift, MEMLOOP_STATIC_JEMALLOC: an
#    archive's symbols would be made local by --static-swift-stdlib's --exclude-libs ALL).
scratch="$root/.build-wheel"
mkdir -p "$scratch/jemalloc"
object="$scratch/jemalloc/jemalloc.o"
ld -r --whole-archive "$archive" -o "$object.tmp"
mv "$object.tmp" "$object"

# 2. The executable. The one line left out of the build's output is a link-time notice of
#    glibc's about the toolchain's own libFoundationEssentials.a (it calls mktemp), not
#    about this project's code.
echo "== swift build -c release --static-swift-stdlib (jemalloc from $archive)" >&2
MEMLOOP_STATIC_JEMALLOC="$object" swift build -c release --static-swift-stdlib \
  --scratch-path "$scratch" --product memloop 2>&1 | grep -v "the use of \`mktemp' is dangerous" >&2
binary="$scratch/release/memloop"
[ -x "$binary" ] || fail "the build made no $binary"

# 3. Into the package, stripped; checked before it is packed.
bin="$root/Probe/src/memloop/_bin"
rm -rf "$bin"
trap 'rm -rf "$bin"' EXIT
mkdir -p "$bin"
strip -o "$bin/memloop" "$binary"
cp "$shared" "$bin/libjemalloc.so.2"
chmod 0755 "$bin/memloop"
chmod 0644 "$bin/libjemalloc.so.2"
libraries="$(ldd "$bin/memloop")"
if grep -Eiq "swift|foundation|dispatch|jemalloc|not found" <<<"$libraries"; then
  fail "the executable still needs a Swift, Foundation or jemalloc library:
$libraries"
fi
# (Whole outputs into variables, then grep: a reader that stops early under pipefail
# would make the writer's SIGPIPE the script's status.)
symbols="$(nm -D --defined-only "$bin/memloop")"
grep -Eq " T malloc$" <<<"$symbols" || fail "the executable does not export jemalloc's malloc"
version="$("$bin/memloop" --version)"
expected="$(python3 -c 'import tomllib; print(tomllib.load(open("Probe/pyproject.toml", "rb"))["project"]["version"])')"
[ "$version" = "$expected" ] || fail "memloop --version says $version but Probe/pyproject.toml says $expected"

# 4. The wheel, tagged for this machine's glibc and architecture.
glibc="$(ldd --version | sed -n '1s/.* \([0-9][0-9]*\.[0-9][0-9]*\)$/\1/p')"
[ -n "$glibc" ] || fail "cannot read the glibc version from ldd --version"
tag="py3-none-manylinux_${glibc%.*}_${glibc#*.}_$(uname -m)"
isolation=()
if python3 -c 'import hatchling' 2>/dev/null; then isolation=(--no-build-isolation); fi
rm -f "$output"/memloop-"$version"-*.whl
echo "== pip wheel ./Probe (hatchling), tag $tag" >&2
MEMLOOP_WHEEL_TAG="$tag" python3 -m pip wheel --quiet --no-deps --disable-pip-version-check "${isolation[@]}" \
  --wheel-dir "$output" "$root/Probe" >&2
rm -rf "$root/Probe/build"
wheel="$output/memloop-$version-$tag.whl"
[ -f "$wheel" ] || fail "pip made no $wheel: $(ls "$output")"
echo "wheel.sh: $(stat -c %s "$wheel") bytes; executable $(stat -c %s "$bin/memloop") bytes stripped; ldd:" >&2
sed 's/^/  /' <<<"$libraries" >&2
echo "$wheel"
