#!/usr/bin/env bash
# Installs what is missing, builds native and WebAssembly targets, runs every test through ctest.
# Extra arguments go to ctest (e.g. scripts/test.sh -R server_tests).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh
scripts/build.sh
export NODE_PATH=/usr/share/nodejs
jobs=$(nproc)
ctest --test-dir build --output-on-failure -j "$jobs" "$@"
ctest --test-dir build-wasm --output-on-failure -j "$jobs" "$@"
