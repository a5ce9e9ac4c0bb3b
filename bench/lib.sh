# Shared by the wrk benchmarks: one measurement as a table row, and the table.
# Expects THREADS, CONNECTIONS, DURATION and work (a scratch folder) to be set.

# cpu_ticks PID...: user + system clock ticks used so far by these processes (all their threads)
cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}

# nginx_workers PIDFILE: the worker processes of the nginx whose master wrote PIDFILE
nginx_workers() {
  pgrep -P "$(cat "$1")" | tr '\n' ' '
}

# measure NAME URL [HEADER]: prints "NAME req/s p50 p99 cpu", where cpu is the microseconds of
# CPU the processes in MEASURE_PIDS (a space-separated list; "-" when unset) used per request
# during the run: the steadier measure on a shared machine.
measure() {
  local before=0 after=0
  [ -n "${MEASURE_PIDS:-}" ] && before=$(cpu_ticks $MEASURE_PIDS)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency ${3:+-H "$3"} "$2" > "$work/$1.txt"
  [ -n "${MEASURE_PIDS:-}" ] && after=$(cpu_ticks $MEASURE_PIDS)
  local rps p50 p99 requests cpu="-"
  rps=$(awk '/^Requests\/sec/ {print $2}' "$work/$1.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$work/$1.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/$1.txt")
  requests=$(awk '/requests in/ {print $1}' "$work/$1.txt")
  if [ -n "${MEASURE_PIDS:-}" ] && [ "${requests:-0}" -gt 0 ]; then
    cpu=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN {printf "%.0f", t * 1000000 / hz / n}')
  fi
  echo "$1 $rps $p50 $p99 $cpu"
}

# print_table FIRST_COLUMN_TITLE RESULTS: the rows of measure as a Markdown table
print_table() {
  printf '| %-10s | %10s | %8s | %8s | %11s |\n' "$1" "req/s" "p50" "p99" "CPU µs/req"
  printf '|------------|------------|----------|----------|-------------|\n'
  echo "$2" | while read -r name rps p50 p99 cpu; do
    printf '| %-10s | %10s | %8s | %8s | %11s |\n' "$name" "$rps" "$p50" "$p99" "${cpu:--}"
  done
}

# Shared set-up of the wrk benchmarks. Expects work (a scratch folder) to be set.

# bench_pids: what bench_stop stops (gateways, stores), besides nginx
bench_pids=()

# bench_stop: stops what the benchmark started and removes the scratch folder (an EXIT trap)
bench_stop() {
  local pid
  for pid in "${bench_pids[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}

# bench_nginx WORKERS UPSTREAM_PORT [PROXY_PORT]: nginx serving a 1 KiB static page (also
# under /open/) on UPSTREAM_PORT and, when PROXY_PORT is given, proxy_pass to it there with
# upstream keep-alive: the reference every gateway figure is read beside
bench_nginx() {
  local workers=$1 upstream_port=$2 proxy_port=${3:-} user_line="" proxy_server=""
  mkdir -p "$work/www/open" "$work/logs"
  head -c 1024 /dev/zero | tr '\0' 'x' > "$work/www/index.html"
  cp "$work/www/index.html" "$work/www/open/index.html"
  [ "$(id -u)" = "0" ] && user_line="user root root;"
  if [ -n "$proxy_port" ]; then
    proxy_server="upstream app { server 127.0.0.1:$upstream_port; keepalive 64; }
  server {
    listen 127.0.0.1:$proxy_port;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$remote_addr;
    }
  }"
  fi
  cat > "$work/nginx.conf" <<CONF
$user_line
worker_processes $workers;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/body; proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fcgi; uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$upstream_port; root $work/www; }
  $proxy_server
}
CONF
  nginx -c "$work/nginx.conf"
}

# start_bypass_gateway JAR PORT MANAGEMENT_PORT HEAP UPSTREAM_PORT LOG: the packaged gateway
# with one bypass route to the upstream and no store (they point at closed ports); prints its pid
start_bypass_gateway() {
  # shellcheck disable=SC2086
  java -Xmx"$4" ${TOLLGATE_JAVA_OPTS:-} \
    -Dquarkus.http.port="$2" -Dquarkus.management.port="$3" \
    -Dquarkus.log.level=WARN -Dquarkus.flyway.migrate-at-start=false \
    -Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:9/none \
    -Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:9/none \
    -Dquarkus.redis.hosts=redis://127.0.0.1:9 \
    -Dtollgate.crypto.keys.bench="$(head -c 32 /dev/urandom | base64)" \
    -Dtollgate.routes.bench.host='*' -Dtollgate.routes.bench.policy=bypass \
    -Dtollgate.routes.bench.upstream=http://127.0.0.1:"$5" \
    -Dtollgate.routes.bench.pool-size=64 \
    -jar "$1" > "$6" 2>&1 &
  echo $!
}

# wait_for_url URL LOG: waits up to 90 s for URL to answer 2xx; on failure prints LOG and exits
wait_for_url() {
  for _ in $(seq 1 90); do
    curl -fs -o /dev/null "$1" && return 0
    sleep 1
  done
  cat "$2"
  exit 1
}
