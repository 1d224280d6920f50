"""Ctrl+C (SIGINT) and SIGTERM cancel a headless run between actions: exit 3, status "stopped", and the next run
carries on without duplicates."""

from __future__ import annotations

import json
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from tests.cli.conftest import CliEnv

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def audit_lines(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=30) as con:
            return int(con.execute("SELECT count(*) FROM run_items").fetchone()[0])
    except sqlite3.OperationalError:  # the tables are not there yet
        return 0


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_signal_cancels_between_actions(cli_env: CliEnv, signum: int) -> None:
    settings = cli_env.settings()
    # The client keeps the real rate limits (the sandbox would allow 100 × more), so the run is still busy writing.
    process = cli_env.popen("sync", "--settings", str(settings), "--json", FORTSYNC_RATE_SCALE="1")
    db = cli_env.tmp / "fortsync.db"
    deadline = time.monotonic() + 60
    while audit_lines(db) < 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before it could be interrupted"
    process.send_signal(signum)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 3, err
    summary = json.loads(out)
    assert summary["status"] == "stopped" and summary["message_key"] == "run.cancelled"
    assert "avbröts" in err

    done = cli_env.run("sync", "--settings", str(settings), "--json")
    assert done.code == 0, done.err
    again = cli_env.run("sync", "--settings", str(settings), "--json").json
    assert sum(c["created"] + c["updated"] + c["linked"] for c in again["counts"].values()) == 0
