#!/usr/bin/env bash
# Semver agreement: for every pair under tests/fixtures/diff/, generates the
# crate of both sides and compares our verdict (`taskgen diff --format json`
# -> "semver") with cargo-semver-checks' on the two crates.
#
# Ours must never be less severe. Where it is more severe, the pair's row in
# tests/fixtures/diff/README.md says why in its last column (cargo-semver-checks
# sees only Rust signatures: a new required parameter compiles but breaks the
# API; a doc change is patch for us and nothing for it).
#
# Prints `pair | ours | cargo-semver-checks | verdict` and, last,
# `semver: N/M pairs agree or are explained`; exits 1 on any LESS-SEVERE,
# unexplained or failed pair. Installs cargo-semver-checks (pinned) under
# target/semver/ on first use, which takes a few minutes; then about
# 15 seconds a pair (11 minutes for 45 pairs on a busy 2-core machine). Usage: tests/semver.sh [PAIR...] (default: every pair)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fixtures="$root/tests/fixtures/diff"
readme="$fixtures/README.md"
state="$root/target/semver"
csc_version=0.51.0
csc="$state/root/bin/cargo-semver-checks"

if ! "$csc" --version 2>/dev/null | grep -qx "cargo-semver-checks $csc_version"; then
  cargo install --locked --root "$state/root" "cargo-semver-checks@$csc_version"
fi
cargo build --quiet -p taskgen --manifest-path "$root/Cargo.toml"
taskgen="$root/target/debug/taskgen"

# One target folder for every check, so dependencies build once.
export CARGO_TARGET_DIR="$state/target"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rank() {
  case $1 in none) echo 0 ;; patch) echo 1 ;; minor) echo 2 ;; major) echo 3 ;; *) echo -1 ;; esac
}

# The last column of the pair's README row, if it says something.
explanation() {
  awk -F'|' -v name="\`$1\`" '$2 ~ "^ *" name " *$" { gsub(/^ +| +$/, "", $(NF-1)); print $(NF-1) }' "$readme"
}

# Generates one side's crate; both sides use the same spec file name, so
# the same module, feature and crate name.
generate() { # side pair
  mkdir -p "$work/$2/$1-spec"
  cp "$fixtures/$2/$1.yaml" "$work/$2/$1-spec/tasks.yaml"
  "$taskgen" generate "$work/$2/$1-spec" --out "$work/$2/$1" \
    --crate-name semver-fixture --runtime-path "$root/runtime" >/dev/null
}

# cargo-semver-checks' verdict: the bump its failed lints require, or none.
csc_verdict() { # pair
  local log="$work/$1/csc.log"
  if "$csc" semver-checks check-release --color never --release-type patch \
    --baseline-root "$work/$1/old" --manifest-path "$work/$1/new/Cargo.toml" >"$log" 2>&1; then
    echo none
  elif grep -q 'semver requires new major version' "$log"; then
    echo major
  elif grep -q 'semver requires new minor version' "$log"; then
    echo minor
  else
    echo error
  fi
}

if [ $# -eq 0 ]; then
  set -- $(cd "$fixtures" && for d in */; do echo "${d%/}"; done)
fi
printf '%-40s | %-5s | %-19s | %s\n' pair ours cargo-semver-checks verdict
good=0
total=0
for pair in "$@"; do
  total=$((total + 1))
  ours=$(cd "$fixtures/$pair" && "$taskgen" diff old.yaml new.yaml --format json |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["semver"])')
  generate old "$pair"
  generate new "$pair"
  theirs=$(csc_verdict "$pair")
  if [ "$theirs" = error ]; then
    verdict="ERROR (cargo-semver-checks failed)"
    sed 's/^/    /' "$work/$pair/csc.log" >&2
  elif [ "$(rank "$ours")" -lt "$(rank "$theirs")" ]; then
    verdict=LESS-SEVERE
  elif [ "$ours" = "$theirs" ]; then
    verdict=agree
    good=$((good + 1))
  elif [ -n "$(explanation "$pair")" ]; then
    verdict=more-severe
    good=$((good + 1))
  else
    verdict="more-severe, UNEXPLAINED in $readme"
  fi
  printf '%-40s | %-5s | %-19s | %s\n' "$pair" "$ours" "$theirs" "$verdict"
done
echo "semver: $good/$total pairs agree or are explained"
[ "$good" -eq "$total" ]
