#!/usr/bin/env bash
# Metric throughput benchmark: MetricBench (apprentice-bench) scores 10,000 Banking77 sentence pairs (each train.csv
# query against the next query of the same intent) with BLEU, chrF, TER and ROUGE on one thread, and prints pairs/s
# per metric as a Markdown table, which it also keeps under bench/results/ (git-ignored) with the commit it ran on.
#
# It builds what it needs from this working tree in one reactor run (apprentice-api, -local, -eval and
# -bench are packaged and the classpath taken from the reactor), so it installs nothing into ~/.m2.
#
# Usage: bench/metrics.sh [train.csv] [pairs] [rounds]   (defaults: ../shared/data/banking77/train.csv 10000 5)
# Environment: JAVA_HOME (default Temurin 25), BENCH_JAVA_OPTS (default: -Xms1g -Xmx1g).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
data="${1:-$root/../shared/data/banking77/train.csv}"
pairs="${2:-10000}"
rounds="${3:-5}"
read -r -a java_opts <<<"${BENCH_JAVA_OPTS:--Xms1g -Xmx1g}"

fail() { echo "bench: $*" >&2; exit 1; }

[ -x "$java" ] || fail "no java at $java; set JAVA_HOME to a JDK 25"
[ -f "$data" ] || fail "no Banking77 train.csv at $data (pass its path as the first argument)"

echo "bench: building apprentice-bench and the modules it needs" >&2
(cd "$root" && ./mvnw -q -B -pl apprentice-bench -am package \
  -DskipTests dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/bench.classpath)
classpath="$root/apprentice-bench/target/classes:$(cat "$root/apprentice-bench/target/bench.classpath")"

commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$root" status --porcelain 2>/dev/null)" ]; then commit="$commit with uncommitted changes"; fi
results="$root/bench/results"
mkdir -p "$results"
report="$results/metrics-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "bench/metrics.sh on commit $commit, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, JVM options: ${java_opts[*]}"
  echo
  "$java" "${java_opts[@]}" -cp "$classpath" dev.apprentice.bench.MetricBench "$data" "$pairs" "$rounds"
} | tee "$report"
echo "bench: table kept in $report" >&2
