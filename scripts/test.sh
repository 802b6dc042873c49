#!/usr/bin/env bash
# Installs what is missing, builds native and WebAssembly targets, runs every test through ctest,
# then the whole native suite again under AddressSanitizer and UndefinedBehaviorSanitizer
# (build-san, clang) and each libFuzzer target for a bounded time (docs/testing.md).
# Extra arguments go to every ctest run (e.g. scripts/test.sh -R server_tests); with them, the
# fuzzing step is skipped. CRM_FUZZ_SECONDS (default 30) is each fuzz target's time; 0 skips it.
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

fuzz_seconds=${CRM_FUZZ_SECONDS:-30}
if [ $# -gt 0 ] || [ "$fuzz_seconds" -eq 0 ]; then exit 0; fi
# Each target starts from its committed seed corpus with a fixed seed, so a run on the same code
# explores the same inputs (a red CI is reproducible; explore further by hand, docs/testing.md); what it finds goes to a scratch folder, and
# a crashing input to build-san/fuzz-artifacts/ (minimize it, then commit it to the corpus).
mkdir -p build-san/fuzz-artifacts
failed=()
for src in tests/fuzz/*_fuzz.cpp; do
  target=$(basename "$src" .cpp)
  scratch=$(mktemp -d)
  log=build-san/fuzz-artifacts/$target.log
  echo "fuzzing $target for ${fuzz_seconds}s"
  if build-san/tests/fuzz/"$target" -max_total_time="$fuzz_seconds" -seed=1 -dict=tests/fuzz/protocol.dict \
       -artifact_prefix=build-san/fuzz-artifacts/"$target"- -print_final_stats=1 \
       "$scratch" tests/fuzz/corpus/"$target" >"$log" 2>&1; then
    grep -E "^stat::number_of_executed_units|^stat::new_units_added" "$log" | tr -s ' \n' ' '
    echo
  else
    tail -n 60 "$log"
    failed+=("$target")
  fi
  rm -rf "$scratch"
done
# Every target runs even after one fails, so one known crash does not hide another.
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz targets failed: ${failed[*]}; inputs saved under build-san/fuzz-artifacts/" >&2
  exit 1
fi
