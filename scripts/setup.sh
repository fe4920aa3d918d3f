#!/usr/bin/env bash
# make setup: installs what kassa's build, tests and demo need, and skips what is already there.
# Idempotent; safe to run before every `make demo` / `make test` (a run with everything present
# only checks versions and takes about a second).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf 'setup: %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. The Rust target for WebAssembly.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target wasm32-unknown-unknown: present"
else
  say "adding rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock (the CLI and the library must
#    match). No --locked: the CLI's own lockfile pins a crate the registry no longer serves.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" = "$want" ]; then
  say "wasm-bindgen-cli $want: present"
else
  say "installing wasm-bindgen-cli $want (found: ${have:-none}); this builds from crates.io, a few minutes"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

# 3. wasm-pack (runs the wasm-bindgen-test browser tests). It finds the wasm-bindgen-cli above on PATH.
if command -v wasm-pack >/dev/null 2>&1; then
  say "wasm-pack $(wasm-pack --version | awk '{print $2}'): present"
else
  say "installing wasm-pack from crates.io (a few minutes)"
  cargo install wasm-pack
fi

# 3b. cargo-audit, for the offline advisory check of the dependency tree (scripts/audit.sh).
if command -v cargo-audit >/dev/null 2>&1; then
  say "cargo-audit $(cargo-audit --version | awk '{print $2}'): present"
else
  say "installing cargo-audit 0.22.2 from crates.io (several minutes)"
  cargo install cargo-audit --locked --version 0.22.2
fi

# 4. Debian's Chromium and ChromeDriver for the browser tests and the demo's end-to-end test.
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  say "chromium and chromedriver: present"
else
  say "installing Debian chromium and chromium-driver"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# 5. npm packages, exactly as locked. Re-run `npm ci` only when package-lock.json changed since the
#    last install (its hash is kept in node_modules/.kassa-lock-hash).
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f node_modules/.kassa-lock-hash ] && [ "$(cat node_modules/.kassa-lock-hash)" = "$lock_hash" ]; then
  say "npm packages: present (package-lock.json unchanged)"
else
  say "installing npm packages with npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.kassa-lock-hash
fi
