#!/usr/bin/env bash
# Gateway overhead benchmark, in one run on this machine: the standalone simulator (zero latency) called directly,
# through Apprentice (tracing on, full capture), through Apprentice with tracing off ("untraced"), and through
# Portkey 1.15.2 (../shared/bench/portkey.sh), all on loopback. Around every open-loop run the two Apprentice gateways'
# own overhead histograms are read from their /metrics (the "in-gateway overhead" table), and afterwards the traced
# gateway's trace-writer counters (written, dropped) are scraped and appended to the report. Prints the Markdown
# tables and writes them, the JSON and the server logs under bench/results/ (git-ignored).
#
# Usage: bench/gateway.sh [more `apprentice bench gateway` options, e.g. --duration 5s --warmup 2s --rates 1000]
# Needs the runnable jar (./mvnw -B -q -DskipTests package); builds nothing itself. Environment: JAVA_HOME (default
# Temurin 25), BENCH_SIM_PORT (9001), BENCH_APPRENTICE_PORT (8080), BENCH_UNTRACED_PORT (8081), BENCH_PORTKEY_PORT (8787),
# BENCH_NO_UNTRACED=1 to leave the tracing-off gateway out,
# BENCH_SERVER_JAVA_OPTS (replaces the server JVM flags below), BENCH_NO_PORTKEY=1 to leave Portkey out;
# BENCH_MAX_CALLS, BENCH_TRACE_QUEUE and BENCH_TRACE_WAIT_MS are read by bench/gateway.yaml (see there).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
jar="$root/apprentice-cli/target/apprentice.jar"
portkey_sh="$root/../shared/bench/portkey.sh"
sim_port="${BENCH_SIM_PORT:-9001}"
app_port="${BENCH_APPRENTICE_PORT:-8080}"
untraced_port="${BENCH_UNTRACED_PORT:-8081}"
portkey_port="${BENCH_PORTKEY_PORT:-8787}"
export BENCH_SIM_PORT="$sim_port"

# Server JVM flags. Measured here (2 cores, 24 GB RAM; 10 s prewarm, open loop at 1k and 3k RPS, 64-worker saturation,
# peak RSS of Apprentice / saturated plain RPS; runs are noisy, +-15%):
#   default (G1, no -Xmx: the heap is sized from the machine's RAM)   710 MB   6.5k
#   -XX:+UseSerialGC -Xmx256m (-Xms then defaults to 256m as well)     362-386 MB   6.2-7.7k
#   -XX:+UseG1GC -Xms16m -Xmx128m                                       268 MB   6.4k
#   -XX:+UseParallelGC -Xms16m -Xmx128m                                 257-270 MB   11.6-12k
#   -XX:+UseSerialGC -Xms16m -Xmx128m                                   265-272 MB   10.5-11k   <- chosen
#   -XX:+UseSerialGC -Xms16m -Xmx96m                                    236 MB   10.9k, but streaming overload thrashes GC
#   ... -Xmx128m -XX:TieredStopAtLevel=1 (C1 only)                       210 MB   5.6k, twice the CPU per request
# The p50/p99 at 1k RPS were the same for all of them (young pauses are ~0.5 ms and hit <1% of requests). Serial and
# Parallel tie; Serial runs no extra GC threads on two cores. A small -Xms keeps an idle server small; -Xmx128m
# leaves room for a live set of ~40-85 MB. MALLOC_ARENA_MAX=2 changed nothing. --enable-native-access and the vector
# module are the ./apprentice launcher's flags.
read -r -a server_opts <<<"${BENCH_SERVER_JAVA_OPTS:--XX:+UseSerialGC -Xms16m -Xmx128m}"
launcher_opts=(--enable-native-access=ALL-UNNAMED)
# The load generator shares the two cores: the serial collector and a small heap keep it out of the servers' way.
bench_opts=(-XX:+UseSerialGC -Xms16m -Xmx128m)

fail() { echo "bench: $*" >&2; exit 1; }

[ -x "$java" ] || fail "no java at $java; set JAVA_HOME to a JDK 25"
[ -f "$jar" ] || fail "$jar not found; build it first: ./mvnw -B -q -DskipTests package"
command -v curl >/dev/null || fail "curl is needed to wait for the servers"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$root/bench/results"
logs="$results/gateway-$stamp-logs"
mkdir -p "$logs"
work="$(mktemp -d)"
started=()

