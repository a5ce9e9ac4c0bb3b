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
gateway_pid=""
previous_pid=""
cleanup() {
  [ -n "$gateway_pid" ] && kill "$gateway_pid" 2>/dev/null && wait "$gateway_pid" 2>/dev/null || true
  [ -n "$previous_pid" ] && kill "$previous_pid" 2>/dev/null && wait "$previous_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A small static page, like a legacy app's login page or a static asset.
mkdir -p "$work/www" "$work/logs"
head -c 1024 /dev/zero | tr '\0' 'x' > "$work/www/index.html"

user_line=""
[ "$(id -u)" = "0" ] && user_line="user root root;"
cat > "$work/nginx.conf" <<CONF
$user_line
worker_processes auto;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/body; proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fcgi; uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  keepalive_requests 1000000;
  upstream app { server 127.0.0.1:$UPSTREAM_PORT; keepalive 64; }
  server { listen 127.0.0.1:$UPSTREAM_PORT; root $work/www; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$remote_addr;
    }
  }
}
CONF
nginx -c "$work/nginx.conf"

if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -q -B package -DskipTests
fi
# The bypass route needs no store; they point at closed ports so nothing else runs.
# start_gateway JAR PORT MANAGEMENT_PORT LOG: prints the pid
start_gateway() {
  # shellcheck disable=SC2086
  java -Xmx256m ${TOLLGATE_JAVA_OPTS:-} \
    -Dquarkus.http.port="$2" -Dquarkus.management.port="$3" \
    -Dquarkus.log.level=WARN -Dquarkus.flyway.migrate-at-start=false \
    -Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:9/none \
    -Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:9/none \
    -Dquarkus.redis.hosts=redis://127.0.0.1:9 \
    -Dtollgate.crypto.keys.bench="$(head -c 32 /dev/urandom | base64)" \
    -Dtollgate.routes.bench.host='*' -Dtollgate.routes.bench.policy=bypass \
    -Dtollgate.routes.bench.upstream=http://127.0.0.1:$UPSTREAM_PORT \
    -Dtollgate.routes.bench.pool-size=64 \
    -jar "$1" > "$4" 2>&1 &
  echo $!
}
wait_for() {
  for _ in $(seq 1 60); do
    curl -fs -o /dev/null "http://127.0.0.1:$1/index.html" && return 0
    sleep 1
  done
  cat "$2"
  exit 1
}
gateway_pid=$(start_gateway target/quarkus-app/quarkus-run.jar $GATEWAY_PORT $GATEWAY_MANAGEMENT_PORT "$work/logs/gateway.log")
wait_for $GATEWAY_PORT "$work/logs/gateway.log"
if [ -n "${TOLLGATE_PREVIOUS_JAR:-}" ]; then
  previous_pid=$(start_gateway "$TOLLGATE_PREVIOUS_JAR" $PREVIOUS_PORT $PREVIOUS_MANAGEMENT_PORT "$work/logs/previous.log")
  wait_for $PREVIOUS_PORT "$work/logs/previous.log"
fi

. bench/lib.sh

echo "Warming up the JVM (10 s)..." >&2
wrk -t$THREADS -c"$CONNECTIONS" -d10s "http://127.0.0.1:$GATEWAY_PORT/index.html" > /dev/null
[ -n "$previous_pid" ] && wrk -t$THREADS -c"$CONNECTIONS" -d10s "http://127.0.0.1:$PREVIOUS_PORT/index.html" > /dev/null

results=$(
  measure direct "http://127.0.0.1:$UPSTREAM_PORT/index.html"
  measure nginx "http://127.0.0.1:$NGINX_PORT/index.html"
  measure tollgate "http://127.0.0.1:$GATEWAY_PORT/index.html"
  [ -n "$previous_pid" ] && measure previous "http://127.0.0.1:$PREVIOUS_PORT/index.html"
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
