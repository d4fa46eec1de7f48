#!/usr/bin/env bash
# Measures the tray: memory (PSS) of every Stint process with only the tray running and a timer
# on, its CPU and wake-ups over a stretch with the window closed, and the time from "Open Stint"
# in its menu to the window showing live data.
#   bash scripts/bench-tray.sh [MINUTES] [OPENS]     (default 10 minutes, 5 opens)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_rust
ensure_apt "${BUILD_PACKAGES[@]}" xvfb xauth libglib2.0-bin
build_ui
say "building stint, the tray and the window (release)"
cargo build --release --locked -p stint-cli -p stint-desktop -p stint-tray
say "measuring (this takes ${1:-10} minutes and a bit)"
# A desktop of its own: a display and a D-Bus session, as the tray and the window have at login.
xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- \
  node scripts/bench-tray.mjs "${CARGO_TARGET_DIR:-$PWD/target}/release" "${1:-10}" "${2:-5}"
