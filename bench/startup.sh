#!/usr/bin/env bash
# Time to readiness of the packaged gateway on the embedded PostgreSQL and Redis (already
# migrated, as after a first replica's start): from the JVM's launch until the management
# port's readiness check answers 200, RUNS times each, beside two references started the same
# way in the same rounds (bench/startup-floor):
#   - rest: quarkus-rest and the health check alone, one endpoint — the least a Quarkus
#     application starts with;
#   - stack: the gateway's own extensions and libraries (the same runtime dependencies) with one
#     entity, one template and one migration — what the stack costs before any code of ours.
# Each application is started as:
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

# The applications, each run from its own folder: the archives name the jars by the paths they
# were made with.
FLOORS=bench/startup-floor
declare -A app_dir=([tollgate]=target/quarkus-app [stack]=$FLOORS/stack/target/quarkus-app [rest]=$FLOORS/rest/target/quarkus-app)
APPS=(rest stack tollgate)

# The stack reference must carry exactly the gateway's runtime dependencies and platform.
runtime_dependencies() {
  awk '/<\/dependencyManagement>/ {in_deps = 1} in_deps && /<dependency>/ {dep = ""; scoped = 0}
       in_deps && /<artifactId>/ {gsub(/.*<artifactId>|<\/artifactId>.*/, ""); dep = $0}
       in_deps && /<scope>/ {scoped = 1}
       in_deps && /<\/dependency>/ && !scoped {print dep}' "$1" | sort
}
platform() { grep -o '<quarkus.platform.version>[^<]*' "$1" | cut -d'>' -f2; }
if [ "$(runtime_dependencies pom.xml)" != "$(runtime_dependencies $FLOORS/stack/pom.xml)" ] \
  || [ "$(platform pom.xml)" != "$(platform $FLOORS/stack/pom.xml)" ] \
  || [ "$(platform pom.xml)" != "$(platform $FLOORS/rest/pom.xml)" ]; then
  echo "$FLOORS/stack/pom.xml no longer has the gateway's runtime dependencies and platform:" >&2
  diff <(runtime_dependencies pom.xml) <(runtime_dependencies $FLOORS/stack/pom.xml) >&2 || true
  exit 1
fi

# package_all [MAVEN ARG...]: the gateway and both references in the same layout
package_all() {
  ./mvnw -q -B package -DskipTests "$@"
  ./mvnw -q -B -f $FLOORS/stack/pom.xml package -DskipTests "$@"
  ./mvnw -q -B -f $FLOORS/rest/pom.xml package -DskipTests "$@"
}

# start_once APP KIND JAVA [JVM OPTION...]: milliseconds from launch to readiness
start_once() {
  local begin pid elapsed options=()
  case $1 in
    tollgate) options=("${store_options[@]}" -Dtollgate.crypto.keys.bench="$crypto_key"
      -Dtollgate.bootstrap.admin-username=bench-admin -Dtollgate.routes.app.host='*'
      -Dtollgate.routes.app.policy=two_factor -Dtollgate.routes.app.upstream=http://127.0.0.1:9) ;;
    stack) options=("${store_options[@]}") ;;
  esac
  begin=$(date +%s%N)
  (cd "${app_dir[$1]}" && exec env TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD="$admin_password" "$3" -Xmx256m "${@:4}" "${options[@]}" \
    -Dquarkus.http.port=$PORT -Dquarkus.management.port=$MANAGEMENT_PORT -Dquarkus.log.level=${STARTUP_LOG_LEVEL:-WARN} \
    -jar quarkus-run.jar) > "$work/logs/$1-$2.log" 2>&1 &
  pid=$!
  echo "$pid" > "$work/$1.gateway-pid"
  until ready; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/logs/$1-$2.log" >&2; exit 1; }
    sleep 0.02
  done
  elapsed=$((($(date +%s%N) - begin) / 1000000))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [ -n "${STARTUP_KEEP_LOGS:-}" ] && cp "$work/logs/$1-$2.log" "$STARTUP_KEEP_LOGS/$1-$2-$begin.log"
  rm -f "$work/$1.gateway-pid"
  echo "$elapsed"
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# Results by "APP KIND": the runs' milliseconds, space-separated
declare -A runs_of=()
# measure_round KIND JAVA [JVM OPTION...]: one start of each application, in turn
measure_round() {
  local app
  for app in "${APPS[@]}"; do
    runs_of["$app $1"]+="$(start_once "$app" "$@") "
  done
}

package_all
for app in "${APPS[@]}"; do start_once "$app" first java > /dev/null; done # migrates; not counted
for _ in $(seq 1 "$RUNS"); do
  measure_round fast java
done

package_all "${AOT_JAR[@]}" -Dquarkus.package.jar.aot.type=AppCDS
for app in "${APPS[@]}"; do
  [ -f "${app_dir[$app]}/app-cds.jsa" ] || { echo "no AppCDS archive was made for $app"; exit 1; }
done
for _ in $(seq 1 "$RUNS"); do
  measure_round plain java
  measure_round appcds java -XX:SharedArchiveFile=app-cds.jsa -Xshare:on
done

kinds=(fast plain appcds)
version17=$(java -version 2>&1 | head -1 | cut -d'"' -f2)
declare -A kind_name=([fast]="$version17, fast-jar (default)" [plain]="$version17, aot-jar" [appcds]="$version17, aot-jar + AppCDS")
if [ -n "$jdk25" ] && [ -x "$jdk25/bin/java" ]; then
  JAVA_HOME="$jdk25" package_all "${AOT_JAR[@]}" -Dquarkus.package.jar.aot.type=AOT
  for app in "${APPS[@]}"; do
    [ -f "${app_dir[$app]}/app.aot" ] || { echo "no AOT cache was made for $app"; exit 1; }
  done
  for _ in $(seq 1 "$RUNS"); do
    measure_round plain25 "$jdk25/bin/java"
    measure_round aot25 "$jdk25/bin/java" -XX:AOTCache=app.aot
  done
  version25=$("$jdk25/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2)
  kinds+=(plain25 aot25)
  kind_name[plain25]="$version25, aot-jar"
  kind_name[aot25]="$version25, aot-jar + AOT cache"
fi

echo
echo "Time to readiness (median of $RUNS starts, ms), $(nproc) cores; the runs of each in order"
echo "| JVM start | quarkus-rest alone | the stack alone | Tollgate | Tollgate's runs |"
echo "|---|---:|---:|---:|---|"
for kind in "${kinds[@]}"; do
  # shellcheck disable=SC2086
  printf '| %s | %s | %s | **%s** | %s |\n' "${kind_name[$kind]}" "$(median ${runs_of["rest $kind"]})" \
    "$(median ${runs_of["stack $kind"]})" "$(median ${runs_of["tollgate $kind"]})" "${runs_of["tollgate $kind"]% }"
done
