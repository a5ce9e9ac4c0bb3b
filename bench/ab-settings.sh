#!/usr/bin/env bash
# ab-settings.sh: the same packaged build twice, side by side, one with extra -D settings (B),
# on a bypass route, a signed-in session and a JWT caller, alternated; then again with the two
# start slots swapped, since the first-started gateway tends to do better on two cores.
#   B_ARGS="-Dquarkus.shutdown.timeout=20s" bench/ab-settings.sh
# Or two builds: A_JAR=../old/target/quarkus-app/quarkus-run.jar bench/ab-settings.sh (A the old, B this one).
# Prints "slot-kind.round req/s p50 p99 cpu-µs-per-request" rows; A is "a-", B is "b-".
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/tollgate-ab.XXXXXX); mkdir -p "$work/logs"
. bench/lib.sh
trap bench_stop EXIT
bench_stores_start
bench_nginx 1 18281 18282
token=$(bench_token)
password=benchbenchbench1; crypto_key=$(head -c 32 /dev/urandom | base64)
THREADS=2; CONNECTIONS=64; DURATION=${DURATION:-10s}
a_jar=${A_JAR:-target/quarkus-app/quarkus-run.jar}
b_jar=${B_JAR:-target/quarkus-app/quarkus-run.jar}

# one_order FIRST_NAME FIRST_ARGS SECOND_NAME SECOND_ARGS (names starting with a run A's build, with b B's)
one_order() {
  # shellcheck disable=SC2086
  local first second s1 s2 jar1=$a_jar jar2=$a_jar
  [ "${1:0:1}" = b ] && jar1=$b_jar
  [ "${3:0:1}" = b ] && jar2=$b_jar
  first=$(bench_gateway $jar1 18283 18284 18281 "$work/logs/$1.log" $2); bench_pids+=("$first")
  wait_for_url "http://127.0.0.1:18283/open/index.html" "$work/logs/$1.log" >/dev/null
  # shellcheck disable=SC2086
  second=$(bench_gateway $jar2 18285 18286 18281 "$work/logs/$3.log" -Dquarkus.flyway.migrate-at-start=false $4)
  bench_pids+=("$second")
  wait_for_url "http://127.0.0.1:18285/open/index.html" "$work/logs/$3.log" >/dev/null
  s1=$(bench_sign_in 18283); s2=$(bench_sign_in 18285)
  for p in 18283:$s1 18285:$s2; do   # warm-up
    wrk -t2 -c64 -d8s -H "Cookie: tollgate_session=${p#*:}" "http://127.0.0.1:${p%%:*}/index.html" >/dev/null
    wrk -t2 -c64 -d7s -H "Authorization: Bearer $token" "http://127.0.0.1:${p%%:*}/index.html" >/dev/null
  done
  for round in $(seq 1 "${ROUNDS:-2}"); do
    MEASURE_PIDS=$first measure "$1-bypass.$round" http://127.0.0.1:18283/open/index.html
    MEASURE_PIDS=$second measure "$3-bypass.$round" http://127.0.0.1:18285/open/index.html
    MEASURE_PIDS=$first measure "$1-session.$round" http://127.0.0.1:18283/index.html "Cookie: tollgate_session=$s1"
    MEASURE_PIDS=$second measure "$3-session.$round" http://127.0.0.1:18285/index.html "Cookie: tollgate_session=$s2"
    MEASURE_PIDS=$first measure "$1-jwt.$round" http://127.0.0.1:18283/index.html "Authorization: Bearer $token"
    MEASURE_PIDS=$second measure "$3-jwt.$round" http://127.0.0.1:18285/index.html "Authorization: Bearer $token"
  done
  kill "$first" "$second" 2>/dev/null || true
  while ss -ltn | grep -qE ':(18283|18285) '; do sleep 0.2; done
}

one_order b "${B_ARGS:-}" a "${A_ARGS:-}"
one_order a2 "${A_ARGS:-}" b2 "${B_ARGS:-}"
