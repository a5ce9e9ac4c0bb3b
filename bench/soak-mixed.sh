#!/usr/bin/env bash
# Mixed soak: proxying, sign-ins and TOTP steps together for a long run (default 10 minutes), to
# show that nothing accumulates when every kind of request flows. nginx serves a 1 KiB page;
# the packaged gateway (-Xmx256m) on the embedded PostgreSQL and Redis proxies it to a signed-in
# two_factor session (wrk, one minute at a time) while SignInLoop signs users in without end:
# sign-in page, password (the default Argon2id parameters), code page, a valid code, sign-out.
# After every minute a full GC is forced (jcmd GC.run) and the heap used after it, the resident
# memory (RSS), the live per-request objects (RoutingContexts and Exchanges) and the keys in
# Redis are printed beside that minute's proxied req/s and sign-ins. A flat heap and RSS and
# steady rates pass; a growing heap or a falling rate is a leak. No sign-in may fail.
# Needs: wrk, nginx, curl, openssl (Debian packages), a JDK (java, jcmd); redis-cli for the key count.
# Usage: bench/soak-mixed.sh [minutes, default 10] [wrk connections, default 16] [sign-in workers, default 2]
set -euo pipefail

MINUTES=${1:-10}
CONNECTIONS=${2:-16}
WORKERS=${3:-2}
THREADS=2
UPSTREAM_PORT=18381
GATEWAY_PORT=18383
GATEWAY_MANAGEMENT_PORT=18384
USERS=3000

cd "$(dirname "$0")/.."
for tool in wrk nginx java jcmd curl openssl; do
  command -v "$tool" >/dev/null || { echo "bench/soak-mixed.sh needs $tool (apt-get install wrk nginx-light curl openssl, a JDK)"; exit 1; }
done

work=$(mktemp -d)
. bench/lib.sh
trap bench_stop EXIT

bench_nginx 1 $UPSTREAM_PORT
bench_stores_start
classpath="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
password="bench-password-$(head -c 12 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9')"
crypto_key="$(head -c 32 /dev/urandom | base64)"
bench_token > /dev/null
gateway_pid=$(bench_gateway target/quarkus-app/quarkus-run.jar $GATEWAY_PORT $GATEWAY_MANAGEMENT_PORT \
  $UPSTREAM_PORT "$work/logs/gateway.log")
bench_pids+=("$gateway_pid")
wait_for_url "http://127.0.0.1:$GATEWAY_PORT/open/index.html" "$work/logs/gateway.log"
session=$(bench_sign_in $GATEWAY_PORT)
cookie="Cookie: tollgate_session=$session"
url="http://127.0.0.1:$GATEWAY_PORT/index.html"
redis_port=$(sed -n 's|^-Dquarkus.redis.hosts=redis://[^:]*:\([0-9]*\).*|\1|p' "$work/stores.conf")
redis_keys() {
  if command -v redis-cli >/dev/null; then redis-cli -p "$redis_port" dbsize; else echo "-"; fi
}

# The sign-ins run for the whole soak, warm-up included; their totals land in $work/sign-ins.
java -cp "$classpath" io.tollgate.testing.bench.SignInLoop "http://127.0.0.1:$GATEWAY_PORT" "$work/stores.conf" \
  "$crypto_key" $USERS "$WORKERS" $((MINUTES * 60 + 40)) "$work/sign-ins" > "$work/logs/sign-ins.log" 2>&1 &
loop_pid=$!
bench_pids+=("$loop_pid")
# sign_ins_so_far: "sign-ins failures" so far, from the loop's last progress line
sign_ins_so_far() {
  if [ -s "$work/sign-ins" ]; then tail -1 "$work/sign-ins" | awk '{print $2, $3}'; else echo "0 0"; fi
}

