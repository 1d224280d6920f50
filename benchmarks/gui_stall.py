#!/usr/bin/env python3
"""The longest the GUI thread is blocked while the main window syncs the demo data, and while Historik opens a run
of 20 000 records, offscreen, against the sandbox.

    .venv/bin/python benchmarks/gui_stall.py [--records 20000] [--time-scale 0.01] [--budget-ms 50]

A timer on the GUI thread ticks every 5 ms; the longest gap between two ticks (the first one aside: it includes the
timer's start) is the longest the window could not answer the user. Target: at most ``--budget-ms`` (50 ms) in both.
The garbage of setting up is collected and frozen first, as the app starts with a small heap. Prints one JSON
object, ``{"gui_max_stall_ms": ..., "historik_max_stall_ms": ..., ...}``, and exits 1 when the target is missed.
The tests check only what holds on any machine (the work runs off the GUI thread): tests/gui/test_gui_latency.py.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer  # (the platform is chosen before Qt loads)
from PySide6.QtWidgets import QApplication
from sqlalchemy import insert

from fortsync_gui.clients.fortnox_auth import FortnoxOAuth
from fortsync_gui.engine import session
from fortsync_gui.gui.i18n import install_translators
from fortsync_gui.gui.main_window import MainWindow
from fortsync_gui.sandbox import Sandbox
from fortsync_gui.secrets import MemoryKeyring, SecretKind, SecretStore
from fortsync_gui.store import (
    Action,
    EntityKind,
    Outcome,
    ProfileSettings,
    RunStatus,
    Store,
    locks,
    open_store,
    profiles,
    runs,
)
from fortsync_gui.store.models import RunItem

PROFILE = "demo"


@contextmanager
def gaps_on_the_gui_thread() -> Iterator[list[int]]:
    gaps: list[int] = []
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(lambda: gaps.append(clock.restart()))
    gc.collect()
    gc.freeze()
    clock.start()
    ticker.start()
    try:
        yield gaps
    finally:
        ticker.stop()
        gc.unfreeze()


def pump(ms: int) -> None:
    """Run the GUI thread's event loop for ``ms`` (not QTest.qWait: PySide's keeps the GIL while it sleeps, which
    starves the sync's worker thread)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(condition: Callable[[], bool]) -> None:
    while not condition():
        pump(10)


def add_profile(store: Store, sandbox: Sandbox, secrets: SecretStore, time_scale: float) -> None:
    """A profile set up as the wizard leaves it: settings in the store, the key and the sign-in in the keyring."""
    info = sandbox.info
    oauth = FortnoxOAuth(info.fortnox_auth_url, info.fortnox_client_id, info.fortnox_client_secret)
    secrets.set(PROFILE, SecretKind.FORTNOX_TOKENS,
                oauth.exchange_code(sandbox.fortnox.issue_authorization_code()).to_json())
    oauth.close()
    secrets.set(PROFILE, SecretKind.UPSALES_TOKEN, info.upsales_token)
    secrets.set(PROFILE, SecretKind.FORTNOX_CLIENT_SECRET, info.fortnox_client_secret)
    settings = ProfileSettings(
        upsales_api_url=info.upsales_url, fortnox_api_url=info.fortnox_url, fortnox_auth_url=info.fortnox_auth_url,
        fortnox_client_id=info.fortnox_client_id, send_won_since=date(2000, 1, 1))
    with store.session() as db:
        profiles.create_profile(db, PROFILE, settings, display_name="Demo AB")
    # the wizard's choices (stages, user, price list) as the engine fills them from the sandbox, in a dry run
    session.run(store, PROFILE, dry_run=True, secrets=secrets, env={"FORTSYNC_RATE_SCALE": str(time_scale)},
                configure=lambda current: current)


def add_large_run(store: Store, records: int) -> None:
    """A large initial import, as the audit trail keeps it."""
    with store.session() as session:
        assert locks.acquire(session, 1, "benchmark")
        run = runs.start_run(session, 1, owner="benchmark")
        session.execute(insert(RunItem), [
            {"run_id": run.id, "seq": n, "kind": EntityKind.COMPANY, "action": Action.CREATE, "outcome": Outcome.OK,
             "upsales_id": str(n), "fortnox_id": str(10_000 + n), "label": f"Företag {n} AB"} for n in range(records)])
        runs.finish_run(session, run.id, RunStatus.OK)
        locks.release(session, 1, "benchmark")


def longest(gaps: list[int]) -> int:
    return max(gaps[1:], default=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--time-scale", type=float, default=0.01)  # as the GUI tests run
    parser.add_argument("--budget-ms", type=int, default=50)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_translators(app)
    with Sandbox(seed="demo", time_scale=args.time_scale) as sandbox, \
            tempfile.TemporaryDirectory(prefix="fortsync-bench-") as tmp:
        store = open_store(f"sqlite:///{(Path(tmp) / 'bench.db').as_posix()}")
        secrets = SecretStore(MemoryKeyring())
        add_profile(store, sandbox, secrets, args.time_scale)
        window = MainWindow(store, secrets, lambda name: None,
                            sync_env={"FORTSYNC_RATE_SCALE": str(args.time_scale)})
        window.show()
        pump(100)  # the window has settled

        with gaps_on_the_gui_thread() as sync_gaps:
            window.sync.sync_button.click()
            wait_until(lambda: not window.running)
        synced = window.sync.log.blockCount()

        add_large_run(store, args.records)
        history = window.history
        window.tabs.setCurrentWidget(history)
        with gaps_on_the_gui_thread() as history_gaps:
            history.refresh()
            wait_until(lambda: not history.loading)
            pump(50)  # the rows are painted
        shown = history.items_model.rowCount()
        window.close()
        window.deleteLater()
        pump(10)
        store.close()

    result = {
        "gui_max_stall_ms": longest(sync_gaps), "historik_max_stall_ms": longest(history_gaps),
        "budget_ms": args.budget_ms, "sync_ticks": len(sync_gaps), "sync_log_lines": synced,
        "slowest_sync_gaps_ms": sorted(sync_gaps[1:])[-5:], "historik_records": shown,
        "slowest_historik_gaps_ms": sorted(history_gaps[1:])[-5:],
    }
    result["ok"] = (shown == args.records and synced > 100 and result["gui_max_stall_ms"] <= args.budget_ms
                    and result["historik_max_stall_ms"] <= args.budget_ms)
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
