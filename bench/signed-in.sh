#!/usr/bin/env bash
# What a signed-in request costs: wrk for 30 s at 64 connections through the packaged gateway,
# on a bypass route and on a two_factor route with a valid session cookie (one Redis read per
# request), both to the same small static page served by nginx, beside nginx proxy_pass to that
# page as the reference. PostgreSQL and Redis are the embedded ones of the test stack.
# Needs: wrk, nginx (Debian packages wrk, nginx-light), a JDK.
# Usage: bench/signed-in.sh [duration, default 30s] [connections, default 64]
# The previous build beside this one, in the same run: TOLLGATE_PREVIOUS_JAR=../old/target/quarkus-app/quarkus-run.jar
set -euo pipefail

DURATION=${1:-30s}
CONNECTIONS=${2:-64}
THREADS=2
UPSTREAM_PORT=18181
GATEWAY_PORT=18183
GATEWAY_MANAGEMENT_PORT=18184
NGINX_PORT=18182
PREVIOUS_PORT=18185
PREVIOUS_MANAGEMENT_PORT=18186

cd "$(dirname "$0")/.."
for tool in wrk nginx java curl; do
  command -v "$tool" >/dev/null || { echo "bench/signed-in.sh needs $tool (apt-get install wrk nginx-light curl)"; exit 1; }
done

work=$(mktemp -d)
. bench/lib.sh
trap bench_stop EXIT

bench_nginx 1 $UPSTREAM_PORT $NGINX_PORT

./mvnw -q -B package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.tollgate.testing.bench.BenchStores "$work/stores.conf" > "$work/logs/stores.log" 2>&1 &
stores_pid=$!
bench_pids+=("$stores_pid")
for _ in $(seq 1 120); do [ -s "$work/stores.conf" ] && break; sleep 1; done
[ -s "$work/stores.conf" ] || { cat "$work/logs/stores.log"; exit 1; }
mapfile -t store_options < "$work/stores.conf"

password="bench-password-$(head -c 12 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9')"
crypto_key="$(head -c 32 /dev/urandom | base64)"
# start_gateway JAR PORT MANAGEMENT_PORT LOG [JVM OPTION...]: prints the pid
start_gateway() {
  TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD="$password" java -Xmx256m "${store_options[@]}" "${@:5}" \
    -Dquarkus.http.port="$2" -Dquarkus.management.port="$3" \
    -Dquarkus.log.level=WARN -Dquarkus.log.category.io.tollgate.level=INFO \
    -Dtollgate.crypto.keys.bench="$crypto_key" \
    -Dtollgate.session.secure=false -Dtollgate.policy.admins-required=false \
    -Dtollgate.bootstrap.admin-username=bench \
    -Dtollgate.routes.app.host='*' -Dtollgate.routes.app.policy=two_factor \
    -Dtollgate.routes.app.upstream=http://127.0.0.1:$UPSTREAM_PORT -Dtollgate.routes.app.pool-size=64 \
    -Dtollgate.routes.open.host='*' -Dtollgate.routes.open.path-prefix=/open -Dtollgate.routes.open.policy=bypass \
    -Dtollgate.routes.open.upstream=http://127.0.0.1:$UPSTREAM_PORT -Dtollgate.routes.open.pool-size=64 \
    -jar "$1" > "$4" 2>&1 &
  echo $!
}
# sign_in PORT: signs in as the bootstrap administrator (no TOTP asked: admins-required is off
# here) and prints the session cookie
sign_in() {
  local jar="$work/cookies-$1.txt" csrf session status
  csrf=$(curl -fs -c "$jar" -b "$jar" "http://127.0.0.1:$1/.tollgate/login" \
    | grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//; s/"$//')
  curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "username=bench" \
    --data-urlencode "password=$password" "http://127.0.0.1:$1/.tollgate/login"
  session=$(awk '$6 == "tollgate_session" {print $7}' "$jar")
  [ -n "$session" ] || { echo "sign-in failed on port $1" >&2; exit 1; }
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: tollgate_session=$session" \
    "http://127.0.0.1:$1/index.html")
  [ "$status" = "200" ] || { echo "the signed-in request on port $1 answered $status" >&2; exit 1; }
  echo "$session"
}

gateway_pid=$(start_gateway target/quarkus-app/quarkus-run.jar $GATEWAY_PORT $GATEWAY_MANAGEMENT_PORT "$work/logs/gateway.log")
bench_pids+=("$gateway_pid")
wait_for_url "http://127.0.0.1:$GATEWAY_PORT/open/index.html" "$work/logs/gateway.log"
session=$(sign_in $GATEWAY_PORT)
previous_pid=""
if [ -n "${TOLLGATE_PREVIOUS_JAR:-}" ]; then
  # The schema is this build's, already migrated: the previous build uses it as it is.
  previous_pid=$(start_gateway "$TOLLGATE_PREVIOUS_JAR" $PREVIOUS_PORT $PREVIOUS_MANAGEMENT_PORT "$work/logs/previous.log" \
    -Dquarkus.flyway.migrate-at-start=false)
  bench_pids+=("$previous_pid")
  wait_for_url "http://127.0.0.1:$PREVIOUS_PORT/open/index.html" "$work/logs/previous.log"
  previous_session=$(sign_in $PREVIOUS_PORT)
fi

echo "Warming up the JVM (10 s)..." >&2
wrk -t$THREADS -c"$CONNECTIONS" -d10s -H "Cookie: tollgate_session=$session" \
  "http://127.0.0.1:$GATEWAY_PORT/index.html" > /dev/null
[ -n "$previous_pid" ] && wrk -t$THREADS -c"$CONNECTIONS" -d10s -H "Cookie: tollgate_session=$previous_session" \
  "http://127.0.0.1:$PREVIOUS_PORT/index.html" > /dev/null
# CPU per request: nginx's workers (which also serve the page) for nginx, each gateway's process for the others.
nginx_pids=$(nginx_workers "$work/nginx.pid")
results=$(
  MEASURE_PIDS="$nginx_pids" measure nginx "http://127.0.0.1:$NGINX_PORT/index.html"
  MEASURE_PIDS="$gateway_pid" measure bypass "http://127.0.0.1:$GATEWAY_PORT/open/index.html"
  MEASURE_PIDS="$gateway_pid" measure signed-in "http://127.0.0.1:$GATEWAY_PORT/index.html" "Cookie: tollgate_session=$session"
  if [ -n "$previous_pid" ]; then
    MEASURE_PIDS="$previous_pid" measure prev-bypass "http://127.0.0.1:$PREVIOUS_PORT/open/index.html"
    MEASURE_PIDS="$previous_pid" measure prev-signed "http://127.0.0.1:$PREVIOUS_PORT/index.html" "Cookie: tollgate_session=$previous_session"
  fi
)
errors=$(grep -h "Non-2xx\|Socket errors" "$work"/*.txt || true)

echo
echo "wrk: $THREADS threads, $CONNECTIONS connections, $DURATION, 1 KiB static page; $(nproc) cores shared by client, gateway, Redis, PostgreSQL and nginx"
print_table route "$results"
nginx_rps=$(echo "$results" | awk '$1 == "nginx" {print $2}')
echo
echo "$results" | awk -v n="$nginx_rps" '$1 != "nginx" {printf "%s/nginx throughput ratio: %.2f\n", $1, $2 / n}'
[ -n "$errors" ] && { echo "wrk reported errors:"; echo "$errors"; }
exit 0
