#!/usr/bin/env bash
# Runs a command inside a private D-Bus session holding an unlocked GNOME Keyring: a real Secret
# Service for the tests, with the keyring's files in a throwaway folder (removed afterwards), and
# nothing of the user's own session or keyring touched.
#   bash tests/with-keychain.sh cargo test ...
set -euo pipefail
keyring_home="$(mktemp -d)"
trap 'rm -rf "$keyring_home"' EXIT
export STINT_TEST_KEYRING_HOME="$keyring_home"
dbus-run-session -- bash -c '
  set -euo pipefail
  # The keyring keeps its files under its own HOME; cargo and the tests keep the real one.
  printf "stint-tests" | HOME="$STINT_TEST_KEYRING_HOME" XDG_DATA_HOME="$STINT_TEST_KEYRING_HOME/data" \
    gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' with-keychain "$@"
