#!/usr/bin/env bash
# Load test of a running lexcite: POST /v1/search and GET /v1/lookup, 32 connections,
# 2 threads, 20 s each, with wrk (Debian package). Prints requests/s and latency percentiles.
#
#   LEXCITE_REQUESTS_PER_MINUTE=0 LEXCITE_CONCURRENT_REQUESTS=0 lexcite serve   # one key, no share
#   scripts/load.sh http://127.0.0.1:8080 "$(cat data/api-key)"
#
# All connections use one key; with the default per-key limits most requests would get 429.
set -euo pipefail
base=${1:?base URL}
export LEXCITE_KEY=${2:?API key}
duration=${DURATION:-20s}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cat > "$dir/search.lua" <<'LUA'
local queries = {
  "kinh phí chi cho nghiên cứu phát triển đạt bao nhiêu phần trăm GDP",
  "hệ thống trí tuệ nhân tạo có rủi ro cao là gì",
  "dữ liệu cá nhân nhạy cảm gồm những loại nào",
  "trách nhiệm của doanh nghiệp viễn thông về an ninh mạng",
  "thời hạn lưu trữ hồ sơ tài liệu",
  "ưu đãi thuế cho doanh nghiệp công nghệ cao",
}
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("LEXCITE_KEY")
request = function()
  i = i % #queries + 1
  return wrk.format(nil, "/v1/search", nil, '{"query": "' .. queries[i] .. '", "limit": 5}')
end
LUA

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

for name in search lookup; do
  echo "== $name: 32 connections, $duration"
  wrk -t2 -c32 -d"$duration" --timeout 10s --latency -s "$dir/$name.lua" "$base" \
    | grep -E "Requests/sec|Non-2xx|Socket errors|50%|90%|99%|requests in"
done
