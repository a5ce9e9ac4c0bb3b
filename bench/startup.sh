#!/usr/bin/env bash
# Time to readiness of the packaged gateway on the embedded PostgreSQL and Redis (already
# migrated, as after a first replica's start): from the JVM's launch until the management
# port's readiness check answers 200, RUNS times each, the kinds of one build interleaved.
#   - the JDK on the PATH (17 here): the default fast-jar, as ./mvnw package makes it (the
#     reference); then the aot-jar layout without, and with its AppCDS archive;
#   - a JDK 25 or later, when one is found (STARTUP_JDK25=<its home>, or under /usr/lib/jvm):
#     without, then with the AOT cache (JEP 483/514/515) made for it.
# Both archives are made by Quarkus at packaging time (quarkus.package.jar.aot.enabled, phase
# BUILD: the application is started once to its end of static initialisation); each is only
# valid for the very JVM that made it. Readiness is polled through bash's /dev/tcp every 20 ms,
# so that the polling costs no process of its own on a small machine. Needs: a JDK, Maven's
# wrapper. Leaves target/quarkus-app in the aot-jar layout; the next ./mvnw package restores it.
# Usage: bench/startup.sh [runs, default 5]
set -euo pipefail

RUNS=${1:-5}
PORT=18203
MANAGEMENT_PORT=18204

cd "$(dirname "$0")/.."
work=$(mktemp -d)
. bench/lib.sh
trap 'cat "$work"/*.gateway-pid 2>/dev/null | xargs -r kill 2>/dev/null || true; bench_stop' EXIT
mkdir -p "$work/logs"

jdk25=${STARTUP_JDK25:-$(ls -d /usr/lib/jvm/*-25-* 2>/dev/null | head -1 || true)}
AOT_JAR=(-Dquarkus.package.jar.aot.enabled=true -Dquarkus.package.jar.aot.phase=BUILD)

bench_stores_start
crypto_key="$(head -c 32 /dev/urandom | base64)"
admin_password="$(head -c 18 /dev/urandom | base64)"

# ready: whether the readiness check answers 200 now. Through /dev/tcp in a forked shell, not
# curl: a program started per poll would take CPU from the start being measured.
ready() {
  local status
  status=$( { exec 3<>"/dev/tcp/127.0.0.1/$MANAGEMENT_PORT" \
    && printf 'GET /q/health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3 && head -c 12 <&3; } 2>/dev/null ) || return 1
  [[ $status == *" 200"* ]]
}

# start_once NAME JAVA [JVM OPTION...]: milliseconds from launch to readiness
start_once() {
  local begin pid elapsed
  begin=$(date +%s%N)
  # From the application's folder: the archives name the jars by the paths they were made with.
  (cd target/quarkus-app && exec env TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD="$admin_password" "$2" -Xmx256m "${@:3}" "${store_options[@]}" \
    -Dquarkus.http.port=$PORT -Dquarkus.management.port=$MANAGEMENT_PORT -Dquarkus.log.level=${STARTUP_LOG_LEVEL:-WARN} \
    -Dtollgate.crypto.keys.bench="$crypto_key" -Dtollgate.bootstrap.admin-username=bench-admin \
    -Dtollgate.routes.app.host='*' -Dtollgate.routes.app.policy=two_factor \
    -Dtollgate.routes.app.upstream=http://127.0.0.1:9 \
    -jar quarkus-run.jar) > "$work/logs/$1.log" 2>&1 &
  pid=$!
  echo "$pid" > "$work/$1.gateway-pid"
  until ready; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/logs/$1.log" >&2; exit 1; }
    sleep 0.02
  done
  elapsed=$((($(date +%s%N) - begin) / 1000000))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [ -n "${STARTUP_KEEP_LOGS:-}" ] && cp "$work/logs/$1.log" "$STARTUP_KEEP_LOGS/$1-$begin.log"
  rm -f "$work/$1.gateway-pid"
  echo "$elapsed"
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
row() { printf '| %-28s | %9s | %s |\n' "$1" "$(median "${@:2}")" "${*:2}"; }

start_once first java > /dev/null # migrates the schema; not counted
fast=()
for _ in $(seq 1 "$RUNS"); do
  fast+=("$(start_once fast java)")
done

./mvnw -q -B package -DskipTests "${AOT_JAR[@]}" -Dquarkus.package.jar.aot.type=AppCDS
[ -f target/quarkus-app/app-cds.jsa ] || { echo "no AppCDS archive was made"; exit 1; }
plain=() archived=()
for _ in $(seq 1 "$RUNS"); do
  plain+=("$(start_once plain java)")
  archived+=("$(start_once appcds java -XX:SharedArchiveFile=app-cds.jsa -Xshare:on)")
done

plain25=() aot25=()
if [ -n "$jdk25" ] && [ -x "$jdk25/bin/java" ]; then
  JAVA_HOME="$jdk25" ./mvnw -q -B package -DskipTests "${AOT_JAR[@]}" -Dquarkus.package.jar.aot.type=AOT
  [ -f target/quarkus-app/app.aot ] || { echo "no AOT cache was made"; exit 1; }
  for _ in $(seq 1 "$RUNS"); do
    plain25+=("$(start_once plain25 "$jdk25/bin/java")")
    aot25+=("$(start_once aot25 "$jdk25/bin/java" -XX:AOTCache=app.aot)")
  done
fi

echo
echo "Time to readiness, $RUNS starts each, $(nproc) cores"
echo "| JVM start                    | median ms | all runs (ms) |"
echo "|------------------------------|-----------|---------------|"
row "$(java -version 2>&1 | head -1 | cut -d'"' -f2), fast-jar (default)" "${fast[@]}"
row "$(java -version 2>&1 | head -1 | cut -d'"' -f2), aot-jar" "${plain[@]}"
row "$(java -version 2>&1 | head -1 | cut -d'"' -f2), aot-jar + AppCDS" "${archived[@]}"
if [ ${#aot25[@]} -gt 0 ]; then
  version25=$("$jdk25/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2)
  row "$version25, aot-jar" "${plain25[@]}"
  row "$version25, aot-jar + AOT cache" "${aot25[@]}"
fi
