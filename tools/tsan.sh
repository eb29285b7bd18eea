#!/usr/bin/env bash
# ThreadSanitizer: builds the library and the C API's thread test in build-tsan (its own tree:
# TSan cannot be combined with ASan) and runs it: one engine shared by four threads renders the
# seed, byte-identical to one thread, with no data race reported.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
  -DCMAKE_C_FLAGS_DEBUG="-O1 -g1" -DPAIBAN_TSAN=ON -DPAIBAN_BUILD_BENCH=OFF >/dev/null
cmake --build build-tsan -j"$(nproc)" --target c_api_threads_test
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/tsan.supp"
cd build-tsan
ctest --output-on-failure -R '^c_api_threads_test$' --timeout 600
