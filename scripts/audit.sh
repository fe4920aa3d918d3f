#!/usr/bin/env bash
# scripts/audit.sh — offline RustSec audit of the workspace Cargo.lock.
#
# The RustSec advisory database cannot be fetched here (no internet but package registries), so
# the advisories that concern our dependency tree are vendored under tests/advisories/db (see
# tests/advisories/README.md for the source and how to refresh it). Checks:
#   1. every crate name in Cargo.lock was looked up in the advisory database
#      (tests/advisories/checked-crates.txt), so the snapshot cannot silently fall behind the tree;
#   2. the snapshot is well formed (crates/<crate>/RUSTSEC-YYYY-NNNN.md, id and package match,
#      crate listed in checked-crates.txt);
#   3. every entry of the ignore list (tests/advisories/audit-ignore.txt) names an advisory of the
#      snapshot and gives a written reason;
#   4. `cargo audit` against the snapshot, with the ignore list, finds nothing: every applicable
#      advisory (vulnerability, unsound, unmaintained or notice) fails unless ignored;
#   5. every ignored advisory still applies (no stale exceptions).
# Ends with one line `N passed, N failed`; exit status 1 when a check failed.
#
# Options (used by tests/advisories/selftest.sh): --lock FILE, --db DIR, --ignore-file FILE.
# Needs cargo-audit: cargo install cargo-audit --locked --version 0.22.2
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

adv=tests/advisories
lock=Cargo.lock
db=$adv/db
ignore_file=$adv/audit-ignore.txt
# The date the snapshot was taken; used as the date of the throwaway git commit, so the
# database's age is honest (cargo-audit's staleness error is then waived with --stale).
snapshot_date="2026-11-22T19:00:00Z"

while [ $# -gt 0 ]; do
  case $1 in
    --lock) lock=$2; shift 2 ;;
    --db) db=$2; shift 2 ;;
    --ignore-file) ignore_file=$2; shift 2 ;;
    *) echo "usage: $0 [--lock Cargo.lock] [--db DIR] [--ignore-file FILE]" >&2; exit 2 ;;
  esac
done

