#!/usr/bin/env bash
# Builds Stint's .deb: the window (stint-desktop), the tray (stint-tray) and the CLI (stint), a
# .desktop entry, icons in the hicolor sizes and the dependencies declared. Prints the package's
# path. Install it with `sudo apt install ./Stint_*.deb`.
#   bash scripts/package.sh
# (AppImage is not built: its bundler downloads a tool at build time.)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_rust
ensure_apt "${BUILD_PACKAGES[@]}"
build_ui
target="${CARGO_TARGET_DIR:-$PWD/target}"
# One cargo build for the three programs: built apart, the dependencies they share (Tokio, rustls,
# SQLite, zbus, ...) resolve to different features and compile twice. `custom-protocol` embeds the
# UI in the window, as `tauri build` would.
say "building the window, the tray and the CLI (release)"
cargo build --release --locked -p stint-desktop -p stint-cli -p stint-tray --features stint-desktop/custom-protocol >&2
# tauri.conf.json's bundle.linux.deb.files takes the CLI and the tray from package/bin/.
rm -rf package && mkdir -p package/bin
cp "$target/release/stint" "$target/release/stint-tray" package/bin/
say "bundling the .deb"
ui/node_modules/.bin/tauri bundle --bundles deb --features custom-protocol --ci >&2
deb="$(ls -t "$target"/release/bundle/deb/*.deb | head -1)"
echo "$deb"
