#!/usr/bin/env python3
"""Set up Fortsync in ./.venv (idempotent) and run it. Needs only Python 3.11+.

    python3 run.py demo      install everything, then open the app's demo against the built-in sandbox
                             (headless `fortsync demo` instead when there is no display, or with --headless)
    python3 run.py test      install everything, then run ruff and the whole test suite (on Linux inside a private
                             D-Bus session with a real, unlocked GNOME Keyring, so the keyring and sign-in tests
                             run against a real Secret Service; as root it installs gnome-keyring and dbus via
                             apt-get first; with CI=true a missing Secret Service fails the run)
    python3 run.py sandbox   install everything, then serve the sandbox until Ctrl+C
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".fortsync-installed"


def _python() -> str:
    return str(BIN / ("python.exe" if os.name == "nt" else "python"))


def ensure_installed() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - run.py is the one file older Pythons may start
        sys.exit("Fortsync needs Python 3.11 or newer.")
    if not Path(_python()).exists():
        print("Creating .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("Installing Fortsync and its dependencies into .venv ...", flush=True)
    pip = [_python(), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[test,postgres]"], check=True)  # the store tests also run on PostgreSQL
    STAMP.write_text(wanted)


def _has_display() -> bool:
    if os.environ.get("CI") or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return False
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True  # Windows and macOS always have one


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    extra = sys.argv[2:]
    if command not in {"demo", "test", "sandbox"}:
        print(__doc__)
        return 2
    ensure_installed()
    env = dict(os.environ)
    if command == "demo":
        if _has_display() and "--headless" not in extra:
            code = subprocess.call([_python(), "-m", "fortsync_gui.gui.app", "--demo", *extra], cwd=ROOT, env=env)
            if code == 0:
                return 0
            print("The window could not be opened (on Linux Qt needs e.g. libxcb-cursor0); running the headless "
                  "demo instead.", flush=True)
        else:
            print("No display: running the headless demo (fortsync demo).", flush=True)
        rest = [arg for arg in extra if arg != "--headless"]
        return subprocess.call([_python(), "-m", "fortsync_gui", "demo", *rest], cwd=ROOT, env=env)
    if command == "sandbox":
        return subprocess.call([_python(), "-m", "fortsync_gui", "sandbox", *extra], cwd=ROOT, env=env)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    lint = subprocess.call([_python(), "-m", "ruff", "check", "."], cwd=ROOT, env=env)
    pytest = [_python(), "-m", "pytest", *extra]
    if sys.platform.startswith("linux"):  # a real Secret Service for the keyring tests (scripts/with-keyring.sh)
        pytest = ["bash", str(ROOT / "scripts" / "with-keyring.sh"), *pytest]
    tests = subprocess.call(pytest, cwd=ROOT, env=env)
    return tests or lint


if __name__ == "__main__":
    sys.exit(main())
