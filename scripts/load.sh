#!/usr/bin/env bash
# HTTP load test with wrk, by hand (not run in CI): starts `gongchuang serve` on loopback,
# runs search, recommend (POST) and /sparql GET at 16 and 64 connections, and prints
# throughput (all answers and 2xx only), p50/p99 latency, errors (non-2xx: /sparql answers
# 503 beyond 8 queries at once, by design; socket errors) and the server's RSS before/after.
#
# Usage: scripts/load.sh PATH_TO_RELEASE_GONGCHUANG [SECONDS_PER_CASE]
# Environment: DATA=DIR serves an existing data dir (default: a temp dir, which `serve`
# fills with the bundled corpus); CONNS="16 64"; THREADS=2; PORT; GC_ARGS (extra global
# options, e.g. --no-embed); SERVE_ARGS (extra `serve` options, e.g. --in-process-queries);
# CASES="search recommend sparql". Needs wrk (apt-get install wrk), curl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:?usage: scripts/load.sh PATH_TO_GONGCHUANG [SECONDS]}"
secs="${2:-10}"
conns="${CONNS:-16 64}"
threads="${THREADS:-2}"
port="${PORT:-$((20000 + RANDOM % 10000))}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
work=$(mktemp -d)
data="${DATA:-$work/data}"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

# shellcheck disable=SC2086 # GC_ARGS and SERVE_ARGS are lists of options
"$bin" --data-dir "$data" ${GC_ARGS:-} serve --bind "127.0.0.1:$port" ${SERVE_ARGS:-} >"$work/serve.log" 2>&1 &
pid=$!
base="http://127.0.0.1:$port"
started=$(date +%s.%N)
until curl -sf "$base/healthz" >"$work/health.json" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.2
done
echo "serve answered /healthz after $(python3 -c "print(f'{$(date +%s.%N) - $started:.1f}')") s"
# Let background embedding finish so that it does not compete with the load: done when
# every pending vector is computed and the count holds still for two polls.
python3 - "$base/healthz" <<'EOF'
import json, sys, time, urllib.request
last = None
while True:
    h = json.load(urllib.request.urlopen(sys.argv[1]))
    e = h["embedding"]
    if not e["model"] or (e["done"] >= e["pending"] and h["vectors"] == last):
        break
    last = h["vectors"]
    time.sleep(1)
EOF
curl -sf "$base/healthz" >"$work/health.json"
python3 -c "import json; h=json.load(open('$work/health.json')); print('documents', h['documents'], 'index items', h['index_items'], 'vectors', h['vectors'])"

rss() { awk '/^VmRSS|^VmHWM/ {printf "%s %.0f MiB  ", $1, $2/1024}' "/proc/$pid/status"; echo; }
# Wait (up to 2 min) until the server is idle: requests still queued from the last case
# (wrk stops sending, the server does not stop working) would otherwise slow the next one.
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
settle() {
  local a b
  for _ in $(seq 1 120); do
    a=$(cpu); sleep 1; b=$(cpu)
    [ $((b - a)) -lt 20 ] && return 0 # under 0.2 s of CPU in that second (100 ticks/s)
  done
}
urlenc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

# Search rotates over a few queries so that no single query's cost dominates.
cat >"$work/search.lua" <<EOF
local qs = {"$(urlenc "老旧小区 居民参与")", "$(urlenc "数字孪生 城市更新")", "$(urlenc "社区营造 共同缔造")", "$(urlenc "\"历史街区\" 保护")"}
local i = 0
request = function()
  i = i % #qs + 1
  return wrk.format("GET", "/api/search?type=passage&limit=10&q=" .. qs[i])
end
EOF
cat >"$work/recommend.lua" <<'EOF'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"scenario": "某市老旧小区改造，老年人多，居民参与意愿低，资金不足，希望引入社会资本和数字化平台", "limit": 5}'
EOF
: >"$work/sparql.lua"
sparql="/sparql?query=$(urlenc 'PREFIX gc: <https://w3id.org/gongchuang/ns#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?c ?n WHERE { ?c a gc:Case ; skos:prefLabel ?n } LIMIT 100')"
# Every case shares one reporter: one line per run, errors split as wrk counts them.
report='
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.1f %.1f %.1f %d %d %d\n",
    summary.requests / (summary.duration / 1e6),
    (summary.requests - e.status) / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end'
for f in search recommend sparql; do echo "$report" >>"$work/$f.lua"; done

echo "server RSS before: $(rss)"
printf '%-10s %5s %9s %9s %9s %9s %9s %8s %8s\n' case conns 'req/s' '2xx/s' 'p50 ms' 'p99 ms' requests non2xx socket
for c in $conns; do
  for case in ${CASES:-search recommend sparql}; do
    url="$base/api/search"
    [ "$case" = recommend ] && url="$base/api/recommend"
    [ "$case" = sparql ] && url="$base$sparql"
    settle
    out=$(wrk -t"$threads" -c"$c" -d"${secs}s" --timeout 30s -s "$work/$case.lua" "$url")
    read -r rps ok p50 p99 n non2xx sock <<<"$(grep '^RESULT' <<<"$out" | cut -d' ' -f2-)"
    printf '%-10s %5s %9s %9s %9s %9s %9s %8s %8s\n' "$case" "$c" "$rps" "$ok" "$p50" "$p99" "$n" "$non2xx" "$sock"
  done
done
echo "server RSS after:  $(rss)"
