#!/usr/bin/env bash
# Scale benchmark: a store of at least 100,000 units (the corpus and the ALQAC laws, then
# synthetic copies of them under generated numbers: crates/lexcite-engine/benches/scale.rs),
# served by the release build. Prints: start-up to ready, RSS at rest, search latency on one
# client (every question distinct, so each is embedded by the real model), RSS under 32
# clients, lookup throughput, and the same serve over an empty store for comparison.
#
#   scripts/scale.sh [DIR]        DIR defaults to target/scale-data; UNITS=100000
#
# Building the store embeds each original text once (cached in target/scale-vectors.bin)
# and writes every record; later runs reuse DIR as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-target/scale-data}
units=${UNITS:-100000}
bin=target/release/lexcite
cargo build --release -p lexcite-cli
if [ ! -d "$dir/index" ]; then
  # The bench runs in its crate's folder: give it an absolute path.
  # OPTIMIZE=0: leave the store as written (no merged segments, no HNSW graph).
  cargo bench -p lexcite-engine --bench scale -- --out "$(realpath -m "$dir")" --units "$units" \
    $([ "${OPTIMIZE:-1}" = 0 ] && echo --no-optimize)
fi

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

# serve DATA_DIR: starts lexcite on DATA_DIR with no corpus folder, waits until ready; sets
# pid, base, key and ready_s.
serve() {
  local p; p=$(port)
  base="http://127.0.0.1:$p"
  local t0; t0=$(date +%s.%N)
  LEXCITE_DATA_DIR=$1 LEXCITE_CORPUS= LEXCITE_BIND=127.0.0.1:$p \
    LEXCITE_REQUESTS_PER_MINUTE=0 LEXCITE_CONCURRENT_REQUESTS=0 \
    "$bin" serve > "$1/serve.log" 2>&1 &
  pid=$!
  until curl -sf "$base/readyz" > /dev/null; do
    kill -0 "$pid" 2> /dev/null || { cat "$1/serve.log"; exit 1; }
    sleep 0.1
  done
  ready_s=$(python3 -c "import time; print(round(time.time() - $t0, 1))")
  key=$(cat "$1/api-key")
}

# One client, distinct questions: latency percentiles as the client sees them.
one_client() {
  python3 - "$base" "$key" <<'PY'
import json, sys, time, urllib.request
base, key = sys.argv[1], sys.argv[2]
qs = [q["text"] for q in json.load(open("../shared/datasets/alqac2023/train.json"))]
times = []
for i, q in enumerate(qs * 2):
    body = json.dumps({"query": f"{q} {i}", "limit": 10}).encode()
    req = urllib.request.Request(base + "/v1/search", body, {"Content-Type": "application/json", "Authorization": "Bearer " + key})
    t = time.perf_counter()
    with urllib.request.urlopen(req) as r:
        r.read()
    times.append((time.perf_counter() - t) * 1000)
times.sort()
pct = lambda p: times[min(len(times) - 1, int(p / 100 * len(times)))]
print(f"search, one client, {len(times)} distinct questions: p50 {pct(50):.1f} ms, p99 {pct(99):.1f} ms")
PY
}

empty=$(mktemp -d)
trap 'kill $pid 2> /dev/null || true; rm -rf "$empty"' EXIT
serve "$empty"
sleep 3
echo "empty store: ready in ${ready_s} s, RSS at rest $(rss "$pid") MB"
one_client
kill "$pid"; wait "$pid" 2> /dev/null || true

serve "$dir"
grep -o '"documents":[0-9]*' "$dir/serve.log" | tail -1 || true
sleep 3
echo "$dir: ready in ${ready_s} s, RSS at rest $(rss "$pid") MB"
one_client
peak=0
( while kill -0 "$pid" 2> /dev/null; do rss "$pid"; echo; sleep 0.5; done ) > "$dir/rss.txt" &
sampler=$!
CLIENTS=32 DURATION=${DURATION:-20s} scripts/load.sh "$base" "$key"
kill "$sampler" 2> /dev/null || true
peak=$(sort -n "$dir/rss.txt" | tail -1)
echo "RSS under load: peak ${peak} MB"
echo "RSS at rest after the load: $(rss "$pid") MB"
