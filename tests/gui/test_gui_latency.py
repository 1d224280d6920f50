"""The window stays responsive because the heavy work is not done on the GUI thread: not the sync of the demo data,
not reading a run with tens of thousands of records into Historik. What is checked here holds on any machine: which
thread did the work, and that the GUI thread renders only the rows on screen. How long the GUI thread actually stalls
is a figure, measured by ``benchmarks/gui_stall.py`` (a budget of 50 ms), not a test."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from fortsync_gui.clients.transport import StdlibTransport
from fortsync_gui.engine import session
from fortsync_gui.engine.api import RunSummary
from fortsync_gui.gui import history_view
from fortsync_gui.gui.main_window import MainWindow
from fortsync_gui.store import Action, EntityKind, Outcome, RunStatus, Store, locks, runs
from fortsync_gui.store.models import RunItem

from .driver import SYNC_MS, sync

RECORDS = 20_000


def recording(threads: list[threading.Thread], function: Any) -> Any:
    """``function``, noting the thread of every call."""
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return function(*args, **kwargs)
    return wrapper


def test_a_sync_runs_and_talks_to_the_services_off_the_gui_thread(qtbot: QtBot, window: MainWindow,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    gui = threading.current_thread()
    engine: list[threading.Thread] = []
    requests: list[threading.Thread] = []
    monkeypatch.setattr(session, "run_sync", recording(engine, session.run_sync))  # behind the one way in
    monkeypatch.setattr(StdlibTransport, "exchange", recording(requests, StdlibTransport.exchange))
    sync(qtbot, window)
    assert window.sync.phase_label.text() == "Synkroniseringen klar" and window.sync.log.blockCount() > 100
    assert len(engine) == 1 and engine[0] is not gui
    assert len(requests) > 100 and gui not in requests  # every request the sync made (about 200)


def add_large_run(store: Store) -> None:
    """A large initial import, as the audit trail keeps it."""
    with store.session() as session:
        assert locks.acquire(session, 1, "test")
        run = runs.start_run(session, 1, owner="test")
        session.execute(insert(RunItem), [
            {"run_id": run.id, "seq": n, "kind": EntityKind.COMPANY, "action": Action.CREATE, "outcome": Outcome.OK,
             "upsales_id": str(n), "fortnox_id": str(10_000 + n), "label": f"Företag {n} AB"} for n in range(RECORDS)])
        runs.finish_run(session, run.id, RunStatus.OK)
        locks.release(session, 1, "test")


def test_opening_a_run_of_20000_records_reads_them_in_the_background_and_renders_only_what_is_shown(
        qtbot: QtBot, window: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    add_large_run(store)
    readers: list[threading.Thread] = []
    monkeypatch.setattr(history_view, "item_rows", recording(readers, history_view.item_rows))
    history = window.history
    window.tabs.setCurrentWidget(history)
    history.refresh()
    qtbot.waitUntil(lambda: not history.loading, timeout=SYNC_MS)
    qtbot.wait(50)  # let the table paint what it shows
    assert history.items_model.rowCount() == RECORDS
    assert len(readers) == 1 and readers[0] is not threading.current_thread()
    rendered = len(history.items_model._texts)  # rows turned into text so far: those shown and sampled for widths
    assert 0 < rendered <= RECORDS // 20, rendered  # about 100
    assert history.items_model.text(RECORDS - 1, 3) == f"Företag {RECORDS - 1} AB"  # the rest on demand


def test_a_run_read_while_historik_is_hidden_renders_no_rows_until_historik_is_shown(
        qtbot: QtBot, window: MainWindow, store: Store) -> None:
    """A sync ends with Logg open and Historik reloads behind it: a hidden table would measure every row to size
    its columns, on the GUI thread, so they are sized when Historik is shown, from the rows on screen."""
    add_large_run(store)
    history = window.history
    window.tabs.setCurrentWidget(window.sync.log)
    history.refresh()
    qtbot.waitUntil(lambda: not history.loading, timeout=SYNC_MS)
    assert history.items_model.rowCount() == RECORDS and not history.items_model._texts
    window.tabs.setCurrentWidget(history)
    qtbot.wait(50)  # let the table paint what it shows
    rendered = len(history.items_model._texts)
    assert 0 < rendered <= RECORDS // 20, rendered
    header = history.items_table.horizontalHeader()
    assert header.sectionResizeMode(header.count() - 1) == QHeaderView.ResizeMode.Stretch  # the columns are sized


def test_after_a_run_the_tabs_reload_one_per_event_loop_turn(qtbot: QtBot, window: MainWindow,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Each tab reads the store on the GUI thread when a run ends: whatever else is waiting (a click, a repaint) is
    served between two tabs, not after all of them."""
    order: list[str] = []
    for view in window._views():
        monkeypatch.setattr(view, "refresh", lambda view=view: order.append(type(view).__name__))
    window._sync_finished(RunSummary(None, "ok", False))
    QTimer.singleShot(0, lambda: order.append("other work"))
    qtbot.waitUntil(lambda: not window.running, timeout=SYNC_MS)
    assert order == ["ConflictsView", "other work", "DeletionsView", "MatchesView", "HistoryView", "ErrorsView"]
