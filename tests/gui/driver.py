"""Driving the wizard the way a user does: typing, pasting, clicking (pytest-qt)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from fortsync_gui.gui.wizard import PageId, SetupWizard

WAIT_MS = 15_000


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
