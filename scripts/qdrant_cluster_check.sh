#!/usr/bin/env bash
# Check lexcite against a real Qdrant server and a 3-node Qdrant cluster on loopback.
#
#   scripts/qdrant_cluster_check.sh QDRANT_BIN
#
# QDRANT_BIN is a qdrant server binary (scripts/qdrant_from_source.sh builds one).
# Run from anywhere; cargo and lexcite run in the repository this script is in.
#
# a. One server (temporary storage, free ports):
#    - the store conformance suite with QDRANT_URL set (the gRPC port), so every test also
#      runs on a fresh collection on the server: cargo test -p lexcite-index --test index;
#    - the HTTP API suite with QDRANT_URL set, so each test's engine stands on a fresh
#      collection on the server (documents pushed, replaced and deleted over REST, jobs,
#      search, lookup, answers, the verifier): cargo test -p lexcite-http --test api;
#    - `lexcite eval --json` (ALQAC, cross-validated) on the embedded store and on the
#      server (LEXCITE_QDRANT_URL), and the two reports compared.
# b. Three nodes (cluster enabled, node 1 bootstraps, 2 and 3 join it):
#    - `lexcite ingest corpus/` into a collection lexcite creates with 3 shards and
#      replication factor 2 (LEXCITE_QDRANT_SHARDS / LEXCITE_QDRANT_REPLICATION);
#    - mid-ingest, node 3 is SIGKILLed, kept down $DOWN_SECS s, restarted;
#    - meanwhile `lexcite serve` on the cluster answers POST /v1/search in a loop, and
#      every failed request is counted;
#    - afterwards: the exact point count on every node equals the embedded store's count
#      for the same corpus, and every shard replica is Active with no transfer under way.
# c. A summary; exit status 1 when a check failed. Processes and temporary folders are
#    removed on exit (KEEP_TMP=1 keeps the folder, with every log).
#
# Settings (environment):
#   LEXCITE_BIN        a lexcite binary (default: cargo build --release -p lexcite-cli, in
#                      $CARGO_TARGET_DIR or target/)
#   CHECK_STEPS        which parts to run (default "conformance api eval cluster")
#   CHECK_DATA_DIR     a folder kept between runs for the embedded stores (the eval index and
#                      the corpus), so that a second run skips their embedding (default: a
#                      temporary one)
#   CHECK_NICE         nice level of everything started (default 19)
#   CHECK_CARGO_FLAGS  extra flags for the cargo test runs, e.g. --release to reuse a release
#                      build (default none)
#   EVAL_TOLERANCE     largest difference allowed between the two eval reports' scores
#                      (default 0.02: two questions of 100 at Recall@1)
#   KILL_AFTER         seconds after the cluster ingest starts to SIGKILL node 3 (default 40)
#   DOWN_SECS          how long node 3 stays down (default 30)
#   RECOVERY_TIMEOUT   seconds to wait for every replica to be Active again (default 600)
#   KEEP_TMP=1         keep the temporary folder
set -uo pipefail

