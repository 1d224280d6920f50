"""The wizard with the keyboard (issue 12, defects 2, 5 and 9): each page opens with the focus in its first field, Enter
in the key or code field runs its test, a test started with Space never sends the focus (and the next Enter) back a
page, Inställningar fetches its lists again ("Hämta igen", F5), and every button and field label has an accelerator."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QWizard
from pytestqt.qtbot import QtBot

from fortsync_gui.gui.widgets import Status
from fortsync_gui.gui.wizard import Module, PageId, SetupWizard

from .conftest import MakeWizard
from .driver import WAIT_MS, click_next, connect_fortnox, connect_upsales, fill_welcome, next_enabled, walk_to_settings
from .keys import activate, focused, mnemonic_problems, press, type_text


def _focus_lands_on(qtbot: QtBot, wizard: SetupWizard, widget: Any) -> None:
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=WAIT_MS)
    assert not isinstance(QApplication.focusWidget(), QScrollArea)


def test_each_page_opens_with_the_focus_in_its_first_field(qtbot: QtBot, make_wizard: MakeWizard,
                                                           sandbox: Any) -> None:
    wizard = make_wizard()
    activate(qtbot, wizard)
    _focus_lands_on(qtbot, wizard, wizard.page_of(PageId.WELCOME).name)
    fill_welcome(qtbot, wizard)
    click_next(qtbot, wizard)
    _focus_lands_on(qtbot, wizard, wizard.page_of(PageId.UPSALES).key.edit)
    connect_upsales(qtbot, wizard, sandbox.info.upsales_token)
    click_next(qtbot, wizard)
    _focus_lands_on(qtbot, wizard, wizard.page_of(PageId.FORTNOX).code.edit)
    connect_fortnox(qtbot, wizard, sandbox.fortnox.issue_authorization_code())
    click_next(qtbot, wizard)
    settings = wizard.page_of(PageId.SETTINGS)
    qtbot.waitUntil(lambda: settings.choices is not None, timeout=WAIT_MS)
    _focus_lands_on(qtbot, wizard, settings.module)
    click_next(qtbot, wizard)
    checks = wizard.page_of(PageId.CHECKS)
    qtbot.waitUntil(checks.isComplete, timeout=WAIT_MS)
    _focus_lands_on(qtbot, wizard, wizard.button(QWizard.WizardButton.NextButton))  # nothing to fill in: Nästa
    click_next(qtbot, wizard)
    _focus_lands_on(qtbot, wizard, wizard.page_of(PageId.DONE).start_sync)


def test_space_on_test_connection_keeps_the_focus_going_forward(qtbot: QtBot, make_wizard: MakeWizard,
                                                                  sandbox: Any) -> None:
    """Tab to "Testa anslutning", Space: the focus never falls to "< Tillbaka"; after the test Enter goes on."""
    wizard = make_wizard()
    activate(qtbot, wizard)
    fill_welcome(qtbot, wizard)
    click_next(qtbot, wizard)
    page = wizard.page_of(PageId.UPSALES)
    _focus_lands_on(qtbot, wizard, page.key.edit)
    type_text(sandbox.info.upsales_token)
    page.test_button.setFocus()
    press(Qt.Key.Key_Space)
    assert page.busy
    assert focused() is not wizard.button(QWizard.WizardButton.BackButton)
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    assert page.status.status is Status.OK
    assert focused() is wizard.button(QWizard.WizardButton.NextButton)
    press(Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.FORTNOX  # forward, never back to Välkommen


def test_enter_in_the_key_and_code_fields_runs_the_test_then_goes_on(qtbot: QtBot, make_wizard: MakeWizard,
                                                                    sandbox: Any) -> None:
    wizard = make_wizard()
    activate(qtbot, wizard)
    fill_welcome(qtbot, wizard)
    click_next(qtbot, wizard)
    upsales = wizard.page_of(PageId.UPSALES)
    _focus_lands_on(qtbot, wizard, upsales.key.edit)
    press(Qt.Key.Key_Return)  # nothing pasted yet: says what to do, stays
    assert upsales.status.text() == "Klistra in API-nyckeln från Upsales först." and wizard.currentId() == 1
    type_text("fel-nyckel")
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not upsales.busy, timeout=WAIT_MS)
    assert upsales.status.status is Status.ERROR and focused() is upsales.key.edit  # to correct it
    upsales.key.clear()
    type_text(sandbox.info.upsales_token)
    press(Qt.Key.Key_Return)
    assert upsales.busy and wizard.currentId() == PageId.UPSALES  # Enter tested the key, it did not press Nästa
    qtbot.waitUntil(lambda: not upsales.busy, timeout=WAIT_MS)
    assert upsales.status.status is Status.OK
    press(Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.FORTNOX
    fortnox = wizard.page_of(PageId.FORTNOX)
    _focus_lands_on(qtbot, wizard, fortnox.code.edit)
    type_text(sandbox.fortnox.issue_authorization_code())
    press(Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: not fortnox.busy, timeout=WAIT_MS)
    assert fortnox.status.status is Status.OK and wizard.currentId() == PageId.FORTNOX
    press(Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.SETTINGS


def test_every_button_and_field_label_of_every_page_has_its_own_accelerator(qtbot: QtBot, make_wizard: MakeWizard,
                                                                           sandbox: Any) -> None:
    wizard = make_wizard()
    seen = []
    for page_id in PageId:
        if page_id is PageId.UPSALES:
            connect_upsales(qtbot, wizard, sandbox.info.upsales_token)  # the duplicate choice shows too
        if page_id is PageId.SETTINGS:
            qtbot.waitUntil(lambda: wizard.page_of(PageId.SETTINGS).choices is not None, timeout=WAIT_MS)
            settings = wizard.page_of(PageId.SETTINGS)
            settings.module.setCurrentIndex(settings.module.findData(Module.ORDER_OFFER))
        if page_id is PageId.CHECKS:
            qtbot.waitUntil(wizard.page_of(PageId.CHECKS).isComplete, timeout=WAIT_MS)
        assert wizard.currentId() == page_id
        assert mnemonic_problems(wizard) == [], page_id.name
        seen.append(page_id)
        if page_id is PageId.WELCOME:
            fill_welcome(qtbot, wizard)
        if page_id is PageId.FORTNOX:
            connect_fortnox(qtbot, wizard, sandbox.fortnox.issue_authorization_code())
        if page_id is not PageId.DONE:
            click_next(qtbot, wizard)
    assert seen == list(PageId)
    wizard.reject()  # and the question asked when closing
    assert wizard.close_question is not None
    assert mnemonic_problems(wizard.close_question) == []


def test_settings_fetch_the_lists_again_and_say_when_no_won_stage_exists(qtbot: QtBot, make_wizard: MakeWizard,
                                                                         sandbox: Any) -> None:
    """Defect 5: after the user fixed something in Upsales, "Hämta igen" (or F5) reads stages, users and price lists
    again and keeps the choices made; without a 100 % stage the page says one must be created in Upsales."""
    wizard = make_wizard()
    walk_to_settings(qtbot, wizard, sandbox)
    page = wizard.page_of(PageId.SETTINGS)
    page.price_list.setCurrentIndex(page.price_list.findData("B"))
    store = sandbox.upsales.store
    for stage in list(store.tenant.stages.values()):
        if stage["probability"] == 100:
            store.save_stage(str(stage["id"]), {"probability": 90})
    qtbot.mouseClick(page.reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.choices is not None, timeout=WAIT_MS)
    error = page.errors["won_stage"]
    assert error.isVisible() and error.text().startswith("Upsales har ingen fas med 100 % sannolikhet")
    assert "Skapa en fas med 100 % i Upsales" in error.text() and "Hämta igen" in error.text()
    assert not next_enabled(wizard)
    assert page.price_list.currentData() == "B"  # kept

    won = store.save_stage(None, {"name": "Vunnen", "probability": 100})
    activate(qtbot, wizard)
    page.module.setFocus()
    press(Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: page.choices is not None and not page.busy, timeout=WAIT_MS)
    assert page.won_stage.currentText() == "Vunnen (100 %)" and page.won_stage.currentData() == won["id"]
    assert error.isHidden() and next_enabled(wizard)
    assert page.price_list.currentData() == "B"
    assert "&" in page.reload_button.text() and page.reload_button.text().replace("&", "") == "Hämta igen"
