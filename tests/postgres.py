"""A throw-away PostgreSQL for the store tests, when one can be had: ``FORTSYNC_TEST_PG_URL`` (a database the tests
may wipe), else a private cluster started from Debian's ``postgresql`` binaries in a temporary folder on a free
loopback port (as the postgres user when running as root), stopped and removed at the end. None when neither the
server binaries nor the driver (the ``postgres`` extra) are installed: the tests then run on SQLite only."""

from __future__ import annotations

import glob
import importlib.util
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ENV = "FORTSYNC_TEST_PG_URL"


def server_bin() -> Path | None:
    def version(path: str) -> list[int]:
        return [int(part) for part in Path(path).parts[4].split(".") if part.isdigit()]

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version)
    return Path(found[-1]).parent if found else None


def available() -> bool:
    if os.environ.get(ENV):
        return True
    if importlib.util.find_spec("psycopg") is None or server_bin() is None:
        return False
    return os.geteuid() != 0 or shutil.which("runuser") is not None


@contextmanager
def throwaway_postgres() -> Iterator[str | None]:
    if os.environ.get(ENV):
        yield os.environ[ENV]
        return
    if not available():
        yield None
        return
    bin_dir = server_bin()
    assert bin_dir is not None
    root = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="fortsync-pg-"))
    folder.chmod(0o755)
    if root:
        shutil.chown(folder, "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    def as_pg(*argv: str) -> None:
        command = ["runuser", "-u", "postgres", "--", *argv] if root else list(argv)
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)

    data = folder / "data"
    try:
        as_pg(str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "fortsync")
        as_pg(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1",
              "-l", str(folder / "log"), "-w", "start")
    except (subprocess.SubprocessError, OSError):
        shutil.rmtree(folder, ignore_errors=True)
        yield None
        return
    try:
        as_pg(str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "fortsync", "fortsync_test")
        yield f"postgresql+psycopg://fortsync@127.0.0.1:{port}/fortsync_test"
    finally:
        try:
            as_pg(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
