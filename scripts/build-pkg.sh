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
#
# Opt-level per entry (issue 14): the root, kassa/verify and kassa/testing build kassa at the release
# profile's "s" (opt-level "z" on kassa measured -35% RBS HMAC verifications per second);
# kassa/forms and kassa/client, which have no throughput target, build it at "z" (measured gzip -9:
# forms -5%, client -8%). Every dependency has its own opt-level in Cargo.toml (crypto crates 3, the
# rest "z"), so the override changes only the kassa crate and the dependencies are not rebuilt.
build() {
  local name=$1; shift
  cargo build -p kassa --release --target wasm32-unknown-unknown "$@"
  cp target/wasm32-unknown-unknown/release/kassa.wasm "$out/$name.wasm"
}
build kassa
for entry in verify testing; do
  build "$entry" --no-default-features --features "entry-$entry"
done
for entry in forms client; do
  CARGO_PROFILE_RELEASE_OPT_LEVEL=z build "$entry" --no-default-features --features "entry-$entry"
done
node scripts/build-pkg.mjs
