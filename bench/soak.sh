#!/usr/bin/env bash
# Soak test: a bounded load through the packaged gateway with a small heap, to show that
# nothing accumulates. nginx serves a 1 KiB static page; Tollgate (-Xmx128m) proxies it on a
# bypass route; wrk runs one minute at a time for the whole duration. Before the load, after
# every minute and at the end, a full GC is forced (jcmd GC.run) and the heap used after it
# and the live per-request objects (RoutingContexts and Exchanges, one each per request in flight) are printed, with each
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
. bench/lib.sh
trap bench_stop EXIT

bench_nginx 1 $UPSTREAM_PORT

if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -q -B package -DskipTests
fi
gateway_pid=$(start_bypass_gateway target/quarkus-app/quarkus-run.jar $GATEWAY_PORT $GATEWAY_MANAGEMENT_PORT $HEAP \
  $UPSTREAM_PORT "$work/logs/gateway.log")
bench_pids+=("$gateway_pid")
url="http://127.0.0.1:$GATEWAY_PORT/index.html"
wait_for_url "$url" "$work/logs/gateway.log"

after_gc() { heap_after_gc "$gateway_pid"; }

DURATION=60s

read -r heap0 contexts0 <<< "$(after_gc)"
echo "Warming up the JVM (10 s)..." >&2
wrk -t$THREADS -c"$CONNECTIONS" -d10s "$url" > /dev/null
sleep 2
read -r heap_start contexts_start <<< "$(after_gc)"

rows=""
for minute in $(seq 1 "$MINUTES"); do
  echo "Minute $minute of $MINUTES..." >&2
  read -r _ rps _ p99 _ <<< "$(measure "minute-$minute" "$url")"
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
echo "Heap used after a full GC, and live per-request objects (RoutingContexts and Exchanges):"
echo "  after start-up:  $heap0 MiB, $contexts0"
echo "  after warm-up:   $heap_start MiB, $contexts_start"
echo "  after the load:  $heap_end MiB, $contexts_end"
echo
printf '| %-6s | %10s | %8s | %22s | %16s |\n' "minute" "req/s" "p99" "heap after full GC" "per-request objs"
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
