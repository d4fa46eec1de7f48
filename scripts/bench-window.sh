#!/usr/bin/env bash
# Measures the window: launch to live data, memory of all its processes, UI bundle size.
#   bash scripts/bench-window.sh [RUNS]     (default 5 runs; figures are medians)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_rust
ensure_apt "${BUILD_PACKAGES[@]}" xvfb xauth
build_ui
say "building stint and the window (release)"
cargo build --release --locked -p stint-cli -p stint-desktop -p stint-tray
say "measuring"
# In a D-Bus session of its own, as on a desktop (single-instance and WebKit use the session bus).
dbus-run-session -- node scripts/bench-window.mjs "$CARGO_TARGET_DIR/release" "${1:-5}"
