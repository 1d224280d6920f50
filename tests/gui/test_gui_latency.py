"""The GUI thread is never blocked for more than 50 ms: not while the demo data syncs, not while Historik opens a run
with tens of thousands of records. A timer on the GUI thread ticks every 5 ms; the longest gap between two ticks is
the longest the window could not answer the user."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QElapsedTimer, QTimer
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from fortsync_gui.gui.main_window import MainWindow
from fortsync_gui.store import Action, EntityKind, Outcome, RunStatus, Store, locks, runs
from fortsync_gui.store.models import RunItem

from .driver import SYNC_MS, sync

BUDGET_MS = 50


@contextmanager
def gaps_on_the_gui_thread() -> Iterator[list[int]]:
    gaps: list[int] = []
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(lambda: gaps.append(clock.restart()))
    gc.collect()  # the garbage of the tests before this one is not the app's: keep its collection out of the
    gc.freeze()   # measurement (the app itself starts with a small heap)
    clock.start()
    ticker.start()
    try:
        yield gaps
    finally:
        ticker.stop()
        gc.unfreeze()


def longest(gaps: list[int]) -> Callable[[], str]:
    return lambda: f"longest gaps: {sorted(gaps)[-5:]} ms"


def test_the_gui_thread_is_never_blocked_for_more_than_50_ms_during_a_sync(qtbot: QtBot, window: MainWindow) -> None:
    with gaps_on_the_gui_thread() as gaps:
        sync(qtbot, window)
    assert window.sync.phase_label.text() == "Synkroniseringen klar" and window.sync.log.blockCount() > 100
    assert len(gaps) > 20  # the timer kept firing all through the sync of the demo data
    assert max(gaps[1:]) <= BUDGET_MS, longest(gaps)()


def test_opening_a_run_of_20000_records_in_historik_keeps_the_window_responsive(qtbot: QtBot, window: MainWindow,
                                                                               store: Store) -> None:
    with store.session() as session:  # a large initial import, as the audit trail keeps it
        assert locks.acquire(session, 1, "test")
        run = runs.start_run(session, 1, owner="test")
        session.execute(insert(RunItem), [
            {"run_id": run.id, "seq": n, "kind": EntityKind.COMPANY, "action": Action.CREATE, "outcome": Outcome.OK,
             "upsales_id": str(n), "fortnox_id": str(10_000 + n), "label": f"Företag {n} AB"} for n in range(20_000)])
        runs.finish_run(session, run.id, RunStatus.OK)
        locks.release(session, 1, "test")
    history = window.history
    window.tabs.setCurrentWidget(history)
    with gaps_on_the_gui_thread() as gaps:
        history.refresh()
        qtbot.waitUntil(lambda: not history.loading, timeout=SYNC_MS)
        qtbot.wait(50)  # the rows are painted
    assert history.items_model.rowCount() == 20_000
    assert max(gaps[1:]) <= BUDGET_MS, longest(gaps)()
