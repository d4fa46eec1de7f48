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
say "building the CLI and the tray (release)"
cargo build --release --locked -p stint-cli -p stint-tray
# tauri.conf.json's bundle.linux.deb.files takes them from package/bin/.
rm -rf package && mkdir -p package/bin
cp "$target/release/stint" "$target/release/stint-tray" package/bin/
strip package/bin/stint package/bin/stint-tray
say "building the window and the .deb (release)"
ui/node_modules/.bin/tauri build --bundles deb --ci >&2
deb="$(ls -t "$target"/release/bundle/deb/*.deb | head -1)"
echo "$deb"
