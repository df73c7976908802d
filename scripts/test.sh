#!/usr/bin/env bash
# The whole test suite: Rust tests, SPARQL client tests (Python), browser tests (Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
cargo test --workspace
bin="$target/debug/gongchuang"
bash scripts/clients.sh "$bin"
if [ -f scripts/e2e.sh ]; then
  bash scripts/e2e.sh "$bin"
fi
