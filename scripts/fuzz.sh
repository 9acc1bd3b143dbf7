#!/usr/bin/env bash
# Fuzzes the readers (arbitrary and mutated PDF, DOCX, HTML and legacy-encoded bytes) and the
# structure parser with far more property-test cases than CI runs, in release mode.
# Usage: scripts/fuzz.sh [scale]   scale multiplies the case counts (default 1: about
# 2–3 minutes per reader test on a 2-core machine, after the build).
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-1}"
cargo test --release --locked -q -p lexcite-ingest -p lexcite-core --no-run 2>/dev/null
run() { # crate test-binary filter cases
  local start; start=$(date +%s)
  PROPTEST_CASES=$(( $4 * scale )) cargo test --release --locked -q -p "$1" --test "$2" -- "$3" \
    | grep -E "^test result" || { echo "FAILED: $3"; exit 1; }
  echo "$3: $(( $4 * scale )) cases per test, $(( $(date +%s) - start )) s, no panic"
}
run lexcite-ingest ingest fuzz::arbitrary_bytes_never_panic 50000
run lexcite-ingest ingest fuzz::mutated_files_never_panic 100000
run lexcite-ingest ingest fuzz::arbitrary_text_in_any_legacy_form_never_panics 500000
run lexcite-core core parsing:: 50000
