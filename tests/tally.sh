#!/usr/bin/env bash
# Reads the logs of the test suites tests/run.sh ran and says, per suite and in all, how many
# tests passed and failed. Exits 1 when any suite failed, ran no test at all, or exited non-zero.
#
#   bash tests/tally.sh DIR      DIR holds NAME.log (the suite's output) and NAME.rc (its exit code)
#
# What counts, by the formats the suites print:
# - cargo test: each `test result:` line's passed and failed;
# - node --test (TAP): the closing `# pass`, `# fail`, `# cancelled`, `# skipped` and `# todo`;
#   cancelled (a hook that failed), skipped and todo count as failed, since no test here is meant
#   to skip; a TAP run with no closing counts is judged by its `not ok N` lines;
# - tests/deb.sh: `ok - ` and `not ok - ` lines.
# `bash tests/tally.sh --self-test` checks these rules against made-up logs (tests/run.sh runs it first).
set -euo pipefail

tally_one() { # LOG RC -> "passed failed verdict"
  awk -v rc="$2" '
    /^test result:/ { cargo = 1; p += $4; f += $6 }
    /^# pass / { tap = 1; tp += $3 }
    /^# (fail|cancelled|skipped|todo) / { tap = 1; tf += $3 }
    /^[ \t]*not ok [0-9]+ / { notok += 1 }
    /^ok - / { p += 1 }
    /^not ok - / { f += 1 }
    END {
      if (tap) { p += tp; f += tf } else { f += notok }
      verdict = "ok"
      if (f > 0) verdict = "FAILED"
      else if (rc != 0) verdict = "FAILED (exit " rc ")"
      else if (p == 0) verdict = "FAILED (no test ran)"
      printf "%d %d %s\n", p, f, verdict
    }' "$1"
}

tally() { # DIR
  local dir="$1" log name rc line passed failed verdict total_p=0 total_f=0 bad=0
  for log in "$dir"/*.log; do
    [ -e "$log" ] || continue
    name="$(basename "$log" .log)"
    rc="$(cat "$dir/$name.rc" 2>/dev/null || echo 99)"
    line="$(tally_one "$log" "$rc")"
    read -r passed failed verdict <<<"$line"
    printf '%-34s %5d passed %4d failed  %s\n' "$name" "$passed" "$failed" "$verdict"
    total_p=$((total_p + passed))
    total_f=$((total_f + failed))
    [ "$verdict" = ok ] || bad=$((bad + 1))
  done
  printf '\ntests: %d passed, %d failed' "$total_p" "$total_f"
  if [ "$bad" -gt 0 ]; then
    printf ' (%d suite(s) not ok)\n' "$bad"
    return 1
  fi
  printf '\n'
}

self_test() {
  local dir
  dir="$(mktemp -d)"
  trap 'rm -rf "$dir"' RETURN
  expect() { # NAME LOG RC WANTED
    printf '%s' "$2" >"$dir/x.log"
    local got
    got="$(tally_one "$dir/x.log" "$3")"
    if [ "$got" != "$4" ]; then
      echo "tally self-test '$1': wanted '$4', got '$got'" >&2
      return 1
    fi
  }
  expect cargo-ok $'test result: ok. 24 passed; 0 failed; 0 ignored\ntest result: ok. 3 passed; 0 failed; 1 ignored\n' 0 "27 0 ok"
  expect cargo-failed $'test result: FAILED. 2 passed; 1 failed; 0 ignored\n' 101 "2 1 FAILED"
  expect cargo-none $'test result: ok. 0 passed; 0 failed; 0 ignored\n' 0 "0 0 FAILED (no test ran)"
  expect tap-cancelled $'not ok 1 - the window\n# tests 9\n# pass 0\n# fail 0\n# cancelled 9\n# skipped 0\n# todo 0\n' 1 "0 9 FAILED"
  expect tap-fail $'ok 1 - a\nnot ok 2 - b\n# pass 1\n# fail 1\n# cancelled 0\n' 1 "1 1 FAILED"
  expect tap-skipped $'# pass 3\n# fail 0\n# cancelled 0\n# skipped 2\n' 0 "3 2 FAILED"
  expect tap-cut-short $'ok 1 - a\n    not ok 1 - b\n' 1 "0 1 FAILED"
  expect tap-ok $'ok 1 - a\n# pass 21\n# fail 0\n# cancelled 0\n# skipped 0\n# todo 0\n' 0 "21 0 ok"
  expect deb $'ok - contents\nok - installed\n' 0 "2 0 ok"
  expect deb-failed $'ok - contents\nnot ok - installed\n' 1 "1 1 FAILED"
  expect exit-only $'test result: ok. 5 passed; 0 failed; 0 ignored\n' 101 "5 0 FAILED (exit 101)"
  expect nothing '' 0 "0 0 FAILED (no test ran)"
  echo "tally: self-test passed" >&2
}

case "${1:-}" in
  --self-test) self_test ;;
  "") echo "usage: bash tests/tally.sh DIR | --self-test" >&2; exit 2 ;;
  *) tally "$1" ;;
esac
