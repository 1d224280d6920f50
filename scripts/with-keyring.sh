#!/usr/bin/env bash
# Run a command with a real, unlocked Secret Service (GNOME Keyring on a private D-Bus session), so that the
# `keyring` package uses its SecretService backend exactly as on a Linux desktop. `python3 run.py test` runs the
# test suite through this script on Linux; root installs the Debian packages once.
#   usage: scripts/with-keyring.sh COMMAND [ARG...]
# The keyring's files live in a temporary directory that is removed afterwards; nothing touches the user's own
# keyring or session bus.
set -euo pipefail
if ! command -v gnome-keyring-daemon >/dev/null || ! command -v dbus-run-session >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing gnome-keyring and dbus (Debian packages) for the keyring tests ..." >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnome-keyring dbus dbus-x11 >/dev/null
  else
    echo "gnome-keyring and dbus are not installed: running without a Secret Service" >&2
    exec "$@"
  fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
inner="$work/inner.sh"
cat >"$inner" <<'INNER'
set -eu
export XDG_RUNTIME_DIR="$FORTSYNC_KEYRING_WORK/run" XDG_DATA_HOME="$FORTSYNC_KEYRING_WORK/data"
mkdir -p -m 700 "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME"
# --unlock reads the login keyring's password from stdin, creates the keyring and leaves it unlocked.
printf 'fortsync-test\n' | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
export FORTSYNC_TEST_SECRET_SERVICE=1
exec "$@"
INNER
FORTSYNC_KEYRING_WORK="$work" dbus-run-session -- bash "$inner" "$@"
