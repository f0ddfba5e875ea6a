#!/usr/bin/env bash
# Differential test: the Rust signers against the vendors' own Python SDK
# signing code, on seeded random requests. Exits non-zero on any mismatch.
#   runtime/differential/run.sh [--seed N] [--cases N-per-scheme]
# Needs python3 (with venv) and PyPI; the venv lives in target/ and is
# rebuilt when requirements.txt or constraints.txt change.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
venv="$target/differential-venv"
stamp="$venv/.requirements"

wanted="$(cat "$here/requirements.txt" "$here/constraints.txt")"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    echo "differential: creating $venv" >&2
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        -r "$here/requirements.txt" -c "$here/constraints.txt"
    printf '%s' "$wanted" >"$stamp"
fi

cargo build --quiet --manifest-path "$root/Cargo.toml" -p taskgen-runtime --example sign_stdin
exec "$venv/bin/python" "$here/differential.py" \
    --signer "$target/debug/examples/sign_stdin" "$@"
