"""The main window with the keyboard and on a small screen (issue 12, defect 9 and the proof): the menus Arkiv, Synk
and Hjälp with Ctrl+R Synka nu, Ctrl+Shift+R Provkör, F5 and Ctrl+Q; an accelerator of its own on every button, field
label, tab and menu; and nothing cut off at 800×600, in the main window or the wizard."""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu
from pytestqt.exceptions import TimeoutError
from pytestqt.qtbot import QtBot

from fortsync_gui.gui.demo import mistype_postal_code
from fortsync_gui.gui.main_window import MainWindow
from fortsync_gui.gui.names import PHASES, name
from fortsync_gui.gui.wizard import Module, PageId
from fortsync_gui.store import EntityKind, Store, conflicts, links, profiles
from tests.engine.conftest import connections

from .conftest import MakeWizard
from .driver import SYNC_MS, WAIT_MS, click_next, connect_fortnox, connect_upsales, fill_welcome, sync
from .keys import activate, mnemonic_problems, press
from .layout import cut_off

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def settled(qtbot: QtBot, root: Any) -> None:
    """Layouts settle over a few event-loop turns (a page's scroll bar appears, the page narrows): wait for that."""
    with contextlib.suppress(TimeoutError):  # the assertion after it says what is cut off
        qtbot.waitUntil(lambda: not cut_off(root), timeout=2000)


def _everything_to_show(qtbot: QtBot, window: MainWindow, sandbox: Any) -> None:
    """Two syncs: conflicts, a duplicate, a deletion to review and a record Fortnox refused."""
    sync(qtbot, window)
    conns = connections(sandbox)
    conns.fortnox.delete_customer("1040")
    conns.close()
    mistype_postal_code(sandbox.info, "Åkerlunds Elektriska AB")
    sync(qtbot, window)
    assert all(view.count for view in (window.conflicts, window.deletions, window.matches, window.errors))


def test_the_menus_and_their_shortcuts(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    assert [a.text() for a in window.menuBar().actions()] == ["&Arkiv", "S&ynk", "&Hjälp"]
    assert [m.title() for m in (window.menus.file, window.menus.sync, window.menus.help)] == [
        "&Arkiv", "S&ynk", "&Hjälp"]
    shortcuts = {a.text(): a.shortcut() for menu in (window.menus.file, window.menus.sync, window.menus.help)
                 for a in menu.actions() if not a.isSeparator()}
    assert shortcuts["&Synka nu"] == QKeySequence("Ctrl+R")
    assert shortcuts["&Provkör (skriver inget)"] == QKeySequence("Ctrl+Shift+R")
    assert shortcuts["&Uppdatera"] == QKeySequence("F5") and shortcuts["&Avsluta"] == QKeySequence("Ctrl+Q")
    added = window.menus.help.addAction("Om Fortsync")  # what other features add: one line
    assert isinstance(window.menus.help, QMenu) and added in window.menus.help.actions()

    activate(qtbot, window)
    press(Qt.Key.Key_R, CTRL | SHIFT)  # Provkör
    assert window.sync.worker is not None and window.sync.worker.request.dry_run
    assert window.tabs.currentWidget() is window.sync.log
    qtbot.waitUntil(lambda: not window.running, timeout=SYNC_MS)
    assert window.sync.phase_label.text() == "Provkörningen klar"
    press(Qt.Key.Key_R, CTRL)  # Synka nu
    assert window.sync.worker is not None and not window.sync.worker.request.dry_run
    qtbot.waitUntil(lambda: not window.running, timeout=SYNC_MS)
    assert window.sync.phase_label.text() == "Synkroniseringen klar"

    before = window.conflicts.count
    with store.session() as session:  # another program (the CLI) found one more meanwhile
        profile_id = profiles.require_profile(session, "demo").id
        link = links.upsert_link(session, profile_id, EntityKind.COMPANY, 99999, 99999)
        conflicts.record_conflict(session, link, "phone", "1", "2", label="Extra AB")
    press(Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not window.running, timeout=WAIT_MS)
    assert window.conflicts.count == before + 1
    assert window.tabs.tabText(window.tabs.indexOf(window.conflicts)) == f"&Konflikter ({before + 1})"
    press(Qt.Key.Key_Q, CTRL)  # Avsluta
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)


def test_every_button_label_tab_and_menu_has_its_own_accelerator(qtbot: QtBot, window: MainWindow,
                                                                   sandbox: Any) -> None:
    _everything_to_show(qtbot, window, sandbox)
    window.deletions.show_guard_stop("guard.threshold", {"count": 30, "threshold": 25})  # its button too
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda: not window.running, timeout=WAIT_MS)
        assert mnemonic_problems(window) == [], window.tabs.tabText(index)


def test_nothing_is_cut_off_at_800_by_600(qtbot: QtBot, window: MainWindow, sandbox: Any) -> None:
    _everything_to_show(qtbot, window, sandbox)
    window.sync.phase_label.setText(name(PHASES, "prepare"))  # the longest phase, as during a sync
    window.resize(800, 600)
    qtbot.waitUntil(lambda: window.size().toTuple() == (800, 600), timeout=WAIT_MS)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda: not window.running, timeout=WAIT_MS)
        settled(qtbot, window)
        assert cut_off(window) == [], window.tabs.tabText(index)


def test_no_wizard_page_is_cut_off_at_800_by_600(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any) -> None:
    wizard = make_wizard()
    wizard.resize(800, 600)
    qtbot.waitUntil(lambda: wizard.size().toTuple() == (800, 600), timeout=WAIT_MS)
    for page_id in PageId:
        if page_id is PageId.UPSALES:
            connect_upsales(qtbot, wizard, sandbox.info.upsales_token)
        if page_id is PageId.FORTNOX:
            connect_fortnox(qtbot, wizard, sandbox.fortnox.issue_authorization_code())
        if page_id is PageId.SETTINGS:
            settings = wizard.page_of(PageId.SETTINGS)
            qtbot.waitUntil(lambda page=settings: page.choices is not None, timeout=WAIT_MS)
            settings.module.setCurrentIndex(settings.module.findData(Module.ORDER_OFFER))
        if page_id is PageId.CHECKS:
            qtbot.waitUntil(wizard.page_of(PageId.CHECKS).isComplete, timeout=WAIT_MS)
        settled(qtbot, wizard)
        assert cut_off(wizard) == [], page_id.name
        if page_id is PageId.WELCOME:
            fill_welcome(qtbot, wizard)
        if page_id is not PageId.DONE:
            click_next(qtbot, wizard)


def test_the_cut_off_check_would_notice(qtbot: QtBot) -> None:
    """The checks above are only worth something if a squeezed window fails them."""
    from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QPushButton, QWidget

    root = QWidget()
    qtbot.addWidget(root)
    row = QHBoxLayout(root)
    row.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # as a screen smaller than the window would
    for text in ("Synkronisera alla profiler nu", "Provkör utan att skriva något", "Exportera historiken"):
        row.addWidget(QPushButton(text, root))
    row.addWidget(QLabel("En lång rad som inte får plats i ett så här smalt fönster", root))
    root.show()
    root.resize(200, 80)
    qtbot.waitUntil(lambda: root.width() == 200, timeout=WAIT_MS)
    assert any("cut off" in problem for problem in cut_off(root))
