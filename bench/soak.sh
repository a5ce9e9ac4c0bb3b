#!/usr/bin/env bash
# Soak test: a bounded load through the packaged gateway with a small heap, to show that
# nothing accumulates. nginx serves a 1 KiB static page; Tollgate (-Xmx128m) proxies it on a
# bypass route; wrk runs one minute at a time for the whole duration. Before the load, after
# every minute and at the end, a full GC is forced (jcmd GC.run) and the heap used after it
# and the live RoutingContext count (one per request in flight) are printed, with each
# minute's req/s. A flat heap and a steady rate pass; a growing heap or a falling rate is a leak.
# Needs: wrk and nginx (Debian packages wrk, nginx-light), a JDK (java, jcmd).
# Usage: bench/soak.sh [minutes, default 5] [connections, default 64]
# Extra JVM options for the gateway: TOLLGATE_JAVA_OPTS="-XX:+UseSerialGC" bench/soak.sh
set -euo pipefail

MINUTES=${1:-5}
CONNECTIONS=${2:-64}
THREADS=2
HEAP=128m
UPSTREAM_PORT=18281
GATEWAY_PORT=18283
GATEWAY_MANAGEMENT_PORT=18284

cd "$(dirname "$0")/.."
for tool in wrk nginx java jcmd curl; do
  command -v "$tool" >/dev/null || { echo "bench/soak.sh needs $tool (apt-get install wrk nginx-light curl, a JDK)"; exit 1; }
done

work=$(mktemp -d)
gateway_pid=""
cleanup() {
  [ -n "$gateway_pid" ] && kill "$gateway_pid" 2>/dev/null && wait "$gateway_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/www" "$work/logs"
head -c 1024 /dev/zero | tr '\0' 'x' > "$work/www/index.html"
user_line=""
[ "$(id -u)" = "0" ] && user_line="user root root;"
cat > "$work/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/body; proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fcgi; uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$UPSTREAM_PORT; root $work/www; }
}
CONF
nginx -c "$work/nginx.conf"

if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -q -B package -DskipTests
fi
# The bypass route needs no store; they point at closed ports so nothing else runs.
# shellcheck disable=SC2086
java -Xmx$HEAP ${TOLLGATE_JAVA_OPTS:-} \
  -Dquarkus.http.port=$GATEWAY_PORT -Dquarkus.management.port=$GATEWAY_MANAGEMENT_PORT \
  -Dquarkus.log.level=WARN -Dquarkus.flyway.migrate-at-start=false \
  -Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:9/none \
  -Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:9/none \
  -Dquarkus.redis.hosts=redis://127.0.0.1:9 \
  -Dtollgate.crypto.keys.bench="$(head -c 32 /dev/urandom | base64)" \
  -Dtollgate.routes.bench.host='*' -Dtollgate.routes.bench.policy=bypass \
  -Dtollgate.routes.bench.upstream=http://127.0.0.1:$UPSTREAM_PORT \
  -Dtollgate.routes.bench.pool-size=64 \
  -jar target/quarkus-app/quarkus-run.jar > "$work/logs/gateway.log" 2>&1 &
gateway_pid=$!
url="http://127.0.0.1:$GATEWAY_PORT/index.html"
for _ in $(seq 1 60); do
  curl -fs -o /dev/null "$url" && break
  sleep 1
done
curl -fs -o /dev/null "$url" || { cat "$work/logs/gateway.log"; exit 1; }

# after_gc: "heap-used-MiB live-RoutingContexts", both read after a full GC
after_gc() {
  jcmd "$gateway_pid" GC.run > /dev/null
  local used contexts
  # Heap lines of GC.heap_info say "total ..., used ...K" (one for G1, one per generation for
  # Serial and Parallel); the Metaspace lines have no "total".
  used=$(jcmd "$gateway_pid" GC.heap_info | awk '/total/ && /used/ {for (i = 1; i < NF; i++) if ($i == "used") {v = $(i + 1); sub(/[,K]+$/, "", v); kib += v}} END {print int(kib / 1024)}')
  contexts=$(jcmd "$gateway_pid" GC.class_histogram | awk '$4 == "io.vertx.ext.web.impl.RoutingContextImpl" {n += $2} END {print n + 0}')
  echo "$used $contexts"
}

. bench/lib.sh
DURATION=60s

read -r heap0 contexts0 <<< "$(after_gc)"
echo "Warming up the JVM (10 s)..." >&2
wrk -t$THREADS -c"$CONNECTIONS" -d10s "$url" > /dev/null
sleep 2
read -r heap_start contexts_start <<< "$(after_gc)"

rows=""
for minute in $(seq 1 "$MINUTES"); do
  echo "Minute $minute of $MINUTES..." >&2
  read -r _ rps _ p99 <<< "$(measure "minute-$minute" "$url")"
  read -r heap contexts <<< "$(after_gc)"
  rows+="$minute $rps $p99 $heap $contexts"$'\n'
done
# Idle for a moment: whatever an exchange holds must be gone once it has ended.
sleep 2
read -r heap_end contexts_end <<< "$(after_gc)"
errors=$(grep -h "Non-2xx\|Socket errors" "$work"/minute-*.txt || true)

echo
echo "Soak: $MINUTES × 1 min of wrk ($THREADS threads, $CONNECTIONS connections), 1 KiB static page,"
echo "gateway -Xmx$HEAP${TOLLGATE_JAVA_OPTS:+ $TOLLGATE_JAVA_OPTS}; $(nproc) cores shared by client and servers"
echo
echo "Heap used after a full GC, and live RoutingContexts:"
echo "  after start-up:  $heap0 MiB, $contexts0"
echo "  after warm-up:   $heap_start MiB, $contexts_start"
echo "  after the load:  $heap_end MiB, $contexts_end"
echo
printf '| %-6s | %10s | %8s | %22s | %16s |\n' "minute" "req/s" "p99" "heap after full GC" "RoutingContexts"
printf '|--------|------------|----------|------------------------|------------------|\n'
echo -n "$rows" | while read -r minute rps p99 heap contexts; do
  printf '| %-6s | %10s | %8s | %18s MiB | %16s |\n' "$minute" "$rps" "$p99" "$heap" "$contexts"
done
echo
echo -n "$rows" | awk -v start="$heap_start" -v end="$heap_end" '
  NR == 1 {first = $2} {last = $2; if (min == "" || $2 < min) min = $2; if ($2 > max) max = $2}
  END {printf "Throughput: first minute %s, last %s req/s (min %s, max %s); heap after GC: %s MiB after warm-up, %s MiB at the end\n", first, last, min, max, start, end}'
[ -n "$errors" ] && { echo "wrk reported errors:"; echo "$errors"; }
exit 0
