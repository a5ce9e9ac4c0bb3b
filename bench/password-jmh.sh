#!/usr/bin/env bash
# JMH: one Argon2id password check with the default parameters (19 MiB, t=2, p=1).
# Usage: bench/password-jmh.sh [extra JMH options]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main \
  'io.tollgate.account.bench.PasswordHashBenchmark' "$@"
