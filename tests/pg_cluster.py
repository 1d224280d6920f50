"""A throw-away PostgreSQL on 127.0.0.1 for the store tests: Debian's
``postgresql`` binaries, a private cluster in a temporary folder on a free port, trust authentication, stopped and
removed at the end. ``start()`` returns None when PostgreSQL or its driver (the ``postgres`` extra) is not installed
(``reason()`` says why)."""

from __future__ import annotations

import contextlib
import glob
import importlib.util
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def _bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: [int(x) for x in
                                                                                 Path(p).parts[-3].split(".")])
    return Path(found[-1]).parent if found else None


def reason() -> str:
    if os.environ.get("FORTSYNC_TEST_PG") == "off":
        return "FORTSYNC_TEST_PG=off: the store tests ran on SQLite only"
    return ("PostgreSQL or its driver is not installed here (Debian: apt-get install postgresql, and the postgres "
            "extra; python3 run.py test installs both when run as root), so the store tests ran on SQLite only")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    url: str
    folder: Path
    bin: Path
    as_root: bool

    def _run(self, *cmd: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        subprocess.run([*prefix, *cmd], check=True, capture_output=True, timeout=120)

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def start() -> Cluster | None:
    bin_dir = _bin()
    if bin_dir is None or importlib.util.find_spec("psycopg") is None:
        return None
    if not shutil.which("runuser") and os.geteuid() == 0:
        return None
    as_root = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="fortsync-pg-"))
    folder.chmod(0o755)
    if as_root:
        shutil.chown(folder, "postgres")
    port = _free_port()
    cluster = Cluster(f"postgresql+psycopg://fortsync@127.0.0.1:{port}/fortsync_test", folder, bin_dir, as_root)
    try:
        cluster._run(str(bin_dir / "initdb"), "-D", str(folder / "data"), "-A", "trust", "-U", "fortsync")
        cluster._run(str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-o",
                     f"-p {port} -k {folder} -c listen_addresses=127.0.0.1", "-l", str(folder / "log"), "-w",
                     "start")
        cluster._run(str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "fortsync", "fortsync_test")
    except (subprocess.SubprocessError, OSError):
        cluster.stop()
        return None
    return cluster
