#!/usr/bin/env bash
# tests/advisories/selftest.sh — proves scripts/audit.sh fails when it should.
# Runs the audit on the real tree and on doctored copies (in a temp dir; nothing in the repo is
# changed) and checks the exit status and which check failed. Ends with `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/../.."
adv=tests/advisories
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

# expect NAME WANT_RC PATTERN -- ARGS...: runs scripts/audit.sh ARGS, wants exit status WANT_RC
# and a line matching the extended regex PATTERN in its output.
expect() {
  local name=$1 want=$2 pattern=$3; shift 4
  local out rc
  out=$(bash scripts/audit.sh "$@" 2>&1); rc=$?
  if [ "$rc" = "$want" ] && grep -Eq -- "$pattern" <<<"$out"; then
    passed=$((passed + 1)); printf 'ok   %s\n' "$name"
  else
    failed=$((failed + 1)); printf 'FAIL %s (exit %s, wanted %s and /%s/)\n' "$name" "$rc" "$want" "$pattern"
    sed 's/^/     | /' <<<"$out"
  fi
}

# A made-up advisory (never vendored): the same shape as the real ones.
fake_advisory() { # CRATE ID INFORMATIONAL_LINE
  cat <<EOF
\`\`\`toml
[advisory]
id = "$2"
package = "$1"
date = "2026-11-22"
url = "https://example.invalid/kassa-audit-selftest"
$3

[versions]
patched = []
\`\`\`

# Made-up advisory for the kassa audit self-test

Not a real advisory: every version of \`$1\` is affected.
EOF
}

# 1. The real tree passes.
expect "current tree passes every check" 0 '^5 passed, 0 failed$' --

# 2. A crate nobody looked up fails check 1, by name.
cp Cargo.lock "$tmp/Cargo.lock"
cat >>"$tmp/Cargo.lock" <<'EOF'

[[package]]
name = "kassa-selftest-unlooked-crate"
version = "0.1.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
EOF
expect "unlooked-up crate in Cargo.lock fails check 1 naming it" 1 \
  '^FAIL lockfile coverage: 1 crate\(s\) missing from checked-crates.txt: kassa-selftest-unlooked-crate' \
  -- --lock "$tmp/Cargo.lock"

# 3. A vulnerability for a crate we use (subtle) fails cargo audit.
cp -R "$adv/db" "$tmp/db-vuln"
mkdir -p "$tmp/db-vuln/crates/subtle"
fake_advisory subtle RUSTSEC-2099-0001 'categories = ["crypto-failure"]' >"$tmp/db-vuln/crates/subtle/RUSTSEC-2099-0001.md"
expect "made-up vulnerability for subtle fails cargo audit" 1 \
  '^FAIL cargo audit: an advisory applies' -- --db "$tmp/db-vuln"

# 4. An informational (unsound) advisory fails too: --deny warnings.
cp -R "$adv/db" "$tmp/db-unsound"
mkdir -p "$tmp/db-unsound/crates/serde_json"
fake_advisory serde_json RUSTSEC-2099-0002 'informational = "unsound"' >"$tmp/db-unsound/crates/serde_json/RUSTSEC-2099-0002.md"
expect "made-up unsound advisory for serde_json fails cargo audit" 1 \
  '^FAIL cargo audit: an advisory applies' -- --db "$tmp/db-unsound"

# 5. Without the ignore list, RUSTSEC-2023-0071 (rsa) fails: the exception is what lets it pass.
: >"$tmp/no-ignores.txt"
expect "empty ignore list: rsa's RUSTSEC-2023-0071 fails cargo audit" 1 \
  'RUSTSEC-2023-0071' -- --ignore-file "$tmp/no-ignores.txt"

# 6. An exception without a written reason is rejected.
echo "RUSTSEC-2023-0071 because" >"$tmp/no-reason.txt"
expect "ignore entry without a reason fails check 3" 1 \
  '^FAIL ignore list: 1 problem' -- --ignore-file "$tmp/no-reason.txt"

# 7. An exception for an advisory that does not apply is rejected as stale.
cp "$adv/audit-ignore.txt" "$tmp/stale.txt"
echo "RUSTSEC-2024-0421 idna punycode masking; would be stale since idna 1.1.0 is patched" >>"$tmp/stale.txt"
expect "ignore entry that no longer applies fails check 5" 1 \
  '^FAIL ignores still needed: RUSTSEC-2024-0421 no longer apply' -- --ignore-file "$tmp/stale.txt"

# 8. A misplaced advisory file (package does not match its directory) fails check 2.
cp -R "$adv/db" "$tmp/db-bad"
cp "$adv/db/crates/bytes/RUSTSEC-2026-0007.md" "$tmp/db-bad/crates/tokio/"
expect "advisory in the wrong crate directory fails check 2" 1 \
  '^FAIL snapshot: 1 problem' -- --db "$tmp/db-bad"

echo
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
