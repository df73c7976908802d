#!/usr/bin/env bash
# /sparql against `oxigraph serve` (the PyPI server the client tests use) on the same data in
# the same run, by hand (not in CI): exports our graph as N-Quads, loads it into Oxigraph,
# starts both servers on loopback and runs wrk with the same 100-row SELECT against each,
# alternating which goes first, ROUNDS times per connection count. Prints every run with the
# load average and the CPU ms per answered request (of the server and, for ours, its query
# workers: a cost that a loaded machine moves less than req/s), then per connection count the
# best and median req/s of each, the ratio, and the median CPU per request of each.
#
# Usage: scripts/load_sparql.sh PATH_TO_RELEASE_GONGCHUANG [SECONDS_PER_RUN]
# Environment: DATA=DIR an existing data dir (default: a temp dir with the bundled corpus,
# ingested with --no-embed); CONNS="2 16"; ROUNDS=3; THREADS=2; SERVE_ARGS (extra `serve`
# options, e.g. --in-process-queries); VENV (default ~/.cache/gongchuang-venv, made by
# scripts/clients.sh, holding the `oxigraph` CLI). Needs wrk, curl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:?usage: scripts/load_sparql.sh PATH_TO_GONGCHUANG [SECONDS]}"
secs="${2:-10}"
conns="${CONNS:-2 16}"
rounds="${ROUNDS:-3}"
threads="${THREADS:-2}"
venv="${VENV:-$HOME/.cache/gongchuang-venv}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -x "$venv/bin/oxigraph" ] || { echo "no $venv/bin/oxigraph: run scripts/clients.sh once" >&2; exit 1; }
work=$(mktemp -d)
data="${DATA:-$work/data}"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$work"' EXIT

if [ -z "${DATA:-}" ]; then
  "$bin" --no-embed --data-dir "$data" ingest corpus/data/seed-40-docs.txt >"$work/ingest.log" 2>&1
fi
"$bin" --no-embed --data-dir "$data" export --format nquads >"$work/all.nq"
"$venv/bin/oxigraph" load --location "$work/ox" --file "$work/all.nq" >"$work/ox-load.log" 2>&1
echo "quads exported and loaded into Oxigraph: $(wc -l <"$work/all.nq")"

port=$((20000 + RANDOM % 10000))
oport=$((port + 1))
# shellcheck disable=SC2086 # SERVE_ARGS is a list of options
"$bin" --no-embed --data-dir "$data" serve --bind "127.0.0.1:$port" ${SERVE_ARGS:-} >"$work/serve.log" 2>&1 &
pids+=($!)
ours=$!
"$venv/bin/oxigraph" serve --location "$work/ox" --bind "127.0.0.1:$oport" --union-default-graph >"$work/ox.log" 2>&1 &
pids+=($!)
theirs=$!
wait_for() {
  until curl -sf "$1" >/dev/null 2>&1; do
    kill -0 "$2" 2>/dev/null || { cat "$3"; exit 1; }
    sleep 0.2
  done
}
wait_for "http://127.0.0.1:$port/healthz" "$ours" "$work/serve.log"
wait_for "http://127.0.0.1:$oport/query?query=ASK%7B%7D" "$theirs" "$work/ox.log"

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# CPU ticks of a server and its children (the query workers), alive now.
cpu_tree() {
  local t=0 p
  for p in $1 $(cat /proc/"$1"/task/*/children 2>/dev/null); do
    t=$((t + $(cpu "$p" 2>/dev/null || echo 0)))
  done
  echo "$t"
}
hz=$(getconf CLK_TCK)
# Wait (up to 2 min) until a server is idle (start-up work, requests queued by the last run).
settle() {
  local a b
  for _ in $(seq 1 120); do
    a=$(cpu "$1"); sleep 1; b=$(cpu "$1")
    [ $((b - a)) -lt 20 ] && return 0
  done
}
q='PREFIX gc: <https://w3id.org/gongchuang/ns#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?c ?n WHERE { ?c a gc:Case ; skos:prefLabel ?n } LIMIT 100'
enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$q")
url_ours="http://127.0.0.1:$port/sparql?query=$enc"
url_theirs="http://127.0.0.1:$oport/query?query=$enc"
accept='Accept: application/sparql-results+json'
# The same answer from both (rows counted), or the comparison means nothing.
rows() { curl -sf -H "$accept" "$1" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["results"]["bindings"]))'; }
echo "rows: gongchuang $(rows "$url_ours"), oxigraph $(rows "$url_theirs")"
cat >"$work/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
EOF

run() { # server-name pid url conns
  settle "$2"
  local out before after
  before=$(cpu_tree "$2")
  out=$(wrk -t"$threads" -c"$4" -d"${secs}s" --timeout 30s -H "$accept" -s "$work/report.lua" "$3")
  after=$(cpu_tree "$2")
  read -r rps p50 p99 non2xx sock <<<"$(grep '^RESULT' <<<"$out" | cut -d' ' -f2-)"
  # CPU milliseconds per answered request (server and workers; a worker started and ended
  # within the run is missed, which no run here does).
  local ms
  ms=$(python3 -c "print(f'{($after - $before) * 1000 / $hz / max(1, $rps * $secs):.3f}')")
  printf '%-10s %5s %9s %8s %8s %7s %7s %8s   %s\n' "$1" "$4" "$rps" "$p50" "$p99" "$non2xx" "$sock" \
    "$ms" "$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "$1 $4 $rps $ms" >>"$work/runs"
}
printf '%-10s %5s %9s %8s %8s %7s %7s %8s   %s\n' server conns 'req/s' 'p50 ms' 'p99 ms' non2xx socket 'cpu ms/r' 'load average'
for c in $conns; do
  for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) -eq 1 ]; then
      run gongchuang "$ours" "$url_ours" "$c"
      run oxigraph "$theirs" "$url_theirs" "$c"
    else
      run oxigraph "$theirs" "$url_theirs" "$c"
      run gongchuang "$ours" "$url_ours" "$c"
    fi
  done
done
python3 - "$work/runs" <<'EOF'
import statistics, sys
runs, cpu = {}, {}
for line in open(sys.argv[1]):
    name, c, rps, ms = line.split()
    runs.setdefault(int(c), {}).setdefault(name, []).append(float(rps))
    cpu.setdefault(int(c), {}).setdefault(name, []).append(float(ms))
for c, by in sorted(runs.items()):
    g, o = by["gongchuang"], by["oxigraph"]
    gc, oc = statistics.median(cpu[c]["gongchuang"]), statistics.median(cpu[c]["oxigraph"])
    print(f"{c:>3} connections: gongchuang best {max(g):.0f} median {statistics.median(g):.0f}; "
          f"oxigraph best {max(o):.0f} median {statistics.median(o):.0f}; "
          f"ratio best {max(g) / max(o):.2f}, median {statistics.median(g) / statistics.median(o):.2f}; "
          f"CPU ms per request (median) {gc:.3f} against {oc:.3f} (ratio {oc / gc:.2f})")
EOF
