#!/usr/bin/env bash
# Builds a release tree and runs the benchmarks; figures are medians of 7 repetitions. Also
# times a cold `paiban render` of the seed sample with hyperfine (median of 10 runs).
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/setup.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DPAIBAN_BUILD_TESTS=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" --target paiban_bench paiban_cli >/dev/null
build-bench/tools/bench/paiban_bench --benchmark_repetitions=7 \
  --benchmark_report_aggregates_only=true "$@" | grep -E "median|Benchmark|^-"
if command -v hyperfine >/dev/null; then
  out=$(mktemp -d)
  hyperfine -N --warmup 1 --runs 10 --export-json "$out/cold.json" \
    "build-bench/tools/paiban render samples/hongqi-2023/report.json -o $out/seed.pdf" >/dev/null
  python3 -c "import json,sys; r=json.load(open('$out/cold.json'))['results'][0]; print('cold CLI render (seed → PDF): median %.1f ms over %d runs' % (r['median']*1000, len(r['times'])))"
  rm -rf "$out"
else
  echo "hyperfine is not installed (apt-get install hyperfine) — skipping the cold-start timing"
fi
