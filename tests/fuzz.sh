#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for SECONDS each (default 60):
#   tests/fuzz.sh [SECONDS] [TARGET...]
# Installs cargo-fuzz 0.13.2 if missing; needs the nightly toolchain. Runs
# without a sanitizer: taskgen has no unsafe code of its own, and builds
# and runs several times faster so.
# Seeds come from the shipped specs and test fixtures; what the fuzzers find
# stays in fuzz/corpus/<target>/ (kept between runs) and crashes in
# fuzz/artifacts/<target>/. Exits 1 if any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(load_yaml load_json generate structured lint_diff)
fi

if ! cargo fuzz --version 2>/dev/null | grep -q '0\.13\.2'; then
    cargo install cargo-fuzz --version 0.13.2 --locked
fi

# Seeds: YAML specs, their JSON forms (fuzz/seeds/json), and for lint_diff
# the old and new sides of each diff fixture as one input.
seeds=fuzz/corpus/seeds
mkdir -p "$seeds/yaml" "$seeds/pairs"
cp specs/*.yaml tests/fixtures/*.yaml tests/fixtures/lint/*.yaml "$seeds/yaml/"
for pair in tests/fixtures/diff/*/; do
    if [ -f "$pair/old.yaml" ] && [ -f "$pair/new.yaml" ]; then
        { cat "$pair/old.yaml"; printf '\n---8<---\n'; cat "$pair/new.yaml"; } \
            >"$seeds/pairs/$(basename "$pair").yaml"
    fi
done

status=0
for target in "${targets[@]}"; do
    case $target in
        load_yaml) target_seeds=("$seeds/yaml") ;;
        load_json) target_seeds=(fuzz/seeds/json) ;;
        generate) target_seeds=("$seeds/yaml" fuzz/seeds/json) ;;
        lint_diff) target_seeds=("$seeds/pairs" "$seeds/yaml") ;;
        *) target_seeds=() ;;
    esac
    mkdir -p "fuzz/corpus/$target"
    echo "== $target: ${seconds}s"
    # Built first, so that a target that does not compile is not reported
    # as a crash.
    if ! (cd fuzz && cargo +nightly fuzz build --sanitizer none "$target"); then
        echo "== $target: does not build"
        status=1
        continue
    fi
    # -timeout: an input that takes 30 s is a hang (inputs take well under
    # 0.1 s; 10 s fired once on an input of 0.06 s while the niced fuzzer
    # waited behind builds); -rss_limit_mb: one that needs 2 GiB is a memory
    # blow-up. Both count as crashes.
    if ! (cd fuzz && nice -n 10 cargo +nightly fuzz run --sanitizer none "$target" \
        "corpus/$target" "${target_seeds[@]/#/../}" -- \
        -dict=openapi.dict -max_total_time="$seconds" -timeout=30 \
        -rss_limit_mb=2048 -print_final_stats=1); then
        echo "== $target: crashed, see fuzz/artifacts/$target/"
        status=1
    fi
done
exit $status
