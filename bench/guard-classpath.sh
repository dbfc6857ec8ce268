# Sourced by bench/pii.sh and bench/guard-latency.sh: builds the modules the guard benchmarks need and sets
# $java and $classpath. The build is one reactor run ("package", not "install"), and the classpath points
# at this tree's module jars, so the run never reads or overwrites Apprentice artifacts in the shared ~/.m2.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
[ -x "$java" ] || { echo "bench: no java at $java; set JAVA_HOME to a JDK 25" >&2; exit 1; }
(cd "$root" && ./mvnw -q -B package -DskipTests -pl apprentice-bench -am \
  dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime) >&2
classpath="$root/apprentice-bench/target/classes:$(cat "$root/apprentice-bench/target/bench-classpath.txt")"
results="$root/bench/results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results"
