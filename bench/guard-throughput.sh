#!/usr/bin/env bash
# Replay guard + attempt limiter throughput against a local Redis (embedded unless a URL is given).
# Usage: bench/guard-throughput.sh [concurrency, default 64] [seconds, default 20] [redis://host:port]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  io.tollgate.guard.bench.GuardThroughput "$@"
