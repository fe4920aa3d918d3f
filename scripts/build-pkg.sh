#!/usr/bin/env bash
# make pkg: the release wasm32 builds, then pkg/ and pkg/kassa-<version>.tgz (scripts/build-pkg.mjs).
#
# One `cargo build` per npm entry (issue 14): the root `kassa` with the default features (every
# entry), then `kassa/verify`, `kassa/forms`, `kassa/client` and `kassa/testing` each with only its
# own `entry-*` feature, so that each .wasm holds only what that entry exports. The dependencies are
# compiled once; each entry relinks only the kassa crate. Each build's .wasm is copied to
# target/entries/<entry>.wasm for build-pkg.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
out=target/entries
mkdir -p "$out"
build() {
  local name=$1; shift
  cargo build -p kassa --release --target wasm32-unknown-unknown "$@"
  cp target/wasm32-unknown-unknown/release/kassa.wasm "$out/$name.wasm"
}
build kassa
for entry in verify forms client testing; do
  build "$entry" --no-default-features --features "entry-$entry"
done
node scripts/build-pkg.mjs
