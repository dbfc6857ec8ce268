#!/usr/bin/env bash
# Latency of the pattern scanners (PII, secrets, both) per ~1 KB prompt, one thread, after a warm-up:
# p50/p90/p99/p99.9/max of wall-clock time and of the thread's CPU time per call (CPU time is not inflated when
# the machine is busy and the thread waits for a core). Prompts are built from ../shared/data/pii.
# Prints Markdown and writes it under bench/results/ (git-ignored).
#
# Usage: bench/guard-latency.sh [PatternLatencyBench options: --iterations 50000 --warmup-seconds 5 --data FILE]
# Environment: JAVA_HOME (default Temurin 25).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/guard-classpath.sh"
"$java" -XX:+UseSerialGC -cp "$classpath" dev.apprentice.bench.pii.PatternLatencyBench "$@" \
  2> >(grep -v "phonenumbers\|^WARNING: File" >&2) | tee "$results/guard-latency-$stamp.md"
echo "bench: results in $results/guard-latency-$stamp.md" >&2
