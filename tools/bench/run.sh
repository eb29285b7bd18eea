#!/usr/bin/env bash
# Builds a release tree and runs the benchmarks: the warm, in-process ones (Google Benchmark,
# medians of 7 repetitions), then the cold CLI renders of the seed sample — to PDF, to DOCX and
# to both — as whole processes (tools/bench/timer.py: median of 20 runs after a warm-up).
# Batch and scaling figures: tools/bench/batch.sh and tools/bench/scale.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/setup.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DPAIBAN_BUILD_TESTS=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" --target paiban_bench paiban_cli >/dev/null
build-bench/tools/bench/paiban_bench --benchmark_repetitions=7 \
  --benchmark_report_aggregates_only=true "$@" | grep -E "median|Benchmark|^-"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
seed=samples/hongqi-2023/report.json
export SOURCE_DATE_EPOCH=1700000000
tools/bench/timer.py -n 20 --label "cold CLI, seed → PDF" -- \
  build-bench/tools/paiban render "$seed" -o "$out/seed.pdf"
tools/bench/timer.py -n 20 --label "cold CLI, seed → DOCX" -- \
  build-bench/tools/paiban render "$seed" -o "$out/seed.docx"
tools/bench/timer.py -n 20 --label "cold CLI, seed → PDF+DOCX" -- \
  build-bench/tools/paiban render "$seed" -o "$out/seed.pdf" -o "$out/seed.docx"
