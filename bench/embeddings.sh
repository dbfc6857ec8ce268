#!/usr/bin/env bash
# In-process embedding throughput, in one run on this machine: Apprentice's MiniLmEmbedder (ONNX Runtime, dynamic
# micro-batching, length-sorted runs) against langchain4j's AllMiniLmL6V2EmbeddingModel on the same model files, in
# sentences per second over the Banking77 training sentences: one caller with batches of 32, one caller with one
# sentence per call, and 8 concurrent callers of one sentence each. Each number is the median of 3 rounds of a 5 s
# warm-up and 10 s of measurement, the two measured in turn. Prints a Markdown table with the ratios and writes it
# under bench/results/ (git-ignored).
#
# Usage: bench/embeddings.sh [banking77 folder, default ../shared/data/banking77] [EmbeddingBench options, e.g.
#        --warmup-s 5 --seconds 20 --rounds 5 --sweep; --int8 compares the int8-quantised variant on both sides]
# Builds apprentice-bench and the modules it needs in this tree (no install). Environment:
# JAVA_HOME (default Temurin 25), BENCH_JAVA_OPTS (extra JVM flags). The machine may be shared: runs are noisy.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
data="${1:-$root/../shared/data/banking77}"
[ $# -gt 0 ] && shift

fail() { echo "bench: $*" >&2; exit 1; }
[ -x "$java" ] || fail "no java at $java; set JAVA_HOME to a JDK 25"
[ -f "$data/train.csv" ] || fail "no Banking77 train.csv in $data"

cd "$root"
./mvnw -q -B -DskipTests -pl apprentice-bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="apprentice-bench/target/classes:$(cat apprentice-bench/target/classpath.txt)"

mkdir -p bench/results
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
report="bench/results/embeddings-$stamp.md"
read -r -a extra_opts <<<"${BENCH_JAVA_OPTS:-}"
{
  echo "# Embedding throughput, $stamp, commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  "$java" --enable-native-access=ALL-UNNAMED "${extra_opts[@]}" -cp "$classpath" dev.apprentice.bench.EmbeddingBench \
    "$data" --native-dir "$root/bench/results/native" "$@" 2> >(grep -v '^SLF4J' >&2)
} | tee "$report"
echo "written to $report" >&2
