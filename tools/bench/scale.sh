#!/usr/bin/env bash
# Whole-process scaling figures (issue 13): 100 vs 1,000 pages of prose, a 100 KB vs a 1 MB
# paragraph without a break opportunity, and 8,000 pages, each rendered to PDF by the CLI.
# Prints median wall and CPU time and peak RSS of each, then the ratios the targets name
# (1,000 pages ≤ 11× 100 pages; 1 MB ≤ 12× 100 KB; 8,000 pages ≤ 8 s).
# Usage: tools/bench/scale.sh [RUNS]   (PAIBAN=path/to/paiban to time another build)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
if [[ -z "${PAIBAN:-}" ]]; then
  tools/setup.sh
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DPAIBAN_BUILD_TESTS=OFF >/dev/null
  cmake --build build-bench -j"$(nproc)" --target paiban_cli >/dev/null
  PAIBAN=build-bench/tools/paiban
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tools/bench/make_inputs.py "$work"
export SOURCE_DATE_EPOCH=1700000000
for name in prose-100 prose-1000 unbreakable-100k unbreakable-1m prose-8000; do
  n=$runs
  [[ $name == prose-8000 ]] && n=1
  tools/bench/timer.py -n "$n" --warmup 0 --label "$name → PDF" -- \
    "$PAIBAN" render "$work/$name.json" -o "$work/$name.pdf" | tee -a "$work/figures"
done
python3 - "$work/figures" <<'PY'
import re, sys
wall = {}
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"(\S+) → PDF: median ([\d.]+) ms wall", line)
    if m:
        wall[m.group(1)] = float(m.group(2))
print(f"1,000 / 100 pages: {wall['prose-1000'] / wall['prose-100']:.1f}×; "
      f"1 MB / 100 KB paragraph: {wall['unbreakable-1m'] / wall['unbreakable-100k']:.1f}×; "
      f"8,000 pages: {wall['prose-8000'] / 1000:.1f} s")
PY