if [[ $# -ne 1 ]]; then
    sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
qdrant_bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
[[ -x "$qdrant_bin" ]] || { echo "not an executable: $1" >&2; exit 2; }
cd "$repo"

NICE="${CHECK_NICE:-19}"
read -r -a CARGO_FLAGS <<<"${CHECK_CARGO_FLAGS:-}"
STEPS="${CHECK_STEPS:-conformance api eval cluster}"
EVAL_TOLERANCE="${EVAL_TOLERANCE:-0.02}"
KILL_AFTER="${KILL_AFTER:-40}"
DOWN_SECS="${DOWN_SECS:-30}"
RECOVERY_TIMEOUT="${RECOVERY_TIMEOUT:-600}"
DATASET="$repo/../shared/datasets/alqac2023"
COLLECTION=lexcite_cluster_check
SHARDS=3
REPLICATION=2

t_start=$(date +%s)
tmp="$(mktemp -d "${TMPDIR:-/tmp}/qdrant-check.XXXXXX")"
data_dir="${CHECK_DATA_DIR:-$tmp/edge}"
mkdir -p "$data_dir"
data_dir="$(cd "$data_dir" && pwd)"

# ---------------------------------------------------------------- bookkeeping
declare -a PIDS=()        # every background process started, killed on exit
declare -a FAILURES=()
declare -a SUMMARY=()
declare -A NODE_PID=()

log() { printf '[%s +%4ds] %s\n' "$(date +%H:%M:%S)" "$(($(date +%s) - t_start))" "$*" >&2; }
note() { SUMMARY+=("$*"); log "$*"; }
fail() { FAILURES+=("$*"); log "FAILED: $*"; }
has_step() { [[ " $STEPS " == *" $1 "* ]]; }

cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null
    done
    sleep 1
    for pid in "${PIDS[@]}"; do
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    done
    wait 2>/dev/null
    if [[ "${KEEP_TMP:-0}" == 1 ]]; then
        log "kept $tmp"
    else
        rm -rf "$tmp"
    fi
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# json EXPR < doc: evaluates a Python expression over the parsed document `d`.
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); r=eval(sys.argv[1]); print(r if not isinstance(r,(dict,list)) else json.dumps(r))' "$1"; }

free_ports() {
    python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

# wait_http URL SECONDS: until URL answers 2xx.
wait_http() {
    local url="$1" deadline=$(($(date +%s) + $2))
    while (($(date +%s) < deadline)); do
        curl -fsS -o /dev/null --max-time 5 "$url" 2>/dev/null && return 0
        sleep 1
    done
    return 1
}

# ---------------------------------------------------------------- qdrant nodes
# start_node NAME HTTP GRPC P2P CLUSTER(true|false) [qdrant args...]
# Storage and logs under $tmp/NAME; the node's cwd is that folder (no config/ there, so only
# the compiled-in defaults and these QDRANT__* variables apply).
start_node() {
    local name="$1" http="$2" grpc="$3" p2p="$4" cluster="$5"
    shift 5
    local dir="$tmp/$name"
    mkdir -p "$dir"
    (
        cd "$dir" || exit 1
        exec env \
            QDRANT__SERVICE__HOST=127.0.0.1 \
            QDRANT__SERVICE__HTTP_PORT="$http" \
            QDRANT__SERVICE__GRPC_PORT="$grpc" \
            QDRANT__CLUSTER__ENABLED="$cluster" \
            QDRANT__CLUSTER__P2P__PORT="$p2p" \
            QDRANT__STORAGE__STORAGE_PATH="$dir/storage" \
            QDRANT__STORAGE__SNAPSHOTS_PATH="$dir/snapshots" \
            QDRANT__TELEMETRY_DISABLED=true \
            QDRANT__LOG_LEVEL=INFO \
            nice -n "$NICE" "$qdrant_bin" "$@" >>"$dir/qdrant.log" 2>&1
    ) &
    NODE_PID[$name]=$!
    PIDS+=("$!")
}

stop_pid() {
    local pid="$1"
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 0
}

# ---------------------------------------------------------------- lexcite binaries
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
if [[ -n "${LEXCITE_BIN:-}" ]]; then
    lexcite="$LEXCITE_BIN"
else
    log "building lexcite (release) in $CARGO_TARGET_DIR"
    nice -n "$NICE" cargo build --release -q -p lexcite-cli || { echo "lexcite build failed" >&2; exit 1; }
    lexcite="$CARGO_TARGET_DIR/release/lexcite"
fi
[[ -x "$lexcite" ]] || { echo "no lexcite binary at $lexcite" >&2; exit 1; }
[[ -d "$repo/models/multilingual-e5-small" || -n "${LEXCITE_MODEL_DIR:-}" ]] ||
    { echo "no models/: run python3 scripts/setup_model.py" >&2; exit 1; }
# Nothing from the caller's environment may select another store or settings file.
unset LEXCITE_QDRANT_URL LEXCITE_QDRANT_COLLECTION LEXCITE_QDRANT_API_KEY \
    LEXCITE_QDRANT_REPLICATION LEXCITE_QDRANT_SHARDS LEXCITE_CONFIG LEXCITE_DATA_DIR QDRANT_URL

qdrant_version="$("$qdrant_bin" --version 2>&1 | head -1)"
note "qdrant: $qdrant_version ($qdrant_bin)"
note "lexcite: $("$lexcite" --version) ($lexcite, commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo ?))"
note "rustc (lexcite): $(rustc --version)"
note "temporary folder: $tmp; embedded stores: $data_dir"

# ================================================================ a. one server
if has_step conformance || has_step api || has_step eval; then
    read -r s_http s_grpc s_p2p <<<"$(free_ports 3)"
    log "single server: http $s_http, grpc $s_grpc"
    start_node single "$s_http" "$s_grpc" "$s_p2p" false
    if ! wait_http "http://127.0.0.1:$s_http/readyz" 120; then
        fail "the single qdrant server did not become ready (log: $tmp/single/qdrant.log)"
        tail -20 "$tmp/single/qdrant.log" >&2
    else
        note "single server up: http 127.0.0.1:$s_http, grpc 127.0.0.1:$s_grpc"

        # One cargo test suite with QDRANT_URL on this server, its output in $tmp/NAME.log:
        # sets rc (cargo's exit status), dt (seconds) and result (the last "test result:").
        server_suite() {
            local name=$1 crate=$2 target=$3 t0
            log "$name: QDRANT_URL=http://127.0.0.1:$s_grpc cargo test -p $crate --test $target"
            t0=$(date +%s)
            QDRANT_URL="http://127.0.0.1:$s_grpc" nice -n "$NICE" \
                cargo test "${CARGO_FLAGS[@]}" -p "$crate" --test "$target" >"$tmp/$name.log" 2>&1
            rc=$?
            dt=$(($(date +%s) - t0))
            result="$(grep -E '^test result:' "$tmp/$name.log" | tail -1)"
        }
        # The failed tests of a suite and why, on standard error.
        suite_failures() {
            grep -E '^(test .*FAILED|---- |thread .*panicked|  left|  right)' "$tmp/$1.log" | head -40 >&2
        }

        # ---- conformance suite
        if has_step conformance; then
            server_suite conformance lexcite-index index
            passed="$(sed -nE 's/.* ([0-9]+) passed.*/\1/p' <<<"$result")"
            failed="$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$result")"
            ignored="$(sed -nE 's/.* ([0-9]+) ignored.*/\1/p' <<<"$result")"
            total=$((${passed:-0} + ${failed:-0}))
            note "conformance (server + edge backends): ${passed:-0}/$total passed, ${ignored:-0} ignored, in ${dt} s (cargo exit $rc)"
            if [[ $rc -ne 0 || -z "$passed" || "${failed:-1}" != 0 ]]; then
                fail "conformance suite: exit $rc; $result"
                suite_failures conformance
            fi
            left="$(curl -fsS "http://127.0.0.1:$s_http/collections" | json '[c["name"] for c in d["result"]["collections"] if c["name"].startswith("lexcite_test_")]')"
            [[ "$left" == "[]" ]] || fail "test collections left on the server: $left"
        fi

        # ---- the HTTP API suite on the server
        if has_step api; then
            server_suite api lexcite-http api
            made="$(curl -fsS "http://127.0.0.1:$s_http/collections" | json '[c["name"] for c in d["result"]["collections"] if c["name"].startswith("lexcite_apitest_")]')"
            note "api suite on the server: $result in ${dt} s (cargo exit $rc); collections made: $(json 'len(d)' <<<"$made")"
            if [[ $rc -ne 0 ]]; then
                fail "api suite on the server: exit $rc; $result"
                suite_failures api
            fi
            for c in $(json '" ".join(d)' <<<"$made"); do
                curl -fsS -X DELETE "http://127.0.0.1:$s_http/collections/$c" >/dev/null || fail "could not drop $c"
            done
        fi

        # ---- eval on both backends
        if has_step eval; then
            [[ -f "$DATASET/law.json" ]] || fail "no dataset at $DATASET"
            log "eval on the embedded store (data dir $data_dir)"
            t0=$(date +%s)
            LEXCITE_DATA_DIR="$data_dir" nice -n "$NICE" "$lexcite" eval --json --dataset "$DATASET" \
                >"$tmp/eval-edge.json" 2>"$tmp/eval-edge.err"
            rc_e=$?
            dt_e=$(($(date +%s) - t0))
            log "eval on the server"
            t0=$(date +%s)
            LEXCITE_DATA_DIR="$tmp/eval-server-data" LEXCITE_QDRANT_URL="http://127.0.0.1:$s_grpc" \
                nice -n "$NICE" "$lexcite" eval --json --dataset "$DATASET" \
                >"$tmp/eval-server.json" 2>"$tmp/eval-server.err"
            rc_s=$?
            dt_s=$(($(date +%s) - t0))
            note "eval: embedded ${dt_e} s (exit $rc_e), server ${dt_s} s (exit $rc_s)"
            [[ $rc_e -eq 0 ]] || fail "lexcite eval on the embedded store: $(tail -3 "$tmp/eval-edge.err")"
            [[ $rc_s -eq 0 ]] || fail "lexcite eval on the server: $(tail -3 "$tmp/eval-server.err")"
            if [[ $rc_e -eq 0 && $rc_s -eq 0 ]]; then
                server_points="$(curl -fsS -X POST -H 'Content-Type: application/json' -d '{"exact":true}' \
                    "http://127.0.0.1:$s_http/collections/lexcite_eval-alqac2023/points/count" | json 'd["result"]["count"]')"
                python3 - "$tmp/eval-edge.json" "$tmp/eval-server.json" "$EVAL_TOLERANCE" "$server_points" \
                    >"$tmp/eval-compare.txt" 2>&1 <<'EOF'
import json, sys
edge, server = (json.load(open(p)) for p in sys.argv[1:3])
tol = float(sys.argv[3]); server_points = sys.argv[4]
def runs(r):
    out = [(m["label"], m["mean"]) for m in r["modes"]]
    out += [("ablation: " + m["label"], m["mean"]) for m in r["ablation"]]
    out.append(("hybrid, code defaults", r["default"]["mean"]))
    return out
print(f"records: embedded {edge['records']}, server {server['records']}, points in the server collection {server_points}")
print(f"{'run':58} {'embedded R@1 R@5 R@10 MRR@10':>31}   {'server R@1 R@5 R@10 MRR@10':>29}   max|diff|")
worst = 0.0
for (label, a), (label2, b) in zip(runs(edge), runs(server)):
    assert label == label2, (label, label2)
    va = a["recall"] + [a["mrr10"]]; vb = b["recall"] + [b["mrr10"]]
    d = max(abs(x - y) for x, y in zip(va, vb)); worst = max(worst, d)
    f = lambda v: " ".join(f"{x:.3f}" for x in v)
    print(f"{label[:58]:58} {f(va):>31}   {f(vb):>29}   {d:.3f}")
identical = json.dumps(edge, sort_keys=True) == json.dumps(server, sort_keys=True)
print(f"largest difference: {worst:.3f} (tolerance {tol}); reports identical: {identical}")
ok = worst <= tol and edge["records"] == server["records"] and str(edge["records"]) == server_points
sys.exit(0 if ok else 1)
EOF
                rc_c=$?
                cat "$tmp/eval-compare.txt" >&2
                while IFS= read -r line; do SUMMARY+=("  $line"); done < <(grep -E '^(records|hybrid|dense|sparse|largest)' "$tmp/eval-compare.txt")
                [[ $rc_c -eq 0 ]] || fail "the eval reports differ beyond $EVAL_TOLERANCE or the record counts differ (see above)"
            fi
        fi
    fi
    stop_pid "${NODE_PID[single]}"
fi

# ================================================================ b. three nodes
if has_step cluster; then
    # -- the expected count: the same corpus in the embedded store
    log "ingesting corpus/ into the embedded store ($data_dir)"
    t0=$(date +%s)
    LEXCITE_DATA_DIR="$data_dir" nice -n "$NICE" "$lexcite" ingest corpus/ >"$tmp/ingest-edge.log" 2>&1
    rc=$?
    dt=$(($(date +%s) - t0))
    edge_line="$(grep -E '^[0-9]+ documents, [0-9]+ records' "$tmp/ingest-edge.log" | tail -1)"
    edge_records="$(sed -nE 's/^[0-9]+ documents, ([0-9]+) records.*/\1/p' <<<"$edge_line")"
    edge_docs="$(sed -nE 's/^([0-9]+) documents,.*/\1/p' <<<"$edge_line")"
    LEXCITE_DATA_DIR="$data_dir" nice -n "$NICE" "$lexcite" documents >"$tmp/documents-edge.txt" 2>&1
    edge_store_count="$(awk -F'\t' '{n++; u+=$3} END {print n+u}' "$tmp/documents-edge.txt")"
    note "embedded store: '$edge_line' (exit $rc, ${dt} s); documents + units listed by the store: $edge_store_count"
    [[ $rc -eq 0 && -n "$edge_records" ]] || fail "embedded ingest: $(tail -3 "$tmp/ingest-edge.log")"
    expected="${edge_records:-0}"
    [[ "$edge_store_count" == "$expected" ]] ||
        fail "the embedded store lists $edge_store_count documents + units, its ingest reported $expected records"

    # -- the cluster
    read -r h1 g1 p1 h2 g2 p2 h3 g3 p3 lport <<<"$(free_ports 10)"
    declare -A HTTP=([n1]=$h1 [n2]=$h2 [n3]=$h3) GRPC=([n1]=$g1 [n2]=$g2 [n3]=$g3) P2P=([n1]=$p1 [n2]=$p2 [n3]=$p3)
    node_args() { # the same arguments at first start and at a restart
        if [[ "$1" == n1 ]]; then
            echo "--uri http://127.0.0.1:${P2P[n1]}"
        else
            echo "--bootstrap http://127.0.0.1:${P2P[n1]} --uri http://127.0.0.1:${P2P[$1]}"
        fi
    }
    start_cluster_node() {
        # shellcheck disable=SC2046
        start_node "$1" "${HTTP[$1]}" "${GRPC[$1]}" "${P2P[$1]}" true $(node_args "$1")
    }
    note "cluster ports (http/grpc/p2p): n1 $h1/$g1/$p1, n2 $h2/$g2/$p2, n3 $h3/$g3/$p3; lexcite serve $lport"
    t0=$(date +%s)
    start_cluster_node n1
    wait_http "http://127.0.0.1:$h1/readyz" 120 || fail "node 1 did not become ready"
    start_cluster_node n2
    sleep 2
    start_cluster_node n3
    for n in n2 n3; do wait_http "http://127.0.0.1:${HTTP[$n]}/readyz" 120 || fail "node $n did not become ready"; done
    peers=0
    for _ in $(seq 1 60); do
        peers="$(curl -fsS "http://127.0.0.1:$h1/cluster" 2>/dev/null | json 'len(d["result"]["peers"]) if d["result"]["raft_info"].get("leader") else 0' 2>/dev/null || echo 0)"
        [[ "$peers" == 3 ]] && break
        sleep 1
    done
    note "cluster formed: $peers peers in $(($(date +%s) - t0)) s"
    [[ "$peers" == 3 ]] || fail "the cluster has $peers peers, not 3"

    cluster_env=(LEXCITE_QDRANT_URL="http://127.0.0.1:$g1" LEXCITE_QDRANT_COLLECTION="$COLLECTION"
        LEXCITE_QDRANT_SHARDS="$SHARDS" LEXCITE_QDRANT_REPLICATION="$REPLICATION")

    # -- ingest, in the background
    log "lexcite ingest corpus/ into $COLLECTION on the cluster (${SHARDS} shards, replication ${REPLICATION})"
    t_ingest=$(date +%s)
    env "${cluster_env[@]}" LEXCITE_DATA_DIR="$tmp/ingest-cluster-data" \
        nice -n "$NICE" "$lexcite" ingest corpus/ >"$tmp/ingest-cluster.log" 2>&1 &
    ingest_pid=$!
    PIDS+=("$ingest_pid")

    # -- the collection as created
    created=0
    for _ in $(seq 1 120); do
        curl -fsS -o /dev/null "http://127.0.0.1:$h1/collections/$COLLECTION" 2>/dev/null && { created=1; break; }
        kill -0 "$ingest_pid" 2>/dev/null || break
        sleep 0.5
    done
    if [[ $created == 1 ]]; then
        params="$(curl -fsS "http://127.0.0.1:$h1/collections/$COLLECTION" | json 'd["result"]["config"]["params"]')"
        shard_number="$(json 'd["shard_number"]' <<<"$params")"
        rf="$(json 'd.get("replication_factor")' <<<"$params")"
        note "collection created by lexcite: shard_number $shard_number, replication_factor $rf; params $params"
        [[ "$shard_number" == "$SHARDS" && "$rf" == "$REPLICATION" ]] ||
            fail "the collection has $shard_number shards / replication $rf, not $SHARDS / $REPLICATION"
    else
        fail "lexcite ingest did not create the collection: $(tail -5 "$tmp/ingest-cluster.log")"
    fi

    # -- lexcite serve on the cluster, and searches in a loop
    serve_data="$tmp/serve-data"
    env "${cluster_env[@]}" LEXCITE_DATA_DIR="$serve_data" LEXCITE_CORPUS="" LEXCITE_THREADS=1 \
        LEXCITE_BIND="127.0.0.1:$lport" RUST_LOG=warn \
        nice -n "$NICE" "$lexcite" serve >"$tmp/serve.log" 2>&1 &
    serve_pid=$!
    PIDS+=("$serve_pid")
    search_log="$tmp/searches.jsonl"
    stop_file="$tmp/stop-searches"
    if wait_http "http://127.0.0.1:$lport/readyz" 180 && [[ -f "$serve_data/api-key" ]]; then
        note "lexcite serve ready on 127.0.0.1:$lport after $(($(date +%s) - t_ingest)) s of the ingest"
        python3 - "http://127.0.0.1:$lport" "$serve_data/api-key" "$repo/tests/questions/corpus-tune.json" \
            "$search_log" "$stop_file" 2>"$tmp/searches.err" <<'EOF' &
import json, os, sys, time, urllib.request, urllib.error
base, keyfile, qfile, out, stop = sys.argv[1:6]
key = open(keyfile).read().strip()
questions = [q["question"] for q in json.load(open(qfile))]
i = 0
with open(out, "a") as log:
    while not os.path.exists(stop):
        q = questions[i % len(questions)]; i += 1
        body = json.dumps({"query": q, "limit": 5}).encode()
        req = urllib.request.Request(base + "/v1/search", data=body, method="POST",
            headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
        t = time.time(); rec = {"t": t}
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                d = json.load(r)
                rec.update(status=r.status, hits=len(d.get("hits", d.get("results", []))))
        except urllib.error.HTTPError as e:
            rec.update(status=e.code, error=e.read().decode(errors="replace")[:500])
        except Exception as e:
            rec.update(status=0, error=repr(e)[:500])
        rec["ms"] = round((time.time() - t) * 1000)
        log.write(json.dumps(rec, ensure_ascii=False) + "\n"); log.flush()
        time.sleep(0.2)
EOF
        search_pid=$!
        PIDS+=("$search_pid")
    else
        fail "lexcite serve on the cluster did not become ready: $(tail -5 "$tmp/serve.log")"
        search_pid=""
    fi

    # -- SIGKILL node 3 mid-ingest, keep it down, restart it
    while (($(date +%s) < t_ingest + KILL_AFTER)) && kill -0 "$ingest_pid" 2>/dev/null; do sleep 1; done
    if ! kill -0 "$ingest_pid" 2>/dev/null; then
        fail "the ingest ended $(($(date +%s) - t_ingest)) s in, before the kill: lower KILL_AFTER"
    fi
    progress_at_kill="$(grep -cE ': [0-9]+ added' "$tmp/ingest-cluster.log")"
    points_at_kill="$(curl -fsS -X POST -H 'Content-Type: application/json' -d '{"exact":true}' \
        "http://127.0.0.1:$h1/collections/$COLLECTION/points/count" 2>/dev/null | json 'd["result"]["count"]' 2>/dev/null)"
    t_kill=$(date +%s)
    kill -KILL "${NODE_PID[n3]}" 2>/dev/null
    wait "${NODE_PID[n3]}" 2>/dev/null
    note "node 3 SIGKILLed $((t_kill - t_ingest)) s into the ingest ($progress_at_kill of ${edge_docs:-?} documents finished, ${points_at_kill:-?} of $expected points written)"
    sleep "$DOWN_SECS"
    t_restart=$(date +%s)
    start_cluster_node n3
    if wait_http "http://127.0.0.1:$h3/readyz" 180; then
        note "node 3 restarted after $((t_restart - t_kill)) s down; ready $(($(date +%s) - t_restart)) s later"
    else
        fail "node 3 did not become ready after its restart: $(tail -5 "$tmp/n3/qdrant.log")"
    fi

    # -- the ingest's end; meanwhile, when every replica is Active again
    shard_states() { # "shard peer state points transfers=N", one line per replica, from each node's local shards
        python3 - "$COLLECTION" "${HTTP[n1]}" "${HTTP[n2]}" "${HTTP[n3]}" <<'EOF'
import json, sys, urllib.request
collection = sys.argv[1]
for port in sys.argv[2:]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/collections/{collection}/cluster", timeout=10) as r:
            d = json.load(r)["result"]
    except Exception as e:
        print(f"node-{port} unreachable {type(e).__name__}", file=sys.stderr)
        continue
    for s in d["local_shards"]:
        print(s["shard_id"], d["peer_id"], s["state"], s.get("points_count"), f"transfers={len(d['shard_transfers'])}")
EOF
    }
    # poll_recovery: sets states, replicas, recovered (1 when all 6 are Active, no transfer);
    # t_all_active is the start of the current all-Active stretch.
    t_all_active=""
    recovered=0
    poll_recovery() {
        states="$(shard_states)"
        replicas="$(grep -c . <<<"$states")"
        local active busy
        active="$(grep -c ' Active ' <<<"$states")"
        busy="$(grep -vc 'transfers=0' <<<"$states")"
        if [[ "$replicas" == $((SHARDS * REPLICATION)) && "$active" == "$replicas" && "$busy" == 0 ]]; then
            recovered=1
            [[ -n "$t_all_active" ]] || t_all_active=$(date +%s)
        else
            recovered=0
            t_all_active=""
        fi
    }
    while kill -0 "$ingest_pid" 2>/dev/null; do
        poll_recovery
        sleep 2
    done
    wait "$ingest_pid"
    rc_ingest=$?
    t_ingest_end=$(date +%s)
    cluster_line="$(grep -E '^[0-9]+ documents, [0-9]+ records' "$tmp/ingest-cluster.log" | tail -1)"
    note "cluster ingest: exit $rc_ingest in $((t_ingest_end - t_ingest)) s: ${cluster_line:-no summary line}"
    if [[ $rc_ingest -ne 0 ]]; then
        fail "lexcite ingest on the cluster failed during the outage: $(grep -vE '^\s*$' "$tmp/ingest-cluster.log" | tail -4 | tr '\n' ' ')"
        log "running the ingest again (it resumes) so that the rest can be checked"
        env "${cluster_env[@]}" LEXCITE_DATA_DIR="$tmp/ingest-cluster-data" \
            nice -n "$NICE" "$lexcite" ingest corpus/ >"$tmp/ingest-cluster-2.log" 2>&1
        note "second ingest: exit $?: $(grep -E '^[0-9]+ documents' "$tmp/ingest-cluster-2.log" | tail -1)"
    fi

    # -- every replica Active, no transfer under way (the final state; see the polling above)
    poll_recovery
    while [[ $recovered != 1 ]] && (($(date +%s) < t_restart + RECOVERY_TIMEOUT)); do
        poll_recovery
        sleep 2
    done
    t_recovered="${t_all_active:-$(date +%s)}"
    note "replicas (shard peer state points): $(tr '\n' ';' <<<"$states")"
    if [[ $recovered == 1 ]]; then
        if ((t_recovered <= t_ingest_end)); then when="while the ingest was still running"; else when="$((t_recovered - t_ingest_end)) s after the ingest ended"; fi
        note "all $replicas replicas Active, no transfers: $((t_recovered - t_restart)) s after the restart ($when)"
    else
        fail "replicas not all Active within ${RECOVERY_TIMEOUT} s of the restart: $(tr '\n' ';' <<<"$states")"
    fi
    remote="$(curl -fsS "http://127.0.0.1:$h1/collections/$COLLECTION/cluster" | json '[(s["shard_id"], s["peer_id"], s["state"]) for s in d["result"]["remote_shards"]]')"
    note "node 1's view of remote replicas: $remote"

    # -- searches: stop the loop a little after recovery, count failures
    sleep 5
    touch "$stop_file"
    [[ -n "$search_pid" ]] && wait "$search_pid" 2>/dev/null
    if [[ -s "$search_log" ]]; then
        python3 - "$search_log" "$t_kill" "$t_restart" "$t_recovered" >"$tmp/searches-summary.txt" <<'EOF'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
kill, restart, rec = map(float, sys.argv[2:5])
def window(name, lo, hi):
    rs = [r for r in recs if lo <= r["t"] < hi]
    bad = [r for r in rs if r["status"] != 200]
    empty = [r for r in rs if r["status"] == 200 and not r.get("hits")]
    ms = sorted(r["ms"] for r in rs)
    p50 = ms[len(ms) // 2] if ms else 0
    mx = ms[-1] if ms else 0
    print(f"{name}: {len(rs)} requests, {len(bad)} failed, {len(empty)} answered with no results, median {p50} ms, max {mx} ms")
    return bad
window("searches before the kill", 0, kill)
window("searches while node 3 was down", kill, restart)
window("searches from the restart to all replicas Active", restart, rec)
window("searches after recovery", rec, 1e12)
bad = window("searches in all", 0, 1e12)
seen = {}
for r in bad:
    key = (r["status"], r.get("error", "")[:200])
    seen[key] = seen.get(key, 0) + 1
for (status, err), n in seen.items():
    print(f"  {n} x status {status}: {err}")
print(f"FAILED_TOTAL={len(bad)}")
EOF
        cat "$tmp/searches-summary.txt" >&2
        while IFS= read -r line; do SUMMARY+=("  $line"); done < <(grep -v FAILED_TOTAL "$tmp/searches-summary.txt")
        search_failed="$(sed -nE 's/^FAILED_TOTAL=//p' "$tmp/searches-summary.txt")"
        [[ "${search_failed:-1}" == 0 ]] || fail "$search_failed search requests failed (see above)"
    else
        fail "no search requests were made"
    fi

    # -- exact counts on every node
    for n in n1 n2 n3; do
        exact="$(curl -fsS -X POST -H 'Content-Type: application/json' -d '{"exact":true}' \
            "http://127.0.0.1:${HTTP[$n]}/collections/$COLLECTION/points/count" | json 'd["result"]["count"]')"
        info="$(curl -fsS "http://127.0.0.1:${HTTP[$n]}/collections/$COLLECTION" | json '(d["result"]["status"], d["result"].get("points_count"))')"
        note "node $n: exact count $exact (expected $expected); collection status, points_count: $info"
        [[ "$exact" == "$expected" ]] || fail "node $n counts $exact points, the embedded store has $expected"
    done
    env "${cluster_env[@]}" LEXCITE_DATA_DIR="$tmp/ingest-cluster-data" nice -n "$NICE" "$lexcite" documents \
        >"$tmp/documents-cluster.txt" 2>&1
    if cmp -s "$tmp/documents-cluster.txt" "$tmp/documents-edge.txt"; then
        note "lexcite documents: the same listing on the cluster as on the embedded store"
    else
        fail "lexcite documents differs between the cluster and the embedded store: $(diff "$tmp/documents-edge.txt" "$tmp/documents-cluster.txt" | head -5 | tr '\n' ' ')"
    fi
    stop_pid "$serve_pid"
    for n in n1 n2 n3; do stop_pid "${NODE_PID[$n]}"; done
fi

# ================================================================ c. summary
echo
echo "==================== qdrant_cluster_check summary ===================="
printf '%s\n' "${SUMMARY[@]}"
echo "total time: $(($(date +%s) - t_start)) s"
if ((${#FAILURES[@]})); then
    echo "FAILED checks (${#FAILURES[@]}):"
    printf '  - %s\n' "${FAILURES[@]}"
    exit 1
fi
echo "all checks passed"
