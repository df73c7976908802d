#!/usr/bin/env bash
# SPARQL client tests (SPARQLWrapper, rdflib) against a real `gongchuang serve`.
# Usage: scripts/clients.sh PATH_TO_GONGCHUANG_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-${CARGO_TARGET_DIR:-target}/debug/gongchuang}"
venv="${GONGCHUANG_VENV:-$HOME/.cache/gongchuang-venv}"
if [ ! -x "$venv/bin/pytest" ] || [ ! -x "$venv/bin/oxigraph" ]; then
  [ -d "$venv" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r clients/requirements.txt
fi
data=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$data"' EXIT

wait_for() { # URL PID LOG
  for _ in $(seq 1 300); do
    if curl -sf "$1" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$2" 2>/dev/null; then cat "$3"; return 1; fi
    sleep 1
  done
  return 1
}

# 1. Embedded store.
# Ports below Linux's ephemeral range (32768+), where the servers' own outgoing connections
# could hold them.
port=$((20000 + RANDOM % 4000))
token="ci-$RANDOM$RANDOM"
# A longer deadline here: a debug build's RocksDB is unoptimised (-O0), and the example
# queries of docs/ontology.md take seconds on it under load.
"$bin" --data-dir "$data/embedded" --no-embed serve --bind "127.0.0.1:$port" --token "$token" --query-timeout-s 15 >"$data/embedded.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$port/healthz" "${pids[-1]}" "$data/embedded.log"
# The client tests against one server; each store's answers to the docs/ontology.md examples
# and its counts go to $data/answers, compared at the end.
mkdir -p "$data/answers"
clients() { # ENGINE URL
  GONGCHUANG_ENGINE="$1" GONGCHUANG_URL="$2" GONGCHUANG_TOKEN="$token" GONGCHUANG_ANSWERS="$data/answers" \
    "$venv/bin/pytest" -q -p no:warnings clients
}
echo "== SPARQL clients, embedded store"
clients embedded "http://127.0.0.1:$port"

export_check() { # ENGINE DATA_DIR ARGS…: `export` writes the project's graphs whole, as many
  # quads as the store's triple count
  local n want
  n=$("$bin" --data-dir "$2" --no-embed "${@:3}" export --format nquads | wc -l)
  want=$("$venv/bin/python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["#triples"])' "$data/answers/$1.json")
  echo "== export from $1: $n quads"
  [ "$n" = "$want" ] || { echo "$1: export wrote $n quads, the store holds $want"; exit 1; }
}

# 2. Remote-store mode against a real Oxigraph server (the PyPI package ships it).
oport=$((24000 + RANDOM % 4000))
# Oxigraph takes no per-query timeout: `--timeout-s` stops every query a second after ours.
"$venv/bin/oxigraph" serve --location "$data/oxigraph" --bind "127.0.0.1:$oport" --union-default-graph \
  --timeout-s 6 >"$data/oxigraph.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$oport/query?query=ASK%7B%7D" "${pids[-1]}" "$data/oxigraph.log"
rport=$((28000 + RANDOM % 4000))
"$bin" --data-dir "$data/remote" --no-embed --graph-endpoint "http://127.0.0.1:$oport/query" \
  --graph-store-endpoint "http://127.0.0.1:$oport/store" \
  --graph-update-endpoint "http://127.0.0.1:$oport/update" \
  serve --bind "127.0.0.1:$rport" --token "$token" --query-timeout-s 5 >"$data/remote.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$rport/healthz" "${pids[-1]}" "$data/remote.log"
echo "== SPARQL clients, remote-store mode (oxigraph serve)"
clients oxigraph "http://127.0.0.1:$rport"
export_check oxigraph "$data/remote-export" --graph-endpoint "http://127.0.0.1:$oport/query" \
  --graph-store-endpoint "http://127.0.0.1:$oport/store"
echo "== the engine gone: queries and updates answer 502, not 500"
kill "${pids[-2]}"; wait "${pids[-2]}" 2>/dev/null || true
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$rport/sparql?query=ASK%7B%7D")
[ "$code" = 502 ] || { echo "query with the engine down: $code, not 502"; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$rport/sparql" \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/sparql-update' --data 'CLEAR GRAPH <urn:x>')
[ "$code" = 502 ] || { echo "update with the engine down: $code, not 502"; exit 1; }

# 3. Remote-store mode against OpenLink Virtuoso (Debian's virtuoso-opensource, installed by
# .ci/run), started by hand on loopback ports with its own ini in the temp dir; reached through
# its authenticated endpoints (HTTP digest) as the dba user of that temp database.
if command -v virtuoso-t >/dev/null && [ -f /etc/virtuoso-opensource-7/virtuoso.ini ]; then
  vdir="$data/virtuoso"; mkdir -p "$vdir"
  vport=$((11000 + RANDOM % 4000)); vhttp=$((15000 + RANDOM % 4000))
  # The cost-estimate limit: the client tests' triple cross join is refused before it runs;
  # their slow join runs and is stopped by the timeout each relayed query carries; the other
  # queries are far below it.
  sed -e "s#/var/lib/virtuoso-opensource-7/db#$vdir#g" \
    -e "s/^ServerPort *= 1111/ServerPort = $vport/" \
    -e "s/^ServerPort *= 8890/ServerPort = $vhttp/" \
    -e "s/^MaxQueryCostEstimationTime.*/MaxQueryCostEstimationTime = 100/" \
    /etc/virtuoso-opensource-7/virtuoso.ini >"$vdir/virtuoso.ini"
  virtuoso-t -f -c "$vdir/virtuoso.ini" >"$vdir/out.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$vhttp/sparql?query=ASK%7B%7D" "${pids[-1]}" "$vdir/out.log"
  # The authenticated endpoints (HTTP digest), with the credentials from a file for ingest
  # and from the environment for serve; never on the command line.
  printf 'dba:dba\n' >"$vdir/credentials"
  vargs=(--graph-endpoint "http://127.0.0.1:$vhttp/sparql-auth" --graph-update-endpoint "http://127.0.0.1:$vhttp/sparql-auth"
    --graph-store-endpoint "http://127.0.0.1:$vhttp/sparql-graph-crud-auth?graph-uri={graph}")
  echo "== wrong credentials are refused, and said so"
  if printf 'dba:wrong\n' >"$vdir/wrong" &&
    "$bin" --data-dir "$data/wrong" --no-embed "${vargs[@]}" --remote-credentials "$vdir/wrong" \
      sparql 'ASK {}' >"$vdir/wrong.log" 2>&1; then
    echo "a query with wrong credentials succeeded"; exit 1
  fi
  grep -q "refused" "$vdir/wrong.log" || { cat "$vdir/wrong.log"; exit 1; }
  echo "== ingest of the seed corpus into Virtuoso (digest authentication)"
  "$bin" --data-dir "$data/virtuoso-data" --no-embed "${vargs[@]}" --remote-credentials "$vdir/credentials" \
    ingest corpus/data/seed-40-docs.txt | tail -n 3
  sport=$((19000 + RANDOM % 1000))
  GONGCHUANG_REMOTE_USER=dba GONGCHUANG_REMOTE_PASSWORD=dba "$bin" --data-dir "$data/virtuoso-data" --no-embed "${vargs[@]}" \
    serve --bind "127.0.0.1:$sport" --token "$token" --query-timeout-s 5 >"$data/virtuoso-serve.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$sport/healthz" "${pids[-1]}" "$data/virtuoso-serve.log"
  echo "== SPARQL clients, remote-store mode (Virtuoso)"
  clients virtuoso "http://127.0.0.1:$sport"
  GONGCHUANG_REMOTE_USER=dba GONGCHUANG_REMOTE_PASSWORD=dba export_check virtuoso "$data/virtuoso-export" "${vargs[@]}"
  echo "== a result Virtuoso cuts at its row limit (X-SPARQL-MaxRows) is reported as truncated"
  curl -s -D - -o /dev/null -X POST "http://127.0.0.1:$sport/sparql" \
    -H 'Accept: application/sparql-results+json' \
    --data-urlencode 'query=SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 20000' |
    grep -qi '^x-truncated: true' || { echo "X-Truncated is not true"; exit 1; }
else
  echo "== Virtuoso not installed: remote-store tests against it skipped"
fi

echo "== the same answers on every store: docs/ontology.md examples, search, recommend, counts"
"$venv/bin/python" clients/compare_answers.py "$data/answers"
