#!/usr/bin/env bash
# What size costs: CPU per request and memory as the configuration and the session count grow.
# One gateway is started per row, on the embedded PostgreSQL and Redis, in front of a 1 KiB page
# served by nginx, warmed 15 s (COST_WARM) and measured with wrk:
# - the reference: the two routes every row has (a two_factor one and a bypass one on /open),
#   no rule, one signed-in session;
# - routes (10, 100, 1 000): one bypass route per host (r0001.bench …); requests go to the
#   route matched last (routes are tried most specific first, then by name);
# - access rules (10, 100, 1 000): rules for /area-N/… that no request matches, so every one
#   is tried on every request (the worst case), in front of a bypass route;
# - sessions (10 k, 100 k, 1 M signed-in sessions in Redis, copies of a real one, each for a
#   user of its own): requests to a two_factor route, each with a session picked at random
#   among all of them, so replicas' near caches (100 000 sessions by default) see what a
#   crowd of users brings.
# Prints req/s, p99, the gateway's CPU µs per request, its heap after a full GC and its
# resident memory, and for sessions Redis's memory and bytes per session.
# Needs: wrk, nginx, redis-cli, python3, openssl, curl (Debian packages), a JDK (java, jcmd).
# Usage: bench/cost.sh [duration per row, default 15s] [connections, default 64]
# The previous build beside this one (reference, route and rule rows, each right after this
# build's): TOLLGATE_PREVIOUS_JAR=../old/target/quarkus-app/quarkus-run.jar bench/cost.sh
set -euo pipefail

DURATION=${1:-15s}
WARM=${COST_WARM:-15s}
CONNECTIONS=${2:-64}
THREADS=2
UPSTREAM_PORT=18481
GATEWAY_PORT=18483
GATEWAY_MANAGEMENT_PORT=18484

cd "$(dirname "$0")/.."
for tool in wrk nginx redis-cli python3 java jcmd curl openssl; do
  command -v "$tool" >/dev/null || { echo "bench/cost.sh needs $tool (apt-get install wrk nginx-light redis-tools python3 curl openssl, a JDK)"; exit 1; }
done

work=$(mktemp -d)
. bench/lib.sh
trap bench_stop EXIT

bench_nginx 1 $UPSTREAM_PORT
bench_token > /dev/null
bench_stores_start
password="bench-password-$(head -c 12 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9')"
crypto_key="$(head -c 32 /dev/urandom | base64)"
redis_port=$(sed -n 's|^-Dquarkus.redis.hosts=redis://[^:]*:\([0-9]*\).*|\1|p' "$work/stores.conf")

# row KIND COUNT CONFIG_FILE URL [HEADER|lua:SCRIPT]: a gateway with the extra configuration,
# warmed and measured; prints "KIND COUNT req/s p99 cpu heap rss"
row() {
  local pid heap rss
  pid=$(bench_gateway "${jar:-target/quarkus-app/quarkus-run.jar}" $GATEWAY_PORT $GATEWAY_MANAGEMENT_PORT $UPSTREAM_PORT \
    "$work/logs/$1-$2.log" -Dquarkus.config.locations="$3")
  wait_for_url "http://127.0.0.1:$GATEWAY_PORT/open/index.html" "$work/logs/$1-$2.log" >&2
  DURATION=$WARM measure "warm-$1-$2" "$4" "${5:-}" > /dev/null
  read -r _ rps _ p99 cpu <<< "$(MEASURE_PIDS="$pid" measure "$1-$2" "$4" "${5:-}")"
  read -r heap _ <<< "$(heap_after_gc "$pid")"
  rss=$(rss_mib "$pid")
  stop_and_wait "$pid"
  echo "$1 $2 $rps $p99 $cpu $heap $rss"
}

: > "$work/none.properties"
rows="$work/rows"
row reference 0 "$work/none.properties" "http://127.0.0.1:$GATEWAY_PORT/open/index.html" >> "$rows"
# previous KIND COUNT CONFIG URL [HEADER]: the same row for the previous build, when one is given
previous() {
  [ -n "${TOLLGATE_PREVIOUS_JAR:-}" ] || return 0
  jar=$TOLLGATE_PREVIOUS_JAR row "prev-$1" "${@:2}"
}
previous reference 0 "$work/none.properties" "http://127.0.0.1:$GATEWAY_PORT/open/index.html" >> "$rows"
for count in 10 100 1000; do
  file="$work/routes-$count.properties"
  for i in $(seq -f '%04g' 1 "$count"); do
    printf 'tollgate.routes.r%s.host=r%s.bench\ntollgate.routes.r%s.policy=bypass\ntollgate.routes.r%s.upstream=http://127.0.0.1:%s\n' \
      "$i" "$i" "$i" "$i" "$UPSTREAM_PORT"
  done > "$file"
  echo "routes: $count..." >&2
  row routes "$count" "$file" "http://127.0.0.1:$GATEWAY_PORT/index.html" "Host: r$(printf '%04d' "$count").bench" >> "$rows"
  previous routes "$count" "$file" "http://127.0.0.1:$GATEWAY_PORT/index.html" "Host: r$(printf '%04d' "$count").bench" >> "$rows"
