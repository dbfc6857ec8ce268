#!/usr/bin/env bash
# Trace retention's cost to the trace writer (RetentionBench): fills a SQLite store in a temporary directory with
# traces over 60 days, then times batched appends alone and while the older half is deleted. Prints Markdown and
# writes it under bench/results/ (git-ignored).
#
# Usage: bench/retention.sh [--traces 200000]. Environment: JAVA_HOME (default Temurin 25).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/guard-classpath.sh"
{
  echo "# Trace retention, $stamp, commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  "$java" -cp "$classpath" dev.apprentice.bench.store.RetentionBench "$@" 2> >(grep -v "^SLF4J\|^WARNING" >&2)
} | tee "$results/retention-$stamp.md"
echo "bench: results in $results/retention-$stamp.md" >&2
