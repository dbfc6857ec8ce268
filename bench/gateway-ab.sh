#!/usr/bin/env bash
# Two builds of the gateway side by side in one run: the simulator (zero latency), gateway A and gateway B (on 9001,
# 8080 and 8082, or the next free ports up from each when another run or program holds one), both with the same config
# and JVM flags as bench/gateway.sh and a GC log each, then `apprentice bench gateway`
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
[ $# -ge 2 ] || { sed -n '2,16p' "$0" >&2; exit 2; }
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
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$root/bench/results/gateway-ab-$stamp"
mkdir -p "$root/bench/results"
n=1 # a run started in the same second beside this one gets a folder of its own
while ! mkdir "$out" 2>/dev/null; do n=$((n + 1)); out="$root/bench/results/gateway-ab-$stamp-$n"; done
work="$(mktemp -d)"
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap stop_all EXIT

# the first port from $1 up that nothing listens on (any program, not only an HTTP server) and this run has not taken
taken=()
free_port() {
  port="$1"
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || [[ " ${taken[*]} " == *" $port "* ]]; do
    port=$((port + 1))
    [ "$port" -le 65535 ] || { echo "bench: no free port from $1 up" >&2; exit 1; }
  done
  taken+=("$port")
}
free_port 9001; sim_port=$port
free_port 8080; port_a=$port
free_port 8082; port_b=$port
export BENCH_SIM_PORT=$sim_port
echo "bench: simulator on port $sim_port, gateway A on $port_a, gateway B on $port_b" >&2
"$java" "${server_opts[@]}" -jar "$jar_b" simulator --port "$sim_port" >"$out/simulator.log" 2>&1 &
pid_sim=$!
pids+=("$pid_sim")
"$java" --enable-native-access=ALL-UNNAMED "${gc_a[@]}" -Xlog:gc:file="$out/gc-a.log" -jar "$jar_a" serve --config "$config" --port "$port_a" \
  --data-dir "$work/a" >"$out/a.log" 2>&1 &
pid_a=$!
pids+=("$pid_a")
"$java" --enable-native-access=ALL-UNNAMED "${gc_b[@]}" -Xlog:gc:file="$out/gc-b.log" -jar "$jar_b" serve --config "$config" --port "$port_b" \
  --data-dir "$work/b" >"$out/b.log" 2>&1 &
pid_b=$!
pids+=("$pid_b")
# each must listen from its own process: another run's, started in the same second, may hold its port and answer
# /health there, so the process's own banner (printed once it listens) is waited for; one that exited is named
for side in simulator:"$sim_port":"$pid_sim" a:"$port_a":"$pid_a" b:"$port_b":"$pid_b"; do
  IFS=: read -r name port pid <<<"$side"
  log="$out/$name.log"
  for _ in $(seq 300); do
    kill -0 "$pid" 2>/dev/null || { echo "bench: $name exited before it listened: is port $port in use? (its log: $log)" >&2; exit 1; }
    grep -q "serving on http://[^ /]*:$port/" "$log" && break
    sleep 0.2
  done
  grep -q "serving on http://[^ /]*:$port/" "$log" || { echo "bench: $name did not listen on port $port (its log: $log)" >&2; exit 1; }
  curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$port/health" || { echo "bench: $name on port $port did not answer /health (its log: $log)" >&2; exit 1; }
done

# voluntary and involuntary context switches of all of a process's threads, and its CPU time in clock ticks
switches() {
  cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ { v += $2 } /^nonvoluntary_ctxt_switches/ { n += $2 }
    END { printf "%d %d", v, n }'
}
cpu_ticks() { awk '{ print $14 + $15 }' /proc/"$1"/stat; }
read -r vol_a0 inv_a0 <<<"$(switches "$pid_a")"; read -r vol_b0 inv_b0 <<<"$(switches "$pid_b")"
cpu_a0="$(cpu_ticks "$pid_a")"; cpu_b0="$(cpu_ticks "$pid_b")"

"$java" "${bench_opts[@]}" -jar "$jar_b" bench gateway --target direct=http://127.0.0.1:$sim_port/v1 \
  --target a=http://127.0.0.1:$port_a/v1 --target b=http://127.0.0.1:$port_b/v1 --pid "a=$pid_a" --pid "b=$pid_b" \
  --model bench --out "$out/bench.json" "$@" | tee "$out/bench.md"

{
  echo
  echo "| gateway | jar | JVM flags | calls answered | young collections | pause total (ms) | collections per 1k calls | context switches per call, voluntary / involuntary | CPU µs per call |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|"
  for side in a:"$port_a":"$jar_a" b:"$port_b":"$jar_b"; do
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