stop_all() {
  local pid
  for pid in "${started[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${started[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

port_free() { ! curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/"; }

# wait_for NAME URL PID LOG: polls URL until it answers 2xx (at most 60 s), failing early if the process died
wait_for() {
  local name="$1" url="$2" pid="$3" log="$4"
  for _ in $(seq 300); do
    if curl -sf -o /dev/null --max-time 1 "$url"; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$log" >&2; fail "$name exited before answering $url (log: $log)"; }
    sleep 0.2
  done
  tail -n 20 "$log" >&2
  fail "$name did not answer $url within 60 s (log: $log)"
}

for port in "$sim_port" "$app_port"; do
  port_free "$port" || fail "port $port is already in use; stop what runs there or set BENCH_*_PORT"
done

echo "bench: starting the simulator on $sim_port" >&2
"$java" "${launcher_opts[@]}" "${server_opts[@]}" -jar "$jar" simulator --port "$sim_port" >"$logs/simulator.log" 2>&1 &
sim_pid=$!
started+=("$sim_pid")
wait_for simulator "http://127.0.0.1:$sim_port/health" "$sim_pid" "$logs/simulator.log"

echo "bench: starting Apprentice on $app_port" >&2
"$java" "${launcher_opts[@]}" "${server_opts[@]}" -jar "$jar" serve --config "$root/bench/gateway.yaml" \
  --port "$app_port" --data-dir "$work/apprentice-data" >"$logs/apprentice.log" 2>&1 &
app_pid=$!
started+=("$app_pid")
wait_for apprentice "http://127.0.0.1:$app_port/health" "$app_pid" "$logs/apprentice.log"

targets=(--target "direct=http://127.0.0.1:$sim_port/v1" --target "apprentice=http://127.0.0.1:$app_port/v1")
pids=(--pid "direct=$sim_pid" --pid "apprentice=$app_pid" --metrics "apprentice=http://127.0.0.1:$app_port/metrics")

if [ -z "${BENCH_NO_UNTRACED:-}" ]; then
  port_free "$untraced_port" || fail "port $untraced_port is already in use; set BENCH_UNTRACED_PORT"
  echo "bench: starting Apprentice with tracing off on $untraced_port" >&2
  "$java" "${launcher_opts[@]}" "${server_opts[@]}" -jar "$jar" serve --config "$root/bench/gateway-untraced.yaml" \
    --port "$untraced_port" --data-dir "$work/untraced-data" >"$logs/untraced.log" 2>&1 &
  untraced_pid=$!
  started+=("$untraced_pid")
  wait_for untraced "http://127.0.0.1:$untraced_port/health" "$untraced_pid" "$logs/untraced.log"
  targets+=(--target "untraced=http://127.0.0.1:$untraced_port/v1")
  pids+=(--pid "untraced=$untraced_pid" --metrics "untraced=http://127.0.0.1:$untraced_port/metrics")
fi

portkey_pid=""
if [ -n "${BENCH_NO_PORTKEY:-}" ]; then
  echo "bench: leaving Portkey out (BENCH_NO_PORTKEY is set)" >&2
elif [ ! -x "$portkey_sh" ] || ! command -v npm >/dev/null; then
  echo "bench: leaving Portkey out: needs $portkey_sh and npm" >&2
elif ! port_free "$portkey_port"; then
  echo "bench: leaving Portkey out: port $portkey_port is already in use" >&2
elif ! "$portkey_sh" install >"$logs/portkey-install.log" 2>&1; then
  echo "bench: leaving Portkey out: npm install failed (see $logs/portkey-install.log)" >&2
elif ! portkey_pid="$("$portkey_sh" start "$portkey_port" 2>>"$logs/portkey-install.log")"; then
  portkey_pid=""
  echo "bench: leaving Portkey out: it did not start (see $logs/portkey-install.log)" >&2
else
  started+=("$portkey_pid")
  wait_for portkey "http://127.0.0.1:$portkey_port/" "$portkey_pid" "$logs/portkey-install.log"
  echo "bench: Portkey runs on $portkey_port" >&2
  targets+=(--target "portkey=http://127.0.0.1:$portkey_port/v1"
    --header "portkey:x-portkey-provider=openai"
    --header "portkey:x-portkey-custom-host=http://127.0.0.1:$sim_port/v1"
    --header "portkey:Authorization=Bearer x")
  pids+=(--pid "portkey=$portkey_pid")
fi

status=0
"$java" "${bench_opts[@]}" -jar "$jar" bench gateway "${targets[@]}" "${pids[@]}" --model bench \
  --out "$results/gateway-$stamp.json" "$@" | tee "$results/gateway-$stamp.md" || status=$?
# the traced gateway's writer: every answered call should have been written, none dropped
metrics="$(curl -sf "http://127.0.0.1:$app_port/metrics" || true)"
metric() { awk -v name="$1" '$1 == name || index($1, name "{") == 1 { sum += $2 } END { printf "%.0f", sum }' <<<"$metrics"; }
{
  echo
  echo "Trace writer of the traced gateway after the whole run (from its /metrics):"
  echo "calls answered $(metric apprentice_requests_total), traces written $(metric apprentice_traces_written_total)," \
    "dropped $(metric apprentice_traces_dropped_total), calls held back by a full queue" \
    "$(metric apprentice_traces_waits_total), still queued $(metric apprentice_traces_queue_depth)"
} | tee -a "$results/gateway-$stamp.md"
if [ -n "$portkey_pid" ]; then
  cp "$(dirname "$(mktemp -u)")/portkey-peer/portkey-$portkey_port.log" "$logs/portkey.log" 2>/dev/null || true
fi
echo "bench: results in $results/gateway-$stamp.md and .json, server logs in $logs" >&2
exit "$status"
