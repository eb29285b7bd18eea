#!/usr/bin/env bash
# Sets up, builds, and renders every sample report to PDF and DOCX under out/.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DPAIBAN_BUILD_TESTS=OFF -DPAIBAN_BUILD_BENCH=OFF >/dev/null
cmake --build build -j"$(nproc)" --target paiban_cli >/dev/null
mkdir -p out
for report in samples/*/report.json; do
  name=$(basename "$(dirname "$report")")
  build/tools/paiban render "$report" -o "out/$name.pdf" -o "out/$name.docx"
  echo "rendered out/$name.pdf and out/$name.docx"
done
