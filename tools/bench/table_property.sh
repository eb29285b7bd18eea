#!/usr/bin/env bash
# The long run of the table property test (issue #11): COUNT generated tables (default 50,000)
# from SEED (default 11) laid out and checked — every cell read once, labels and header rows drawn
# again only whole, nothing outside the type area, no overlapping cells. The suite runs a short
# version of the same test.
#   tools/bench/table_property.sh [COUNT] [SEED]
set -euo pipefail
cd "$(dirname "$0")/../.."
count="${1:-50000}"
seed="${2:-11}"
test_binary=build-test/tests/layout/table_property_test
if [[ ! -x "$test_binary" ]]; then
  echo "build the tests first (tools/test.sh builds build-test)" >&2
  exit 1
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}"
PAIBAN_TABLE_PROPERTY_COUNT="$count" PAIBAN_TABLE_PROPERTY_SEED="$seed" "$test_binary"
