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
# during the run: the steadier measure on a shared machine. WRK_SCRIPT names a wrk Lua script
# to shape the requests.
measure() {
  local before=0 after=0
  [ -n "${MEASURE_PIDS:-}" ] && before=$(cpu_ticks $MEASURE_PIDS)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency ${3:+-H "$3"} ${WRK_SCRIPT:+-s "$WRK_SCRIPT"} "$2" > "$work/$1.txt"
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
  printf '| %-14s | %10s | %8s | %8s | %11s |\n' "$1" "req/s" "p50" "p99" "CPU µs/req"
  printf '|----------------|------------|----------|----------|-------------|\n'
  echo "$2" | while read -r name rps p50 p99 cpu; do
    printf '| %-14s | %10s | %8s | %8s | %11s |\n' "$name" "$rps" "$p50" "$p99" "${cpu:--}"
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
  local workers=$1 upstream_port=$2 proxy_port=${3:-} proxy_server=""
  mkdir -p "$work/www/open" "$work/logs"
  head -c 1024 /dev/zero | tr '\0' 'x' > "$work/www/index.html"
  : > "$work/www/ok"
  cp "$work/www/index.html" "$work/www/open/index.html"
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
  start_nginx "$workers" nginx "server { listen 127.0.0.1:$upstream_port; root $work/www; }
  $proxy_server"
}

# start_nginx WORKERS NAME SERVERS: writes $work/NAME.conf (the shared settings around the given
# http-level configuration) and starts nginx with it; its pid goes to $work/NAME.pid
start_nginx() {
  local user_line=""
  [ "$(id -u)" = "0" ] && user_line="user root root;"
  cat > "$work/$2.conf" <<CONF
$user_line
worker_processes $1;
pid $work/$2.pid;
error_log $work/logs/$2-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/body; proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fcgi; uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  keepalive_requests 1000000;
  $3
}
CONF
  nginx -c "$work/$2.conf"
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

# bench_haproxy PORT UPSTREAM_PORT: HAProxy in HTTP mode in front of the page, with server-side
# keep-alive: the second reference. Writes $work/haproxy.pid.
bench_haproxy() {
  cat > "$work/haproxy.cfg" <<CONF
global
  nbthread 1
  pidfile $work/haproxy.pid
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  option http-keep-alive
  http-reuse always
frontend bench
  bind 127.0.0.1:$1
  default_backend page
backend page
  server page 127.0.0.1:$2
CONF
  haproxy -D -f "$work/haproxy.cfg"
  for _ in $(seq 1 50); do [ -s "$work/haproxy.pid" ] && break; sleep 0.1; done
  bench_pids+=("$(cat "$work/haproxy.pid")")
}

# bench_token: an RSA key pair for a bearer issuer ($work/issuer.pem, the public key) and a token
# signed with it (RS256, issuer https://issuer.bench, audience bench, valid one hour), printed
bench_token() {
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/issuer.key" 2>/dev/null
  openssl pkey -in "$work/issuer.key" -pubout -out "$work/issuer.pem"
  local now header payload signature
  b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
  now=$(date +%s)
  header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"iss":"https://issuer.bench","aud":"bench","sub":"bench-bot","groups":["ci"],"iat":%d,"exp":%d}' \
    "$now" $((now + 3600)) | b64url)
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$work/issuer.key" -binary | b64url)
  echo "$header.$payload.$signature"
}

# bench_stores_start [MAVEN ARG...]: packages the gateway, starts the embedded PostgreSQL and
# Redis of the test stack, and sets store_options (the gateway's -D options for them)
# With TOLLGATE_BENCH_PACKAGED=1 (bench/all.sh packages once for all), it does not package again.
bench_stores_start() {
  if [ "${TOLLGATE_BENCH_PACKAGED:-}" != 1 ] || [ ! -f target/bench-classpath.txt ]; then
    ./mvnw -q -B package -DskipTests "$@" dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
      -Dmdep.includeScope=test
  fi
  java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    io.tollgate.testing.bench.BenchStores "$work/stores.conf" > "$work/logs/stores.log" 2>&1 &
  bench_pids+=("$!")
  for _ in $(seq 1 120); do [ -s "$work/stores.conf" ] && break; sleep 1; done
  [ -s "$work/stores.conf" ] || { cat "$work/logs/stores.log"; exit 1; }
  mapfile -t store_options < "$work/stores.conf"
}

# bench_gateway JAR PORT MANAGEMENT_PORT UPSTREAM_PORT LOG [JVM OPTION...]: the packaged gateway on
# the stores, with a two_factor route "app" and a bypass route "open" (/open) to the page, the
# bench issuer's tokens accepted and loopback trusted as a proxy; expects password, crypto_key,
# store_options. Prints its pid.
bench_gateway() {
  # shellcheck disable=SC2086
  TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD="$password" java -Xmx256m ${TOLLGATE_JAVA_OPTS:-} "${store_options[@]}" "${@:6}" \
    -Dquarkus.http.port="$2" -Dquarkus.management.port="$3" \
    -Dquarkus.log.level=WARN -Dquarkus.log.category.\"io.tollgate\".level=INFO \
    -Dtollgate.crypto.keys.bench="$crypto_key" \
    -Dtollgate.session.secure=false -Dtollgate.policy.admins-required=false \
    -Dtollgate.bootstrap.admin-username=bench -Dtollgate.trusted-proxies=127.0.0.1/32 \
    -Dtollgate.bearer.issuers.bench.issuer=https://issuer.bench -Dtollgate.bearer.issuers.bench.audiences=bench \
    -Dtollgate.bearer.issuers.bench.public-key-location="$work/issuer.pem" \
    -Dtollgate.routes.app.host='*' -Dtollgate.routes.app.policy=two_factor \
    -Dtollgate.routes.app.upstream=http://127.0.0.1:"$4" -Dtollgate.routes.app.pool-size=64 \
    -Dtollgate.routes.open.host='*' -Dtollgate.routes.open.path-prefix=/open -Dtollgate.routes.open.policy=bypass \
    -Dtollgate.routes.open.upstream=http://127.0.0.1:"$4" -Dtollgate.routes.open.pool-size=64 \
    -jar "$1" > "$5" 2>&1 &
  echo $!
}

