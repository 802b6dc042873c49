#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian bookworm machine, idempotently.
# Debian packages via apt, npm packages and third-party sources into third_party/ (git-ignored).
# Quiet when everything is already there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tp="$root/third_party"

# Pinned versions. better-sqlite3 12.11.1 carries the SQLite 3.53.2 amalgamation.
BETTER_SQLITE3_VERSION=12.11.1
PLAYWRIGHT_CORE_VERSION=1.64.1

APT_PACKAGES=(
  build-essential cmake pkg-config xz-utils dpkg-dev ca-certificates sqlite3
  nlohmann-json3-dev rapidjson-dev catch2 librapidcheck-dev libsodium-dev
  libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev
  libboost1.74-dev cracklib-runtime nginx-light openssl curl
  emscripten nodejs node-acorn
  clang-14 llvm-14 libclang-rt-14-dev
  chromium fonts-wqy-microhei fonts-font-awesome
  python3 unicode-data
)

sudo_if() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
log() { echo "setup: $*" >&2; }

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  sudo_if apt-get update -qq
  sudo_if env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$tp"

# SQLite amalgamation: one version for native and wasm, taken from the pinned npm package.
if [ ! -f "$tp/sqlite/sqlite3.c" ] || ! grep -q "$BETTER_SQLITE3_VERSION" "$tp/sqlite/.pinned" 2>/dev/null; then
  log "fetching SQLite amalgamation (better-sqlite3@$BETTER_SQLITE3_VERSION)"
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent "better-sqlite3@$BETTER_SQLITE3_VERSION" >/dev/null 2>&1)
  tar -xzf "$work"/better-sqlite3-*.tgz -C "$work" package/deps/sqlite3/sqlite3.c package/deps/sqlite3/sqlite3.h
  mkdir -p "$tp/sqlite"
  cp "$work/package/deps/sqlite3/sqlite3.c" "$work/package/deps/sqlite3/sqlite3.h" "$tp/sqlite/"
  echo "$BETTER_SQLITE3_VERSION" > "$tp/sqlite/.pinned"
  rm -rf "$work"
fi

# Dear ImGui 1.86 sources (with backends) from Debian's source package; the -dev package has no .cpp files.
if [ ! -f "$tp/imgui/imgui.cpp" ]; then
  log "fetching Dear ImGui sources (Debian source package imgui)"
  src=/etc/apt/sources.list.d/debian.sources
  if [ -f "$src" ] && ! grep -rqs "deb-src" /etc/apt/sources.list.d/ /etc/apt/sources.list; then
    sed 's/^Types: deb$/Types: deb-src/' "$src" | sudo_if tee /etc/apt/sources.list.d/debian-src.sources >/dev/null
    sudo_if apt-get update -qq
  fi
  work=$(mktemp -d)
  (cd "$work" && apt-get source --download-only -qq imgui >/dev/null 2>&1)
  mkdir -p "$tp/imgui"
  tar -xJf "$work"/imgui_*.orig.tar.xz -C "$tp/imgui" --strip-components=1
  rm -rf "$work"
fi

# playwright-core drives Debian's chromium in the browser tests (no browser download).
if [ ! -f "$tp/node_modules/playwright-core/package.json" ] || \
   ! grep -q "\"version\": \"$PLAYWRIGHT_CORE_VERSION\"" "$tp/node_modules/playwright-core/package.json"; then
  log "installing playwright-core@$PLAYWRIGHT_CORE_VERSION"
  (cd "$tp" && [ -f package.json ] || echo '{"name":"crm-third-party","private":true}' > "$tp/package.json"
   cd "$tp" && npm install --silent --no-audit --no-fund "playwright-core@$PLAYWRIGHT_CORE_VERSION" >/dev/null 2>&1)
fi
