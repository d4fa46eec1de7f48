#!/usr/bin/env bash
# Runs the workspace's Rust test programs again, as built by `cargo test --workspace`, without
# cargo: for the reruns under other time zones and at a faked hour. Cargo is kept out on purpose:
# `cargo test -p X` resolves features for X alone and rebuilds half the dependencies, and cargo
# itself has no business running under libfaketime.
#
#   bash tests/rust-suite.sh [--at 'YYYY-MM-DD HH:MM:SS'] [--skip NAME] [PACKAGE...]   (all packages when none is named)
#
# --at runs each program (and what it starts) with its clock set to that local time by libfaketime,
# from where it runs on. --skip leaves out the tests whose name contains NAME (libtest's --skip).
#
# Each program runs as cargo runs it: from its package's folder, with CARGO_MANIFEST_DIR set. The
# output is libtest's own, so tests/tally.sh counts it like a cargo run. Exits non-zero when any
# program failed or when no program matched.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

at=()
if [ "${1:-}" = --at ]; then
  at=(faketime "$2")
  shift 2
fi
skip=()
if [ "${1:-}" = --skip ]; then
  skip=(--skip "$2")
  shift 2
fi

programs="$(cargo test --workspace --locked --no-run --message-format=json 2>/dev/null | python3 -c '
import json, os, sys
wanted = set(sys.argv[1:])
for line in sys.stdin:
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get("reason") != "compiler-artifact" or not m.get("executable") or not m.get("profile", {}).get("test"):
        continue
    # "path+file:///w/crates/stint-app#0.1.0", or "...#name@0.1.0" when the folder is not the name
    url, _, fragment = m["package_id"].partition("#")
    name = fragment.split("@")[0] if "@" in fragment else url.rstrip("/").split("/")[-1]
    if wanted and name not in wanted:
        continue
    print(os.path.dirname(m["manifest_path"]), m["executable"], sep="\t")
' "$@")"

if [ -z "$programs" ]; then
  echo "rust-suite: no test program matched ${*:-the workspace}: build them with cargo test --workspace --no-run" >&2
  exit 1
fi

failed=0
while IFS=$'\t' read -r dir program; do
  printf '\n     Running %s\n' "${program#"$CARGO_TARGET_DIR"/}"
  (cd "$dir" && CARGO_MANIFEST_DIR="$dir" "${at[@]}" "$program" "${skip[@]}") || failed=$((failed + 1))
done <<<"$programs"
[ "$failed" -eq 0 ]
