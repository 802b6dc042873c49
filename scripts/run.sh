#!/usr/bin/env bash
# Installs what is missing, builds, and starts the sync server with its embedded SQLite store in
# ./data, serving the web client. Creates a first admin user if there is none.
# Environment: CRM_HOST (default 127.0.0.1), CRM_PORT (default 8080), CRM_DATA (default ./data).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh
scripts/build.sh
host=${CRM_HOST:-127.0.0.1}
port=${CRM_PORT:-8080}
data=${CRM_DATA:-$root/data}
server=build/sync_server/crm-server
mkdir -p -m 700 "$data"  # private from the start (the server would tighten it and warn)
if [ -z "$("$server" user list --data "$data" | tail -n +2)" ]; then
  password=${CRM_ADMIN_PASSWORD:-$(head -c 12 /dev/urandom | base64 | tr -d '/+=' | head -c 16)}
  printf '%s\n' "$password" | "$server" user add admin --role admin --data "$data" >/dev/null
  echo "created user 'admin' with password: $password (shown once; change it with: $server user passwd admin --data $data)"
fi
static=(--static "$root/web")
[ -d build-wasm/client ] && static+=(--static "$root/build-wasm/client")
echo "data folder: $data"
exec "$server" serve --host "$host" --port "$port" --data "$data" "${static[@]}"
