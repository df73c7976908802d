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
port=$((20000 + RANDOM % 10000))
token="ci-$RANDOM$RANDOM"
"$bin" --data-dir "$data/embedded" --no-embed serve --bind "127.0.0.1:$port" --token "$token" --query-timeout-s 2 >"$data/embedded.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$port/healthz" "${pids[-1]}" "$data/embedded.log"
echo "== SPARQL clients, embedded store"
GONGCHUANG_URL="http://127.0.0.1:$port" GONGCHUANG_TOKEN="$token" "$venv/bin/pytest" -q -p no:warnings clients

# 2. Remote-store mode against a real Oxigraph server (the PyPI package ships it).
oport=$((30000 + RANDOM % 10000))
"$venv/bin/oxigraph" serve --location "$data/oxigraph" --bind "127.0.0.1:$oport" --union-default-graph >"$data/oxigraph.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$oport/query?query=ASK%7B%7D" "${pids[-1]}" "$data/oxigraph.log"
rport=$((40000 + RANDOM % 10000))
"$bin" --data-dir "$data/remote" --no-embed --graph-endpoint "http://127.0.0.1:$oport/query" \
  --graph-store-endpoint "http://127.0.0.1:$oport/store" \
  --graph-update-endpoint "http://127.0.0.1:$oport/update" \
  serve --bind "127.0.0.1:$rport" --token "$token" --query-timeout-s 2 >"$data/remote.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$rport/healthz" "${pids[-1]}" "$data/remote.log"
echo "== SPARQL clients, remote-store mode (oxigraph serve)"
GONGCHUANG_URL="http://127.0.0.1:$rport" GONGCHUANG_TOKEN="$token" "$venv/bin/pytest" -q -p no:warnings clients
