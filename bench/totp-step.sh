#!/usr/bin/env bash
# What the TOTP step costs: N users (default 10 000), each with their own secret and their own
# session at the code page, each send one valid code, IN_FLIGHT (default 64) at a time, to the
# packaged gateway with the embedded PostgreSQL and Redis on the same machine. A first round of
# all that, then the first fifth of the second, warm the gateway up; the rest is measured. Prints steps/s, p50, p99, the gateway's CPU per
# step and the client's CPU. Users are written to the database with a cheap password hash, so
# that only the code step is measured (see TotpStepLoad).
# Needs: a JDK, curl.
# Usage: bench/totp-step.sh [users, default 10000] [in flight, default 64]
# The previous build beside this one: TOLLGATE_PREVIOUS_JAR=../old/target/quarkus-app/quarkus-run.jar
# (measured after this build, on the same stores, with a fresh set of users).
# A profile: TOLLGATE_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/step.jfr,settings=profile"
set -euo pipefail

USERS=${1:-10000}
IN_FLIGHT=${2:-64}
GATEWAY_PORT=18193
GATEWAY_MANAGEMENT_PORT=18194

cd "$(dirname "$0")/.."
for tool in java curl; do
  command -v "$tool" >/dev/null || { echo "bench/totp-step.sh needs $tool"; exit 1; }
done

work=$(mktemp -d)
. bench/lib.sh
# The gateways start inside $(...): their pids reach the trap through files.
trap 'cat "$work"/*.gateway-pid 2>/dev/null | xargs -r kill 2>/dev/null || true; bench_stop' EXIT
mkdir -p "$work/logs"

bench_stores_start
classpath="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
crypto_key="$(head -c 32 /dev/urandom | base64)"

# run JAR NAME [JVM OPTION...]: starts the gateway, runs the load, prints "NAME steps/s p50 p99 cpu"
run() {
  local pid out
  pid=$(start_step_gateway "$1" "$work/logs/$2.log" $GATEWAY_PORT $GATEWAY_MANAGEMENT_PORT "${@:3}")
  echo "$pid" > "$work/$2.gateway-pid"
  wait_for_url "http://127.0.0.1:$GATEWAY_PORT/.tollgate/login" "$work/logs/$2.log" >&2
  # A whole first round warms the JIT up (the sign-in pages, the password step, the code step):
  # without it the compiler's own work is most of what is measured.
  java -cp "$classpath" io.tollgate.testing.bench.TotpStepLoad "http://127.0.0.1:$GATEWAY_PORT" \
    "$work/stores.conf" "$crypto_key" "$USERS" "$IN_FLIGHT" "$pid" "$(getconf CLK_TCK)" >/dev/null 2>>"$work/logs/load.log" \
    || { cat "$work/logs/load.log" >&2; tail -50 "$work/logs/$2.log" >&2; exit 1; }
  out=$(java -cp "$classpath" io.tollgate.testing.bench.TotpStepLoad "http://127.0.0.1:$GATEWAY_PORT" \
    "$work/stores.conf" "$crypto_key" "$USERS" "$IN_FLIGHT" "$pid" "$(getconf CLK_TCK)" 2>>"$work/logs/load.log") \
    || { cat "$work/logs/load.log" >&2; tail -50 "$work/logs/$2.log" >&2; exit 1; }
  stop_and_wait "$pid"
  rm -f "$work/$2.gateway-pid"
  echo "$out" | awk -v name="$2" '{v[$1] = $2} END {print name, v["steps_per_second"], v["p50_ms"] "ms", v["p99_ms"] "ms", v["cpu_us_per_step"], v["client_cpu_s"]}'
}

results=$(
  run target/quarkus-app/quarkus-run.jar this
  [ -n "${TOLLGATE_PREVIOUS_JAR:-}" ] && run "$TOLLGATE_PREVIOUS_JAR" previous -Dquarkus.flyway.migrate-at-start=false
  true
)
echo
echo "TOTP step: $USERS users ($((USERS / 5)) of them to warm up, after a whole round), $IN_FLIGHT in flight; $(nproc) cores shared by client, gateway, Redis and PostgreSQL"
printf '| %-10s | %8s | %8s | %8s | %12s | %10s |\n' build "steps/s" p50 p99 "CPU µs/step" "client CPU"
printf '|------------|----------|----------|----------|--------------|------------|\n'
echo "$results" | while read -r name sps p50 p99 cpu client; do
  printf '| %-10s | %8s | %8s | %8s | %12s | %9ss |\n' "$name" "$sps" "$p50" "$p99" "$cpu" "$client"
done
