#!/usr/bin/env bash
# Prompt-injection detection on the InjecGuard protocol (../shared/data/prompt-injection): trains the default
# detector from the built-in examples, then over-defense on NotInject one/two/three and malicious accuracy on BIPIA
# text/code test attacks, a threshold sweep, a near-copy check against the training set, and latency per scan
# (embedding included). Prints Markdown and writes it under bench/results/ (git-ignored).
#
# Usage: bench/injection.sh [InjectionBench options: --data DIR --threshold 0.5 --iterations 400 --errors --cost 4
#        --float32 (embed with the float model instead of the detector's int8 one)
#        --held-out FILE (labelled JSONL reported per category; default bench/injection-held-out.jsonl)]
# --data defaults to ../shared/data/prompt-injection beside the repository, wherever it is run from.
# Environment: JAVA_HOME (default Temurin 25).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/guard-classpath.sh"
{
  echo "# Injection detector, $stamp, commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  "$java" --enable-native-access=ALL-UNNAMED -cp "$classpath" dev.apprentice.bench.injection.InjectionBench \
    --native-dir "$root/bench/results/native" --data "$root/../shared/data/prompt-injection" \
    --held-out "$root/bench/injection-held-out.jsonl" "$@" 2> >(grep -v "^SLF4J\|^WARNING: File" >&2)
} | tee "$results/injection-$stamp.md"
echo "bench: results in $results/injection-$stamp.md" >&2
