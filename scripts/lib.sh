# Shared set-up steps for scripts/run.sh and tests/run.sh. Sourced, not run.
# Every step is idempotent: on a machine that already has everything, it costs nothing.

# Builds go outside the clone, so repeated runs (and CI) reuse them.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/stint/target}"

# Each step says how far into the run it begins (bash's SECONDS), so a slow step shows in CI's log.
say() { printf '\n== [%dm%02ds] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*" >&2; }

# Installs the named Debian packages that are not installed yet.
ensure_apt() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  say "installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Finds cargo (rustup's default place included) or says how to get it.
ensure_rust() {
  if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
  if ! command -v cargo >/dev/null 2>&1; then
    echo "Stint is built with Rust 1.89 or newer, and no cargo was found: install Rust with rustup, then run this again." >&2
    exit 1
  fi
}

# Finds Node.js 20.19 or newer (Vite 8 needs it) and npm.
ensure_node() {
  if ! command -v node >/dev/null 2>&1; then
    ensure_apt nodejs npm
  fi
  if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
    echo "The window's UI is built with Vite 8, which needs Node.js 20.19 or newer; this machine has $(node --version). Install a newer Node.js, then run this again." >&2
    exit 1
  fi
}

# Installs the UI's npm packages (exactly the lock file's) when they changed, and builds ui/dist.
build_ui() {
  ensure_node
  if [ ! -f ui/node_modules/.stint-lock ] || ! cmp -s ui/package-lock.json ui/node_modules/.stint-lock; then
    say "installing the UI's npm packages"
    (cd ui && npm ci --no-audit --no-fund --loglevel=error)
    cp ui/package-lock.json ui/node_modules/.stint-lock
  fi
  say "building the UI"
  (cd ui && npx vite build --logLevel warn)
}

# tauri-driver, the WebDriver bridge the end-to-end tests drive the window through.
ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null 2>&1; then
    say "installing tauri-driver"
    cargo install tauri-driver --locked --version '^2' --quiet
  fi
}

# cargo-deny, for the supply-chain gate (supply-chain/check.sh): a pinned release, built once into
# ~/.cache/stint/tools (about 3.5 minutes on 2 cores), since the machines here reach crates.io only.
ensure_cargo_deny() {
  local root="$HOME/.cache/stint/tools"
  if [ ! -x "$root/bin/cargo-deny" ] || [ "$("$root/bin/cargo-deny" --version 2>/dev/null)" != "cargo-deny 0.20.2" ]; then
    say "installing cargo-deny 0.20.2 (for the supply-chain gate)"
    # Its own target folder: building it must not touch Stint's build, nor leave its fingerprints.
    cargo install cargo-deny --locked --version 0.20.2 --quiet --root "$root" --target-dir "$HOME/.cache/stint/tools-build"
    # Its build (half a gigabyte) is not needed once the program is installed.
    rm -rf "$HOME/.cache/stint/tools-build"
  fi
  export PATH="$root/bin:$PATH"
}

# Watson, for the import tests (Timewarrior comes from Debian): a pinned release in a venv of
# its own, so nothing of it touches the system's Python.
ensure_watson() {
  local venv="$HOME/.cache/stint/watson-venv"
  if [ ! -x "$venv/bin/watson" ]; then
    say "installing Watson (for the import tests)"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'td-watson==2.1.0'
  fi
  export STINT_TEST_WATSON="$venv/bin/watson"
}

# What building Stint needs from Debian: a C compiler for the bundled SQLite, and WebKitGTK and
# its friends for the window (Tauri v2).
BUILD_PACKAGES=(build-essential pkg-config libwebkit2gtk-4.1-dev librsvg2-dev libxdo-dev libssl-dev patchelf)
# What the tests add: time zone data for the tests that run under several TZs; a private D-Bus
# session with GNOME Keyring (a real Secret Service for the keychain tests) and secret-tool to look
# into it; util-linux's setpriv for the permission tests.
# The window's tests add Xvfb (a display without a screen), WebKitWebDriver, and Debian's Chromium
# for the UI tests. The import tests add Timewarrior (its real `timew` writes their test data),
# and Python's venv for Watson (ensure_watson). The tray's tests add dunst (a real notification
# daemon) and gdbus (libglib2.0-bin), which drives the tray's menu as a tray host would. faketime
# (libfaketime) runs the tray's and the facade's tests at a night hour. openssl's s_server plays a
# Jira that offers only TLS 1.0 or 1.1.
TEST_PACKAGES=(tzdata dbus dbus-x11 gnome-keyring libsecret-tools util-linux xvfb xauth webkit2gtk-driver chromium
  timewarrior python3 python3-venv dunst libglib2.0-bin desktop-file-utils faketime openssl)
