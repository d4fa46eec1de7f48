#!/usr/bin/env bash
# Installs what the tests need and runs every gate and test: `bash tests/run.sh`.
# CI (.ci/run) runs exactly this.
#
# The gates (types, lint, format, clippy, docs) stop the run at the first failure. The test suites
# then all run, each into a log of its own, and tests/tally.sh judges them together at the end: the
# run fails when any suite failed, exited non-zero, or ran no test at all.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
# The tally is a check too: first prove it can say "failed".
bash tests/tally.sh --self-test
ensure_rust
ensure_apt "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
ensure_tauri_driver
ensure_watson
# The window embeds the built UI, so it is built before anything compiles the desktop crate.
build_ui

say "UI: types and lint"
(cd ui && npx tsc --noEmit && npx eslint src tests)

say "format"
cargo fmt --all --check
cargo fmt --manifest-path fuzz/Cargo.toml --check

say "lint"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy --manifest-path fuzz/Cargo.toml --locked -- -D warnings

say "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet

# What Stint is built from: advisories, licences and sources of the crates and the npm packages.
bash supply-chain/check.sh

# Every program a test starts, and every test, in one build: `cargo test --workspace` alone builds
# only the programs its own tests name (not stint-jira-server, nor the window), and a separate
# `cargo build --bins` resolves features without the tests' dev-dependencies, compiling two dozen
# crates a second time. `--bins --tests` together is the build `cargo test` then finds fresh.
say "building every program and test (stint, stint-desktop, stint-tray, stint-jira-server)"
cargo build --workspace --bins --tests --locked

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

# suite NAME COMMAND...: runs one suite, shows its output and keeps it for the tally. A failing
# suite does not stop the others, so one run shows everything that is red.
suite() {
  local name="$1"
  shift
  say "$name: $*"
  set +e
  "$@" 2>&1 | tee "$logs/$name.log"
  echo "${PIPESTATUS[0]}" >"$logs/$name.rc"
  set -e
}

suite rust bash tests/with-keychain.sh cargo test --workspace --locked

# Every Rust test once more in a zone west of UTC-6 (where a UTC morning is the previous local
# day) and one east of UTC+12; the pure rules and the facade also under a 45-minute offset with
# daylight saving and a half-hour one. No test may depend on the zone it runs in. These run the
# programs the first run built (tests/rust-suite.sh), so nothing is compiled again.
# (The Tempo fault test is left out of these: its `stint` runs in its home's own zone whatever
# the suite's, and it takes minutes, as Tempo's 5xx pauses of 5 to 15 seconds are kept.)
suite rust-los-angeles env TZ=America/Los_Angeles bash tests/with-keychain.sh bash tests/rust-suite.sh --skip tempo_once
suite rust-kiritimati env TZ=Pacific/Kiritimati bash tests/with-keychain.sh bash tests/rust-suite.sh --skip tempo_once
suite domain-app-chatham env TZ=Pacific/Chatham bash tests/rust-suite.sh stint-domain stint-app
suite domain-app-st-johns env TZ=America/St_Johns bash tests/rust-suite.sh stint-domain stint-app

# ...nor on the hour: the facade and the tray (reminders, working hours, "today") at 23:40, with
# the clock of every process they start set there by libfaketime (and running on from there).
# (and the tray once more at 16:35 UTC, 17:35 in its tests' Berlin: just past the working day's
# end, when its reminders come between a test and the notification it waits for).
suite tray-app-at-23-40 bash tests/with-keychain.sh bash tests/rust-suite.sh --at '2026-12-02 23:40:00' stint-app stint-tray
suite tray-at-16-35 bash tests/with-keychain.sh bash tests/rust-suite.sh --at '2026-12-02 16:35:00' stint-tray

say "UI tests (headless Chromium, screenshots in ui/test-results/screenshots)"
suite ui bash -c 'cd ui && node --test --test-reporter=tap tests/ui.test.js'

suite e2e bash tests/with-keychain.sh node --test --test-reporter=tap tests/e2e/

# Coverage-guided fuzzing of every parser of untrusted input, 20 s a target from the committed
# corpora (fuzz/run.sh; a longer run: `bash fuzz/run.sh 600`).
suite fuzz bash fuzz/run.sh 20

say "the .deb: built (release), checked, installed, and Stint started from its menu entry"
deb="$(bash scripts/package.sh)"
suite deb bash tests/deb.sh "$deb"

say "tally"
bash tests/tally.sh "$logs"
