#!/usr/bin/env bash
# Forward-auth beside nginx: wrk through nginx auth_request → Tollgate's auth-request endpoint
# → the page, for a signed-in session and for a JWT caller, beside nginx proxy_pass alone,
# nginx auth_request to a static 200 (the floor of that design), and Tollgate in proxy mode
# with the same session and the same token — all in the same run, to the same 1 KiB page.
# PostgreSQL and Redis are the embedded ones of the test stack.
# Needs: wrk, nginx, openssl, curl (Debian packages), a JDK.
# Usage: bench/forward-auth.sh [duration, default 20s] [connections, default 64]
set -euo pipefail

DURATION=${1:-20s}
CONNECTIONS=${2:-64}
THREADS=2
UPSTREAM_PORT=18191
NGINX_PORT=18192
GATEWAY_PORT=18193
GATEWAY_MANAGEMENT_PORT=18194
AUTH_PORT=18195
FLOOR_PORT=18196

cd "$(dirname "$0")/.."
for tool in wrk nginx java curl openssl; do
  command -v "$tool" >/dev/null || { echo "bench/forward-auth.sh needs $tool (apt-get install wrk nginx openssl curl)"; exit 1; }
done

work=$(mktemp -d)
. bench/lib.sh
trap bench_stop EXIT

bench_nginx 1 $UPSTREAM_PORT $NGINX_PORT

