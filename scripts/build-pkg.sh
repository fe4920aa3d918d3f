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
# Opt-level per entry (issue 14): kassa/verify builds kassa at opt-level 2, the root and kassa/testing
# at the release profile's "s", kassa/forms and kassa/client (no throughput target) at "z" (measured
# gzip -9: forms -5%, client -8%). kassa/verify at 2 against "s" (2026-12-03, Node, 60 interleaved
# rounds of 5,000 calls in one process against the "s" build; an A/A control gave 0.999): RBS HMAC
# `check` 0.885x and `verify` 0.865x of the time, Mobile Cashier RSA-4096 sync verify 1.01x, the
# cold start to the first HMAC verification 15.8 -> 16.0 ms (medians of 15 interleaved fresh
# processes), +9.7 KB gzip (152,302 -> 162,033 B); opt-level 3 gave the same speed for +13.4 KB, "z"
# -35% HMAC verifications per second. Every dependency has its own opt-level in Cargo.toml (crypto
# crates 3, the rest "z"), so the override rebuilds only the kassa crate; but generic code (all of
# crypto-bigint's `Uint<LIMBS>` arithmetic) is compiled in the crate that instantiates it, kassa,
# at kassa's level (crypto-bigint at "s", 2 or "z" instead of 3 changed kassa/verify by < 400 B).
#
# kassa/verify is also the one module built with WebAssembly SIMD (`+simd128`): sha2 then compiles its
# wasm32 SIMD backend for SHA-256 (the HMAC and the dedupe key). Measured against the opt-level 2
# build without SIMD (2026-12-03, interleaved rounds in one process): Node HMAC `check` 0.94x and
# `verify` 0.93x of the time, RSA-2048 and RSA-4096 sync 1.00x (A/A 0.998-0.999); Chromium `check`
# 0.94x, `verify` 0.92x; 162,033 -> 158,089 B gzip. LLVM's vectorisers stay on: with
# `-C no-vectorize-loops -C no-vectorize-slp` HMAC was 1-2% slower for 1.5 KB less, and RSA the
# same either way (a trial on 2026-12-02 had measured SIMD making RSA 40% slower; on this code
# neither opt-level "s" nor 2 reproduces it: 0.97-1.00x). Every runtime kassa supports has SIMD;
# browsers since Chrome 91, Firefox 89 and Safari 16.4 (browser.mjs says so when the module does
# not compile); the root and the other entries are built without it. RUSTFLAGS replaces
# .cargo/config.toml's target flags, so the cpubits cfg is repeated here; its own target directory
# keeps the other builds' dependency artefacts (RUSTFLAGS is part of their fingerprint).
VERIFY_RUSTFLAGS='--cfg cpubits="32" -C target-feature=+simd128'
build() {
  local name=$1; shift
  cargo build -p kassa --release --target wasm32-unknown-unknown "$@"
  cp "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/kassa.wasm" "$out/$name.wasm"
}
build kassa
CARGO_TARGET_DIR=target/simd RUSTFLAGS="$VERIFY_RUSTFLAGS" CARGO_PROFILE_RELEASE_OPT_LEVEL=2 \
  build verify --no-default-features --features entry-verify
build testing --no-default-features --features entry-testing
for entry in forms client; do
  CARGO_PROFILE_RELEASE_OPT_LEVEL=z build "$entry" --no-default-features --features "entry-$entry"
done
node scripts/build-pkg.mjs
