#!/usr/bin/env bash
# What the password step costs: N users (default 1 000) whose passwords are hashed with the
# gateway's default Argon2id parameters (19 MiB, 2 passes, 1 lane: tollgate.passwords.*), each
# with the sign-in page open, send their password once, IN_FLIGHT (default 8) at a time, to the
# packaged gateway with the embedded PostgreSQL and Redis on the same machine; each is sent on
# to the code step. The first fifth warms the gateway up; the rest is measured. Prints sign-ins/s,
# p50, p99, the gateway's CPU per sign-in, and sign-ins/s per vCPU of the gateway beside Keycloak's published
# sizing (15 password sign-ins/s per vCPU).
# Needs: a JDK, curl.
# Usage: bench/password-step.sh [users, default 1000] [in flight, default 8]
# Another build: TOLLGATE_JAR=../old/target/quarkus-app/quarkus-run.jar bench/password-step.sh
# Other hash parameters (as stored hashes carry them): PASSWORD_HASH="47104 1 1" bench/password-step.sh
set -euo pipefail

USERS=${1:-1000}
IN_FLIGHT=${2:-8}
GATEWAY_PORT=18195
GATEWAY_MANAGEMENT_PORT=18196
read -r memory iterations lanes <<< "${PASSWORD_HASH:-19456 2 1}"

cd "$(dirname "$0")/.."
for tool in java curl; do
  command -v "$tool" >/dev/null || { echo "bench/password-step.sh needs $tool"; exit 1; }
done

work=$(mktemp -d)
. bench/lib.sh
trap bench_stop EXIT
mkdir -p "$work/logs"

bench_stores_start
classpath="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
crypto_key="$(head -c 32 /dev/urandom | base64)"
pid=$(start_step_gateway "${TOLLGATE_JAR:-target/quarkus-app/quarkus-run.jar}" "$work/logs/gateway.log" $GATEWAY_PORT $GATEWAY_MANAGEMENT_PORT)
bench_pids+=("$pid")
wait_for_url "http://127.0.0.1:$GATEWAY_PORT/.tollgate/login" "$work/logs/gateway.log"
out=$(java -cp "$classpath" io.tollgate.testing.bench.PasswordStepLoad "http://127.0.0.1:$GATEWAY_PORT" \
  "$work/stores.conf" "$crypto_key" "$USERS" "$IN_FLIGHT" "$pid" "$(getconf CLK_TCK)" "$memory" "$iterations" "$lanes" \
  2>"$work/logs/load.log") || { cat "$work/logs/load.log"; tail -50 "$work/logs/gateway.log"; exit 1; }

echo
echo "Password step: $USERS users ($((USERS / 5)) of them to warm up), $IN_FLIGHT in flight, Argon2id m=$memory KiB, t=$iterations, p=$lanes;"
echo "$(nproc) cores shared by client, gateway, Redis and PostgreSQL; $(java -version 2>&1 | head -1)"
echo "per vCPU: sign-ins per second of the gateway's own CPU time (1000 / CPU ms per sign-in), the measure of Keycloak's sizing guide"
printf '| %10s | %8s | %8s | %14s | %16s | %24s |\n' "sign-ins/s" p50 p99 "CPU ms/sign-in" "sign-ins/s/vCPU" "Keycloak's sizing guide"
printf '|------------|----------|----------|----------------|------------------|--------------------------|\n'
echo "$out" | awk '{v[$1] = $2} END {
  printf "| %10s | %6sms | %6sms | %14s | %16.1f | %24s |\n", v["sign_ins_per_second"], v["p50_ms"], v["p99_ms"],
    v["cpu_ms_per_sign_in"], 1000 / v["cpu_ms_per_sign_in"], "15 per vCPU"}'
