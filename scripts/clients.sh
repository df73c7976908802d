#!/usr/bin/env bash
# SPARQL client tests (SPARQLWrapper, rdflib) against a real `gongchuang serve`.
# Usage: scripts/clients.sh PATH_TO_GONGCHUANG_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-${CARGO_TARGET_DIR:-target}/debug/gongchuang}"
venv="${GONGCHUANG_VENV:-$HOME/.cache/gongchuang-venv}"
if [ ! -x "$venv/bin/pytest" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r clients/requirements.txt
fi
data=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
token="ci-$RANDOM$RANDOM"
"$bin" --data-dir "$data" --no-embed serve --bind "127.0.0.1:$port" --token "$token" --query-timeout-s 2 >"$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 300); do
  if curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 $pid 2>/dev/null; then cat "$data/server.log"; exit 1; fi
  sleep 1
done
GONGCHUANG_URL="http://127.0.0.1:$port" GONGCHUANG_TOKEN="$token" "$venv/bin/pytest" -q -p no:warnings clients
