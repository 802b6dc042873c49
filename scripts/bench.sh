#!/usr/bin/env bash
# Benchmarks (not tests): figures are ratios against references measured in the same run.
# Usage: scripts/bench.sh [customers] [push batch] [load devices] [load seconds] [load think ms]
#   customers, push batch: sync_bench and the browser bench (default 100000, 500)
#   load devices, seconds, think ms: load_bench, simulated devices syncing at once against one
#   server (default 200 devices, 60 s, 3000 ms mean think time; 0 = no think time, saturating)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh
scripts/build.sh
build/tests/sync_bench "${1:-100000}" "${2:-500}"
# The same with two opportunities per customer (children with money, dates and a stage machine).
build/tests/sync_bench "$(( ${1:-100000} / 2 ))" "${2:-500}" sales
# The duplicate check on save (tests/bench/duplicate_bench.cpp).
build/tests/duplicate_bench "${1:-100000}"
# Scope derivation per record and schema rebuilds with custom fields (tests/bench/schema_bench.cpp).
build/tests/schema_bench
# Quote totals for a 200-line quote, native and in WebAssembly under Node (tests/bench/quote_bench.cpp).
build/tests/quote_bench 200
if [ -f build-wasm/tests/wasm/quote_bench_wasm.js ]; then node build-wasm/tests/wasm/quote_bench_wasm.js 200; fi
# Many devices at once (tests/bench/load_bench.cpp); more options: build/tests/load_bench --help.
build/tests/load_bench --devices "${3:-200}" --seconds "${4:-60}" --think-ms "${5:-3000}"
# Idle kept-alive connections one server holds (tests/bench/idle_bench.cpp).
build/tests/idle_bench --connections 10000
# The browser client in headless Chromium with the real wasm build (tests/bench/browser_bench.js).
node tests/bench/browser_bench.js "${1:-100000}"
# Storing and uploading a camera photo on the phone context (tests/bench/photo_bench.js).
node tests/bench/photo_bench.js 3
# The pipeline board, funnel and forecast after one edit, and first sync with opportunities (tests/bench/pipeline_bench.js).
node tests/bench/pipeline_bench.js "${1:-100000}"
# Payment collection after one receipt with 50,000 contracts (tests/bench/collection_bench.js).
node tests/bench/collection_bench.js 50000 100000
