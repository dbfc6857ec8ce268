#!/usr/bin/env bash
# Response cache lookup latency (CacheLookupBench), embedding excluded: exact and semantic lookups at 10k and 100k
# entries (Banking77 training questions embedded, repeated with small noise past 10,003; the test questions as
# queries), semantic lookups while another thread stores under each refresh policy, and the cost of embedding one
# question with langchain4j's all-MiniLM-L6-v2 as a stand-in. Prints Markdown tables and writes cache-lookup.md.
#
# Usage: bench/cache-lookup.sh [banking77-dir (default ../shared/data/banking77)] [output-dir (default
# bench/results/cache-lookup)]. Builds what it needs (Maven Central only for plugins not yet cached). Environment: JAVA_HOME (default Temurin 25).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
data="$(realpath -m "${1:-$root/../shared/data/banking77}")"
out="$(realpath -m "${2:-$root/bench/results/cache-lookup}")"
cd "$root"
./mvnw -q -B -DskipTests -pl apprentice-bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime
cp="apprentice-bench/target/classes:apprentice-local/target/classes:$(cat apprentice-bench/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
  -cp "$cp" dev.apprentice.bench.CacheLookupBench "$data" "$out"
