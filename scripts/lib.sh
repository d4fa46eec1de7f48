# Shared set-up steps for scripts/run.sh and tests/run.sh. Sourced, not run.
# Every step is idempotent: on a machine that already has everything, it costs nothing.

# Builds go outside the clone, so repeated runs (and CI) reuse them.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/stint/target}"

say() { printf '\n== %s\n' "$*" >&2; }

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

# What building Stint needs from Debian (a C compiler for the bundled SQLite).
BUILD_PACKAGES=(build-essential pkg-config)
# What the tests add: time zone data for the tests that run under several TZs; a private D-Bus
# session with GNOME Keyring (a real Secret Service for the keychain tests) and secret-tool to look
# into it; util-linux's setpriv for the permission tests.
TEST_PACKAGES=(tzdata dbus gnome-keyring libsecret-tools util-linux)
