#!/usr/bin/env bash
# The fuzzing step of scripts/test.sh, also runnable alone after build-san is built.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Each target runs a fixed number of inputs from its committed seed corpus with a fixed seed, so
# the gate explores the same inputs on a fast and a slow machine (a red run is reproducible with
# the same command). The counts keep the whole step at about 3-5 minutes on 2 busy cores; what a
# run finds goes to a scratch folder, a crashing input to build-san/fuzz-artifacts/ (minimize it,
# then commit it to the corpus).
declare -A fuzz_runs=(  # on 2 busy cores under ASan: 1 min 52 s for half these counts
  [message_decoder_fuzz]=300000
  [record_codec_fuzz]=240000
  [protocol_fuzz]=100000
  [merge_fuzz]=150000
  [api_service_fuzz]=40000  # sign-ins run argon2id
  [http_server_fuzz]=16000  # one TCP exchange each
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
