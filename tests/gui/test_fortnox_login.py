"""R2: "Logga in i Fortnox" opens the browser on the sandbox's consent page and captures the code itself."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import Qt, QUrl
from pytestqt.qtbot import QtBot

from fortsync_gui.gui.widgets import Status
from fortsync_gui.gui.wizard import PageId
from tests.unit.test_fortnox_loopback import click_in_browser

from .conftest import MakeWizard, RecordingKeyring
from .driver import WAIT_MS, click_next, connect_upsales, fill_welcome, next_enabled


class Browser:
    """Stands in for ``QDesktopServices.openUrl``: a user who clicks ``button`` on the page (or nothing)."""

    def __init__(self, button: str | None = "Godkänn") -> None:
        self.button = button
        self.opened: list[str] = []
        self.visits: list[Future[Any]] = []
        self._pool = ThreadPoolExecutor(1)

    def __call__(self, url: QUrl) -> bool:
        self.opened.append(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
        if self.button is not None:
            self.visits.append(self._pool.submit(click_in_browser, self.opened[-1], self.button))
        return True


def _fortnox_page(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any, open_url: Callable[[QUrl], bool],
                  **overrides: Any) -> Any:
    wizard = make_wizard(open_url=open_url, **overrides)
    fill_welcome(qtbot, wizard)
    click_next(qtbot, wizard)
    connect_upsales(qtbot, wizard, sandbox.info.upsales_token)
    click_next(qtbot, wizard)
    return wizard, wizard.page_of(PageId.FORTNOX)


def test_r2_log_in_captures_the_code_and_saves_the_tokens(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any,
                                                          recording_keyring: RecordingKeyring) -> None:
    browser = Browser()
    wizard, page = _fortnox_page(qtbot, make_wizard, sandbox, browser)
    qtbot.mouseClick(page.login_button, Qt.MouseButton.LeftButton)
    assert page.cancel_button.isVisible()
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    assert page.status.status is Status.OK, page.status.text()
    assert next_enabled(wizard)
    [url] = browser.opened
    assert "redirect_uri=http%3A%2F%2F127.0.0.1%3A" in url and "state=" in url
    landing = browser.visits[0].result(timeout=5)
    assert "Klart – du kan stänga fliken och gå tillbaka till Fortsync" in landing.text
    assert "Kontorsmästarna:fortnox-tokens" in recording_keyring.users()


def test_r2_declined_in_fortnox(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any,
                                recording_keyring: RecordingKeyring) -> None:
    wizard, page = _fortnox_page(qtbot, make_wizard, sandbox, Browser("Avbryt"))
    qtbot.mouseClick(page.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    assert page.status.text() == ("Integrationen godkändes inte i Fortnox. Klicka på Logga in i Fortnox för att "
                                  "försöka igen.")
    assert not next_enabled(wizard)
    assert "Kontorsmästarna:fortnox-tokens" not in recording_keyring.users()


def test_r2_sign_in_can_be_cancelled(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any) -> None:
    _, page = _fortnox_page(qtbot, make_wizard, sandbox, Browser(None))
    qtbot.mouseClick(page.login_button, Qt.MouseButton.LeftButton)
    assert page.busy and page.status.text() == "Väntar på att du godkänner Fortsync i webbläsaren…"
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    assert (page.status.status, page.status.text()) == (Status.INFO, "Inloggningen avbröts.")
    assert page.login_button.isEnabled() and page.cancel_button.isHidden()


def test_r2_sign_in_times_out(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any) -> None:
    _, page = _fortnox_page(qtbot, make_wizard, sandbox, Browser(None), login_timeout=0.3)
    qtbot.mouseClick(page.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    assert page.status.text().startswith("Inget svar kom från webbläsaren i tid.")


def test_r2_no_browser(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any) -> None:
    _, page = _fortnox_page(qtbot, make_wizard, sandbox, lambda url: False)
    qtbot.mouseClick(page.login_button, Qt.MouseButton.LeftButton)
    assert not page.busy
    assert page.status.text() == "Fortsync kunde inte öppna webbläsaren. Klistra in API-koden i stället."
