#!/usr/bin/env bash
# What proxying through Tollgate costs, every way side by side in one run, to the same 1 KiB
# page served by nginx: direct; nginx proxy_pass, HAProxy and a bare Vert.x forwarder (the
# references); Tollgate on a bypass route, with a signed-in two_factor session, and with a JWT
# caller; nginx auth_request to Tollgate's auth-request endpoint (session and JWT) beside nginx
# auth_request to a static 200 in nginx itself and to an empty 200 from another server (the
# floors of that design, without and with the hop). Each row runs twice, interleaved; each JVM
# is warmed 15 s.
# PostgreSQL and Redis are the embedded ones of the test stack.
# Needs: wrk, nginx, haproxy, openssl, curl (Debian packages), a JDK.
# Usage: bench/proxy.sh [duration, default 20s] [connections, default 64]
# Extra JVM options for the gateway: TOLLGATE_JAVA_OPTS="-Dquarkus.vertx.event-loops-pool-size=2" bench/proxy.sh
# The previous build beside this one (bypass, session and JWT rows), in the same run:
#   TOLLGATE_PREVIOUS_JAR=../old/target/quarkus-app/quarkus-run.jar bench/proxy.sh
set -euo pipefail

DURATION=${1:-20s}
CONNECTIONS=${2:-64}
THREADS=2
UPSTREAM_PORT=18081
NGINX_PORT=18082
GATEWAY_PORT=18083
GATEWAY_MANAGEMENT_PORT=18084
PREVIOUS_PORT=18085
PREVIOUS_MANAGEMENT_PORT=18086
AUTH_PORT=18087
FLOOR_PORT=18088
HAPROXY_PORT=18089
VERTX_PORT=18090
HOP_FLOOR_PORT=18091

cd "$(dirname "$0")/.."
for tool in wrk nginx haproxy java curl openssl; do
  command -v "$tool" >/dev/null || { echo "bench/proxy.sh needs $tool (apt-get install wrk nginx haproxy openssl curl)"; exit 1; }
done

work=$(mktemp -d)
. bench/lib.sh
trap bench_stop EXIT

bench_nginx 1 $UPSTREAM_PORT $NGINX_PORT
bench_haproxy $HAPROXY_PORT $UPSTREAM_PORT
token=$(bench_token)
bench_stores_start
bench_auth_nginx $AUTH_PORT $FLOOR_PORT $GATEWAY_PORT $UPSTREAM_PORT $HOP_FLOOR_PORT
java -Xmx256m -cp "target/test-classes:$(cat target/bench-classpath.txt)" io.tollgate.testing.bench.BareForwarder \
  $VERTX_PORT $UPSTREAM_PORT > "$work/logs/vertx.log" 2>&1 &
vertx_pid=$!
bench_pids+=("$vertx_pid")
wait_for_url "http://127.0.0.1:$VERTX_PORT/index.html" "$work/logs/vertx.log"

password="bench-password-$(head -c 12 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9')"
crypto_key="$(head -c 32 /dev/urandom | base64)"
gateway_pid=$(bench_gateway target/quarkus-app/quarkus-run.jar $GATEWAY_PORT $GATEWAY_MANAGEMENT_PORT \
  $UPSTREAM_PORT "$work/logs/gateway.log")
bench_pids+=("$gateway_pid")
wait_for_url "http://127.0.0.1:$GATEWAY_PORT/open/index.html" "$work/logs/gateway.log"
session=$(bench_sign_in $GATEWAY_PORT)
previous_pid=""
if [ -n "${TOLLGATE_PREVIOUS_JAR:-}" ]; then
  # The schema is this build's, already migrated: the previous build uses it as it is.
  previous_pid=$(bench_gateway "$TOLLGATE_PREVIOUS_JAR" $PREVIOUS_PORT $PREVIOUS_MANAGEMENT_PORT $UPSTREAM_PORT \
    "$work/logs/previous.log" -Dquarkus.flyway.migrate-at-start=false)
  bench_pids+=("$previous_pid")
  wait_for_url "http://127.0.0.1:$PREVIOUS_PORT/open/index.html" "$work/logs/previous.log"
  previous_session=$(bench_sign_in $PREVIOUS_PORT)
fi
for check in "$GATEWAY_PORT|Cookie: tollgate_session=$session" "$GATEWAY_PORT|Authorization: Bearer $token" \
  "$AUTH_PORT|Cookie: tollgate_session=$session" "$AUTH_PORT|Authorization: Bearer $token" "$HAPROXY_PORT|X-Bench: 1" \
  "$HOP_FLOOR_PORT|X-Bench: 1" "$VERTX_PORT|X-Bench: 1"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "${check#*|}" "http://127.0.0.1:${check%%|*}/index.html")
  [ "$status" = "200" ] || { echo "port ${check%%|*} answered $status" >&2; cat "$work/logs/gateway.log"; exit 1; }
done

