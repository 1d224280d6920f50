"""Ctrl+C (SIGINT) and SIGTERM cancel a headless run between actions: exit 3, status "stopped", and the next run
carries on without duplicates."""

from __future__ import annotations

import json
import signal
import sys

import pytest

from fortsync_gui.sandbox.faults import Fault, FaultKind
from tests.cli.conftest import CliEnv

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_signal_cancels_between_actions(cli_env: CliEnv, signum: int) -> None:
    settings = cli_env.settings()
    # The sandbox holds the run's third write (it took effect, its answer waits): the signal arrives mid-run
    # however fast or slow this machine is, and the run stops once that action is done.
    hold = cli_env.sandbox.add_fault(Fault(FaultKind.HOLD_AFTER, method="POST|PUT|DELETE", path=r"^/(3|api/v2)/",
                                           skip=2))
    process = cli_env.popen("sync", "--settings", str(settings), "--json")
    try:
        while not hold.wait_held(0.1):  # no deadline: pytest-timeout guards a hang
            assert process.poll() is None, "the run ended before its third write"
        process.send_signal(signum)
    finally:
        hold.release()
    out, err = process.communicate()
    assert process.returncode == 3, err
    summary = json.loads(out)
    assert summary["status"] == "stopped" and summary["message_key"] == "run.cancelled"
    assert "avbröts" in err

    done = cli_env.run("sync", "--settings", str(settings), "--json")
    assert done.code == 0, done.err
    again = cli_env.run("sync", "--settings", str(settings), "--json").json
    assert sum(c["created"] + c["updated"] + c["linked"] for c in again["counts"].values()) == 0
