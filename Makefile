# kassa — the two commands that matter are `make demo` and `make test` (see README.md).
# Both run `make setup` first, which installs what is missing and skips what is present.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: demo test setup pkg bench lint fmt clean fuzz

## demo: build the package, start the emulator and the demo, print one http://127.0.0.1 URL.
demo: setup pkg
	node scripts/demo.mjs

## test: every test of the project; ends with one line `N passed, N failed`.
test:
	bash scripts/test-all.sh

## setup: rustup target, wasm-pack, wasm-bindgen-cli, Debian chromium + chromedriver, npm ci.
setup:
	bash scripts/setup.sh

## pkg: pkg/ (the npm package) and pkg/kassa-<version>.tgz; prints the .wasm size. Then the
## emulator's npm package pkg/kassa-sandbox-<version>.tgz (prints its .wasm size).
pkg:
	bash scripts/build-pkg.sh
	bash scripts/build-sandbox-pkg.sh

## fuzz: the long fuzz run (not in `make test`): every tests/fuzz_*.rs property target with
## KASSA_FUZZ_CASES=1000000 in a release build, and the Node harness over the installed tarball with
## 1,000,000 inputs (KASSA_FUZZ_INPUTS, KASSA_FUZZ_SEED); a summary table at the end.
fuzz: setup pkg
	bash scripts/fuzz.sh

## bench: the benchmarks (bench/run.mjs), printed and written to bench/results.json.
bench: setup pkg
	node bench/run.mjs

## lint: formatting and clippy, natively and for wasm32 (kassa and the emulator's library).
lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p kassa --target wasm32-unknown-unknown --all-targets -- -D warnings
	cargo clippy -p kassa-sandbox --target wasm32-unknown-unknown --lib --bins -- -D warnings

fmt:
	cargo fmt --all

clean:
	cargo clean
	rm -rf pkg tests/artifacts
