#!/usr/bin/env bash
# Generation speed and memory on the largest public specs (issue 13).
#
# usage: tests/bench-generate.sh [--no-progenitor] [--no-check] [--runs N]
#                                [--synthetic] [--instructions] [SPEC...]
#
# For each spec (default: the issue's two lists, from the pinned corpus,
# fetched with ../shared/corpus/fetch-corpus.sh into target/corpus) it runs,
# in the same run and on the same file:
#   - `taskgen generate SPEC --out DIR` (release build), whole process;
#   - `parse-openapi SPEC` (tests/src/bin/parse-openapi.rs): serde_json into
#     `openapiv3` types, the cost of merely reading the document;
#   - for the first list, `cargo progenitor` 0.15.1 (installed by this script
#     under target/bench-tools) on the same spec;
#   - `cargo check` of the crate each generator wrote (skipped by --no-check),
#     after a first check that builds the dependencies: from scratch (the
#     crate's own artifacts cleaned) and re-checked (sources touched, the
#     incremental cache warm), with `taskgen/progenitor cargo check ratio`;
#     and, for the same API shape as taskgen's (a builder per operation and
#     per type), of progenitor's `--interface builder` crate beside it.
# Each timing is the fastest of N runs (default 3), wall clock to the
# millisecond: the machine is shared, and the minimum is the reading least
# disturbed by other work; the CPU seconds (user + system, all threads) of
# that run are printed beside it.
# Peak memory is the maximum resident set size from `/usr/bin/time -f %M`.
#
# --synthetic adds the issue's 50 MB spec (64,574 object schemas, 1,292
# operations), written by tests/bench-synthetic.py into target/, for taskgen
# alone. --instructions also counts the instructions of taskgen and of
# parse-openapi under valgrind's callgrind (slow: about 50x) and prints
# `taskgen/parse instruction ratio: X.X`, which a loaded machine does not
# distort as it does times.
#
# Per spec it prints `taskgen/parse time ratio: X.X`, peak memory as a
# multiple of the document's size, time per MB, and, where progenitor
# succeeds, `taskgen/progenitor time ratio: X.XX`; at the end, time per MB
# for small (< 1 MB), medium (1-5 MB) and large (> 5 MB) specs.
# Nothing here asserts: the figures are for reading (targets in issue 13).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

progenitor=1
check=1
synthetic=0
instructions=0
runs=3
specs=()
while [ $# -gt 0 ]; do
  case $1 in
    --no-progenitor) progenitor=0 ;;
    --no-check) check=0 ;;
    --runs) runs=$2; shift ;;
    --synthetic) synthetic=1 ;;
    --instructions) instructions=1 ;;
    -h|--help) sed -n '2,35p' "$0"; exit 0 ;;
    -*) echo "bench-generate: unknown option $1" >&2; exit 2 ;;
    *) specs+=("$1") ;;
  esac
  shift
done

# Side by side with progenitor, then taskgen alone (progenitor fails on these).
beside=(googleapis.com/compute.json autotask.net.json googleapis.com/contentwarehouse.json
  bunq.com.json netbox.dev.json)
alone=(github.com/api.github.com.json amazonaws.com/ec2.json stripe.com.json
  kubernetes.io.json microsoft.com/graph-beta.json)

