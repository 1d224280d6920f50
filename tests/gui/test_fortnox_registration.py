"""The wizard's Fortnox page without environment variables: a copy of Fortsync without a built-in app registration
sends the user to Avancerat, where a bureau enters its own app (kept with the profile: the id in its settings, the
secret in the keyring); "Logga in i Fortnox" on its fixed port, with a clear way out when that port is taken."""

from __future__ import annotations

import socket
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QUrl
from pytestqt.qtbot import QtBot

from fortsync_gui.gui.widgets import Status
from fortsync_gui.gui.wizard import Endpoints, PageId

from .conftest import MakeWizard, RecordingKeyring
from .driver import WAIT_MS, click_next, connect_upsales, fill_welcome
from .texts import english_left


def _fortnox_page(qtbot: QtBot, wizard: Any, sandbox: Any) -> Any:
    fill_welcome(qtbot, wizard)
    click_next(qtbot, wizard)
    connect_upsales(qtbot, wizard, sandbox.info.upsales_token)
    click_next(qtbot, wizard)
    return wizard.page_of(PageId.FORTNOX)


def test_without_a_built_in_app_a_bureau_enters_its_own(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any,
                                                        endpoints: Endpoints,
                                                        recording_keyring: RecordingKeyring) -> None:
    wizard = make_wizard(endpoints=replace(endpoints, fortnox_client_id=""), fortnox_client_secret="",
                         own_fortnox_app=False)
    page = _fortnox_page(qtbot, wizard, sandbox)
    assert not page.advanced_box.isChecked()
    page.code.setText(sandbox.fortnox.issue_authorization_code())
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    assert page.status.status is Status.ERROR and "Avancerat" in page.status.text()
    assert "FORTSYNC_" not in page.status.text()  # nobody is asked for environment variables
    assert page.advanced_box.isChecked()
    page.own_client_id.setText(sandbox.info.fortnox_client_id)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    assert page.status.status is Status.ERROR and "både klient-id och klienthemlighet" in page.status.text()
    page.own_client_secret.setText(sandbox.info.fortnox_client_secret)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    assert page.status.status is Status.OK, page.status.text()
    assert wizard.context.endpoints.fortnox_client_id == sandbox.info.fortnox_client_id  # saved with the profile
    assert ("Kontorsmästarna:fortnox-client-secret", sandbox.info.fortnox_client_secret) in recording_keyring.writes
    assert english_left(page) == []


def test_the_fixed_port_taken_says_to_paste_the_code(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    opened: list[QUrl] = []
    try:
        wizard = make_wizard(loopback_port=port, open_url=lambda url: opened.append(url) or True)
        page = _fortnox_page(qtbot, wizard, sandbox)
        qtbot.mouseClick(page.login_button, Qt.MouseButton.LeftButton)
        assert page.status.status is Status.ERROR and f"port {port}" in page.status.text()
        assert "Klistra in API-koden" in page.status.text() and opened == []  # no browser for a sign-in that fails
        page.advanced_box.setChecked(True)
        assert f"http://127.0.0.1:{port}/fortsync/fortnox-callback" in page.redirect_note.text()
    finally:
        taken.close()
