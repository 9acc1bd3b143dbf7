#!/usr/bin/env bash
# Probes a running lexcite with schemathesis (pinned, from PyPI, installed in a venv under
# target/): every operation of its /openapi.json, with every check (server errors, status
# codes and content types the spec does not list, bodies against their schemas, valid input
# refused, invalid input accepted, missing auth accepted, …), examples from the spec, then
# generated ones, then stateful sequences. Exits non-zero on any failure.
#
#   scripts/probe.sh http://127.0.0.1:8080 "$(cat data/api-key)"
#
# The key needs every scope (read, ask, verify, restricted: the key made at first start has
# them). EXAMPLES (default 100) sets the generated cases per operation.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?base URL}
key=${2:?API key}
venv=target/probe-venv
version=4.32.5
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$version"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==$version"
fi
# Values for the spec's custom string formats (document numbers, citations).
export PYTHONPATH=scripts SCHEMATHESIS_HOOKS=probe_hooks
"$venv/bin/schemathesis" run "$base/openapi.json" \
  --url "$base" \
  --checks all \
  --header "Authorization: Bearer $key" \
  --max-examples "${EXAMPLES:-100}" \
  --workers 2 \
  --seed "${SEED:-20261130}"
