#!/usr/bin/env bash
# Counts the instructions table pagination executes for 2,000 and 20,000 rows (issue 11: linear
# in rows), with Valgrind's callgrind around layout_document only (BM_TableRowsPagination, one
# iteration each; the tables are sized outside it). Time per row grows with the working set
# (the page model of 20,000 rows does not stay in the caches); the count shows the work itself.
# Usage: tools/bench/table_instructions.sh   (needs valgrind; builds build-bench when needed)
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v valgrind >/dev/null || { echo "table_instructions.sh needs valgrind (apt-get install valgrind)" >&2; exit 2; }
if [[ ! -x build-bench/tools/bench/paiban_bench ]]; then
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DPAIBAN_BUILD_TESTS=OFF >/dev/null
  cmake --build build-bench -j"$(nproc)" --target paiban_bench >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
declare -A count
for rows in 2000 20000; do
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.$rows" \
    '--toggle-collect=paiban::layout::layout_document*' \
    build-bench/tools/bench/paiban_bench --benchmark_filter="BM_TableRowsPagination/$rows\$" \
    --benchmark_min_time=0.001 >/dev/null 2>&1
  count[$rows]=$(callgrind_annotate "$work/cg.$rows" | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
  echo "pagination of $rows rows: ${count[$rows]} instructions, $(( count[$rows] / rows )) per row"
done
python3 -c "print(f'20,000 / 2,000 rows: {${count[20000]} / ${count[2000]}:.2f}x the instructions')"
