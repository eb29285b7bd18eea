#!/usr/bin/env bash
# Sets up, builds (warnings are errors; AddressSanitizer + UndefinedBehaviorSanitizer on), and runs
# every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh --with-office
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
  -DPAIBAN_SANITIZE=ON -DPAIBAN_BUILD_BENCH=OFF >/dev/null
cmake --build build-test -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The distributed-engine test (tests/distributed) fails, rather than skips, without Dask.
export PAIBAN_REQUIRE_DISTRIBUTED=1
cd build-test
ctest --output-on-failure -j"$(nproc)" --timeout 600