corpus=$(../shared/corpus/fetch-corpus.sh target/corpus)
if [ ${#specs[@]} -eq 0 ]; then
  for s in "${beside[@]}"; do specs+=("$corpus/$s"); done
  for s in "${alone[@]}"; do specs+=("$corpus/$s"); done
fi
if [ $synthetic = 1 ]; then
  if [ ! -f target/bench-synthetic.json ]; then
    python3 tests/bench-synthetic.py target/bench-synthetic.json
  fi
  specs+=("$root/target/bench-synthetic.json")
fi

cargo build --release --quiet -p taskgen --bin taskgen -p taskgen-tests --bin parse-openapi
taskgen=$root/target/release/taskgen
parse=$root/target/release/parse-openapi

tools=$root/target/bench-tools
if [ $progenitor = 1 ] && [ ! -x "$tools/bin/cargo-progenitor" ]; then
  echo "installing cargo-progenitor 0.15.1 under $tools (once; several minutes)" >&2
  cargo install --quiet --locked --version 0.15.1 --root "$tools" cargo-progenitor
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# seconds_since NS: the seconds since NS (from `date +%s%N`), to the
# millisecond. GNU time's `%e` counts hundredths, too coarse for a parse of
# 20 ms (a ratio against it would move by a third on one tick).
seconds_since() {
  awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'
}

# faster A B: whether A seconds is less than B (or B is unset).
faster() {
  [ -z "$2" ] || awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'
}

# time_best NAME CMD...: runs CMD $runs times; sets best_s (fastest wall
# seconds), best_cpu (its user + system seconds) and best_kb (its peak RSS);
# returns CMD's status. The folder $work/NAME is removed before each run, so
# that a generator writes a new crate every time rather than regenerating
# (and comparing with) the one its previous run wrote.
time_best() {
  local name=$1; shift
  best_s=; best_kb=; best_cpu=
  local i s kb user sys start
  for ((i = 0; i < runs; i++)); do
    rm -rf "${work:?}/$name"
    start=$(date +%s%N)
    if ! /usr/bin/time -o "$work/time" -f '%M %U %S' "$@" >"$work/$name.log" 2>&1; then
      return 1
    fi
    s=$(seconds_since "$start")
    read -r kb user sys <"$work/time"
    if faster "$s" "$best_s"; then
      best_s=$s; best_kb=$kb
      best_cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
    fi
  done
}

# instructions CMD...: the instructions CMD runs, counted by callgrind.
instructions() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

# check_crate DIR: `cargo check` of the crate in DIR with its dependencies
# built (a first check builds them), timed two ways, fastest of $runs each:
# from scratch (the crate's own artifacts cleaned first: what checking it
# costs after a generation, whose sources are new) and re-checked (sources
# touched, rustc's incremental cache warm: what a crate that `include!`s the
# generated code pays on each check of its own edits). Sets check_new and
# check_again; returns non-zero if a check fails (its log in $work/check.log).
check_crate() {
  local dir=$1 i s start name
  local cargo=(cargo check --quiet --manifest-path "$dir/Cargo.toml")
  name=$(sed -n 's/^name = "\(.*\)"/\1/p' "$dir/Cargo.toml" | head -1)
  check_new=; check_again=
  export CARGO_TARGET_DIR=$work/check-target
  "${cargo[@]}" >"$work/check.log" 2>&1 || return 1
  for ((i = 0; i < runs; i++)); do
    cargo clean --quiet --manifest-path "$dir/Cargo.toml" -p "$name"
    start=$(date +%s%N)
    "${cargo[@]}" >"$work/check.log" 2>&1 || return 1
    s=$(seconds_since "$start")
    if faster "$s" "$check_new"; then check_new=$s; fi
  done
  for ((i = 0; i < runs; i++)); do
    find "$dir/src" -name '*.rs' -exec touch {} +
    start=$(date +%s%N)
    "${cargo[@]}" >"$work/check.log" 2>&1 || return 1
    s=$(seconds_since "$start")
    if faster "$s" "$check_again"; then check_again=$s; fi
  done
  unset CARGO_TARGET_DIR
}

# check_beside NAME DIR: `cargo check` of the crate NAME wrote in DIR, and
# its times beside taskgen's ($ours_new and $ours_again).
check_beside() {
  local name=$1 dir=$2
  if check_crate "$dir"; then
    echo "   cargo check of the $name crate: $check_new s from scratch, $check_again s re-checked"
    awk -v n="$name" -v a="$ours_new" -v b="$check_new" -v c="$ours_again" -v d="$check_again" 'BEGIN {
      printf "   taskgen/%s cargo check ratio: %.2f from scratch, %.2f re-checked\n", n, a / b, c / d
    }'
  else
    echo "   cargo check of the $name crate failed: $(head -1 "$work/check.log")"
  fi
}

declare -A class_s class_mb
printf '%s\n' "taskgen $(git rev-parse --short HEAD), fastest of $runs runs, $(nproc) cores, load average $(cut -d" " -f1 /proc/loadavg)"
for spec in "${specs[@]}"; do
  rel=${spec#"$corpus"/}
  bytes=$(stat -c %s "$spec")
  mb=$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1e6 }')
  echo
  echo "== $rel ($mb MB)"
  if ! time_best parse "$parse" "$spec"; then
    echo "   parse-openapi failed: $(head -1 "$work/parse.log")"
    continue
  fi
  parse_s=$best_s
  parse_cpu=$best_cpu
  if ! time_best taskgen "$taskgen" generate "$spec" --out "$work/taskgen" \
      --runtime-path "$root/runtime"; then
    echo "   taskgen failed: $(head -1 "$work/taskgen.log")"
    continue
  fi
  gen_s=$best_s
  gen_kb=$best_kb
  awk -v g="$gen_s" -v p="$parse_s" -v kb="$gen_kb" -v b="$bytes" -v mb="$mb" \
      -v gc="$best_cpu" -v pc="$parse_cpu" 'BEGIN {
    printf "   taskgen %.2f s (%.2f s CPU), parse %.3f s (%.2f s CPU)\n", g, gc, p, pc
    printf "   taskgen/parse time ratio: %.1f\n", g / (p > 0.001 ? p : 0.001)
    printf "   peak memory: %.0f MB, %.1fx the document\n", kb / 1024, kb * 1024 / b
    printf "   time per MB: %.3f s\n", g / mb
  }'
  if [ $instructions = 1 ]; then
    rm -rf "$work/taskgen"
    gen_ir=$(instructions "$taskgen" generate "$spec" --out "$work/taskgen" --runtime-path "$root/runtime")
    parse_ir=$(instructions "$parse" "$spec")
    awk -v g="$gen_ir" -v p="$parse_ir" 'BEGIN {
      printf "   instructions: taskgen %.2f G, parse %.2f G\n", g / 1e9, p / 1e9
      printf "   taskgen/parse instruction ratio: %.1f\n", g / p
    }'
  fi
  if [ "$bytes" -lt 1000000 ]; then class=small
  elif [ "$bytes" -le 5000000 ]; then class=medium
  else class=large; fi
  class_s[$class]=$(awk -v a="${class_s[$class]:-0}" -v g="$gen_s" 'BEGIN { print a + g }')
  class_mb[$class]=$(awk -v a="${class_mb[$class]:-0}" -v m="$mb" 'BEGIN { print a + m }')

  listed=0
  for s in "${beside[@]}"; do [ "$rel" = "$s" ] && listed=1; done
  progenitor_dir=
  if [ $progenitor = 1 ] && [ $listed = 1 ]; then
    if time_best progenitor "$tools/bin/cargo-progenitor" progenitor -i "$spec" \
        -o "$work/progenitor" -n bench-client -v 0.1.0; then
      awk -v g="$gen_s" -v p="$best_s" -v kb="$best_kb" 'BEGIN {
        printf "   progenitor %.2f s, peak %.0f MB\n", p, kb / 1024
        printf "   taskgen/progenitor time ratio: %.2f\n", g / p
      }'
      progenitor_dir=$work/progenitor
    else
      echo "   progenitor failed: $(head -1 "$work/progenitor.log")"
    fi
  fi
  if [ $check = 1 ]; then
    if check_crate "$work/taskgen"; then
      echo "   cargo check of the taskgen crate: $check_new s from scratch, $check_again s re-checked"
      ours_new=$check_new; ours_again=$check_again
      if [ -n "$progenitor_dir" ]; then
        check_beside progenitor "$progenitor_dir"
        # The same API shape as taskgen's: a builder per operation and per type.
        rm -rf "$work/progenitor-builder"
        if "$tools/bin/cargo-progenitor" progenitor -i "$spec" -o "$work/progenitor-builder" \
            -n bench-client-builder -v 0.1.0 --interface builder >"$work/progenitor.log" 2>&1; then
          check_beside "progenitor --interface builder" "$work/progenitor-builder"
        else
          echo "   progenitor --interface builder failed: $(head -1 "$work/progenitor.log")"
        fi
      fi
    else
      echo "   cargo check of the taskgen crate failed: $(head -1 "$work/check.log")"
    fi
  fi
done

echo
echo "== time per MB by size"
for class in small medium large; do
  [ -n "${class_mb[$class]:-}" ] || continue
  awk -v c="$class" -v s="${class_s[$class]}" -v m="${class_mb[$class]}" \
    'BEGIN { printf "   %-6s %.3f s/MB over %.1f MB\n", c, s / m, m }'
done
