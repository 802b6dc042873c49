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
# Each target runs a fixed number of inputs from its committed seed corpus with a fixed seed, so
# the gate explores the same inputs on a fast and a slow machine (a red run is reproducible with
# the same command). The counts keep the whole step at about 3-5 minutes on 2 busy cores; what a
# run finds goes to a scratch folder, a crashing input to build-san/fuzz-artifacts/ (minimize it,
# then commit it to the corpus).
declare -A fuzz_runs=(
  [message_decoder_fuzz]=150000
  [record_codec_fuzz]=150000
  [protocol_fuzz]=150000
  [merge_fuzz]=60000
  [api_service_fuzz]=3000
  [http_server_fuzz]=6000
)
mkdir -p build-san/fuzz-artifacts
failed=()
for src in tests/fuzz/*_fuzz.cpp; do
  target=$(basename "$src" .cpp)
  runs=${fuzz_runs[$target]:-20000}
  scratch=$(mktemp -d)
  log=build-san/fuzz-artifacts/$target.log
  echo "fuzzing $target for $runs inputs"
  start=$SECONDS
  if build-san/tests/fuzz/"$target" -runs="$runs" -seed=1 -dict=tests/fuzz/protocol.dict \
       -artifact_prefix=build-san/fuzz-artifacts/"$target"- -print_final_stats=1 \
       "$scratch" tests/fuzz/corpus/"$target" >"$log" 2>&1; then
    grep -E "^stat::number_of_executed_units|^stat::new_units_added" "$log" | tr -s ' \n' ' '
    echo "($((SECONDS - start)) s)"
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
