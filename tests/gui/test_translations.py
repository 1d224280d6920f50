"""The Swedish translation: complete, compiled, and actually what the user sees on every wizard page."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from pytestqt.qtbot import QtBot

from fortsync_gui.gui.demo import mistype_postal_code
from fortsync_gui.gui.main_window import MainWindow
from fortsync_gui.gui.wizard import Module, PageId, SetupWizard
from tests.engine.conftest import connections

from .conftest import MakeWizard
from .driver import SYNC_MS, WAIT_MS, click_next, connect_fortnox, connect_upsales, fill_welcome, sync
from .texts import ROOT, english_left, messages


def test_ts_has_no_unfinished_or_obsolete_entries() -> None:
    bad = [(ctx, source) for ctx, source, msg in messages()
           if (translation := msg.find("translation")) is None or translation.get("type") is not None
           or not "".join(translation.itertext()).strip()]
    assert bad == []


def test_ts_is_up_to_date_with_the_sources_and_the_qm_with_the_ts() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "i18n.py"), "--check"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_glossary_terms_are_used_consistently() -> None:
    swedish = " ".join("".join(msg.find("translation").itertext()) for _, _, msg in messages()  # type: ignore[union-attr]
                       ).lower()
    for term in ("kund", "företag", "artikel", "produkt", "faktura", "order", "offert", "prislista",
                 "synkronisering"):
        assert term in swedish, term
    for avoided in ("inloggningsuppgift", "kundkonto", "pipeline", "scope"):
        assert avoided not in swedish, avoided


def test_every_wizard_page_is_swedish(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any) -> None:
    wizard = make_wizard()
    seen: list[PageId] = []

    def check(page_id: PageId) -> None:
        assert wizard.currentId() == page_id
        assert english_left(wizard) == [], page_id.name
        seen.append(page_id)

    check(PageId.WELCOME)
    fill_welcome(qtbot, wizard)
    click_next(qtbot, wizard)
    check(PageId.UPSALES)
    connect_upsales(qtbot, wizard, "fel")
    check(PageId.UPSALES)
    connect_upsales(qtbot, wizard, sandbox.info.upsales_token)
    check(PageId.UPSALES)
    click_next(qtbot, wizard)
    check(PageId.FORTNOX)
    connect_fortnox(qtbot, wizard, "fel")
    check(PageId.FORTNOX)
    connect_fortnox(qtbot, wizard, sandbox.fortnox.issue_authorization_code())
    click_next(qtbot, wizard)
    settings = wizard.page_of(PageId.SETTINGS)
    qtbot.waitUntil(lambda: settings.choices is not None, timeout=WAIT_MS)
    settings.module.setCurrentIndex(settings.module.findData(Module.ORDER_OFFER))
    settings.lost_stage.setCurrentIndex(settings.lost_stage.findData(settings.won_stage.currentData()))
    check(PageId.SETTINGS)  # with a validation message showing
    settings.lost_stage.setCurrentIndex(settings.lost_stage.findText("Förlorad (0 %)"))
    click_next(qtbot, wizard)
    checks = wizard.page_of(PageId.CHECKS)
    qtbot.waitUntil(lambda: checks.checks is not None, timeout=WAIT_MS)
    check(PageId.CHECKS)
    click_next(qtbot, wizard)
    check(PageId.DONE)
    assert seen[-1] is PageId.DONE and set(seen) == set(PageId)


def test_the_main_window_and_every_tab_of_the_sync_view_are_swedish(qtbot: QtBot, window: MainWindow,
                                                                     sandbox: Any) -> None:
    """After two syncs every tab has something to show: conflicts, a duplicate, a deletion, a failed record."""
    assert english_left(window) == []
    sync(qtbot, window)
    conns = connections(sandbox)
    conns.fortnox.delete_customer("1040")
    conns.close()
    mistype_postal_code(sandbox.info, "Åkerlunds Elektriska AB")
    sync(qtbot, window)
    assert all(view.count for view in (window.conflicts, window.deletions, window.matches, window.errors))
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        assert english_left(window) == [], window.tabs.tabText(index)
    window.tabs.setCurrentWidget(window.history)
    window.history.runs_table.selectRow(1)
    qtbot.waitUntil(lambda: not window.history.loading, timeout=SYNC_MS)
    assert window.history.items_model.rowCount() > 50 and english_left(window) == []
    log = window.tabs.indexOf(window.sync.log)
    window.tabs.setTabText(log, "Log")  # and the scan would notice English in a tab title or a log line
    window.tabs.setCurrentIndex(log)
    window.sync.log.appendPlainText("12:00:00  Företag · Demo AB: failed")
    assert {"Log", "failed"} <= set(english_left(window))


def test_english_would_be_caught(qtbot: QtBot, make_wizard: MakeWizard) -> None:
    """The walk above is only worth something if it notices English: show a source string and expect it found."""
    wizard: SetupWizard = make_wizard()
    welcome = wizard.page_of(PageId.WELCOME)
    welcome.accept_terms.setText("I accept the terms")
    welcome.name_error.setText("There is already a profile with this name. Choose another name.")
    welcome.name_error.show()
    assert set(english_left(wizard)) == {"I accept the terms",
                                          "There is already a profile with this name. Choose another name."}
