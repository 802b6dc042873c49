#!/usr/bin/env bash
# Builds the native tree (build/) and the WebAssembly tree (build-wasm/). Run scripts/setup.sh first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=$(nproc)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$jobs"
# Emscripten 3.1.6's JS optimizer needs acorn from Debian's node packages (TOOLCHAIN.md).
export NODE_PATH=/usr/share/nodejs
emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release -DCRM_SERVER_BIN="$root/build/sync_server/crm-server" >/dev/null
cmake --build build-wasm -j "$jobs"
