#!/usr/bin/env bash
# The installed package as its users meet it (issue 14): `cmake --install` to a scratch prefix;
# the library's ldconfig names and SONAME; `pkg-config --cflags --libs paiban`; the C example
# built with `cc $(pkg-config …)` renders the seed to the CLI's bytes; the installed CLI starts
# from the prefix through its RUNPATH; the installed Python module finds the installed library;
# and all of it still works after the prefix is moved.
# Usage: install_package_test.sh BUILD_DIR SOURCE_DIR WORK_DIR CLI CC [EXTRA_CFLAGS]
set -euo pipefail
build=$1 source=$2 work=$3 cli=$4 cc=$5 extra_cflags=${6:-}
fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in pkg-config readelf; do
  command -v "$tool" >/dev/null || fail "$tool is missing (Debian: pkg-config, binutils)"
done

rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
prefix=$work/prefix
libdir=$(dirname "$(find "$prefix" -name 'libpaiban.so.*.*.*' | head -n1)")
[[ -d $libdir ]] || fail "no libpaiban.so.X.Y.Z under $prefix"

# ldconfig's names: libpaiban.so → libpaiban.so.MAJOR → libpaiban.so.MAJOR.MINOR.PATCH, and the
# SONAME is the ABI version.
real=$(basename "$(readlink -f "$libdir/libpaiban.so")")
soname=$(readelf -d "$libdir/$real" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[[ $real =~ ^libpaiban\.so\.[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "libpaiban.so points to $real"
[[ $soname =~ ^libpaiban\.so\.[0-9]+$ ]] || fail "SONAME is '$soname'"
[[ $(readlink "$libdir/$soname") == "$real" ]] || fail "$soname does not link to $real"
echo "library: $real, SONAME $soname"

# The installed CLI's RUNPATH names its own folder, not the build tree.
runpath=$(readelf -d "$prefix/bin/paiban" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p')
[[ $runpath == '$ORIGIN/../'* ]] || fail "the installed CLI's RUNPATH is '$runpath'"
echo "CLI RUNPATH: $runpath"

# Neither the installed nor the build tree's CLI looks for its libraries in the folder it is run
# from (an empty RUNPATH entry, which CMake pads an edited RUNPATH with, means that folder): run
# from a folder holding a foreign library under libgcc_s's name, both start as usual.
mkdir -p "$work/planted"
foreign=$(ldd "$cli" | sed -n 's/^[[:space:]]*libz\.so\.1 => \([^ ]*\) .*/\1/p')
[[ -f $foreign ]] || fail "cannot find the libz the CLI loads"
cp "$foreign" "$work/planted/libgcc_s.so.1"
for program in "$prefix/bin/paiban" "$cli"; do
  rp=$(readelf -d "$program" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p')
  [[ ":$rp:" != *::* ]] || fail "$program's RUNPATH '$rp' has an empty entry: the current folder"
  (cd "$work/planted" && env -u LD_LIBRARY_PATH "$program" --help >/dev/null) ||
    fail "$program loaded a library from the folder it was run from"
done
echo "RUNPATHs: no entry for the current folder"

# An instrumented library needs the ASan runtime loaded before python3, which is not.
python_env=()
if [[ $extra_cflags == *address* ]]; then
  # libstdc++ too, so that ASan's __cxa_throw interceptor finds it (tests/capi/CMakeLists.txt).
  preload="$("$cc" -print-file-name=libasan.so) $("$cc" -print-file-name=libstdc++.so.6)"
  python_env=(LD_PRELOAD="$preload" ASAN_OPTIONS=detect_leaks=0)
fi

# The reference: the build tree's CLI.
env -u SOURCE_DATE_EPOCH "$cli" render "$source/samples/hongqi-2023/report.json" \
  -o "$work/cli.pdf" -o "$work/cli.docx"

check_prefix() {
  local prefix=$1 tag=$2
  local pc_dir
  pc_dir=$(dirname "$(find "$prefix" -name paiban.pc | head -n1)")
  [[ -f $pc_dir/paiban.pc ]] || fail "no paiban.pc under $prefix"
  local flags
  flags=$(PKG_CONFIG_PATH=$pc_dir pkg-config --cflags --libs paiban) ||
    fail "pkg-config --cflags --libs paiban failed"
  # The -I and -L folders, resolved, are the prefix's (paiban.pc names them from its own folder).
  local include_dir lib_dir
  include_dir=$(PKG_CONFIG_PATH=$pc_dir pkg-config --variable=includedir paiban)
  lib_dir=$(PKG_CONFIG_PATH=$pc_dir pkg-config --variable=libdir paiban)
  [[ $(readlink -f "$include_dir") == "$(readlink -f "$prefix/include")" &&
     -f $include_dir/paiban/paiban_c.h && -e $lib_dir/libpaiban.so &&
     $flags == *"-I$include_dir"* && $flags == *"-lpaiban"* ]] ||
    fail "pkg-config gives '$flags' for the prefix $prefix"
  echo "pkg-config ($tag): $flags"
  # shellcheck disable=SC2086  # the flags are words
  "$cc" -std=c11 -Wall -Wextra -Wpedantic -Werror $extra_cflags "$source/examples/c/render.c" \
    $flags -o "$work/render-$tag"
  # The library comes from the prefix (LD_LIBRARY_PATH), the fonts from the system.
  (cd "$source" && env -u SOURCE_DATE_EPOCH LD_LIBRARY_PATH="$(dirname "$pc_dir")" \
    "$work/render-$tag" samples/hongqi-2023/report.json "$work/c-$tag.pdf" "$work/c-$tag.docx")
  cmp "$work/cli.pdf" "$work/c-$tag.pdf" || fail "the C example's PDF differs from the CLI's"
  cmp "$work/cli.docx" "$work/c-$tag.docx" || fail "the C example's DOCX differs from the CLI's"
  echo "C example ($tag): PDF and DOCX identical to the CLI's"

  # The installed CLI, with no library path set: only its RUNPATH can find libpaiban.
  env -u LD_LIBRARY_PATH -u SOURCE_DATE_EPOCH "$prefix/bin/paiban" render \
    "$source/samples/hongqi-2023/report.json" -o "$work/installed-$tag.pdf" ||
    fail "the installed CLI does not run from $prefix"
  cmp "$work/cli.pdf" "$work/installed-$tag.pdf" || fail "the installed CLI's PDF differs"
  echo "installed CLI ($tag): runs from the prefix"

  # The installed Python module finds the installed library beside it (no PAIBAN_LIBRARY).
  if command -v python3 >/dev/null; then
    local site
    site=$(dirname "$(find "$prefix" -path '*/paiban/__init__.py' | head -n1)")
    env -u PAIBAN_LIBRARY -u LD_LIBRARY_PATH "${python_env[@]}" PYTHONPATH="$(dirname "$site")" \
      PYTHONDONTWRITEBYTECODE=1 python3 - "$work/cli.pdf" "$source" "$prefix" <<'PY' ||
import sys, paiban
pdf, source, prefix = sys.argv[1], sys.argv[2], sys.argv[3]
with open(source + "/samples/hongqi-2023/report.json", encoding="utf-8") as f:
    result = paiban.render(f.read(), formats=("pdf",), report_dir=source + "/samples/hongqi-2023")
assert result.ok, result.diagnostics
with open(pdf, "rb") as f:
    assert result.pdf == f.read(), "the Python module's PDF differs from the CLI's"
assert paiban.library_path().startswith(prefix + "/"), paiban.library_path()
PY
      fail "the installed Python module"
    echo "Python module ($tag): found $prefix's library, same PDF as the CLI"
  fi
}

check_prefix "$prefix" installed
mv "$prefix" "$work/moved"
check_prefix "$work/moved" moved
echo "ok"
