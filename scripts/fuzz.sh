#!/usr/bin/env bash
# make fuzz: the long fuzz run, not part of `make test`.
#   1. every native property target tests/fuzz_*.rs (discovered by glob), with KASSA_FUZZ_CASES
#      (default 1,000,000) cases per property, in a release build:
#      `cargo test --release -p kassa --test <name>`;
#   2. the Node harness over the installed tarball (tests/fuzz/harness.mjs) with KASSA_FUZZ_INPUTS
#      (default 1,000,000) inputs; KASSA_FUZZ_SEED picks its seed (default: random, printed).
# Prints per target the cases run and the seconds, then a summary table and `N passed, N failed`
# (one per target). Logs in tests/artifacts/logs/fuzz-*.log. Exit status 1 when a target failed.
# Options: --native-only, --node-only.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never
cases=${KASSA_FUZZ_CASES:-1000000}
inputs=${KASSA_FUZZ_INPUTS:-1000000}
native=1 node=1
for a in "$@"; do
  case $a in
    --native-only) node=0 ;;
    --node-only) native=0 ;;
    *) echo "usage: $0 [--native-only | --node-only]" >&2; exit 2 ;;
  esac
done
log_dir=tests/artifacts/logs
mkdir -p "$log_dir"
rows=() passed=0 failed=0

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

if [ "$native" = 1 ]; then
  mapfile -t targets < <(find tests -maxdepth 1 -name 'fuzz_*.rs' -printf '%f\n' | sed 's/\.rs$//' | sort)
  if [ ${#targets[@]} -eq 0 ]; then
    echo "no tests/fuzz_*.rs targets found"
  else
    echo "==> building ${#targets[@]} native targets (release): ${targets[*]}"
    args=()
    for t in "${targets[@]}"; do args+=(--test "$t"); done
    cargo test --release -p kassa "${args[@]}" --no-run 2>&1 | tail -n 3
  fi
  for t in "${targets[@]}"; do
    log="$log_dir/fuzz-$t.log"
    echo
    echo "==> $t: KASSA_FUZZ_CASES=$cases cargo test --release -p kassa --test $t"
    start=$(now)
    KASSA_FUZZ_CASES=$cases cargo test --release -p kassa --test "$t" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    s=$(secs "$start" "$(now)")
    read -r p f < <(awk '/test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
      END { printf "%d %d\n", p, f }' "$log")
    props=$((p + f))
    result=ok
    if [ "$rc" != 0 ] || [ "$f" != 0 ] || [ "$props" = 0 ]; then result=FAILED; failed=$((failed + 1)); else passed=$((passed + 1)); fi
    echo "<== $t: $props properties × $cases cases, $s s, $result"
    rows+=("$t|$props × $cases|$s|$result")
  done
fi

if [ "$node" = 1 ]; then
  log="$log_dir/fuzz-node-harness.log"
  echo
  echo "==> node harness: node tests/fuzz/harness.mjs --count $inputs"
  start=$(now)
  node tests/fuzz/harness.mjs --count "$inputs" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  s=$(secs "$start" "$(now)")
  ran=$(grep -oE '^figures: [0-9]+ inputs' "$log" | grep -oE '[0-9]+' | head -n1)
  summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n1)
  result=ok
  if [ "$rc" != 0 ]; then result="FAILED ($summary)"; failed=$((failed + 1)); else passed=$((passed + 1)); fi
  rows+=("node harness (installed tarball)|${ran:-0} inputs|$s|$result")
fi

echo
echo "make fuzz summary"
printf '%-40s %-26s %10s  %s\n' target "cases run" seconds result
for r in "${rows[@]}"; do
  IFS='|' read -r a b c d <<<"$r"
  printf '%-40s %-26s %10s  %s\n' "$a" "$b" "$c" "$d"
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