echo "Warming up the JVMs (15 s each)..." >&2
wrk -t$THREADS -c"$CONNECTIONS" -d8s -H "Cookie: tollgate_session=$session" "http://127.0.0.1:$AUTH_PORT/index.html" > /dev/null
wrk -t$THREADS -c"$CONNECTIONS" -d7s -H "Authorization: Bearer $token" "http://127.0.0.1:$GATEWAY_PORT/index.html" > /dev/null
wrk -t$THREADS -c"$CONNECTIONS" -d15s "http://127.0.0.1:$VERTX_PORT/index.html" > /dev/null
if [ -n "$previous_pid" ]; then
  wrk -t$THREADS -c"$CONNECTIONS" -d8s -H "Cookie: tollgate_session=$previous_session" "http://127.0.0.1:$PREVIOUS_PORT/index.html" > /dev/null
  wrk -t$THREADS -c"$CONNECTIONS" -d7s -H "Authorization: Bearer $token" "http://127.0.0.1:$PREVIOUS_PORT/index.html" > /dev/null
fi

# CPU per request: the proxying process for each row (nginx's workers, which also serve the
# page for "direct" and "nginx": subtract direct; HAProxy; the gateway's JVM).
proxy_nginx=$(nginx_workers "$work/nginx.pid")
auth_nginx=$(nginx_workers "$work/auth.pid")
haproxy_pid=$(cat "$work/haproxy.pid")
one_round() {
  MEASURE_PIDS="$proxy_nginx" measure "direct$1" "http://127.0.0.1:$UPSTREAM_PORT/index.html"
  MEASURE_PIDS="$proxy_nginx" measure "nginx$1" "http://127.0.0.1:$NGINX_PORT/index.html"
  MEASURE_PIDS="$haproxy_pid" measure "haproxy$1" "http://127.0.0.1:$HAPROXY_PORT/index.html"
  MEASURE_PIDS="$vertx_pid" measure "vertx$1" "http://127.0.0.1:$VERTX_PORT/index.html"
  MEASURE_PIDS="$gateway_pid" measure "bypass$1" "http://127.0.0.1:$GATEWAY_PORT/open/index.html"
  MEASURE_PIDS="$gateway_pid" measure "session$1" "http://127.0.0.1:$GATEWAY_PORT/index.html" "Cookie: tollgate_session=$session"
  MEASURE_PIDS="$gateway_pid" measure "jwt$1" "http://127.0.0.1:$GATEWAY_PORT/index.html" "Authorization: Bearer $token"
  MEASURE_PIDS="$auth_nginx" measure "auth-floor$1" "http://127.0.0.1:$FLOOR_PORT/index.html"
  MEASURE_PIDS="$auth_nginx" measure "auth-hop$1" "http://127.0.0.1:$HOP_FLOOR_PORT/index.html"
  MEASURE_PIDS="$gateway_pid" measure "fa-session$1" "http://127.0.0.1:$AUTH_PORT/index.html" "Cookie: tollgate_session=$session"
  MEASURE_PIDS="$gateway_pid" measure "fa-jwt$1" "http://127.0.0.1:$AUTH_PORT/index.html" "Authorization: Bearer $token"
  if [ -n "$previous_pid" ]; then
    MEASURE_PIDS="$previous_pid" measure "prev-bypass$1" "http://127.0.0.1:$PREVIOUS_PORT/open/index.html"
    MEASURE_PIDS="$previous_pid" measure "prev-session$1" "http://127.0.0.1:$PREVIOUS_PORT/index.html" "Cookie: tollgate_session=$previous_session"
    MEASURE_PIDS="$previous_pid" measure "prev-jwt$1" "http://127.0.0.1:$PREVIOUS_PORT/index.html" "Authorization: Bearer $token"
  fi
}
results=$(one_round .1; one_round .2)
errors=$(grep -h "Non-2xx\|Socket errors" "$work"/*.txt || true)

echo
echo "wrk: $THREADS threads, $CONNECTIONS connections, $DURATION per row, each row twice (.1, .2), 1 KiB static page;"
echo "$(nproc) cores shared by client, gateway, Redis, PostgreSQL, nginx and HAProxy; $(java -version 2>&1 | head -1)"
echo "vertx: a bare Vert.x forwarder (HttpServer + HttpClient, nothing else); session, jwt, bypass: Tollgate proxy mode"
echo "fa-*: nginx auth_request -> Tollgate -> page; auth-floor: nginx auth_request -> static 200 in nginx;"
echo "auth-hop: nginx auth_request -> an empty 200 from another nginx over keep-alive (an auth service doing nothing)"
echo "CPU µs/req: the proxying process (the gateway's JVM for Tollgate rows; nginx's workers for direct, nginx (minus direct), auth-floor and auth-hop)"
print_table route "$results"
echo
echo "$results" | awk '
  { split($1, p, "."); round = p[2]; rps[$1] = $2 }
  $1 ~ /^nginx\./ { nginx[round] = $2 }
  $1 ~ /^auth-floor\./ { floor[round] = $2 }
  $1 ~ /^auth-hop\./ { hop[round] = $2 }
  $1 ~ /^vertx\./ { vertx[round] = $2 }
  END {
    for (name in rps) {
      split(name, p, "."); r = p[2]
      if (name ~ /^(direct|nginx)\./) continue
      line = sprintf("%-16s %.2f of nginx proxy_pass", name, rps[name] / nginx[r])
      if (name ~ /^(bypass|session|jwt|prev-)/) line = line sprintf(", %.2f of the bare Vert.x forwarder", rps[name] / vertx[r])
      if (name ~ /^fa-/) line = line sprintf(", %.2f of the auth_request floor, %.2f of the floor with a hop", rps[name] / floor[r], rps[name] / hop[r])
      print line
    }
  }' | sort
[ -n "$errors" ] && { echo "wrk reported errors:"; echo "$errors"; }
exit 0