# bench_sign_in PORT: signs in as the bootstrap administrator (no TOTP asked: admins-required is
# off in bench_gateway) and prints the session cookie's value
bench_sign_in() {
  local jar="$work/cookies-$1.txt" csrf session
  csrf=$(curl -fs -c "$jar" -b "$jar" "http://127.0.0.1:$1/.tollgate/login" \
    | grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//; s/"$//')
  curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "username=bench" \
    --data-urlencode "password=$password" "http://127.0.0.1:$1/.tollgate/login"
  session=$(awk '$6 == "tollgate_session" {print $7}' "$jar")
  [ -n "$session" ] || { echo "sign-in failed on port $1" >&2; exit 1; }
  echo "$session"
}

# bench_auth_nginx PORT FLOOR_PORT GATEWAY_PORT UPSTREAM_PORT HOP_FLOOR_PORT: nginx with the
# documented auth_request set-up to Tollgate on PORT; auth_request to a static 200 in the same
# nginx on FLOOR_PORT; on HOP_FLOOR_PORT, auth_request to an empty 200 served by the page's
# nginx over keep-alive (an auth service that does no work: the floor with the hop every
# external auth service costs). All with keep-alive to the page. Writes $work/auth.pid.
bench_auth_nginx() {
  start_nginx 1 auth "upstream tollgate { server 127.0.0.1:$3; keepalive 64; }
  upstream app { server 127.0.0.1:$4; keepalive 64; }
  server {
    listen 127.0.0.1:$1;
    location = /.tollgate-check {
      internal;
      proxy_pass http://tollgate/.tollgate/api/authz/auth-request;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_pass_request_body off;
      proxy_set_header Content-Length \"\";
      proxy_set_header X-Original-URL \$scheme://\$http_host\$request_uri;
      proxy_set_header X-Original-Method \$request_method;
      proxy_set_header X-Forwarded-For \$remote_addr;
    }
    location / {
      auth_request /.tollgate-check;
      auth_request_set \$tollgate_user \$upstream_http_remote_user;
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_set_header Remote-User \$tollgate_user;
    }
  }
  server {
    listen 127.0.0.1:$5;
    location = /check-hop {
      internal;
      proxy_pass http://app/ok;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_pass_request_body off;
      proxy_set_header Content-Length \"\";
    }
    location / {
      auth_request /check-hop;
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
    }
  }
  server {
    listen 127.0.0.1:$2;
    location = /check { internal; return 200; }
    location / {
      auth_request /check;
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
    }
  }"
  for _ in $(seq 1 50); do [ -s "$work/auth.pid" ] && break; sleep 0.1; done
  bench_pids+=("$(cat "$work/auth.pid")")
}

# heap_after_gc PID: "heap-used-MiB live-per-request-objects" of a gateway, read after a full GC;
# the objects are RoutingContexts and Exchanges, one each per request in flight
heap_after_gc() {
  jcmd "$1" GC.run > /dev/null
  local used contexts
  # Heap lines of GC.heap_info say "total ..., used ...K" (one for G1, one per generation for
  # Serial and Parallel); the Metaspace lines have no "total".
  used=$(jcmd "$1" GC.heap_info | awk '/total/ && /used/ {for (i = 1; i < NF; i++) if ($i == "used") {v = $(i + 1); sub(/[,K]+$/, "", v); kib += v}} END {print int(kib / 1024)}')
  contexts=$(jcmd "$1" GC.class_histogram | awk '$4 == "io.vertx.ext.web.impl.RoutingContextImpl" || $4 == "io.tollgate.proxy.Exchange" {n += $2} END {print n + 0}')
  echo "$used $contexts"
}

# rss_mib PID: the resident memory of a process, in MiB
rss_mib() {
  awk '/^VmRSS:/ {print int($2 / 1024)}' "/proc/$1/status"
}

# start_step_gateway JAR LOG PORT MANAGEMENT_PORT [JVM OPTION...]: the packaged gateway on the
# stores with one two_factor route to nowhere, for the sign-in step benchmarks (they stop at the
# portal); expects crypto_key and store_options. Prints its pid.
start_step_gateway() {
  # shellcheck disable=SC2086
  TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD="$(head -c 18 /dev/urandom | base64)" java -Xmx512m ${TOLLGATE_JAVA_OPTS:-} \
    "${store_options[@]}" "${@:5}" \
    -Dquarkus.http.port="$3" -Dquarkus.management.port="$4" \
    -Dquarkus.log.level=WARN -Dtollgate.crypto.keys.bench="$crypto_key" -Dtollgate.crypto.active-key=bench \
    -Dtollgate.session.secure=false -Dtollgate.bootstrap.admin-username=bench-admin \
    -Dtollgate.routes.app.host='*' -Dtollgate.routes.app.policy=two_factor \
    -Dtollgate.routes.app.upstream=http://127.0.0.1:9 \
    -jar "$1" > "$2" 2>&1 &
  echo $!
}

# stop_and_wait PID: stops a process started in a subshell (not a child: wait cannot see it)
# and waits until it is gone, so that its ports are free again
stop_and_wait() {
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 150); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done
  kill -9 "$1" 2>/dev/null || true
}
