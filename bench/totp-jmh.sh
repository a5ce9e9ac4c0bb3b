#!/usr/bin/env bash
# JMH: TOTP verification (window 1) beside the three HMACs it needs, with allocation per
# operation (-prof gc). Usage: bench/totp-jmh.sh [extra JMH options]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main \
  'io.tollgate.totp.bench.TotpVerifyBenchmark' -prof gc "$@"
