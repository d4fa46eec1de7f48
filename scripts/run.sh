#!/usr/bin/env bash
# Builds Stint and runs it, on a fresh Debian 12 machine or any later run:
#   bash scripts/run.sh                 # builds, then runs `stint status`
#   bash scripts/run.sh start ABC-123   # any stint arguments
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_rust
ensure_apt "${BUILD_PACKAGES[@]}"
say "building stint (release)"
cargo build --release --locked -p stint-cli
say "running $CARGO_TARGET_DIR/release/stint ${*:-status}"
if [ $# -eq 0 ]; then set -- status; fi
exec "$CARGO_TARGET_DIR/release/stint" "$@"
