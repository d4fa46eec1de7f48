#!/usr/bin/env bash
# Runs one fuzz target on one input, to see a finding fail and then pass once fixed:
#   bash fuzz/replay.sh TARGET FILE
# (built by fuzz/run.sh; a finding is best kept as a unit test beside the parser it broke).
set -euo pipefail
target="$1"
file="$(realpath "$2")"
cd "$(dirname "$0")"
triple="$(rustc -vV | sed -n 's/^host: //p')"
binary="${STINT_FUZZ_TARGET_DIR:-$HOME/.cache/stint/fuzz-target}/$triple/release/$target"
[ -x "$binary" ] || { echo "$binary is not built: run bash fuzz/run.sh 1 $target first" >&2; exit 2; }
exec "$binary" "$file"
