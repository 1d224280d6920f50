"""Syncing from the main window against the time-scaled sandbox: Synka nu with phase, progress, counts and a live
log; Provkör; Avbryt; conflicts, deletions and the mass-deletion guard decided through their tabs; Historik with
drill-down and CSV export; Fel with the reason and what to do. (Every tab in Swedish: test_translations.py.)"""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSlider, QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from fortsync_gui.engine.api import Phase, Weight
from fortsync_gui.gui import sync_view
from fortsync_gui.gui.demo import mistype_postal_code
from fortsync_gui.gui.main_window import MainWindow
from fortsync_gui.secrets import SecretStore
from fortsync_gui.store import (
    Action,
    ConflictStatus,
    DeletionStatus,
    EntityKind,
    Outcome,
    RunStatus,
    Side,
    Store,
    conflicts,
    deletions,
    locks,
    runs,
)
from tests.conftest import TIME_SCALE
from tests.engine.conftest import connections

from .conftest import RecordingKeyring
from .driver import SYNC_MS, WAIT_MS, add_profile, answer_yes, sync
from .texts import english_left


def test_sync_from_the_view_shows_phases_progress_counts_and_a_live_log(qtbot: QtBot, window: MainWindow) -> None:
    assert window.last_sync.text() == "Senaste synk: aldrig"
    phases: list[str] = []
    progress: list[str] = []
    qtbot.mouseClick(window.sync.sync_button, Qt.MouseButton.LeftButton)
    view = window.sync
    assert view.worker is not None and not view.sync_button.isEnabled() and view.cancel_button.isEnabled()
    window.sync.worker.phase_changed.connect(lambda phase: phases.append(window.sync.phase_label.text()))
    window.sync.worker.progressed.connect(lambda done, total: progress.append(window.sync.progress.text()))
    qtbot.waitUntil(lambda: not window.running, timeout=SYNC_MS)
    assert window.sync.phase_label.text() == "Synkroniseringen klar"
    assert {"Företag och kunder", "Produkter", "Fakturor, order och offerter"} <= set(phases)
    assert any(" av " in text for text in progress)
    assert "Företag: " in window.sync.result_label.text() and "skapade" in window.sync.result_label.text()
    log = window.sync.log.toPlainText()
    assert "Företag · " in log and ": skapad" in log and log.count("\n") > 50
    assert ("Företag · Bergström Bygg AB: konflikt i fältet Namn – Upsales: Bergströms Bygg AB, Fortnox: Bergström "
            "Bygg AB" in log)
    assert window.tabs.tabText(window.tabs.indexOf(window.conflicts)).startswith("&Konflikter (")
    assert window.upsales_state.text() == "Upsales: ansluten" and window.last_sync.text().startswith("Senaste synk: 2")
    assert window.history.runs_table.rowCount() == 1 and window.history.items_model.rowCount() > 50


def test_progress_shows_counts_and_the_engines_weighted_eta(window: MainWindow,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]  # the view's clock is injected: the estimate depends on the run's age, not on this machine
    monkeypatch.setattr(sync_view, "time", SimpleNamespace(monotonic=lambda: now[0], strftime=time.strftime))
    view = window.sync
    view._estimate.reset()

    def progress(done: int, total: int, weight: Weight) -> str:
        view._on_weight(weight)
        view._on_progress(done, total)
        return view.progress.format()  # (text() is empty while the bar is busy)

    assert progress(1, 40, Weight(0.0, 20.0)) == "1 av 40"  # the first action: the clock starts
    now[0] += 1
    assert progress(10, 40, Weight(2.0, 20.0)) == "10 av 40"  # too early to guess
    now[0] += 9
    # 10 s for 5 of 20 expected seconds: 30 s left, whatever share of the actions that is
    assert progress(11, 40, Weight(5.0, 20.0)) == "11 av 40 – ca 30 sekunder kvar"
    assert progress(12, 40, Weight(1.0, 50.0)) == "12 av 40 – ca 8 minuter kvar"
    view._estimate.reset()  # a new run, whose first part is written while the rest is read
    view._share = 0.0
    assert progress(1, 10, Weight(0.0, 5.0, complete=False)) == "1 av 10"
    assert view.progress.maximum() == 0  # busy: how far the run is, is not known yet
    now[0] += 3
    assert progress(5, 10, Weight(2.0, 5.0, complete=False)) == "5 av 10"  # the planned part is no estimate of the run
    # the reading of the rest has sized itself: the total is a forecast of the whole run, the clock starts again
    assert progress(6, 10, Weight(0.0, 40.0, complete=False, forecast=True)) == "6 av 10"
    now[0] += 4
    # 4 s for 10 of the 37.5 expected seconds after the reading's first half window (which the limit lets through
    # at once): 11 s left, though all the planned actions are done
    assert progress(10, 10, Weight(12.5, 40.0, complete=False, forecast=True)) == "10 av 10 – ca 11 sekunder kvar"
    assert (view.progress.value(), view.progress.maximum()) == (312, 1000)  # the bar follows the weight
    now[0] += 1
    # the rest is planned (more than forecast): the weight done carries over, the pace too; the bar does not go back
    assert progress(10, 25, Weight(12.5, 52.5)) == "10 av 25 – ca 20 sekunder kvar"
    assert view.progress.value() == 312
    assert progress(20, 25, Weight(32.5, 52.5)) == "20 av 25 – ca 3 sekunder kvar"
    assert view.progress.value() == 619


