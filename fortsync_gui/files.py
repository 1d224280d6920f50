"""Files and folders Fortsync writes are the user's only (mode 0600 / 0700 where the OS has such modes): the
database and its backups, the log files, reports and exported CSV name customers, amounts and sometimes people."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed; a folder Fortsync creates is the user's only."""
    if not path.exists():
        path.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            os.chmod(path, PRIVATE_DIR)
    return path


def private_file(path: Path) -> None:
    """Make a file Fortsync wrote readable by the user only (a no-op where the OS has no such modes)."""
    with contextlib.suppress(OSError):
        os.chmod(path, PRIVATE_FILE)
