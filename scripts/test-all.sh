#!/usr/bin/env bash
# make test: every test of the project, in one run, ending with one line `N passed, N failed`.
# Each suite runs even when an earlier one failed (except those that need the package when the
# package could not be built); the line before the summary names every suite that failed, and for
# the runtime matrix the runtimes. Exit status 1 when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never NO_COLOR=1
log_dir=tests/artifacts/logs
mkdir -p "$log_dir"
passed=0 failed=0 failures=()

# count_cargo LOG: adds the `test result:` lines of cargo test / wasm-bindgen-test-runner.
count_cargo() {
  awk '/test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
       END { printf "%d %d\n", p, f }' "$1"
}
# count_summary LOG: the last `N passed, N failed` line a suite printed.
count_summary() {
  local line
  line=$(grep -E '(^|: )[0-9]+ passed, [0-9]+ failed' "$1" | tail -n1)
  if [ -z "$line" ]; then echo "0 0"; return; fi
  sed -E 's/^(.*: )?([0-9]+) passed, ([0-9]+) failed.*/\2 \3/' <<<"$line"
}
# count_node LOG: node --test (spec or TAP reporter).
count_node() {
  awk '/^(ℹ|#) pass [0-9]+/ { p += $3 } /^(ℹ|#) fail [0-9]+/ { f += $3 } END { printf "%d %d\n", p, f }' "$1"
}

# suite NAME COUNTER CMD...: runs CMD, tees its output to a log, counts its tests with COUNTER
# (`single` counts the command as one test). A failing command whose output shows no failed test
# still counts as one failure.
suite() {
  local name=$1 counter=$2; shift 2
  local log="$log_dir/${name// /_}.log"
  printf '\n==> %s: %s\n' "$name" "$*"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]} p=0 f=0
  if [ "$counter" = single ]; then
    if [ "$rc" = 0 ]; then p=1; else f=1; fi
  else
    read -r p f < <("count_$counter" "$log")
    if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
    if [ "$rc" = 0 ] && [ "$p" = 0 ] && [ "$f" = 0 ]; then f=1; echo "$name ran no test"; fi
  fi
  passed=$((passed + p)) failed=$((failed + f))
  printf '<== %s: %d passed, %d failed\n' "$name" "$p" "$f"
  if [ "$f" != 0 ]; then
    local detail=""
    if [ "$name" = "runtime matrix" ] && grep -q 'failed in ' "$log"; then
      detail=" ($(grep -o 'failed in .*' "$log" | tail -n1))"
    fi
    failures+=("$name$detail")
  fi
  return 0
}

suite "setup" single bash scripts/setup.sh
suite "cargo fmt" single cargo fmt --all -- --check
suite "clippy native" single cargo clippy --workspace --all-targets -- -D warnings
suite "clippy wasm32" single cargo clippy -p kassa --target wasm32-unknown-unknown --all-targets -- -D warnings
# The emulator's library for wasm32 (the npm package kassa-sandbox; its tests/ need the native binary).
suite "clippy wasm32 sandbox" single cargo clippy -p kassa-sandbox --target wasm32-unknown-unknown --lib --bins -- -D warnings
suite "no import cycles" single bash -c 'python3 scripts/import-cycles.py src && python3 scripts/import-cycles.py sandbox/src'
suite "cargo test" cargo cargo test --workspace
suite "cargo audit" summary bash scripts/audit.sh
suite "audit selftest" summary bash tests/advisories/selftest.sh
suite "wasm-bindgen-test chromium" cargo wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver
if suite "npm package" single bash scripts/build-pkg.sh && [ -f pkg/package.json ]; then
  suite "typescript" single node tests/types/check.mjs
  suite "runtime matrix" summary node tests/runtime/run.mjs
  # 100,000 random and adversarial inputs (KASSA_FUZZ_INPUTS) through every export of the installed
  # tarball (tests/fuzz/harness.mjs, issue 11).
  suite "fuzz harness" summary node tests/fuzz/harness.mjs
  # The Node tests start the emulator binary; build it now so they never run a stale one.
  suite "emulator build" single cargo build -p kassa-sandbox
  # The emulator's npm package (issue 15), pkg/kassa-sandbox-<version>.tgz: tests/sandbox-npm/ installs it
  # (its fresh-install test is one of the node tests below).
  suite "sandbox npm package" single bash scripts/build-sandbox-pkg.sh
  node_tests=$(find tests -name '*.test.mjs' -not -path '*/node_modules/*' -not -path 'tests/artifacts/*' | sort)
  if [ -n "$node_tests" ]; then
    # shellcheck disable=SC2086
    suite "node tests" node node --test --test-reporter=spec --test-concurrency=1 $node_tests
  fi
  # The Node client suites once more against the in-process emulator (createSandbox().fetch), then
  # full payments through it in Deno and workerd.
  suite "client tests in process" node env KASSA_SANDBOX_IN_PROCESS=1 node --test --test-reporter=spec --test-concurrency=1 \
    tests/client/rbs.test.mjs tests/client/cashier.test.mjs tests/client/koshelek.test.mjs
  suite "sandbox npm runtimes" summary node tests/sandbox-npm/run.mjs
  if [ -f bench/run.mjs ]; then
    suite "bench quick" summary node bench/run.mjs --quick
  fi
fi

echo
if [ ${#failures[@]} -gt 0 ]; then
  printf 'failed: %s\n' "$(IFS=';'; echo "${failures[*]}" | sed 's/;/; /g')"
else
  echo "every suite passed"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
