#!/usr/bin/env bash
# Installs what the tests need and runs every gate and test: `bash tests/run.sh`.
# CI (.ci/run) runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
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

say "lint"
cargo clippy --workspace --all-targets --locked -- -D warnings

say "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

say "tests (with a private D-Bus session and keychain)"
bash tests/with-keychain.sh cargo test --workspace --locked 2>&1 | tee -a "$log"

# The pure rules and the application API once more under zones far from UTC, one of them with
# a 45-minute offset and daylight saving (the CLI tests set TZ per process themselves).
for tz in Pacific/Chatham America/St_Johns; do
  say "tests under TZ=$tz"
  TZ="$tz" cargo test --locked -p stint-domain -p stint-app 2>&1 | tee -a "$log"
done

say "UI tests (headless Chromium, screenshots in ui/test-results/screenshots)"
(cd ui && node --test --test-reporter=tap tests/ui.test.js) 2>&1 | tee -a "$log"

say "end-to-end: the built window under Xvfb through tauri-driver"
cargo build --locked --bins
bash tests/with-keychain.sh node --test --test-reporter=tap tests/e2e/ 2>&1 | tee -a "$log"

say "the .deb: built (release), checked, installed, and Stint started from its menu entry"
deb="$(bash scripts/package.sh)"
bash tests/deb.sh "$deb" 2>&1 | tee -a "$log"

# One closing tally of every `test result:` line above.
awk '/^test result:/ { p += $4; f += $6 }
     /^# pass / { p += $3 } /^# fail / { f += $3 }
     /^ok - / { p += 1 } /^not ok - / { f += 1 }
     END { printf "\ntests: %d passed, %d failed\n", p, f }' "$log"
