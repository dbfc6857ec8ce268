#!/usr/bin/env bash
# Semantic cache quality on Banking77 (CacheQualityBench): caches the 10,003 training questions with their intent as
# the answer, looks up the 3,080 test questions, and scores each threshold 0.80..0.98 by hit rate and false hits:
# by meaning alone (every question in one context) and with the gateway's rules (each question keyed as the gateway
# keys it, so numbers and negations must match), side by side. Prints Markdown tables and writes
# cache-threshold.{md,csv,png} (meaning alone), cache-threshold-gateway.{md,csv,png} and cache-threshold-rules.md
# (both) to the output folder.
#
# Usage: bench/cache-quality.sh [banking77-dir (default ../shared/data/banking77)] [output-dir (default
# bench/results/cache-quality)] [--rules meaning|gateway|both (default both)]. Builds what it needs (Maven Central
# only for plugins not yet cached). Environment: JAVA_HOME (default Temurin 25).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
rules=()
paths=()
while (($#)); do
  if [[ "$1" == --rules ]]; then rules=(--rules "${2:?--rules takes meaning, gateway or both}"); shift 2
  else paths+=("$1"); shift; fi
done
data="$(realpath -m "${paths[0]:-$root/../shared/data/banking77}")"
out="$(realpath -m "${paths[1]:-$root/bench/results/cache-quality}")"
cd "$root"
./mvnw -q -B -DskipTests -pl apprentice-bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime
cp="apprentice-bench/target/classes:apprentice-local/target/classes:$(cat apprentice-bench/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
  -Djava.awt.headless=true -cp "$cp" dev.apprentice.bench.CacheQualityBench "$data" "$out" \
  "${rules[@]}"
