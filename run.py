#!/usr/bin/env python3
"""Set up Fortsync in ./.venv (idempotent) and run it. Needs only Python 3.11+.

    python3 run.py demo      install everything, then open the app's demo against the built-in sandbox
                             (headless `fortsync demo` instead when there is no display, or with --headless)
    python3 run.py test      install everything (as root also, via apt-get, PostgreSQL, a tray desktop, GNOME Keyring
                             and D-Bus for the tests), then run ruff and the whole test suite (on Linux inside a
                             private D-Bus session with a real, unlocked GNOME Keyring, so the keyring and sign-in
                             tests run against a real Secret Service; with CI=true a missing Secret Service fails
                             the run)
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
    subprocess.run([*pip, "-e", f"{ROOT}[test,postgres,build]"], check=True)
    STAMP.write_text(wanted)


# What the tests that need the system use: a throw-away PostgreSQL (the store tests run against it too), a real
# X server with a tray host and a notification daemon on D-Bus (the tray test), and GNOME Keyring's Secret Service
# on a private D-Bus session (scripts/with-keyring.sh, around the whole suite). Installed with apt in one go when this
# runs as root on Debian/Ubuntu (as CI does); elsewhere those tests say why they skip (under CI=true the keyring
# tests fail instead).
TEST_PACKAGES = {"/usr/lib/postgresql": ["postgresql"], "xvfb-run": ["xvfb"], "trayer": ["trayer"],
                 "dunst": ["dunst"], "dbus-run-session": ["dbus", "dbus-x11"],
                 "gnome-keyring-daemon": ["gnome-keyring"],
                 # Qt's xcb platform plugin (the tray test's real X server): each library it loads, probed on its own
                 "/usr/lib/x86_64-linux-gnu/libxcb-cursor.so.0": ["libxcb-cursor0"],
                 "/usr/lib/x86_64-linux-gnu/libxcb-icccm.so.4": ["libxcb-icccm4"],
                 "/usr/lib/x86_64-linux-gnu/libxcb-keysyms.so.1": ["libxcb-keysyms1"]}


def ensure_test_packages() -> None:
    import shutil

    if not sys.platform.startswith("linux") or not hasattr(os, "geteuid") or os.geteuid() != 0 \
            or not shutil.which("apt-get"):
        return
    missing = [pkg for probe, pkgs in TEST_PACKAGES.items()
               if not (Path(probe).exists() if probe.startswith("/") else shutil.which(probe)) for pkg in pkgs]
    if not missing:
        return
    print(f"Installing {' '.join(missing)} for the tests ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    lock = ["-o", "DPkg::Lock::Timeout=300"]
    subprocess.run(["apt-get", *lock, "update", "-qq"], env=env, check=False, stdout=subprocess.DEVNULL)
    if subprocess.run(["apt-get", *lock, "install", "-y", "-qq", *missing], env=env, check=False,
                      stdout=subprocess.DEVNULL).returncode:
        print("Some test packages could not be installed; the tests that need them will say so.", flush=True)


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
    ensure_test_packages()
    lint = subprocess.call([_python(), "-m", "ruff", "check", "."], cwd=ROOT, env=env)
    # One worker per core (at most four), a file's tests on one worker (the real keyring's share one Secret Service;
    # each worker has a PostgreSQL database of its own, tests/conftest.py); the caller's own -n comes after and wins.
    pytest = [_python(), "-m", "pytest", "-n", "auto", "--maxprocesses", "4", "--dist", "loadfile", *extra]
    if sys.platform.startswith("linux"):  # a real Secret Service for the keyring tests (scripts/with-keyring.sh)
        pytest = ["bash", str(ROOT / "scripts" / "with-keyring.sh"), *pytest]
    tests = subprocess.call(pytest, cwd=ROOT, env=env)
    return tests or lint


if __name__ == "__main__":
    sys.exit(main())
