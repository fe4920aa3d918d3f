#!/usr/bin/env bash
# The npm package `kassa-sandbox` (issue 15): the sandbox/ crate built for wasm32 (a cdylib of its
# library), wasm-bindgen's glue, the loaders and the Node server of sandbox/npm/, packed into
# pkg/kassa-sandbox-<version>.tgz. Prints the .wasm's size. Run by `make pkg` after
# scripts/build-pkg.sh (which recreates pkg/); the package is assembled in target/sandbox-npm/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

cargo rustc -p kassa-sandbox --lib --release --target wasm32-unknown-unknown --crate-type cdylib
input=target/wasm32-unknown-unknown/release/kassa_sandbox.wasm
stage=target/sandbox-npm
version=$(sed -nE 's/^version = "([^"]+)"/\1/p' sandbox/Cargo.toml | head -n1)

rm -rf "$stage"
mkdir -p "$stage" pkg
# The "bundler" glue: every import of the module comes from kassa_sandbox_bg.js, which receives the
# instance through __wbg_set_wasm; sandbox/npm's loaders instantiate it per runtime.
wasm-bindgen --target bundler --out-dir "$stage" --out-name kassa_sandbox "$input"
rm -f "$stage/kassa_sandbox.js" "$stage/kassa_sandbox.d.ts" "$stage/kassa_sandbox_bg.wasm.d.ts"
wasm="$stage/kassa_sandbox_bg.wasm"
raw_before=$(stat -c %s "$wasm")

# binaryen's wasm-opt from npm (as scripts/build-pkg.mjs uses it); kept only if the result validates.
optimiser=none
wasm_opt=node_modules/.bin/wasm-opt
if [ "${KASSA_WASM_OPT:-1}" != 0 ] && [ -x "$wasm_opt" ]; then
  "$wasm_opt" "$wasm" -O3 --enable-reference-types --enable-multivalue --enable-bulk-memory \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals -o "$wasm.opt"
  if node -e 'process.exit(WebAssembly.validate(require("fs").readFileSync(process.argv[1])) ? 0 : 1)' "$wasm.opt"; then
    mv "$wasm.opt" "$wasm"
    optimiser="$("$wasm_opt" --version) (npm binaryen) -O3"
  else
    rm -f "$wasm.opt"
    optimiser="none (wasm-opt output did not validate; shipped unoptimised)"
  fi
fi

cp -r sandbox/npm/. "$stage/"
node -e 'const fs = require("fs"); const p = process.argv[1] + "/package.json"; const m = JSON.parse(fs.readFileSync(p, "utf8"));
  m.version = process.argv[2]; fs.writeFileSync(p, JSON.stringify(m, null, 2) + "\n");' "$stage" "$version"
tarball=$(cd "$stage" && npm pack --silent --pack-destination "$PWD/../../pkg" | tail -n1)

kib() { awk -v n="$1" 'BEGIN { printf "%.1f KiB", n / 1024 }'; }
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
echo "kassa-sandbox $version: wasm-opt: $optimiser"
echo "kassa_sandbox_bg.wasm: $(kib "$raw") raw ($(kib "$raw_before") before wasm-opt), $(kib "$gz") gzipped"
echo "tarball: pkg/$tarball ($(kib "$(stat -c %s "pkg/$tarball")"))"