class _Paints(QObject):
    """Counts the paint events of the widget it watches."""

    def __init__(self, watched: QObject) -> None:
        super().__init__()
        self.count = 0
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        self.count += event.type() == QEvent.Type.Paint
        return False


def test_progress_signals_do_not_each_repaint_the_bar(qtbot: QtBot, window: MainWindow) -> None:
    """QProgressBar repaints there and then, on the GUI thread, when its value moves: a run sends hundreds of
    progress signals, which are painted with the window's next update instead."""
    view = window.sync
    view.progress.show()  # as from a run's start
    qtbot.waitExposed(window)
    QApplication.processEvents()
    paints = _Paints(view.progress)
    view._on_phase(Phase.COMPANIES)  # busy: a new range resets the bar
    for done in range(1, 21):  # a preview: its actions
        view._on_progress(done, 20)
    assert paints.count == 0 and (view.progress.value(), view.progress.maximum()) == (20, 20)
    qtbot.waitUntil(lambda: paints.count > 0, timeout=WAIT_MS)  # the bar is painted all the same, once it is due


def test_preview_writes_nothing_and_says_what_would_happen(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(window.sync.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.running, timeout=SYNC_MS)
    assert window.sync.phase_label.text() == "Provkörningen klar"
    assert "att skapa" in window.sync.result_label.text()
    assert "skulle skapas" in window.sync.log.toPlainText()
    assert window.history.runs_table.item(0, 2).text() == "Klar (provkörning)"


def test_cancel_stops_between_actions(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(window.sync.sync_button, Qt.MouseButton.LeftButton)
    assert window.sync.worker is not None
    qtbot.waitUntil(lambda: window.sync.log.blockCount() > 5, timeout=SYNC_MS)
    qtbot.mouseClick(window.sync.cancel_button, Qt.MouseButton.LeftButton)
    assert window.sync.phase_label.text() == "Avbryter efter pågående steg…"
    qtbot.waitUntil(lambda: not window.running, timeout=SYNC_MS)
    assert window.sync.phase_label.text() == "Stoppad"
    assert "Synkroniseringen avbröts" in window.sync.result_label.text()
    assert window.sync.sync_button.isEnabled()


def test_conflict_resolved_in_the_tab_is_written_by_the_next_sync(qtbot: QtBot, window: MainWindow,
                                                                  store: Store) -> None:
    sync(qtbot, window)
    view = window.conflicts
    assert view.count > 0 and view.table.rowCount() == view.count
    first = view._ids[0]
    assert not view.take_fortnox.isEnabled()
    view.table.selectRow(0)
    view.remember.setChecked(True)
    qtbot.mouseClick(view.take_fortnox, Qt.MouseButton.LeftButton)
    with store.session() as session:
        decided = session.get(conflicts.Conflict, first)
        assert decided is not None and decided.status is ConflictStatus.RESOLVED and decided.resolution is Side.FORTNOX
        assert conflicts.field_rules(session, 1, decided.kind)[decided.field] is Side.FORTNOX
    sync(qtbot, window)
    with store.session() as session:
        assert session.get(conflicts.Conflict, first).applied_at is not None


def test_r8_deleted_customer_is_reviewed_and_the_company_deleted_only_when_confirmed(
        qtbot: QtBot, window: MainWindow, sandbox: Any, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    sync(qtbot, window)
    conns = connections(sandbox)
    conns.fortnox.delete_customer("1040")
    sync(qtbot, window)
    view = window.deletions
    assert view.count == 1 and window.tabs.tabText(window.tabs.indexOf(view)) == "B&orttagningar (1)"
    text = view.table.item(0, 1).text()
    assert text.startswith("Kunden 1040 togs bort i Fortnox — kundnumret har tagits bort från företaget ")
    assert text.endswith("Ta bort företaget i Upsales också?")
    asked = answer_yes(monkeypatch)
    view.table.selectRow(0)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert asked and "Det går inte att ångra" in asked[0]
    assert view.table.item(0, 0).text() == "Bekräftad: tas bort vid nästa synkronisering"
    with store.session() as session:
        (confirmed,) = deletions.list_deletions(session, 1, (DeletionStatus.CONFIRMED,))
        account_id = int(confirmed.upsales_id or 0)
    assert account_id in {a.id for a in conns.upsales.iter_accounts()}
    sync(qtbot, window)
    assert account_id not in {a.id for a in conns.upsales.iter_accounts()}
    conns.close()


def test_guard_stop_is_explained_and_can_be_let_through_once(qtbot: QtBot, sandbox: Any, store: Store,
                                                             recording_keyring: RecordingKeyring,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    secrets = SecretStore(recording_keyring)
    add_profile(store, sandbox, secrets, deletion_threshold=1)
    window = MainWindow(store, secrets, lambda name: None, sync_env={"FORTSYNC_RATE_SCALE": str(TIME_SCALE)})
    qtbot.addWidget(window)
    window.show()
    sync(qtbot, window)
    conns = connections(sandbox)
    for number in ("1040", "1041"):
        conns.fortnox.delete_customer(number)
    conns.close()
    sync(qtbot, window)
    assert window.sync.phase_label.text() == "Stoppad" and window.tabs.currentWidget() is window.deletions
    assert window.sync.result_label.text().startswith("Stoppad innan något skrevs")
    assert window.deletions.banner.isVisible()
    assert "skulle ha tagit bort eller avlänkat 2 poster, fler än gränsen 1" in window.deletions.banner_text.text()
    asked = answer_yes(monkeypatch)
    qtbot.mouseClick(window.deletions.allow_once, Qt.MouseButton.LeftButton)
    assert asked  # an explicit confirmation before the rerun
    qtbot.waitUntil(lambda: not window.running, timeout=SYNC_MS)
    assert window.sync.phase_label.text() == "Synkroniseringen klar"
    assert window.deletions.count == 2 and not window.deletions.banner.isVisible()


def test_history_drills_down_into_each_run_and_exports_it_as_csv_for_excel(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sync(qtbot, window)
    sync(qtbot, window)
    history = window.history
    window.tabs.setCurrentWidget(history)
    assert history.runs_table.rowCount() == 2 and history.selected_run().id == 2
    assert 0 < history.items_model.rowCount() < 10  # run 2's few lines, not run 1's that were on screen before
    history.runs_table.selectRow(1)
    assert history.loading
    qtbot.waitUntil(lambda: not history.loading, timeout=SYNC_MS)
    model = history.items_model
    assert model.rowCount() > 50
    assert {model.text(row, 2) for row in range(model.rowCount())} >= {"skapad", "länkad", "konflikt"}
    assert english_left(window) == []
    target = tmp_path / "korning.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), "CSV-filer (*.csv)"))
    qtbot.mouseClick(history.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not history.exporting, timeout=SYNC_MS)
    assert history.message.text() == f"Körningen sparades som {target}."
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == model.rowCount() + 1
    history.export(str(tmp_path / "saknas" / "korning.csv"))
    qtbot.waitUntil(lambda: not history.exporting, timeout=SYNC_MS)
    assert history.message.text().startswith("Filen kunde inte sparas (")


def test_a_record_fortnox_refuses_is_listed_under_fel_with_what_to_do(qtbot: QtBot, window: MainWindow,
                                                                      sandbox: Any) -> None:
    sync(qtbot, window)
    assert window.errors.count == 0 and window.errors.heading.text().startswith("Inget misslyckades")
    mistype_postal_code(sandbox.info, "Åkerlunds Elektriska AB")
    sync(qtbot, window)
    assert window.sync.phase_label.text() == "Misslyckades"
    assert window.sync.result_label.text().startswith("Några poster kunde inte synkroniseras. Fliken Fel visar dem")
    said = "Fortnox godtog inte posten: Värdet i fältet Postnummer får vara högst 10 tecken långt."
    assert f"Företag · Åkerlunds Elektriska AB: misslyckades – {said}" in window.sync.log.toPlainText()
    assert window.tabs.tabText(window.tabs.indexOf(window.errors)) == "&Fel (1)"
    table = window.errors.table
    assert [table.item(0, c).text() for c in range(3)] == ["Företag", "Uppdatera", "Åkerlunds Elektriska AB"]
    assert table.item(0, 3).text() == f"{said} Rätta den i Upsales eller Fortnox och synka igen."
    assert window.errors.heading.text().startswith("1 post kunde inte synkroniseras i körningen")
    window.tabs.setCurrentWidget(window.errors)
    assert english_left(window) == []
    qtbot.mouseClick(window.sync.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.running, timeout=SYNC_MS)
    assert window.errors.count == 1  # a preview does not hide what the last sync could not do


def test_errors_tab_explains_a_skipped_document(window: MainWindow, store: Store) -> None:
    with store.session() as session:
        assert locks.acquire(session, 1, "test")
        run = runs.start_run(session, 1, owner="test")
        for label in ("Kontorsstolar", "Skrivbord"):
            runs.record_item(session, run.id, EntityKind.INVOICE, Action.CREATE, Outcome.FAILED, upsales_id="9",
                             label=label, error_key="document.number_not_found")
        runs.finish_run(session, run.id, RunStatus.FAILED, message_key="run.items_failed")
        locks.release(session, 1, "test")
    window.errors.refresh()
    window._update_tab_titles()
    assert window.tabs.tabText(window.tabs.indexOf(window.errors)) == "&Fel (2)"
    assert window.errors.table.item(0, 2).text() == "Kontorsstolar"
    assert window.errors.table.item(0, 3).text().startswith("Affären anger ett dokumentnummer som inte finns")
    assert window.errors.heading.text().startswith("2 poster kunde inte synkroniseras")


def test_the_log_follows_new_lines_even_when_they_wrap(qtbot: QtBot, window: MainWindow) -> None:
    """Issue 12, defect 6: at the default size a wrapped line made the log stop following; now it follows until the
    user scrolls up to read, and again once they are back at the end."""
    assert window.size().toTuple() == (980, 640)  # the default size
    view, bar = window.sync, window.sync.log.verticalScrollBar()
    sync(qtbot, window)  # the first sync: its summary, the last line, wraps at this width
    assert window.tabs.currentWidget() is view.log
    QApplication.processEvents()
    assert bar.maximum() > 50
    qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=WAIT_MS)  # was: 1 of 91
    said = "Fortnox godtog inte posten: Värdet i fältet Postnummer får vara högst 10 tecken långt. " * 3
    bar.triggerAction(QAbstractSlider.SliderAction.SliderToMinimum)  # the user scrolls up to read
    qtbot.waitUntil(lambda: not view.following, timeout=WAIT_MS)
    view._append("Produkt · Kontorsstol: skapad")
    QApplication.processEvents()
    assert bar.value() == 0  # left where the user reads
    bar.triggerAction(QAbstractSlider.SliderAction.SliderToMaximum)  # back at the end: following again
    qtbot.waitUntil(lambda: view.following, timeout=WAIT_MS)
    for n in range(20):
        view._append(f"Order · Order {n}: skapad – {said}")
    QApplication.processEvents()
    qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=WAIT_MS)


def test_a_run_that_failed_before_writing_says_nothing_was_written_not_all_in_sync(window: MainWindow) -> None:
    from fortsync_gui.engine.api import MessageKey, RunSummary

    failed = window.sync._result_text(RunSummary(7, "failed", False, message_key=MessageKey.UPSALES_AUTH))
    assert failed.endswith("Inget skrevs.") and "synkroniserat" not in failed
    assert window.sync._result_text(RunSummary(8, "ok", False)).startswith("Inget att göra")
