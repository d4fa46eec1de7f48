#!/usr/bin/env bash
# Coverage-guided fuzzing of Stint's parsers of untrusted input, with libFuzzer on stable Rust.
#
#   bash fuzz/run.sh                  every target for 20 s (what tests/run.sh runs)
#   bash fuzz/run.sh 600 import       one target for 10 minutes
#   FUZZ_KEEP=1 bash fuzz/run.sh 600  ...and add what it finds to the committed corpora
#
# cargo-fuzz wants nightly Rust (-Zsanitizer); this asks stable rustc for the same SanitizerCoverage
# instrumentation libFuzzer steers by, and builds for an explicit --target so build scripts and
# proc-macros are not instrumented. No AddressSanitizer (nightly only): the targets are safe Rust,
# so what is looked for is panics (overflow checks and debug assertions are on), hangs and memory
# blow-ups. Each target starts from its committed corpus (fuzz/corpus/TARGET) and runs in a
# scratch copy, so a run changes nothing in the clone unless FUZZ_KEEP is set. A finding fails the
# run and is printed with the command that replays it.
set -euo pipefail
cd "$(dirname "$0")"
source ../scripts/lib.sh
ensure_rust

seconds="${1:-20}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(duration time week issue_key import jira config)

triple="$(rustc -vV | sed -n 's/^host: //p')"
export CARGO_TARGET_DIR="${STINT_FUZZ_TARGET_DIR:-$HOME/.cache/stint/fuzz-target}"
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=3 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
say "fuzzing: building ${targets[*]} (instrumented, release)"
cargo build --release --locked --target "$triple" $(printf -- '--bin %s ' "${targets[@]}")

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
for target in "${targets[@]}"; do
  say "fuzzing $target for ${seconds}s"
  mkdir -p "$work/$target" "$work/$target-found" "corpus/$target"
  # New inputs go to the scratch folder (first); the committed corpus is read only.
  if ! "$CARGO_TARGET_DIR/$triple/release/$target" "$work/$target" "corpus/$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$work/$target-found/" 2>"$work/$target.log"; then
    failed=1
    echo "not ok - fuzz $target"
    grep -E "panicked|ERROR|SUMMARY|Test unit written" "$work/$target.log" || tail -20 "$work/$target.log"
    for found in "$work/$target-found"/*; do
      [ -e "$found" ] || continue
      mkdir -p artifacts/"$target"
      cp "$found" artifacts/"$target"/
      echo "fuzz/$target found: fuzz/artifacts/$target/$(basename "$found") (base64: $(base64 -w0 "$found" | head -c 400))"
      echo "  replay: bash fuzz/replay.sh $target fuzz/artifacts/$target/$(basename "$found")"
    done
  else
    # One line per target in TAP's words, which tests/tally.sh counts.
    echo "ok - fuzz $target: $(awk '/^stat::number_of_executed_units/ {r=$2} /^stat::new_units_added/ {n=$2}
      /^stat::peak_rss_mb/ {m=$2} END {printf "%d inputs, %d new in the corpus, peak %d MB", r, n, m}' "$work/$target.log")"
  fi
  if [ -n "${FUZZ_KEEP:-}" ]; then
    # Keep only inputs that add coverage: merge the scratch corpus into the committed one.
    "$CARGO_TARGET_DIR/$triple/release/$target" -merge=1 "corpus/$target" "$work/$target" 2>/dev/null
  fi
done
if [ "$failed" -ne 0 ]; then
  echo "fuzzing found inputs that fail (above)" >&2
  exit 1
fi
echo "fuzzing: ${targets[*]} ran ${seconds}s each, nothing found"
