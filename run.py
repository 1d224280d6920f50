#!/usr/bin/env python3
"""Set up Fortsync in ./.venv (idempotent) and run it. Needs only Python 3.11+.

    python3 run.py demo      install everything, then run the demo against the built-in sandbox
    python3 run.py test      install everything, then run ruff and the whole test suite
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
    subprocess.run([*pip, "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    extra = sys.argv[2:]
    if command not in {"demo", "test", "sandbox"}:
        print(__doc__)
        return 2
    ensure_installed()
    env = dict(os.environ)
    if command == "demo":
        return subprocess.call([_python(), "-m", "fortsync_gui", "demo", *extra], cwd=ROOT, env=env)
    if command == "sandbox":
        return subprocess.call([_python(), "-m", "fortsync_gui", "sandbox", *extra], cwd=ROOT, env=env)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    lint = subprocess.call([_python(), "-m", "ruff", "check", "."], cwd=ROOT, env=env)
    tests = subprocess.call([_python(), "-m", "pytest", *extra], cwd=ROOT, env=env)
    return tests or lint


if __name__ == "__main__":
    sys.exit(main())
