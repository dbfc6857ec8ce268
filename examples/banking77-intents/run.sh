#!/usr/bin/env bash
# Runs the simulated Banking77 suite: two stand-in models compared on the Banking77 test set, with the report.
# Usage: examples/banking77-intents/run.sh [path/to/banking77/test.csv] [more 'eval run' options]
# The data is read where it is (default: ../shared/data/banking77/test.csv from the repository root), never copied.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${1:-$root/../shared/data/banking77/test.csv}"
[ -f "$data" ] || { echo "run.sh: no Banking77 test.csv at $data (pass its path as the first argument)" >&2; exit 1; }
shift || true
exec "$root/apprentice" eval run "$here/simulated.yaml" --config "$here/apprentice.yaml" \
  --data-dir "${APPRENTICE_DATA_DIR:-$root/.apprentice/banking77-example}" --dataset "$data" "$@"
