"""Driving the wizard and the main window the way a user does: typing, pasting, clicking (pytest-qt); and a
profile set up in the sandbox as the wizard leaves it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from fortsync_gui.clients.fortnox_auth import FortnoxOAuth
from fortsync_gui.engine.defaults import with_defaults
from fortsync_gui.gui.main_window import MainWindow
from fortsync_gui.gui.wizard import PageId, SetupWizard
from fortsync_gui.secrets import SecretKind, SecretStore
from fortsync_gui.store import ProfileSettings, Store, profiles
from tests.engine.conftest import connections

WAIT_MS = 15_000
SYNC_MS = 120_000


# --- driving the wizard like a user -----------------------------------------------------------------------------

def click_next(qtbot: QtBot, wizard: SetupWizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled(), f"Nästa is disabled on {type(wizard.currentPage()).__name__}"
    page = wizard.currentPage()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is not page


def next_enabled(wizard: SetupWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def fill_welcome(qtbot: QtBot, wizard: SetupWizard, name: str = "Kontorsmästarna") -> None:
    page = wizard.page_of(PageId.WELCOME)
    page.name.setText(name)  # QTest types ASCII only
    page.accept_terms.setChecked(True)


def connect_upsales(qtbot: QtBot, wizard: SetupWizard, key: str) -> None:
    page = wizard.page_of(PageId.UPSALES)
    page.key.clear()
    page.key.setText(key)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)


def connect_fortnox(qtbot: QtBot, wizard: SetupWizard, code: str) -> None:
    page = wizard.page_of(PageId.FORTNOX)
    page.code.clear()
    page.code.setText(code)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)


def walk_to_settings(qtbot: QtBot, wizard: SetupWizard, sandbox: Any) -> None:
    fill_welcome(qtbot, wizard)
    click_next(qtbot, wizard)
    connect_upsales(qtbot, wizard, sandbox.info.upsales_token)
    click_next(qtbot, wizard)
    connect_fortnox(qtbot, wizard, sandbox.fortnox.issue_authorization_code())
    click_next(qtbot, wizard)
    page = wizard.page_of(PageId.SETTINGS)
    qtbot.waitUntil(lambda: page.choices is not None, timeout=WAIT_MS)


# --- the main window ----------------------------------------------------------------------------------------------

def add_profile(store: Store, sandbox: Any, secrets: SecretStore, name: str = "demo", **changes: Any) -> None:
    """A profile set up as the wizard leaves it: settings in the store, the key and the sign-in in the keyring."""
    info = sandbox.info
    oauth = FortnoxOAuth(info.fortnox_auth_url, info.fortnox_client_id, info.fortnox_client_secret)
    secrets.set(name, SecretKind.FORTNOX_TOKENS, oauth.exchange_code(sandbox.fortnox.issue_authorization_code())
                .to_json())
    oauth.close()
    secrets.set(name, SecretKind.UPSALES_TOKEN, info.upsales_token)
    secrets.set(name, SecretKind.FORTNOX_CLIENT_SECRET, info.fortnox_client_secret)
    conns = connections(sandbox)
    settings = with_defaults(ProfileSettings(
        upsales_api_url=info.upsales_url, fortnox_api_url=info.fortnox_url, fortnox_auth_url=info.fortnox_auth_url,
        fortnox_client_id=info.fortnox_client_id, send_won_since=date(2000, 1, 1), **changes), conns)
    conns.close()
    with store.session() as session:
        profiles.create_profile(session, name, settings, display_name=f"{name.title()} AB")


def sync(qtbot: QtBot, window: MainWindow) -> None:
    """Click Synka nu and wait until the run is over and every tab shows its result."""
    qtbot.mouseClick(window.sync.sync_button, Qt.MouseButton.LeftButton)
    assert window.running
    qtbot.waitUntil(lambda: not window.running, timeout=SYNC_MS)


def answer_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every warning box is answered Ja; returns the questions asked."""
    asked: list[str] = []

    def warning(parent: Any, title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return asked
