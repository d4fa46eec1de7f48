#!/usr/bin/env bash
# Builds Stint and runs it, on a fresh Debian 12 machine or any later run:
#   bash scripts/run.sh                 # builds, then opens the Stint window
#   bash scripts/run.sh start ABC-123   # builds, then runs the `stint` CLI with these arguments
# Both binaries land in $CARGO_TARGET_DIR/release: `stint-desktop` (the window) and `stint`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_rust
ensure_apt "${BUILD_PACKAGES[@]}"
build_ui
say "building stint and the window (release)"
# The same build as scripts/package.sh makes (one build of the three programs, the UI embedded).
cargo build --release --locked -p stint-desktop -p stint-cli -p stint-tray --features stint-desktop/custom-protocol
bin="$CARGO_TARGET_DIR/release"
if [ $# -gt 0 ]; then
  say "running $bin/stint $*"
  exec "$bin/stint" "$@"
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  # No screen (a server, a container): the window still opens, on a virtual display.
  ensure_apt xvfb xauth
  say "no display found: opening the window on a virtual display (xvfb-run); the CLI is $bin/stint"
  exec xvfb-run -a -s "-noreset -screen 0 1280x900x24" "$bin/stint-desktop"
fi
say "opening the window ($bin/stint-desktop); the CLI is $bin/stint"
exec "$bin/stint-desktop"
