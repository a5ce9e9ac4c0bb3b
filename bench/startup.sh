#!/usr/bin/env bash
# Time to readiness of the packaged gateway, with and without an AppCDS archive, on the
# embedded PostgreSQL and Redis (already migrated, as after a first replica's start): from the
# JVM's launch until the management port's readiness check answers UP, RUNS times each, the two
# kinds interleaved. Needs: a JDK, curl.
# Usage: bench/startup.sh [runs, default 5]
# The archive is made by Quarkus at packaging time (quarkus.package.jar.appcds.enabled); it is
# only valid for the very JVM that made it, which is why the production image builds it in place.
set -euo pipefail

RUNS=${1:-5}
PORT=18203
MANAGEMENT_PORT=18204

cd "$(dirname "$0")/.."
work=$(mktemp -d)
. bench/lib.sh
trap 'cat "$work"/*.gateway-pid 2>/dev/null | xargs -r kill 2>/dev/null || true; bench_stop' EXIT
mkdir -p "$work/logs"

bench_stores_start -Dquarkus.package.jar.appcds.enabled=true
[ -f target/quarkus-app/app-cds.jsa ] || { echo "no AppCDS archive was made"; exit 1; }
crypto_key="$(head -c 32 /dev/urandom | base64)"
admin_password="$(head -c 18 /dev/urandom | base64)"

# start_once NAME [JVM OPTION...]: milliseconds from launch to readiness
start_once() {
  local begin pid elapsed
  begin=$(date +%s%N)
  # From the application's folder: the archive names the jar by the path it was made with.
  (cd target/quarkus-app && exec env TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD="$admin_password" java -Xmx256m "${@:2}" "${store_options[@]}" \
    -Dquarkus.http.port=$PORT -Dquarkus.management.port=$MANAGEMENT_PORT -Dquarkus.log.level=${STARTUP_LOG_LEVEL:-WARN} \
    -Dtollgate.crypto.keys.bench="$crypto_key" -Dtollgate.bootstrap.admin-username=bench-admin \
    -Dtollgate.routes.app.host='*' -Dtollgate.routes.app.policy=two_factor \
    -Dtollgate.routes.app.upstream=http://127.0.0.1:9 \
    -jar quarkus-run.jar) > "$work/logs/$1.log" 2>&1 &
  pid=$!
  echo "$pid" > "$work/$1.gateway-pid"
  until curl -fs -o /dev/null "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready"; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/logs/$1.log" >&2; exit 1; }
    sleep 0.02
  done
  elapsed=$((($(date +%s%N) - begin) / 1000000))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [ -n "${STARTUP_KEEP_LOGS:-}" ] && cp "$work/logs/$1.log" "$STARTUP_KEEP_LOGS/$1-$begin.log"
  rm -f "$work/$1.gateway-pid"
  echo "$elapsed"
}

start_once first > /dev/null # migrates the schema; not counted
plain=() archived=()
for _ in $(seq 1 "$RUNS"); do
  plain+=("$(start_once plain)")
  archived+=("$(start_once appcds -XX:SharedArchiveFile=app-cds.jsa -Xshare:on)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
echo
echo "Time to readiness, $RUNS starts each, $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "| JVM start        | median ms | all runs (ms) |"
echo "|------------------|-----------|---------------|"
echo "| plain            | $(median "${plain[@]}") | ${plain[*]} |"
echo "| AppCDS archive   | $(median "${archived[@]}") | ${archived[*]} |"
