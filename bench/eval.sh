#!/usr/bin/env bash
# Evaluation-run benchmark: EvalBench (apprentice-bench) runs a suite of 1,000 Banking77 test.csv items x 3 simulator
# variants at concurrency 32 through the in-process gateway (zero-latency simulator, SQLite store, every call traced
# and costed), times the same calls made straight through the gateway, and the report; prints a Markdown table, kept
# under bench/results/ (git-ignored) with the commit it ran on.
#
# It builds what it needs from this working tree in one reactor run (the classpath is taken from the
# reactor), so it installs nothing into ~/.m2.
#
# Usage: bench/eval.sh [test.csv] [items] [concurrency]   (defaults: ../shared/data/banking77/test.csv 1000 32)
# Environment: JAVA_HOME (default Temurin 25), BENCH_JAVA_OPTS (default: -Xms1g -Xmx1g).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
data="${1:-$root/../shared/data/banking77/test.csv}"
items="${2:-1000}"
concurrency="${3:-32}"
read -r -a java_opts <<<"${BENCH_JAVA_OPTS:--Xms1g -Xmx1g}"

fail() { echo "bench: $*" >&2; exit 1; }

[ -x "$java" ] || fail "no java at $java; set JAVA_HOME to a JDK 25"
[ -f "$data" ] || fail "no Banking77 test.csv at $data (pass its path as the first argument)"

echo "bench: building apprentice-bench and what it needs" >&2
(cd "$root" && ./mvnw -q -B -pl apprentice-bench -am package -DskipTests dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench.classpath)
classpath="$root/apprentice-bench/target/classes:$(cat "$root/apprentice-bench/target/bench.classpath")"

commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$root" status --porcelain 2>/dev/null)" ]; then commit="$commit with uncommitted changes"; fi
results="$root/bench/results"
mkdir -p "$results"
report="$results/eval-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "bench/eval.sh on commit $commit, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, JVM options: ${java_opts[*]}"
  echo
  "$java" "${java_opts[@]}" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
    -cp "$classpath" dev.apprentice.bench.EvalBench "$data" "$items" "$concurrency"
} | tee "$report"
echo "bench: table kept in $report" >&2
