#!/usr/bin/env bash
# Load test of a running lexcite with wrk (Debian package): POST /v1/search at 1, 8 and 32
# connections, then GET /v1/lookup at 32. Prints requests/s and latency percentiles.
#
#   LEXCITE_REQUESTS_PER_MINUTE=0 LEXCITE_CONCURRENT_REQUESTS=0 lexcite serve   # one key, no share
#   scripts/load.sh http://127.0.0.1:8080 "$(cat data/api-key)"
#
# The search questions are the ALQAC 2023 training questions and the project's corpus
# questions (a few hundred, real wording). Every request is made distinct by a number at its
# end (UNIQUE=1, the default), so no query vector comes from the server's cache: the figures
# are those of queries never seen before. UNIQUE=0 cycles through the questions as they are,
# which after the first pass the cache serves. All connections use one key; with the default
# per-key limits most requests would get 429.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?base URL}
export LEXCITE_KEY=${2:?API key}
duration=${DURATION:-20s}
clients=${CLIENTS:-1 8 32}
unique=${UNIQUE:-1}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

python3 - "$dir/search.lua" "$unique" <<'PY'
import glob, json, sys
out, unique = sys.argv[1], sys.argv[2] == "1"
questions = [q["text"] for q in json.load(open("../shared/datasets/alqac2023/train.json"))]
for path in sorted(glob.glob("tests/questions/corpus-*.json")):
    data = json.load(open(path))
    items = data["questions"] if isinstance(data, dict) else data
    questions += [q["question"] for q in items if isinstance(q, dict) and q.get("question")]
questions = list(dict.fromkeys(q.strip() for q in questions if q.strip()))
bodies = [json.dumps(q, ensure_ascii=False)[1:-1] for q in questions]
with open(out, "w") as f:
    f.write("local queries = {\n")
    for b in bodies:
        f.write('  "' + b.replace("\\", "\\\\").replace('"', '\\"') + '",\n')
    f.write("}\n")
    f.write("local unique = %s\n" % ("true" if unique else "false"))
    f.write('''local i = 0
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LEXCITE_KEY")
request = function()
  i = i % #queries + 1
  n = n + 1
  local q = queries[i]
  if unique then q = q .. " " .. n .. math.random(1000000) end
  return wrk.format(nil, "/v1/search", nil, '{"query": "' .. q .. '", "limit": 5}')
end
''')
print(f"{len(questions)} distinct questions", file=sys.stderr)
PY

cat > "$dir/lookup.lua" <<'LUA'
local citations = {
  "%C4%91i%E1%BB%83m%20a%20kho%E1%BA%A3n%201%20%C4%90i%E1%BB%81u%209%20Lu%E1%BA%ADt%20s%E1%BB%91%20134%2F2025%2FQH15",
  "M%E1%BB%A5c%20III%20Ngh%E1%BB%8B%20quy%E1%BA%BFt%2057-NQ%2FTW",
  "kho%E1%BA%A3n%202%20%C4%90i%E1%BB%81u%2038%20Lu%E1%BA%ADt%20B%E1%BA%A3o%20v%E1%BB%87%20d%E1%BB%AF%20li%E1%BB%87u%20c%C3%A1%20nh%C3%A2n",
}
local i = 0
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LEXCITE_KEY")
request = function()
  i = i % #citations + 1
  return wrk.format("GET", "/v1/lookup?citation=" .. citations[i])
end
LUA

for c in $clients; do
  threads=$(( c < 2 ? 1 : 2 ))
  echo "== search: $c connection(s), $duration, unique=$unique"
  wrk -t"$threads" -c"$c" -d"$duration" --timeout 10s --latency -s "$dir/search.lua" "$base" \
    | grep -E "Requests/sec|Non-2xx|Socket errors|50%|90%|99%|requests in"
done
echo "== lookup: 32 connections, $duration"
wrk -t2 -c32 -d"$duration" --timeout 10s --latency -s "$dir/lookup.lua" "$base" \
  | grep -E "Requests/sec|Non-2xx|Socket errors|50%|90%|99%|requests in"
