#!/usr/bin/env bash
# Benchmarks (not tests): figures are ratios against references measured in the same run.
# Usage: scripts/bench.sh [customers] [push batch]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh
scripts/build.sh
build/tests/sync_bench "${1:-100000}" "${2:-500}"
# The browser client in headless Chromium with the real wasm build (tests/bench/browser_bench.js).
node tests/bench/browser_bench.js "${1:-100000}"
