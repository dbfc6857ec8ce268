#!/usr/bin/env bash
# PII detection accuracy: Apprentice's pattern PII scanner on Presidio's synthetic evaluation set
# (../shared/data/pii/synth_dataset_v2.json), per entity type and overall precision / recall / F2, beside the
# numbers presidio-research published for Presidio on the same file, plus a table of libphonenumber leniencies.
# Prints Markdown and writes it under bench/results/ (git-ignored).
#
# Usage: bench/pii.sh [PiiBench options: --data FILE --iou 0.5 --regions US,GB,... --leniency POSSIBLE --errors]
# Default regions here: the scanner's default hint list (PiiSettings.DEFAULT_REGIONS).
# Environment: JAVA_HOME (default Temurin 25).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/guard-classpath.sh"
"$java" -cp "$classpath" dev.apprentice.bench.pii.PiiBench "$@" 2> >(grep -v "phonenumbers\|^WARNING: File" >&2) \
  | tee "$results/pii-$stamp.md"
echo "bench: results in $results/pii-$stamp.md" >&2
