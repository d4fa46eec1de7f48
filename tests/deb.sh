#!/usr/bin/env bash
# Checks the .deb that scripts/package.sh builds: what it holds, what it depends on, its menu
# entry, and that it installs on this Debian and "Stint" starts from the menu (the window, which
# starts the tray) in a private desktop (Xvfb and a D-Bus session of its own). Removes it after.
#   bash tests/deb.sh PATH.deb
set -euo pipefail
deb="$1"
fail() { echo "not ok - $*" >&2; exit 1; }
pass() { echo "ok - $*"; }

contents="$(dpkg-deb -c "$deb" | awk '{print $6}' | sed "s,^\./,,")"
for path in usr/bin/stint usr/bin/stint-tray usr/bin/stint-desktop usr/share/applications/Stint.desktop; do
  grep -qx "$path" <<<"$contents" || fail "the package lacks $path"
done
for size in 32x32 64x64 128x128 256x256 512x512; do
  grep -qx "usr/share/icons/hicolor/$size/apps/stint-desktop.png" <<<"$contents" || fail "no $size icon"
done
pass "the window, the tray, the CLI, the menu entry and the hicolor icons are in the package"

depends="$(dpkg-deb -f "$deb" Depends)"
for dep in libwebkit2gtk-4.1-0 libgtk-3-0; do
  grep -q "$dep" <<<"$depends" || fail "Depends lacks $dep: $depends"
done
pass "it declares its dependencies ($depends)"

work="$(mktemp -d)"
trap 'pkill -f "$work" 2>/dev/null || true; rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work/root"
desktop-file-validate "$work/root/usr/share/applications/Stint.desktop" || fail "the menu entry is not valid"
pass "the menu entry is valid"

DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null || fail "it does not install"
trap 'pkill -f "$work" 2>/dev/null || true; rm -rf "$work"; DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq stint >/dev/null 2>&1 || true' EXIT
/usr/bin/stint --version >/dev/null || fail "stint does not run"
/usr/bin/stint-tray --version >/dev/null || fail "stint-tray does not run"
pass "it installs; stint and stint-tray run"

# "Stint" from the menu: gio launches the desktop entry as a menu does.
export STINT_HOME="$work/home"
xvfb-run -a -s "-screen 0 1024x768x24" dbus-run-session -- bash -c '
  gio launch /usr/share/applications/Stint.desktop &
  for i in $(seq 1 100); do
    [ -f "$STINT_HOME/stint.db" ] && pgrep -x stint-tray >/dev/null && break
    sleep 0.1
  done
  sleep 1
  pgrep -x stint-desktop >/dev/null || { echo "the window is not running" >&2; exit 1; }
  pgrep -x stint-tray >/dev/null || { echo "the window did not start the tray" >&2; exit 1; }
  [ -f "$STINT_HOME/stint.db" ] || { echo "the window opened no database" >&2; exit 1; }
  pkill -x stint-desktop; pkill -x stint-tray; true
' || fail "Stint does not start from its menu entry"
pass "Stint starts from its menu entry: the window runs, with its database, and starts the tray"
