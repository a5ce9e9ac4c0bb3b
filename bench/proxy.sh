#!/usr/bin/env bash
# Proxy overhead benchmark: wrk for 30 s at 64 connections against one small static upstream,
# three ways: directly, through nginx proxy_pass, and through Tollgate on a bypass route.
# Needs: wrk and nginx (Debian packages wrk, nginx-light), a JDK. Runs everything on loopback
# and stops what it started. Usage: bench/proxy.sh [duration, default 30s] [connections, default 64]
# Extra JVM options for the gateway: TOLLGATE_JAVA_OPTS="-Dquarkus.vertx.event-loops-pool-size=2" bench/proxy.sh
# The previous build beside this one, in the same run: TOLLGATE_PREVIOUS_JAR=../old/target/quarkus-app/quarkus-run.jar
set -euo pipefail

DURATION=${1:-30s}
CONNECTIONS=${2:-64}
THREADS=2
UPSTREAM_PORT=18081
NGINX_PORT=18082
GATEWAY_PORT=18083
GATEWAY_MANAGEMENT_PORT=18084
PREVIOUS_PORT=18085
PREVIOUS_MANAGEMENT_PORT=18086

cd "$(dirname "$0")/.."
for tool in wrk nginx java; do
  command -v "$tool" >/dev/null || { echo "bench/proxy.sh needs $tool (apt-get install wrk nginx-light)"; exit 1; }
done

work=$(mktemp -d)
. bench/lib.sh
trap bench_stop EXIT

bench_nginx auto $UPSTREAM_PORT $NGINX_PORT

if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -q -B package -DskipTests
fi
gateway_pid=$(start_bypass_gateway target/quarkus-app/quarkus-run.jar $GATEWAY_PORT $GATEWAY_MANAGEMENT_PORT 256m \
  $UPSTREAM_PORT "$work/logs/gateway.log")
bench_pids+=("$gateway_pid")
wait_for_url "http://127.0.0.1:$GATEWAY_PORT/index.html" "$work/logs/gateway.log"
previous_pid=""
if [ -n "${TOLLGATE_PREVIOUS_JAR:-}" ]; then
  previous_pid=$(start_bypass_gateway "$TOLLGATE_PREVIOUS_JAR" $PREVIOUS_PORT $PREVIOUS_MANAGEMENT_PORT 256m \
    $UPSTREAM_PORT "$work/logs/previous.log")
  bench_pids+=("$previous_pid")
  wait_for_url "http://127.0.0.1:$PREVIOUS_PORT/index.html" "$work/logs/previous.log"
fi

echo "Warming up the JVM (10 s)..." >&2
wrk -t$THREADS -c"$CONNECTIONS" -d10s "http://127.0.0.1:$GATEWAY_PORT/index.html" > /dev/null
[ -n "$previous_pid" ] && wrk -t$THREADS -c"$CONNECTIONS" -d10s "http://127.0.0.1:$PREVIOUS_PORT/index.html" > /dev/null

# CPU per request: nginx's workers for direct and nginx (which also serves the page: subtract
# direct), each gateway's process for the others.
nginx_pids=$(nginx_workers "$work/nginx.pid")
results=$(
  MEASURE_PIDS="$nginx_pids" measure direct "http://127.0.0.1:$UPSTREAM_PORT/index.html"
  MEASURE_PIDS="$nginx_pids" measure nginx "http://127.0.0.1:$NGINX_PORT/index.html"
  MEASURE_PIDS="$gateway_pid" measure tollgate "http://127.0.0.1:$GATEWAY_PORT/index.html"
  [ -n "$previous_pid" ] && MEASURE_PIDS="$previous_pid" measure previous "http://127.0.0.1:$PREVIOUS_PORT/index.html"
)
errors=$(grep -h "Non-2xx\|Socket errors" "$work"/*.txt || true)

echo
echo "wrk: $THREADS threads, $CONNECTIONS connections, $DURATION, 1 KiB static page; $(nproc) cores shared by client and servers"
print_table path "$results"
nginx_rps=$(echo "$results" | awk '$1 == "nginx" {print $2}')
tollgate_rps=$(echo "$results" | awk '$1 == "tollgate" {print $2}')
echo
echo "Tollgate/nginx throughput ratio: $(awk -v t="$tollgate_rps" -v n="$nginx_rps" 'BEGIN {printf "%.2f", t / n}')"
if [ -n "$previous_pid" ]; then
  previous_rps=$(echo "$results" | awk '$1 == "previous" {print $2}')
  echo "Previous build/nginx throughput ratio: $(awk -v t="$previous_rps" -v n="$nginx_rps" 'BEGIN {printf "%.2f", t / n}')"
fi
[ -n "$errors" ] && { echo "wrk reported errors:"; echo "$errors"; }
exit 0