read -r heap0 _ <<< "$(heap_after_gc "$gateway_pid")"
rss0=$(rss_mib "$gateway_pid")
echo "Warming up (20 s of proxying beside the sign-ins)..." >&2
wrk -t$THREADS -c"$CONNECTIONS" -d20s -H "$cookie" "$url" > /dev/null
read -r heap_start contexts_start <<< "$(heap_after_gc "$gateway_pid")"
rss_start=$(rss_mib "$gateway_pid")
read -r signed_before failed_before <<< "$(sign_ins_so_far)"
[ "$signed_before" -gt 0 ] || { echo "no sign-in completed during the warm-up"; cat "$work/logs/sign-ins.log"; exit 1; }

DURATION=60s
rows=""
for minute in $(seq 1 "$MINUTES"); do
  echo "Minute $minute of $MINUTES..." >&2
  read -r _ rps _ p99 _ <<< "$(measure "minute-$minute" "$url" "$cookie")"
  read -r signed failed <<< "$(sign_ins_so_far)"
  read -r heap contexts <<< "$(heap_after_gc "$gateway_pid")"
  rows+="$minute $rps $p99 $((signed - signed_before)) $((failed - failed_before)) $heap $(rss_mib "$gateway_pid") $contexts $(redis_keys)"$'\n'
  signed_before=$signed
  failed_before=$failed
done
kill "$loop_pid" 2>/dev/null || true
sleep 2
read -r heap_end contexts_end <<< "$(heap_after_gc "$gateway_pid")"
rss_end=$(rss_mib "$gateway_pid")
errors=$(grep -h "Non-2xx\|Socket errors" "$work"/minute-*.txt || true)
failures=$(echo -n "$rows" | awk '{n += $5} END {print n + 0}')

echo
echo "Mixed soak: $MINUTES × 1 min; proxying to a signed-in two_factor session (wrk, $THREADS threads, $CONNECTIONS connections,"
echo "1 KiB page) beside $WORKERS workers signing $USERS users in and out without end (password with the default Argon2id"
echo "parameters, a valid code, sign-out); gateway -Xmx256m${TOLLGATE_JAVA_OPTS:+ $TOLLGATE_JAVA_OPTS}; $(nproc) cores shared by clients, gateway, Redis, PostgreSQL and nginx;"
echo "$(java -version 2>&1 | head -1)"
echo
echo "Heap used after a full GC, resident memory, live per-request objects (RoutingContexts and Exchanges):"
echo "  after start-up:  $heap0 MiB, RSS $rss0 MiB"
echo "  after warm-up:   $heap_start MiB, RSS $rss_start MiB, $contexts_start"
echo "  after the load:  $heap_end MiB, RSS $rss_end MiB, $contexts_end"
echo
printf '| %-6s | %12s | %8s | %8s | %8s | %14s | %8s | %9s | %10s |\n' minute "proxied/s" p99 "sign-ins" failed "heap after GC" RSS "req objs" "Redis keys"
printf '|--------|--------------|----------|----------|----------|----------------|----------|-----------|------------|\n'
echo -n "$rows" | while read -r minute rps p99 signed failed heap rss contexts keys; do
  printf '| %-6s | %12s | %8s | %8s | %8s | %10s MiB | %4s MiB | %9s | %10s |\n' "$minute" "$rps" "$p99" "$signed" "$failed" "$heap" "$rss" "$contexts" "$keys"
done
echo
echo -n "$rows" | awk -v start="$heap_start" -v end="$heap_end" -v rs="$rss_start" -v re="$rss_end" '
  NR == 1 {first = $2; sfirst = $4} {last = $2; slast = $4; total += $4}
  END {printf "Proxied: first minute %s, last %s req/s; sign-ins: first minute %s, last %s, %d in all; heap after GC %s -> %s MiB; RSS %s -> %s MiB\n", first, last, sfirst, slast, total, start, end, rs, re}'
if command -v redis-cli >/dev/null; then
  echo "Redis keys at the end, by kind (the sign-ins' records expire on their own):"
  redis-cli -p "$redis_port" --scan | cut -d: -f1-2 | sort | uniq -c | sort -rn | awk '{printf "  %s %s\n", $2, $1}'
fi
[ "$failures" = 0 ] || { echo "$failures sign-ins failed:"; cat "$work/logs/sign-ins.log"; }
[ -n "$errors" ] && { echo "wrk reported errors:"; echo "$errors"; }
exit 0
