"""Issue 12's proof: the whole way from the first start to a decided conflict and a second sync with key presses
alone. Every key goes to whatever has the focus, as a user's would; no widget is clicked or set from the test."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from fortsync_gui.gui.controller import AppController, Environment
from fortsync_gui.gui.profiles import StoreProfiles
from fortsync_gui.gui.widgets import Status
from fortsync_gui.gui.wizard import Endpoints, PageId
from fortsync_gui.secrets import SecretStore
from tests.conftest import TIME_SCALE

from .conftest import RecordingKeyring
from .driver import SYNC_MS, WAIT_MS
from .keys import activate, focused, press, tab_to, type_text

ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier
RETURN = Qt.Key.Key_Return


def test_the_wizard_and_a_sync_with_key_presses_alone(qtbot: QtBot, sandbox: Any,
                                                      recording_keyring: RecordingKeyring, profiles: StoreProfiles,
                                                      endpoints: Endpoints) -> None:
    controller = AppController(Environment(
        secrets=SecretStore(recording_keyring), profiles=profiles, endpoints=endpoints,
        fortnox_client_secret=sandbox.info.fortnox_client_secret, own_fortnox_app=True,
        sync_env={"FORTSYNC_RATE_SCALE": str(TIME_SCALE)}))
    controller.start()  # the first start: the wizard
    wizard = controller.wizard
    assert wizard is not None
    qtbot.addWidget(wizard)
    activate(qtbot, wizard)
    next_button = wizard.button(QWizard.WizardButton.NextButton)

    # Välkommen: the name, Alt+G "Jag godkänner villkoren", Enter
    welcome = wizard.page_of(PageId.WELCOME)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is welcome.name, timeout=WAIT_MS)
    type_text("Kontorsmastarna")
    press(Qt.Key.Key_G, ALT)
    qtbot.waitUntil(welcome.accept_terms.isChecked, timeout=WAIT_MS)
    press(RETURN)
    assert wizard.currentId() == PageId.UPSALES

    # Upsales: paste the key, Enter tests it, Enter goes on
    upsales = wizard.page_of(PageId.UPSALES)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is upsales.key.edit, timeout=WAIT_MS)
    type_text(sandbox.info.upsales_token)
    press(RETURN)
    qtbot.waitUntil(lambda: upsales.status.status is Status.OK and focused() is next_button, timeout=WAIT_MS)
    press(RETURN)
    assert wizard.currentId() == PageId.FORTNOX

    # Fortnox: the API code, Enter tests it, Enter goes on
    fortnox = wizard.page_of(PageId.FORTNOX)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is fortnox.code.edit, timeout=WAIT_MS)
    type_text(sandbox.fortnox.issue_authorization_code())
    press(RETURN)
    qtbot.waitUntil(lambda: fortnox.status.status is Status.OK and focused() is next_button, timeout=WAIT_MS)
    press(RETURN)
    assert wizard.currentId() == PageId.SETTINGS

    # Inställningar: the lists arrive, the module is chosen with the arrow keys, Enter goes on
    settings = wizard.page_of(PageId.SETTINGS)
    qtbot.waitUntil(lambda: settings.isComplete() and focused() is settings.module, timeout=WAIT_MS)
    press(Qt.Key.Key_Down)  # Bara faktura -> Bara order
    assert settings.module.currentText() == "Bara order"
    press(RETURN)
    assert wizard.currentId() == PageId.CHECKS

    # Kontroller: once they are through, Nästa has the focus
    checks = wizard.page_of(PageId.CHECKS)
    qtbot.waitUntil(lambda: checks.isComplete() and focused() is next_button, timeout=WAIT_MS)
    press(RETURN)
    assert wizard.currentId() == PageId.DONE

    # Klart: "Starta den första synkroniseringen nu" is checked; Enter is Färdig
    done = wizard.page_of(PageId.DONE)
    qtbot.waitUntil(lambda: focused() is done.start_sync, timeout=WAIT_MS)
    assert done.start_sync.isChecked()
    press(RETURN)
    window = controller.window
    assert window is not None and window.isVisible()
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.running, timeout=SYNC_MS)
    assert window.sync.phase_label.text() == "Synkroniseringen klar", window.sync.result_label.text()
    assert window.conflicts.count > 0

    # The main window: Alt+K Konflikter, Tab to the list, Down selects the first, Alt+N "Använd Fortnox"
    activate(qtbot, window)
    press(Qt.Key.Key_K, ALT)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.conflicts, timeout=WAIT_MS)
    tab_to(qtbot, window.conflicts.table)
    press(Qt.Key.Key_Down)
    assert len(window.conflicts.table.selectionModel().selectedRows()) == 1
    before = window.conflicts.count
    press(Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: window.conflicts.count == before - 1, timeout=WAIT_MS)
    assert window.conflicts.status.text().startswith("Avgjort: ")

    # Ctrl+Shift+R Provkör, Ctrl+R Synka nu (which writes the decision), Ctrl+Q Avsluta
    press(Qt.Key.Key_R, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not window.running, timeout=SYNC_MS)
    assert window.sync.phase_label.text() == "Provkörningen klar"
    press(Qt.Key.Key_R, CTRL)
    assert window.sync.worker is not None
    qtbot.waitUntil(lambda: not window.running, timeout=SYNC_MS)
    assert window.sync.phase_label.text() == "Synkroniseringen klar"
    assert window.conflicts.decided_table.rowCount() == 0  # written by this sync
    press(Qt.Key.Key_Q, CTRL)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    controller.close()
