"""Under a real X server (Xvfb) with a tray host (trayer) and a notification daemon (dunst) on a D-Bus session: the
tray icon is shown with its Swedish menu, a scheduled sync runs by itself (the schedule on an injected clock), and a
failed run reaches the notification daemon as one desktop notification. ``tray-desktop.sh`` installs the Debian
packages when run as root (as CI is); elsewhere without them the test is skipped, saying so."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TOOLS = ("xvfb-run", "trayer", "dunst", "dunstctl", "dbus-run-session")


def test_tray_schedule_and_notification_on_a_real_desktop(tmp_path: Path) -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing and os.geteuid() != 0:
        pytest.skip(f"no tray desktop here ({', '.join(missing)} missing) and not root to install them: "
                    "apt-get install xvfb trayer dunst dbus-x11")
    script = (f"{sys.executable} {HERE / 'scenario.py'} {tmp_path} && "
              f"dunstctl count displayed > {tmp_path / 'shown.txt'}")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run([str(HERE / "tray-desktop.sh"), "sh", "-c", script], env=env, capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["tray"] is True  # QSystemTrayIcon.isSystemTrayAvailable() and the icon is shown
    assert report["menu"] == ["Synka nu", "Öppna Fortsync", "Pausa synkronisering", "Avsluta"]
    assert report["scheduled_runs"] == 1 and report["started_at_5_min"] == []
    assert report["scheduled_runs_after_slot"] == 2
    assert report.get("dbus") is True  # the notifications went to the desktop's notification service
    assert [n for n in report["notifications"] if n[0] == "kund2"] == [
        ["kund2", "failed", "Synkroniseringen misslyckades: Kund2 AB"]]
    assert report["clicked"] == ["kund2", True]
    assert int((tmp_path / "shown.txt").read_text().strip()) >= 1  # dunst has them on screen
    for shot in ("tray-menu.png", "desktop-tray.png", "desktop-notification.png"):
        assert (tmp_path / shot).stat().st_size > 1000, shot
