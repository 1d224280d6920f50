#!/usr/bin/env bash
# A desktop that shows tray icons and notifications on a headless machine: Xvfb, a tray host (trayer) and a
# notification daemon (dunst) on a D-Bus session of its own. Installs the Debian packages when missing (as root).
# Usage: tests/desktop/tray-desktop.sh CMD...   (CMD runs with QT_QPA_PLATFORM=xcb)
set -euo pipefail
need=()
for b in xvfb-run trayer dunst dunstctl dbus-run-session; do command -v "$b" >/dev/null || need+=("$b"); done
# the libraries Qt's xcb platform plugin loads (one of them present says nothing about the others)
for lib in libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1; do
  /sbin/ldconfig -p | grep -q "$lib" || need+=("$lib")
done
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "missing ${need[*]} and this is not root" >&2; exit 1; }
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=120 xvfb trayer dunst dbus dbus-x11 \
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 >/dev/null
fi
inner='trayer --edge top --align right --widthtype request --height 32 >/dev/null 2>&1 & dunst >/dev/null 2>&1 & sleep 1; QT_QPA_PLATFORM=xcb "$@"'
exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" sh -c "$inner" sh "$@"
