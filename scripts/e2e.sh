#!/usr/bin/env bash
# Browser tests of the web UI against a real server.
#
#   scripts/e2e.sh [PATH/TO/gongchuang]
#
# Builds nothing: takes an already built binary ($1, else $CARGO_TARGET_DIR/debug/gongchuang,
# else target/debug/gongchuang). Installs what a fresh Debian machine lacks (chromium, a CJK
# font, the e2e npm packages), starts `gongchuang serve` on a free local port with a fresh
# data dir (the first start ingests the bundled corpus), runs the tests with Node's test
# runner, stops the server and ends with a line `N passed, N failed, N skipped`.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export DEBIAN_FRONTEND=noninteractive

BIN=${1:-}
if [ -z "$BIN" ]; then
  if [ -n "${CARGO_TARGET_DIR:-}" ]; then BIN="$CARGO_TARGET_DIR/debug/gongchuang"; else BIN="$ROOT/target/debug/gongchuang"; fi
fi
if [ ! -x "$BIN" ]; then
  echo "e2e: no gongchuang binary at $BIN (build it first: cargo build -p server)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
BIN=$(readlink -f "$BIN")

# --- what a fresh machine lacks -----------------------------------------------------------
updated=""
apt_install() {
  if [ -z "$updated" ]; then apt-get update -qq; updated=1; fi
  apt-get install -y -qq "$@" >/dev/null
}
if [ ! -x /usr/bin/chromium ]; then
  echo "e2e: installing chromium"
  apt_install chromium || { echo "e2e: could not install chromium" >&2; echo "0 passed, 1 failed"; exit 1; }
fi
# Screenshots need a Chinese font (tests pass without one).
if command -v fc-list >/dev/null && [ -z "$(fc-list :lang=zh 2>/dev/null | head -1)" ]; then
  echo "e2e: installing a CJK font"
  apt_install fonts-wqy-microhei || echo "e2e: no CJK font; screenshots will show boxes" >&2
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "e2e: installing nodejs and npm"
  apt_install nodejs npm || { echo "e2e: could not install node" >&2; echo "0 passed, 1 failed"; exit 1; }
fi
(cd e2e && npm ci --no-audit --no-fund --loglevel=error) || { echo "e2e: npm ci failed" >&2; echo "0 passed, 1 failed"; exit 1; }

# --- the server ---------------------------------------------------------------------------
TMP=$(mktemp -d /tmp/gongchuang-e2e.XXXXXX)
PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
BASE="http://127.0.0.1:$PORT"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

# A write token for the upload test (the browser enters it like a user would).
export GC_TOKEN="e2e-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
echo "e2e: starting $BIN serve on $BASE (data in $TMP)"
RUST_LOG=${RUST_LOG:-warn} GONGCHUANG_TOKEN="$GC_TOKEN" "$BIN" serve --data-dir "$TMP/data" --bind "127.0.0.1:$PORT" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!

up=""
for i in $(seq 1 ${E2E_START_TIMEOUT_S:-600}); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$BASE/healthz"; then up=1; break; fi
  sleep 1
done
if [ -z "$up" ]; then
  echo "e2e: the server did not come up; its log:" >&2
  tail -40 "$TMP/server.log" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
echo "e2e: server up after ${i}s"
if ! node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$BASE/"; then
  echo "e2e: $BIN does not serve the UI at / (built without server/src/ui.rs?); the tests will fail" >&2
fi

# --- the tests ----------------------------------------------------------------------------
cd e2e
GC_BASE="$BASE" node --test --test-concurrency=1 --test-timeout=300000 --test-reporter=spec tests/*.test.js 2>&1 | tee "$TMP/out.txt"
rc=${PIPESTATUS[0]}

count() { sed -n "s/^[^a-z]*$1 \([0-9][0-9]*\)\$/\1/p" "$TMP/out.txt" | tail -1; }
pass=$(count pass); fail=$(count fail); skipped=$(count skipped); cancelled=$(count cancelled)
pass=${pass:-0}; fail=${fail:-0}; skipped=${skipped:-0}; cancelled=${cancelled:-0}
fail=$((fail + cancelled))
if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi
if [ "$pass" -eq 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi   # ran nothing: a failure
if [ "$fail" -ne 0 ]; then
  echo "e2e: server log (last lines):"
  tail -20 "$TMP/server.log"
fi
echo "screenshots: $ROOT/e2e/screenshots/"
echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
