#!/usr/bin/env bash
# Checks generated clients against a mock server nobody here wrote: for each
# spec in LIST, starts `prism mock` (@stoplight/prism-cli, pinned, installed
# under target/prism-tools/) on 127.0.0.1 with request validation on
# (`--errors`: an invalid request gets a 4xx), generates the client, and
# runs a generated program that calls every operation once, with the
# spec's examples or the smallest valid values for the required arguments,
# and decodes each response (`taskgen generate --smoke`, see
# generator/src/emit/smoke.rs).
#
# usage: tests/prism.sh LIST
#
# LIST: one spec a line (blank lines and `#` comments skipped): a path
# relative to the pinned corpus's `api/` folder (fetched into target/corpus
# by ../shared/corpus/fetch-corpus.sh when missing), or a repository spec
# `specs/<file>`. A repository spec is generated with the overlay
# tests/prism/overlays/<file> (its vendor signing off: Prism cannot check
# a signature); a corpus spec as it is. The smoke program gives every
# security scheme a dummy credential (Prism checks that the one an
# operation asks for is sent). Prism mocks the generated crate's copy of
# the document under specs/ (the overlaid one).
#
# Prints one line per spec, `SPEC: N called, N ok, N rejected, N undecoded,
# N mock-invalid, N failed, N skipped` (mock-invalid: Prism answered 500
# because the response it made up breaks the spec's own schema), then each call that was not ok and each skipped
# operation with its reason, indented; or `SPEC: generate-error: ...`,
# `SPEC: compile-error`, `SPEC: prism-error: ...`, `SPEC: run-error: ...`;
# and last `prism: N/M operations ok` (M: every operation, skipped ones
# included, also those of a spec whose client did not build). Exits 1 when
# anything was not ok, 2 on bad usage. Logs stay in target/prism/logs/.
# Takes minutes: cargo builds every client once.
set -euo pipefail