done
for count in 10 100 1000; do
  file="$work/rules-$count.properties"
  for i in $(seq 0 $((count - 1))); do
    printf 'tollgate.access-rules[%d].path=/area-%d/.*\ntollgate.access-rules[%d].action=deny\n' "$i" "$i" "$i"
  done > "$file"
  echo "access rules: $count..." >&2
  row rules "$count" "$file" "http://127.0.0.1:$GATEWAY_PORT/open/index.html" >> "$rows"
  previous rules "$count" "$file" "http://127.0.0.1:$GATEWAY_PORT/open/index.html" >> "$rows"
done

# Sessions: one real sign-in gives the template; its copies are added level by level.
pid=$(bench_gateway target/quarkus-app/quarkus-run.jar $GATEWAY_PORT $GATEWAY_MANAGEMENT_PORT $UPSTREAM_PORT "$work/logs/template.log")
wait_for_url "http://127.0.0.1:$GATEWAY_PORT/open/index.html" "$work/logs/template.log"
session=$(bench_sign_in $GATEWAY_PORT)
stop_and_wait "$pid"
handle=$(printf '%s' "$session" | sha256sum | cut -d' ' -f1)
redis-cli -p "$redis_port" --raw get "tollgate:session:$handle" > "$work/template.json"
[ -s "$work/template.json" ] || { echo "the signed-in session is not in Redis"; exit 1; }
redis_used() { redis-cli -p "$redis_port" info memory | awk -F: '/^used_memory:/ {print $2 + 0}'; }
cat > "$work/random-session.lua" <<LUA
local cookies = {}
function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  for line in io.lines("$work/cookies.txt") do cookies[#cookies + 1] = "tollgate_session=" .. line end
end
function request()
  return wrk.format(nil, nil, { ["Cookie"] = cookies[math.random(#cookies)] })
end
LUA
printf '%s\n' "$session" > "$work/cookies.txt"
filled=1
used_before=$(redis_used)
WRK_SCRIPT="$work/random-session.lua" row sessions 1 "$work/none.properties" "http://127.0.0.1:$GATEWAY_PORT/index.html" >> "$rows"
for count in 10000 100000 1000000; do
  echo "sessions: $count (filling Redis)..." >&2
  python3 bench/sessions-fill.py "$work/template.json" "$filled" $((count - filled)) "$work/cookies.txt" 3600000 \
    | redis-cli -p "$redis_port" --pipe > "$work/logs/fill-$count.log"
  filled=$count
  used=$(redis_used)
  echo "sessions: $count..." >&2
  read -r kind n rps p99 cpu heap rss <<< "$(WRK_SCRIPT="$work/random-session.lua" row sessions "$count" "$work/none.properties" \
    "http://127.0.0.1:$GATEWAY_PORT/index.html")"
  echo "$kind $n $rps $p99 $cpu $heap $rss $(( (used - used_before) / 1048576 )) $(( (used - used_before) / (count - 1) ))" >> "$rows"
done
errors=$(grep -h "Non-2xx\|Socket errors" "$work"/*.txt || true)

echo
echo "Cost of size: wrk $THREADS threads, $CONNECTIONS connections, $DURATION per row after $WARM of warm-up, a fresh gateway (-Xmx256m) per row;"
echo "$(nproc) cores shared by client, gateway, Redis, PostgreSQL and nginx; $(java -version 2>&1 | head -1)"
echo "reference: the bypass route of every row, no rule; routes: requests to the route matched last (bypass);"
echo "rules: no rule matches, so all are tried (bypass); sessions: a two_factor route, a random session of all per request (1: the real one alone)"
printf '| %-14s | %9s | %10s | %8s | %10s | %13s | %8s | %12s | %13s |\n' what count "req/s" p99 "CPU µs/req" "heap after GC" RSS "Redis memory" "Redis/session"
printf '|----------------|-----------|------------|----------|------------|---------------|----------|--------------|---------------|\n'
while read -r kind count rps p99 cpu heap rss redis per; do
  printf '| %-14s | %9s | %10s | %8s | %10s | %9s MiB | %4s MiB | %12s | %13s |\n' "$kind" "$count" "$rps" "$p99" "$cpu" "$heap" "$rss" \
    "${redis:+$redis MiB}" "${per:+$per B}"
done < "$rows"
[ -n "$errors" ] && { echo "wrk reported errors:"; echo "$errors"; }
exit 0
