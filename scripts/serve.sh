#!/usr/bin/env bash
# The first command on a fresh machine: install what the build and the service need and
# are missing, build, and serve (the first start ingests the bundled corpus into ./data).
#
#   scripts/serve.sh [serve options…]        e.g. scripts/serve.sh --bind 0.0.0.0:8080
#
# Installs with apt-get (Debian/Ubuntu; as root, or with sudo when there is one), only what
# is missing: clang and libclang-dev (to build RocksDB inside Oxigraph), poppler-utils and
# poppler-data (pdftotext, to read PDF), and a Rust toolchain through rustup when there is
# no cargo. Set GONGCHUANG_TOKEN to allow uploads and SPARQL Update.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; fi
fi

need=""
for p in clang libclang-dev poppler-utils poppler-data pkg-config curl ca-certificates; do
  dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
if [ -n "$need" ]; then
  if ! command -v apt-get >/dev/null; then
    echo "serve.sh: please install:$need (no apt-get here)" >&2
    exit 1
  fi
  echo "serve.sh: installing$need"
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq $need
fi

if ! command -v cargo >/dev/null; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "serve.sh: installing Rust (rustup, stable toolchain)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi

echo "serve.sh: building (the first build takes several minutes)"
cargo build --bin gongchuang
BIN="${CARGO_TARGET_DIR:-target}/debug/gongchuang"
exec "$BIN" serve "$@"
