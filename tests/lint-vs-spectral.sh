#!/usr/bin/env bash
# Compares `taskgen lint` with Spectral (ruleset spectral:oas, npm
# @stoplight/spectral-cli pinned below) on every lint fixture and shipped
# spec, and prints a table: fixture | Spectral's errors | ours.
#
# Every Spectral error must be reported by taskgen lint too (a diagnostic at
# the same node, an ancestor or descendant of it, or on the same line), or
# be listed in tests/fixtures/lint/README.md, section "Spectral errors that
# are not defects", as "- `FIXTURE` `SPECTRAL-RULE`: why". Exits 1 if one is
# neither. Installs Spectral under target/spec-tools/ (needs npm).
#
# usage: tests/lint-vs-spectral.sh [SPEC...]   (default: the fixtures and specs/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=6.16.3
prefix="$root/target/spec-tools/spectral-$version"
spectral="$prefix/node_modules/.bin/spectral"
if [ ! -x "$spectral" ]; then
  mkdir -p "$prefix"
  (cd "$prefix" && npm install --silent --no-audit --no-fund --prefix . "@stoplight/spectral-cli@$version" >/dev/null)
fi
cargo build --quiet -p taskgen --manifest-path "$root/Cargo.toml"
taskgen="$root/target/debug/taskgen"

cd "$root"
if [ $# -eq 0 ]; then set -- tests/fixtures/lint/*.yaml specs/*.yaml; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for spec in "$@"; do
  name=$(basename "$spec" .yaml)
  # Spectral exits non-zero when it finds errors; the JSON says which.
  "$spectral" lint --quiet --format json --ruleset "$root/.spectral.yaml" "$spec" \
    >"$work/$name.spectral.json" 2>"$work/$name.spectral.err" || true
  "$taskgen" lint --format json "$spec" >"$work/$name.ours.json" 2>"$work/$name.ours.err" || true
  echo "$spec" >>"$work/list"
done

python3 - "$work" "$root/tests/fixtures/lint/README.md" <<'PY'
import json, os, re, sys
work, readme = sys.argv[1], sys.argv[2]
excused = set(re.findall(r"^- `([^`]+)` `([^`]+)`:", open(readme).read(), re.M))

def pointer(path):
    return "#" + "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)

def related(a, b):
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")

def load(path):
    try:
        text = open(path).read().strip()
        return json.loads(text) if text else []
    except (OSError, ValueError):
        return None

rows, unmatched = [], []
for spec in open(os.path.join(work, "list")).read().split():
    name = os.path.basename(spec)[:-len(".yaml")]
    theirs = load(os.path.join(work, name + ".spectral.json"))
    ours = load(os.path.join(work, name + ".ours.json")) or []
    if theirs is None:
        rows.append((name, "(Spectral failed: see its output)", ""))
        continue
    errors = [r for r in theirs if r.get("severity") == 0]
    codes = sorted({r["code"] for r in errors})
    for r in errors:
        at, line = pointer(r.get("path", [])), r["range"]["start"]["line"] + 1
        hit = any(related(at, d["pointer"]) or d["line"] == line for d in ours)
        if not hit and (name, r["code"]) not in excused:
            unmatched.append(f"{spec}:{line} {r['code']} {at}: {r['message']}")
    mine = sorted({d["rule"] for d in ours})
    rows.append((name, ", ".join(codes) or "-", ", ".join(mine) or "-"))

width = max(len(r[0]) for r in rows)
print(f"| {'fixture':{width}} | Spectral errors | taskgen lint |")
print(f"|{'-' * (width + 2)}|---|---|")
for name, theirs, mine in rows:
    print(f"| {name:{width}} | {theirs} | {mine} |")
if unmatched:
    print("\nSpectral errors taskgen lint does not report (and the README does not excuse):")
    print("\n".join(unmatched))
    sys.exit(1)
print("\nEvery Spectral error is reported by taskgen lint too, or excused in tests/fixtures/lint/README.md.")
PY