# The bearer issuer: an RSA key pair, and a token signed with it (RS256, valid one hour).
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/issuer.key" 2>/dev/null
openssl pkey -in "$work/issuer.key" -pubout -out "$work/issuer.pem"
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
payload=$(printf '{"iss":"https://issuer.bench","aud":"bench","sub":"bench-bot","groups":["ci"],"iat":%d,"exp":%d}' \
  "$now" $((now + 3600)) | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$work/issuer.key" -binary | b64url)
token="$header.$payload.$signature"

./mvnw -q -B package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.tollgate.testing.bench.BenchStores "$work/stores.conf" > "$work/logs/stores.log" 2>&1 &
bench_pids+=("$!")
for _ in $(seq 1 120); do [ -s "$work/stores.conf" ] && break; sleep 1; done
[ -s "$work/stores.conf" ] || { cat "$work/logs/stores.log"; exit 1; }
mapfile -t store_options < "$work/stores.conf"

password="bench-password-$(head -c 12 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9')"
TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD="$password" java -Xmx256m "${store_options[@]}" \
  -Dquarkus.http.port=$GATEWAY_PORT -Dquarkus.management.port=$GATEWAY_MANAGEMENT_PORT \
  -Dquarkus.log.level=WARN -Dquarkus.log.category.io.tollgate.level=INFO \
  -Dtollgate.crypto.keys.bench="$(head -c 32 /dev/urandom | base64)" \
  -Dtollgate.session.secure=false -Dtollgate.policy.admins-required=false \
  -Dtollgate.bootstrap.admin-username=bench -Dtollgate.trusted-proxies=127.0.0.1/32 \
  -Dtollgate.bearer.issuers.bench.issuer=https://issuer.bench -Dtollgate.bearer.issuers.bench.audiences=bench \
  -Dtollgate.bearer.issuers.bench.public-key-location="$work/issuer.pem" \
  -Dtollgate.routes.app.host='*' -Dtollgate.routes.app.policy=two_factor \
  -Dtollgate.routes.app.upstream=http://127.0.0.1:$UPSTREAM_PORT -Dtollgate.routes.app.pool-size=64 \
  -Dtollgate.routes.open.host='*' -Dtollgate.routes.open.path-prefix=/open -Dtollgate.routes.open.policy=bypass \
  -Dtollgate.routes.open.upstream=http://127.0.0.1:$UPSTREAM_PORT \
  -jar target/quarkus-app/quarkus-run.jar > "$work/logs/gateway.log" 2>&1 &
gateway_pid=$!
bench_pids+=("$gateway_pid")
wait_for_url "http://127.0.0.1:$GATEWAY_PORT/open/index.html" "$work/logs/gateway.log"

# The documented nginx auth_request set-up, with keep-alive to Tollgate and to the page.
[ "$(id -u)" = "0" ] && user_line="user root root;" || user_line=""
cat > "$work/auth.conf" <<CONF
$user_line
worker_processes 1;
pid $work/auth.pid;
error_log $work/logs/auth-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/body; proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fcgi; uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  keepalive_requests 1000000;
  upstream tollgate { server 127.0.0.1:$GATEWAY_PORT; keepalive 64; }
  upstream app { server 127.0.0.1:$UPSTREAM_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$AUTH_PORT;
    location = /.tollgate-check {
      internal;
      proxy_pass http://tollgate/.tollgate/api/authz/auth-request;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header X-Original-URL \$scheme://\$http_host\$request_uri;
      proxy_set_header X-Original-Method \$request_method;
      proxy_set_header X-Forwarded-For \$remote_addr;
    }
    location / {
      auth_request /.tollgate-check;
      auth_request_set \$tollgate_user \$upstream_http_remote_user;
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Remote-User \$tollgate_user;
    }
  }
  server {
    listen 127.0.0.1:$FLOOR_PORT;
    location = /check { internal; return 200; }
    location / {
      auth_request /check;
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
CONF
nginx -c "$work/auth.conf"
for _ in $(seq 1 50); do [ -s "$work/auth.pid" ] && break; sleep 0.1; done
bench_pids+=("$(cat "$work/auth.pid")")

# sign_in: signs in as the bootstrap administrator (no TOTP asked: admins-required is off here)
jar="$work/cookies.txt"
csrf=$(curl -fs -c "$jar" -b "$jar" "http://127.0.0.1:$GATEWAY_PORT/.tollgate/login" \
  | grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//; s/"$//')
curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "username=bench" \
  --data-urlencode "password=$password" "http://127.0.0.1:$GATEWAY_PORT/.tollgate/login"
session=$(awk '$6 == "tollgate_session" {print $7}' "$jar")
[ -n "$session" ] || { echo "sign-in failed" >&2; exit 1; }
for check in "$GATEWAY_PORT|Cookie: tollgate_session=$session" "$GATEWAY_PORT|Authorization: Bearer $token" \
  "$AUTH_PORT|Cookie: tollgate_session=$session" "$AUTH_PORT|Authorization: Bearer $token"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "${check#*|}" "http://127.0.0.1:${check%%|*}/index.html")
  [ "$status" = "200" ] || { echo "port ${check%%|*} with ${check#*|%% *} answered $status" >&2; cat "$work/logs/gateway.log"; exit 1; }
done

echo "Warming up the JVM (15 s)..." >&2
wrk -t$THREADS -c"$CONNECTIONS" -d8s -H "Cookie: tollgate_session=$session" "http://127.0.0.1:$AUTH_PORT/index.html" > /dev/null
wrk -t$THREADS -c"$CONNECTIONS" -d7s -H "Authorization: Bearer $token" "http://127.0.0.1:$GATEWAY_PORT/index.html" > /dev/null

# CPU per request: the proxying nginx's workers for the nginx rows, Tollgate's process for the others.
proxy_nginx=$(nginx_workers "$work/nginx.pid")
auth_nginx=$(nginx_workers "$work/auth.pid")
results=$(
  MEASURE_PIDS="$proxy_nginx" measure direct "http://127.0.0.1:$UPSTREAM_PORT/index.html"
  MEASURE_PIDS="$proxy_nginx" measure nginx "http://127.0.0.1:$NGINX_PORT/index.html"
  MEASURE_PIDS="$auth_nginx" measure auth-floor "http://127.0.0.1:$FLOOR_PORT/index.html"
  MEASURE_PIDS="$gateway_pid" measure fa-session "http://127.0.0.1:$AUTH_PORT/index.html" "Cookie: tollgate_session=$session"
  MEASURE_PIDS="$gateway_pid" measure fa-jwt "http://127.0.0.1:$AUTH_PORT/index.html" "Authorization: Bearer $token"
  MEASURE_PIDS="$gateway_pid" measure px-session "http://127.0.0.1:$GATEWAY_PORT/index.html" "Cookie: tollgate_session=$session"
  MEASURE_PIDS="$gateway_pid" measure px-jwt "http://127.0.0.1:$GATEWAY_PORT/index.html" "Authorization: Bearer $token"
)
errors=$(grep -h "Non-2xx\|Socket errors" "$work"/*.txt || true)

echo
echo "wrk: $THREADS threads, $CONNECTIONS connections, $DURATION, 1 KiB static page; $(nproc) cores shared by client, gateway, Redis, PostgreSQL and nginx"
echo "fa-*: nginx auth_request -> Tollgate -> nginx page; px-*: Tollgate proxy mode; auth-floor: nginx auth_request -> static 200"
echo "CPU µs/req: Tollgate's process (fa-*, px-*); nginx's workers for direct, nginx (which also serves the page: subtract direct) and auth-floor"
print_table route "$results"
nginx_rps=$(echo "$results" | awk '$1 == "nginx" {print $2}')
floor_rps=$(echo "$results" | awk '$1 == "auth-floor" {print $2}')
echo
echo "$results" | awk -v n="$nginx_rps" -v f="$floor_rps" '$1 != "nginx" && $1 != "direct" {printf "%s: %.2f of nginx proxy_pass, %.2f of the auth_request floor\n", $1, $2 / n, $2 / f}'
[ -n "$errors" ] && { echo "wrk reported errors:"; echo "$errors"; }
exit 0
