#!/usr/bin/env bash
# JMH: the decision every request pays before any store (target screening, route, access
# rules) for 10 and 100 routes and rules, with allocation per decision (-prof gc).
# Usage: bench/decision-jmh.sh [extra JMH options]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main \
  'io.tollgate.gate.bench.DecisionBenchmark' -prof gc "$@"
