#!/usr/bin/env bash
# Two builds of the gateway side by side in one run: the simulator (zero latency), gateway A on 8080 and gateway B on
# 8082, both with the same config and JVM flags as bench/gateway.sh and a GC log each, then `apprentice bench gateway`
# with both as targets (so they see the same machine, run for run). Afterwards prints, per gateway, the calls it
# answered (its /metrics), its young collections and their pauses, collections per 1,000 calls, and the context switches
# and CPU time of all its threads per call (from /proc, during the bench): what a change to the per-call allocation
# or to the thread hand-offs did, which this shared machine's p99 is too noisy to show.
#
# Usage: bench/gateway-ab.sh A.jar B.jar [CONFIG.yaml] [-- more `apprentice bench gateway` options]
#   e.g. git stash; ./mvnw -B -q package -DskipTests; cp apprentice-cli/target/apprentice.jar /tmp/a.jar
#        git stash pop; ./mvnw -B -q package -DskipTests
#        bench/gateway-ab.sh /tmp/a.jar apprentice-cli/target/apprentice.jar -- --rates 1000 --duration 20s
# CONFIG defaults to bench/gateway.yaml (tracing on). The load generator and simulator come from B.jar.
# BENCH_A_JAVA_OPTS / BENCH_B_JAVA_OPTS replace one side's heap and GC flags (default: -XX:+UseSerialGC -Xms16m
# -Xmx128m, as bench/gateway.sh), so that the same jar can be compared under two JVM settings.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
[ $# -ge 2 ] || { sed -n '2,15p' "$0" >&2; exit 2; }
jar_a="$(realpath "$1")"
jar_b="$(realpath "$2")"
shift 2
config="$root/bench/gateway.yaml"
if [ $# -gt 0 ] && [ "$1" != "--" ]; then config="$(realpath "$1")"; shift; fi
[ "${1:-}" = "--" ] && shift
for jar in "$jar_a" "$jar_b"; do [ -f "$jar" ] || { echo "bench: $jar not found" >&2; exit 1; }; done

server_opts=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xms16m -Xmx128m)
read -r -a gc_a <<<"${BENCH_A_JAVA_OPTS:--XX:+UseSerialGC -Xms16m -Xmx128m}"
read -r -a gc_b <<<"${BENCH_B_JAVA_OPTS:--XX:+UseSerialGC -Xms16m -Xmx128m}"
bench_opts=(-XX:+UseSerialGC -Xms16m -Xmx128m)
export BENCH_SIM_PORT=9001
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$root/bench/results/gateway-ab-$stamp"
mkdir -p "$out"
work="$(mktemp -d)"
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap stop_all EXIT

for port in 9001 8080 8082; do
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then echo "bench: port $port is in use" >&2; exit 1; fi
done
"$java" "${server_opts[@]}" -jar "$jar_b" simulator --port 9001 >"$out/simulator.log" 2>&1 &
pids+=($!)
"$java" --enable-native-access=ALL-UNNAMED "${gc_a[@]}" -Xlog:gc:file="$out/gc-a.log" -jar "$jar_a" serve --config "$config" --port 8080 \
  --data-dir "$work/a" >"$out/a.log" 2>&1 &
pid_a=$!
pids+=("$pid_a")
"$java" --enable-native-access=ALL-UNNAMED "${gc_b[@]}" -Xlog:gc:file="$out/gc-b.log" -jar "$jar_b" serve --config "$config" --port 8082 \
  --data-dir "$work/b" >"$out/b.log" 2>&1 &
pid_b=$!
pids+=("$pid_b")
for url in http://127.0.0.1:9001/health http://127.0.0.1:8080/health http://127.0.0.1:8082/health; do
  for _ in $(seq 300); do curl -sf -o /dev/null --max-time 1 "$url" && break; sleep 0.2; done
  curl -sf -o /dev/null --max-time 1 "$url" || { echo "bench: $url did not answer (logs in $out)" >&2; exit 1; }
done

# voluntary and involuntary context switches of all of a process's threads, and its CPU time in clock ticks
switches() {
  cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ { v += $2 } /^nonvoluntary_ctxt_switches/ { n += $2 }
    END { printf "%d %d", v, n }'
}
cpu_ticks() { awk '{ print $14 + $15 }' /proc/"$1"/stat; }
read -r vol_a0 inv_a0 <<<"$(switches "$pid_a")"; read -r vol_b0 inv_b0 <<<"$(switches "$pid_b")"
cpu_a0="$(cpu_ticks "$pid_a")"; cpu_b0="$(cpu_ticks "$pid_b")"

"$java" "${bench_opts[@]}" -jar "$jar_b" bench gateway --target direct=http://127.0.0.1:9001/v1 \
  --target a=http://127.0.0.1:8080/v1 --target b=http://127.0.0.1:8082/v1 --pid "a=$pid_a" --pid "b=$pid_b" \
  --model bench --out "$out/bench.json" "$@" | tee "$out/bench.md"

{
  echo
  echo "| gateway | jar | JVM flags | calls answered | young collections | pause total (ms) | collections per 1k calls | context switches per call, voluntary / involuntary | CPU µs per call |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|"
  for side in a:8080:"$jar_a" b:8082:"$jar_b"; do
    IFS=: read -r name port jar <<<"$side"
    calls="$(curl -sf "http://127.0.0.1:$port/metrics" | awk '$1 ~ /^apprentice_requests_total/ { s += $2 } END { printf "%.0f", s }')"
    young="$(grep -c 'Pause Young' "$out/gc-$name.log" || true)"
    pause="$(grep 'Pause Young' "$out/gc-$name.log" | awk '{ v = $NF; sub("ms", "", v); s += v } END { printf "%.0f", s }')"
    if [ "$name" = a ]; then flags="${gc_a[*]}"; pid=$pid_a; v0=$vol_a0; i0=$inv_a0; c0=$cpu_a0
    else flags="${gc_b[*]}"; pid=$pid_b; v0=$vol_b0; i0=$inv_b0; c0=$cpu_b0; fi
    read -r v1 i1 <<<"$(switches "$pid")"
    c1="$(cpu_ticks "$pid")"
    per_call="$(awk -v v="$((v1 - v0))" -v i="$((i1 - i0))" -v t="$((c1 - c0))" -v hz="$(getconf CLK_TCK)" -v c="$calls" \
      'BEGIN { if (c > 0) printf "%.1f / %.1f | %.0f", v / c, i / c, 1e6 * t / hz / c; else printf "– | –" }')"
    echo "| $name | $(basename "$jar") | \`$flags\` | $calls | $young | $pause | $(awk -v y="$young" -v c="$calls" 'BEGIN { printf "%.2f", (c > 0 ? 1000 * y / c : 0) }') | $per_call |"
  done
} | tee -a "$out/bench.md"
echo "bench: results and logs in $out" >&2
