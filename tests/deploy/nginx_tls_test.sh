#!/usr/bin/env bash
# The supported TLS deployment, run for real: Debian's nginx with deploy/nginx/crm.conf (ports,
# certificate and upstream rewritten for a temp folder) in front of crm-server started with
# --trusted-proxy 127.0.0.1. Checks: the app and the API over HTTPS with a self-signed
# certificate, HTTP redirected to HTTPS, HSTS, and that a client's own X-Forwarded-For does not
# reach the server (nginx replaces it), so spoofed addresses do not escape sign-in throttling.
# Usage: nginx_tls_test.sh CRM_SERVER_BINARY REPO_ROOT
set -euo pipefail
server_bin=$1
root=$2
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
  -keyout "$work/crm.key" -out "$work/crm.crt" 2>/dev/null
echo "violet tractor 17" | "$server_bin" user add alice --data "$work/data" >/dev/null
"$server_bin" serve --port 0 --port-file "$work/port" --data "$work/data" --static "$root/web" \
  --trusted-proxy 127.0.0.1 2>"$work/server.log" &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
upstream=$(cat "$work/port")
https_port=$(free_port)
http_port=$(free_port)

# The repository's config with this run's ports, certificate and upstream.
sed -e "s/server 127.0.0.1:8080;/server 127.0.0.1:$upstream;/" \
    -e "s/listen 443 ssl http2;/listen 127.0.0.1:$https_port ssl http2;/" -e "/listen \[::\]:443/d" \
    -e "s/listen 80;/listen 127.0.0.1:$http_port;/" -e "/listen \[::\]:80/d" \
    -e "s|/etc/crm/tls/|$work/|" -e "s|https://\$host\$request_uri|https://\$host:$https_port\$request_uri|" \
    "$root/deploy/nginx/crm.conf" > "$work/crm.conf"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  include $work/crm.conf;
}
CONF
"$nginx_bin" -p "$work" -c "$work/nginx.conf" -g 'daemon off;' &
pids+=($!)
for _ in $(seq 100); do curl -s -o /dev/null --cacert "$work/crm.crt" "https://127.0.0.1:$https_port/" && break; sleep 0.1; done

fail() { echo "FAIL: $*" >&2; exit 1; }
https=(curl -s --cacert "$work/crm.crt")
health=$("${https[@]}" "https://127.0.0.1:$https_port/api/v1/health")
[[ $health == *'"status":"ok"'* ]] || fail "health over HTTPS: $health"
head=$("${https[@]}" -D - -o /dev/null "https://127.0.0.1:$https_port/")
[[ $head == *"HTTP/2 200"* ]] || fail "the app over HTTPS: $head"
[[ $head == *"strict-transport-security"* ]] || fail "no HSTS: $head"
[[ $head == *"content-security-policy"* ]] || fail "no CSP through the proxy: $head"
redirect=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http_port/api/v1/health")
[[ $redirect == "301 https://"* ]] || fail "HTTP is not redirected: $redirect"

# Six failures with a different spoofed X-Forwarded-For each: nginx replaces the header, the server
# counts them all for the one real address, and the right password is then refused.
login() {
  "${https[@]}" -H "X-Forwarded-For: $2" -H 'Content-Type: application/json' \
    -d "{\"protocol\":1,\"username\":\"alice\",\"password\":\"$1\",\"device_id\":\"d1\"}" \
    "https://127.0.0.1:$https_port/api/v1/login"
}
for i in 1 2 3 4 5 6; do
  out=$(login wrong "10.9.9.$i")
  [[ $out == *invalid_credentials* ]] || fail "failure $i: $out"
done
out=$(login "violet tractor 17" "10.8.8.8")
[[ $out == *too_many_attempts* ]] || fail "a spoofed address escaped the throttle: $out"
echo "nginx TLS deployment: ok"
