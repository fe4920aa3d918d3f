#!/usr/bin/env bash
# make pkg: the release wasm32 build, then pkg/ and pkg/kassa-<version>.tgz (scripts/build-pkg.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build -p kassa --release --target wasm32-unknown-unknown
node scripts/build-pkg.mjs
