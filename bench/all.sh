#!/usr/bin/env bash
# Every benchmark in one sitting, on this machine, one after the other (never side by side):
# proxying every way beside nginx and HAProxy, the TOTP step, the password step beside
# Keycloak's sizing, a mixed soak, and the cost of routes, access rules and sessions. Writes
# the tables, with the date, the machine, the commit and the commands, to docs/performance.md
# between its "bench/all.sh" markers (the rest of the page is left as it is); with --print,
# prints them instead. Takes about 35 minutes; nothing else should run meanwhile.
# Needs: wrk, nginx, haproxy, redis-cli, python3, openssl, curl (Debian packages), a JDK.
# Usage: bench/all.sh [--print]
# The previous build beside this one, in every script that can run it (rows "previous", "prev-"):
#   TOLLGATE_PREVIOUS_JAR=../old/target/quarkus-app/quarkus-run.jar bench/all.sh
# Shorter or longer parts: PROXY="5s 64" TOTP="2000 64" PASSWORD="500 8" SOAK="2 16 2" COST="5s 64" bench/all.sh --print
set -euo pipefail

PROXY=${PROXY:-10s 64}
TOTP=${TOTP:-10000 64}
PASSWORD=${PASSWORD:-1000 8}
SOAK=${SOAK:-10 16 2}
COST=${COST:-15s 64}

cd "$(dirname "$0")/.."
for tool in wrk nginx haproxy redis-cli python3 java jcmd curl openssl; do
  command -v "$tool" >/dev/null || { echo "bench/all.sh needs $tool (apt-get install wrk nginx haproxy redis-tools python3 curl openssl, a JDK)"; exit 1; }
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "Packaging once for every part..." >&2
./mvnw -q -B package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
export TOLLGATE_BENCH_PACKAGED=1
started=$(date -u '+%Y-%m-%d %H:%M UTC')
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$(git status --porcelain 2>/dev/null)" ] && commit="$commit with uncommitted changes"
previous=""
if [ -n "${TOLLGATE_PREVIOUS_JAR:-}" ]; then
  previous_commit=$(git -C "$(dirname "$TOLLGATE_PREVIOUS_JAR")" rev-parse --short HEAD 2>/dev/null || echo "another build")
  previous="The previous build ($previous_commit) ran beside this one on the same stores where a script can run it: rows"
  previous="$previous "'`previous` and `prev-…`, each measured right after this build'"'s."
fi

# part NAME SCRIPT ARGS: runs one benchmark, its tables to $out/NAME.txt; stops everything on a failure
part() {
  local began=$SECONDS
  echo "$(date -u +%H:%M:%S) bench/$2 $3" >&2
  # shellcheck disable=SC2086
  if ! "bench/$2" $3 > "$out/$1.txt" 2> "$out/$1.log"; then
    mkdir -p target/bench-all
    cp "$out/$1.log" "$out/$1.txt" target/bench-all/
    echo "bench/$2 $3 failed (its output: target/bench-all/$1.txt and $1.log):" >&2
    tail -n 40 "$out/$1.log" "$out/$1.txt" >&2
    exit 1
  fi
  echo "$1 $2 $3|$((SECONDS - began))" >> "$out/parts"
}
part proxy proxy.sh "$PROXY"
part totp totp-step.sh "$TOTP"
part password password-step.sh "$PASSWORD"
part soak soak-mixed.sh "$SOAK"
part cost cost.sh "$COST"

# as_markdown: a benchmark's output with its tables as they are and every other line in a text block
as_markdown() {
  awk '
    function end_table() { if (table) { print ""; table = 0 } }
    function end_text() { if (text) { print "```"; print ""; text = 0 } }
    /^\|/ { end_text(); table = 1; print; next }
    /^[[:space:]]*$/ { end_table(); if (text) print ""; next }
    { end_table(); if (!text) { print "```text"; text = 1 } print }
    END { end_text(); end_table() }' "$1"
}

# took NAME: how long a part ran, in minutes
took() {
  awk -F'|' -v name="$1" 'index($1, name " ") == 1 {printf "%.1f", $2 / 60}' "$out/parts"
}

section="$out/section.md"
{
  echo "<!-- bench/all.sh writes from here to its end marker: rerun it rather than editing by hand -->"
  echo "## The latest full run — \`bench/all.sh\`"
  echo
  echo "Run on $started, commit $commit, with \`bench/all.sh\` (every part one after the other, nothing else"
  echo "running). Machine: $(nproc) cores ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)),"
  echo "$(awk '/^MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo) GiB of memory, $(. /etc/os-release && echo "$PRETTY_NAME"), $(java -version 2>&1 | head -1 | tr -d '"'),"
  echo "$(nginx -v 2>&1 | sed 's|.*: ||'), HAProxy $(haproxy -v | awk 'NR == 1 {print $3}'), $(wrk -v 2>&1 | awk 'NR == 1 {print $1, $2}'); client, gateway, PostgreSQL, Redis"
  echo "and nginx share those cores. To rerun all of it: \`bench/all.sh\` (about 35 minutes; \`--print\` to see the"
  echo "tables without writing this page); each part alone with the command in its heading."
  [ -n "$previous" ] && echo "$previous"
  echo
  echo "### Proxying — \`bench/proxy.sh $PROXY\` ($(took proxy) min)"
  echo
  as_markdown "$out/proxy.txt"
  echo "### The TOTP step — \`bench/totp-step.sh $TOTP\` ($(took totp) min)"
  echo
  as_markdown "$out/totp.txt"
  awk -F'|' '$2 ~ /this/ {gsub(/ /, "", $3); gsub(/ |ms/, "", $5);
    met = ($3 + 0 >= 2000 && $5 + 0 < 20) ? "met" : "not met on this machine"
    printf "The goal, at least 2 000 steps/s with p99 under 20 ms: %s (%s steps/s, p99 %s ms).\n\n", met, $3, $5}' "$out/totp.txt"
  echo "### The password step — \`bench/password-step.sh $PASSWORD\` ($(took password) min)"
  echo
  as_markdown "$out/password.txt"
  echo "### Mixed soak — \`bench/soak-mixed.sh $SOAK\` ($(took soak) min)"
  echo
  as_markdown "$out/soak.txt"
  echo "### The cost of size — \`bench/cost.sh $COST\` ($(took cost) min)"
  echo
  as_markdown "$out/cost.txt"
  echo "<!-- bench/all.sh writes up to here -->"
} > "$section"

if [ "${1:-}" = "--print" ]; then
  cat "$section"
  exit 0
fi
page=docs/performance.md
if grep -q '^<!-- bench/all.sh writes from here' "$page"; then
  # Replace what the last run wrote.
  awk -v section="$section" '
    /^<!-- bench\/all.sh writes from here/ { while ((getline line < section) > 0) print line; skip = 1; next }
    skip && /^<!-- bench\/all.sh writes up to here/ { skip = 0; next }
    !skip { print }' "$page" > "$out/page.md"
else
  # The first run: before the page's first section, after its opening paragraph.
  awk -v section="$section" '
    !done && /^## / { while ((getline line < section) > 0) print line; print ""; done = 1 }
    { print }' "$page" > "$out/page.md"
fi
cp "$out/page.md" "$page"
echo "docs/performance.md: the tables of this run are in its section \"The latest full run\"." >&2
