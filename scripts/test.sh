#!/usr/bin/env bash
# Installs what is missing, builds native and WebAssembly targets, runs every test through ctest,
# then the whole native suite again under AddressSanitizer and UndefinedBehaviorSanitizer
# (build-san, clang) and each libFuzzer target for a fixed number of inputs (docs/testing.md).
# Extra arguments go to every ctest run (e.g. scripts/test.sh -R server_tests); with them, the
# fuzzing step is skipped. CRM_FUZZ=0 skips it too. Longer, exploratory fuzzing by time is
# scripts/fuzz.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh
scripts/build.sh
export NODE_PATH=/usr/share/nodejs
jobs=$(nproc)
ctest --test-dir build --output-on-failure -j "$jobs" "$@"
ctest --test-dir build-wasm --output-on-failure -j "$jobs" "$@"

# Sanitized native tree. Undefined behaviour aborts (-fno-sanitize-recover), so it fails a test.
CC=clang-14 CXX=clang++-14 cmake -S . -B build-san -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCRM_SANITIZE=ON -DCRM_FUZZ=ON >/dev/null
cmake --build build-san -j "$jobs"
export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
export ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-san --output-on-failure -j "$jobs" "$@"

if [ $# -gt 0 ] || [ "${CRM_FUZZ:-1}" = 0 ] || [ "${CRM_FUZZ_SECONDS:-1}" = 0 ]; then exit 0; fi
scripts/fuzz_gate.sh
