#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang, AddressSanitizer and UBSan in build-fuzz,
# then fuzzes each for a bounded time, starting from the checked-in seeds and the samples.
#
# Usage: tools/fuzz.sh [--ci] [--seconds N] [TARGET...]
#   --ci          30 s per target (CI: the whole run, clang build included, stays within five
#                 minutes); otherwise 600 s per target (a nightly run)
#   --seconds N   N seconds per target
#   TARGET        read_report, import, style, render, table, cff (default: all)
#
# A crash, hang, leak or sanitizer report stops that target and leaves its input in
# build-fuzz/artifacts/TARGET/; copy it into tests/fuzz/corpus/TARGET/ with the fix, and ctest
# replays it from then on (fuzz_replay_TARGET in the ordinary test build).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=600
targets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --ci) seconds=30 ;;
    --seconds) seconds="$2"; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) targets+=("$1") ;;
  esac
  shift
done
[[ ${#targets[@]} -eq 0 ]] && targets=(read_report import style render table cff)

tools/setup.sh
# ccache (when installed) keeps the clang build of a CI run to a few seconds once the tree has
# been built before: the --ci run must stay within five minutes, build included.
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
fi
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DPAIBAN_FUZZ=ON -DPAIBAN_BUILD_TESTS=OFF \
  -DPAIBAN_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

declare -A max_len=([read_report]=65536 [import]=65536 [style]=16384 [render]=16384 [table]=2048 [cff]=16384)
failed=()
for t in "${targets[@]}"; do
  work=build-fuzz/corpus/$t        # grows across runs: new inputs libFuzzer finds
  seeds=build-fuzz/seeds/$t
  artifacts=build-fuzz/artifacts/$t/
  rm -rf "$seeds"
  mkdir -p "$work" "$seeds" "$artifacts"
  while IFS= read -r seed; do
    [[ -z "$seed" ]] && continue
    if [[ -d "$seed" ]]; then
      find "$seed" -type f -exec cp -t "$seeds" {} +
    elif [[ -f "$seed" ]]; then
      cp "$seed" "$seeds/$(basename "$(dirname "$seed")")-$(basename "$seed")"
    fi
  done < "build-fuzz/tests/fuzz/fuzz_$t.seeds"
  echo "fuzz $t: ${seconds}s"
  if ! "build-fuzz/tests/fuzz/fuzz_$t" "$work" "$seeds" -dict=tests/fuzz/paiban.dict \
      -max_total_time="$seconds" -max_len="${max_len[$t]}" -timeout=20 -rss_limit_mb=2560 \
      -artifact_prefix="$artifacts" -print_final_stats=1 2>"build-fuzz/fuzz-$t.log"; then
    tail -n 60 "build-fuzz/fuzz-$t.log" >&2
    echo "fuzz $t: FAILED; the input is in $artifacts" >&2
    failed+=("$t")
  else
    grep -E '^stat::number_of_executed_units|^Done' "build-fuzz/fuzz-$t.log" || true
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzzing found problems in: ${failed[*]}" >&2
  exit 1
fi
