#!/usr/bin/env bash
# Exploratory fuzzing by time, outside the CI gate (which runs a fixed number of inputs per target,
# scripts/test.sh): scripts/fuzz.sh [SECONDS] [TARGET...]. Default: 600 s for each target of
# tests/fuzz/. Uses build-san (scripts/test.sh builds it). New interesting inputs go to
# build-san/fuzz-found/<target>/ (kept between runs, so each run goes on from the last), crashing
# inputs to build-san/fuzz-artifacts/; minimize a crash and commit it to tests/fuzz/corpus/<target>/
# as regression_<what>.<ext> with its fix (docs/testing.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for src in tests/fuzz/*_fuzz.cpp; do targets+=("$(basename "$src" .cpp)"); done
fi
export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p build-san/fuzz-artifacts
status=0
for target in "${targets[@]}"; do
  found=build-san/fuzz-found/$target
  mkdir -p "$found"
  echo "fuzzing $target for ${seconds}s (new inputs in $found)"
  build-san/tests/fuzz/"$target" -max_total_time="$seconds" -dict=tests/fuzz/protocol.dict \
    -artifact_prefix=build-san/fuzz-artifacts/"$target"- -print_final_stats=1 \
    "$found" tests/fuzz/corpus/"$target" || status=1
done
exit $status