passed=0 failed=0 failures=()
pass() { passed=$((passed + 1)); printf 'ok   %s\n' "$1"; }
fail() { failed=$((failed + 1)); failures+=("$1"); printf 'FAIL %s\n' "$1"; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- 1. lockfile crates all checked ----------------------------------------------------------
if [ ! -f "$lock" ]; then
  fail "lockfile coverage: $lock not found"
else
  awk '/^\[\[package\]\]/ { p = 1; next } p && /^name = / { gsub(/"/, "", $3); print $3; p = 0 }' "$lock" |
    LC_ALL=C sort -u >"$tmp/lock-crates"
  LC_ALL=C sort -u "$adv/checked-crates.txt" >"$tmp/checked"
  missing=$(LC_ALL=C comm -23 "$tmp/lock-crates" "$tmp/checked" | tr '\n' ' ')
  n=$(wc -l <"$tmp/lock-crates")
  if [ -n "$missing" ]; then
    echo "  crates in $lock never looked up in the advisory database: $missing"
    echo "  look each one up (tests/advisories/README.md, 'Adding a crate'), vendor its advisories,"
    echo "  and add its name to tests/advisories/checked-crates.txt"
    fail "lockfile coverage: $(wc -w <<<"$missing") crate(s) missing from checked-crates.txt: $missing"
  else
    pass "lockfile coverage: all $n crates of $lock are in checked-crates.txt"
  fi
fi

# --- 2. snapshot well formed -----------------------------------------------------------------
problems=()
count=0
if [ ! -d "$db/crates" ]; then
  problems+=("$db/crates does not exist")
else
  for f in "$db"/crates/*/*; do
    [ -e "$f" ] || continue
    count=$((count + 1))
    crate=$(basename "$(dirname "$f")") file=$(basename "$f")
    if ! [[ $file =~ ^RUSTSEC-[0-9]{4}-[0-9]{4}\.md$ ]]; then
      problems+=("$f: not named RUSTSEC-YYYY-NNNN.md"); continue
    fi
    grep -qx "id = \"${file%.md}\"" "$f" || problems+=("$f: id does not match the file name")
    grep -qx "package = \"$crate\"" "$f" || problems+=("$f: package does not match the directory")
    grep -qx -- "$crate" "$tmp/checked" 2>/dev/null || problems+=("$f: $crate is not in checked-crates.txt")
  done
fi
if [ ${#problems[@]} -gt 0 ]; then
  printf '  %s\n' "${problems[@]}"
  fail "snapshot: ${#problems[@]} problem(s) in $db"
else
  pass "snapshot: $count advisories in $db, all well formed"
fi

# --- 3. ignore list well formed --------------------------------------------------------------
ignore_ids=()
problems=()
if [ -f "$ignore_file" ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
    id=${line%%[[:space:]]*}
    reason=$(sed -E 's/^[^[:space:]]+[[:space:]]*//' <<<"$line")
    if ! [[ $id =~ ^RUSTSEC-[0-9]{4}-[0-9]{4}$ ]]; then
      problems+=("'$id' is not a RUSTSEC id"); continue
    fi
    if [ ${#reason} -lt 40 ]; then
      problems+=("$id has no written reason (at least 40 characters on its line)"); continue
    fi
    if ! compgen -G "$db/crates/*/$id.md" >/dev/null; then
      problems+=("$id is not in the snapshot $db")
    fi
    for seen in "${ignore_ids[@]}"; do [ "$seen" = "$id" ] && problems+=("$id is listed twice"); done
    ignore_ids+=("$id")
  done <"$ignore_file"
fi
if [ ${#problems[@]} -gt 0 ]; then
  printf '  %s\n' "${problems[@]}"
  fail "ignore list: ${#problems[@]} problem(s) in $ignore_file"
else
  pass "ignore list: ${#ignore_ids[@]} advisory(ies) ignored, each with a reason (${ignore_ids[*]:-none})"
fi

# --- 4 and 5. cargo audit against the snapshot -----------------------------------------------
if ! command -v cargo-audit >/dev/null; then
  fail "cargo audit: cargo-audit is not installed (cargo install cargo-audit --locked --version 0.22.2)"
  fail "ignores still needed: cargo-audit is not installed"
elif [ ! -d "$db/crates" ] || [ ! -f "$lock" ]; then
  fail "cargo audit: no snapshot or no lockfile"
  fail "ignores still needed: no snapshot or no lockfile"
else
  # cargo-audit opens the database as a git repository: one commit, dated the snapshot date.
  mkdir -p "$tmp/db"
  cp -R "$db"/. "$tmp/db/"
  (
    cd "$tmp/db" &&
      git init -q &&
      git add -A &&
      GIT_AUTHOR_DATE=$snapshot_date GIT_COMMITTER_DATE=$snapshot_date \
        git -c user.name=kassa-audit -c user.email=audit@localhost -c commit.gpgsign=false \
        commit -q -m "RustSec advisory snapshot (tests/advisories/db)"
  ) || fail "cargo audit: could not make the snapshot a git repository"
  # --no-fetch: never touch the network; --stale: the snapshot is older than cargo-audit's
  # freshness limit by design; --no-yanked: the yanked check needs the crates.io index;
  # --deny warnings: unsound/unmaintained/notice advisories fail too, not only vulnerabilities.
  common=(--db "$tmp/db" --no-fetch --stale --no-yanked --deny warnings --color never -f "$lock")
  ignore_flags=()
  for id in "${ignore_ids[@]}"; do ignore_flags+=(--ignore "$id"); done
  echo "  cargo audit ${common[*]} ${ignore_flags[*]}"
  cargo audit "${common[@]}" "${ignore_flags[@]}" 2>&1 | sed 's/^/  | /'
  if [ "${PIPESTATUS[0]}" = 0 ]; then
    pass "cargo audit: no advisory applies to $lock other than the ignored ones"
  else
    fail "cargo audit: an advisory applies to $lock that is not ignored (see above)"
  fi

  # Which advisories apply without the ignore list: each ignored one must be among them.
  cargo audit "${common[@]}" --json >"$tmp/all.json" 2>/dev/null
  if applicable=$(node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const ids = new Set(r.vulnerabilities.list.map((v) => v.advisory.id));
      for (const list of Object.values(r.warnings || {}))
        for (const w of list) if (w.advisory) ids.add(w.advisory.id);
      console.log([...ids].sort().join(" "));' "$tmp/all.json"); then
    stale=()
    for id in "${ignore_ids[@]}"; do
      [[ " $applicable " == *" $id "* ]] || stale+=("$id")
    done
    if [ ${#stale[@]} -gt 0 ]; then
      fail "ignores still needed: ${stale[*]} no longer apply to $lock; remove them from $ignore_file"
    else
      pass "ignores still needed: applicable advisories without ignores: ${applicable:-none}"
    fi
  else
    fail "ignores still needed: could not read cargo audit --json output"
  fi
fi

echo
[ ${#failures[@]} -gt 0 ] && printf 'audit failed: %s\n' "$(IFS=';'; echo "${failures[*]}" | sed 's/;/; /g')"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