usage() {
  echo "usage: tests/prism.sh LIST" >&2
  exit 2
}
[ $# -eq 1 ] && [ -f "$1" ] || usage
list=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

tools=$root/target/prism-tools
prism=$tools/node_modules/.bin/prism
if [ ! -x "$prism" ]; then
  mkdir -p "$tools"
  (cd "$tools" && npm install --silent --no-audit --no-fund --prefix . '@stoplight/prism-cli@5.16.0' >/dev/null)
fi

api=''
if grep -v -e '^specs/' -e '^#' -e '^[[:space:]]*$' "$list" | grep -q .; then
  fetch=../shared/corpus/fetch-corpus.sh
  if [ ! -x "$fetch" ]; then
    echo "prism.sh: SKIPPED: $fetch is absent (pinned data lives beside the repository)"
    exit 0
  fi
  api=$("$fetch" target/corpus)
fi

cargo build --quiet --release --locked -p taskgen
taskgen=$root/target/release/taskgen

work=$root/target/prism
rm -rf "$work/crates" "$work/logs"
mkdir -p "$work/crates" "$work/logs"

# Pass 1: generate each client and its smoke program, a binary crate
# beside it. Crates are named by their line's index (prism-0001).
specs=() names=() status=() members=()
i=0
while IFS= read -r spec || [ -n "$spec" ]; do
  spec=${spec%$'\r'}
  case $spec in '' | '#'*) continue ;; esac
  i=$((i + 1))
  name=$(printf 'prism-%04d' "$i")
  specs+=("$spec")
  names+=("$name")
  case $spec in
    specs/*) file=$root/$spec overlay=(--overlay "$root/tests/prism/overlays/$(basename "$spec")") ;;
    *) file=$api/$spec overlay=() ;;
  esac
  smoke=$work/crates/$name-smoke
  mkdir -p "$smoke/src"
  log=$work/logs/$name.generate
  rc=0
  timeout 120 "$taskgen" generate "$file" "${overlay[@]}" --out "$work/crates/$name" \
    --crate-name "$name" --runtime-path "$root/runtime" --smoke "$smoke/src/main.rs" \
    >"$log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    status+=("generate-error: $(grep -m1 '^error' "$log" || echo "exit $rc")")
    continue
  fi
  cat >"$smoke/Cargo.toml" <<EOF
[package]
name = "$name-smoke"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$name = { path = "../$name" }
taskgen-runtime = { path = "$root/runtime" }
serde_json = "1"
tokio = { version = "1", features = ["macros", "rt"] }
EOF
  status+=(generated)
  members+=("\"crates/$name\"" "\"crates/$name-smoke\"")
done <"$list"

# Pass 2: build every smoke program in one workspace (shared dependencies
# build once); the repository's lock file seeds the versions.
{
  echo '[workspace]'
  echo 'resolver = "3"'
  echo "members = [$(IFS=,; echo "${members[*]-}")]"
} >"$work/Cargo.toml"
cp Cargo.lock "$work/Cargo.lock"
# A program that fails to build must not leave an older run's in its place.
rm -f "$work"/target/debug/prism-*-smoke
if [ "${#members[@]}" -gt 0 ]; then
  (cd "$work" && CARGO_TARGET_DIR=$work/target CARGO_INCREMENTAL=0 cargo build --workspace \
    --keep-going >"$work/logs/cargo.log" 2>&1) || true
fi

# Pass 3: per spec, a Prism mock of the overlaid document, then the calls.
ok_total=0 ops_total=0 bad=0
for idx in "${!specs[@]}"; do
  spec=${specs[$idx]} name=${names[$idx]}
  # The operations `generate` reported, counted even when none could run.
  operations=$(grep -o -m1 -E '[0-9]+ operations?' "$work/logs/$name.generate" | grep -o -E '^[0-9]+' || echo 0)
  if [ "${status[$idx]}" != generated ]; then
    echo "$spec: ${status[$idx]}"
    ops_total=$((ops_total + operations))
    bad=1
    continue
  fi
  binary=$work/target/debug/$name-smoke
  if [ ! -x "$binary" ]; then
    # cargo names the file of each error on the line after it.
    at=$(grep -m1 -E -- "--> crates/$name(-smoke)?/" "$work/logs/cargo.log" || true)
    first=$(grep -B1 -m1 -F -- "$at" "$work/logs/cargo.log" | grep -m1 -E '^error' || true)
    echo "$spec: compile-error: ${first:-see target/prism/logs/cargo.log} at ${at#*--> }"
    ops_total=$((ops_total + operations))
    bad=1
    continue
  fi
  mocked=$(find "$work/crates/$name/specs" -type f | head -n1)
  port=$((40000 + idx))
  prism_log=$work/logs/$name.prism
  "$prism" mock -h 127.0.0.1 -p "$port" --errors "$mocked" >"$prism_log" 2>&1 &
  prism_pid=$!
  for _ in $(seq 120); do
    if grep -qs 'Prism is listening' "$prism_log" || ! kill -0 "$prism_pid" 2>/dev/null; then
      break
    fi
    sleep 0.5
  done
  if ! grep -qs 'Prism is listening' "$prism_log"; then
    echo "$spec: prism-error: $(grep -m1 -i -e error -e fatal "$prism_log" || tail -n1 "$prism_log")"
    kill "$prism_pid" 2>/dev/null || true
    wait "$prism_pid" 2>/dev/null || true
    ops_total=$((ops_total + operations))
    bad=1
    continue
  fi
  calls=$work/logs/$name.calls
  rc=0
  TASKGEN_BASE_URL=http://127.0.0.1:$port timeout 300 "$binary" >"$calls" \
    2>"$work/logs/$name.stderr" || rc=$?
  kill "$prism_pid" 2>/dev/null || true
  wait "$prism_pid" 2>/dev/null || true
  count() { grep -c -E "$1" "$calls" || true; }
  called=$(count '^CALL ')
  ok=$(count '^CALL [^ ]+ [^ ]+ ok$')
  rejected=$(count '^CALL [^ ]+ [^ ]+ rejected ')
  undecoded=$(count '^CALL [^ ]+ [^ ]+ undecoded ')
  invalid=$(count '^CALL [^ ]+ [^ ]+ mock-invalid ')
  skipped=$(count '^SKIP ')
  failed=$((called - ok - rejected - undecoded - invalid))
  echo "$spec: $called called, $ok ok, $rejected rejected, $undecoded undecoded, $invalid mock-invalid, $failed failed, $skipped skipped"
  grep -v -E '^CALL [^ ]+ [^ ]+ ok$' "$calls" | sed 's/^/  /' || true
  if [ "$rc" -ne 0 ]; then
    echo "  run-error: exit $rc: $(tail -n1 "$work/logs/$name.stderr")"
    bad=1
  fi
  ok_total=$((ok_total + ok))
  ops_total=$((ops_total + called + skipped))
  [ "$ok" -eq "$((called + skipped))" ] || bad=1
done

echo "prism: $ok_total/$ops_total operations ok"
exit $bad
