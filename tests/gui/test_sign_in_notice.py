"""The app when the Fortnox sign-in needs the user (issue 9, items 2 and 4): a renewal interrupted at the last start
is told at once with a one-click browser sign-in; a renewed sign-in the password manager refused is kept in memory
and saved on request; an insecure keyring is offered "this session only"."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from fortsync_gui.clients.fortnox_auth import REFRESHING_KEY, TokenSet, refresh_interrupted
from fortsync_gui.engine import connect
from fortsync_gui.gui.controller import AppController, Environment
from fortsync_gui.gui.profiles import StoreProfiles
from fortsync_gui.gui.sign_in_notice import LOST, UNSAVED, offer_session_only
from fortsync_gui.gui.wizard import Endpoints
from fortsync_gui.secrets import MemoryKeyring, SecretKind, SecretStore
from tests.conftest import TIME_SCALE
from tests.keyrings import RefusingKeyring
from tests.unit.test_fortnox_loopback import click_in_browser

from .conftest import RecordingKeyring
from .driver import SYNC_MS, WAIT_MS, add_profile


class MoodyKeyring(RefusingKeyring, RecordingKeyring):
    """Records what it keeps, and refuses writes while ``refuse(value)`` says so."""


@pytest.fixture
def moody() -> Iterator[MoodyKeyring]:
    yield MoodyKeyring()
    connect._unsaved.clear()


@pytest.fixture
def app(qtbot: QtBot, sandbox: Any, tmp_path: Path, moody: MoodyKeyring) -> Iterator[AppController]:
    info = sandbox.info
    repo = StoreProfiles(f"sqlite:///{(tmp_path / 'fortsync.db').as_posix()}")
    secrets = SecretStore(moody)
    add_profile(repo.store, sandbox, secrets)
    env = Environment(secrets=secrets, profiles=repo,
                      endpoints=Endpoints(info.upsales_url, info.fortnox_url, info.fortnox_auth_url,
                                          info.fortnox_client_id),
                      fortnox_client_secret=info.fortnox_client_secret,
                      sync_env={"FORTSYNC_RATE_SCALE": str(TIME_SCALE)})
    controller = AppController(env)

    def browser(url: QUrl) -> bool:  # the user's browser: opens the consent page and clicks Godkänn
        threading.Thread(target=click_in_browser, args=(url.toEncoded().data().decode(),), daemon=True).start()
        return True

    controller.open_url = browser
    yield controller
    for notice in list(controller.notices.values()):
        notice.close()
    controller.close()
    repo.store.close()


def saved(secrets: SecretStore) -> str:
    value = secrets.get("demo", SecretKind.FORTNOX_TOKENS)
    assert value is not None
    return value


def test_an_interrupted_renewal_is_told_at_start_with_a_one_click_sign_in(qtbot: QtBot, app: AppController) -> None:
    secrets = app.env.secrets
    tokens = TokenSet.from_json(saved(secrets))
    secrets.set("demo", SecretKind.FORTNOX_TOKENS, tokens.to_json(refreshing_since=datetime.now(UTC)))  # killed here
    app.start()
    qtbot.waitUntil(lambda: "demo" in app.notices, timeout=WAIT_MS)
    notice = app.notices["demo"]
    assert notice.reason == LOST and notice.isVisible()
    assert "avbröts medan inloggningen i Fortnox" in notice.text.text()
    assert notice.action.text() == "Logga in i Fortnox"
    qtbot.mouseClick(notice.action, Qt.MouseButton.LeftButton)  # the one click
    qtbot.waitUntil(lambda: "Inloggad i Fortnox" in notice.status.text(), timeout=SYNC_MS)
    now = saved(secrets)
    assert not refresh_interrupted(now) and TokenSet.from_json(now).refresh_token != tokens.refresh_token


def test_a_renewal_the_password_manager_refused_is_saved_again_on_request(qtbot: QtBot, app: AppController,
                                                                          moody: MoodyKeyring) -> None:
    secrets = app.env.secrets
    old = TokenSet.from_json(saved(secrets))
    secrets.set("demo", SecretKind.FORTNOX_TOKENS,
                replace(old, expires_at=datetime.now(UTC) - timedelta(minutes=1)).to_json())
    app.start()
    assert app.window is not None and app.notices == {}
    moody.refuse = lambda value: REFRESHING_KEY not in value  # locked after the renewal started
    app.window.start_sync()
    qtbot.waitUntil(lambda: not app.window.running, timeout=SYNC_MS)
    qtbot.waitUntil(lambda: "demo" in app.notices, timeout=WAIT_MS)
    notice = app.notices["demo"]
    assert notice.reason == UNSAVED and "Lås upp lösenordshanteraren" in notice.text.text()
    assert "lås upp lösenordshanteraren och försök igen" in app.window.sync.result_label.text().lower()
    qtbot.mouseClick(notice.action, Qt.MouseButton.LeftButton)  # still locked
    assert "fortfarande" in notice.status.text() and connect.unsaved_profiles() == ["demo"]
    moody.refuse = lambda value: False  # unlocked
    qtbot.mouseClick(notice.action, Qt.MouseButton.LeftButton)
    assert "sparad" in notice.status.text() and connect.unsaved_profiles() == []
    now = TokenSet.from_json(saved(secrets))
    assert now.refresh_token != old.refresh_token and not refresh_interrupted(saved(secrets))
    app.window.start_sync()  # the kept sign-in was the live one: the next sync just works
    qtbot.waitUntil(lambda: not app.window.running, timeout=SYNC_MS)
    assert app.window.sync.phase_label.text() == "Synkroniseringen klar"


class PlaintextKeyring(MemoryKeyring):
    priority = 0.5  # type: ignore[assignment]


@pytest.mark.parametrize(("choice", "goes_on"), [("Behåll bara under den här sessionen", True), ("Avsluta", False)])
def test_an_insecure_keyring_offers_this_session_only(qtbot: QtBot, choice: str, goes_on: bool) -> None:
    secrets = SecretStore(PlaintextKeyring())
    asked: list[str] = []

    def ask(box: QMessageBox) -> int:
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == choice).click()
        return 0

    assert offer_session_only(secrets, ask=ask) is goes_on
    assert "lösenordshanterare" in asked[0] and "PlaintextKeyring" in asked[0]
    assert secrets.session_only is goes_on
    assert offer_session_only(SecretStore(MemoryKeyring()), ask=ask) is True and len(asked) == 1  # secure: no ask


def test_a_record_whose_write_was_lost_is_shown_as_being_checked(qtbot: QtBot) -> None:
    from fortsync_gui.gui.names import reason

    text = reason("api.uncertain_write", "fortnox POST /3/invoices: Inget svar på en skrivning (ReadTimeout); den kan "
                                         "ha gått igenom och kontrolleras innan den görs igen")
    assert text.startswith("Svaret från Fortnox kom aldrig") and "kan ha skrivits" in text
    assert "Fortsync kontrollerar den" in text and "försöker igen" not in text


def test_the_schedules_renewal_and_syncs_show_the_notice_too(qtbot: QtBot, app: AppController, moody: MoodyKeyring,
                                                             tmp_path: Path) -> None:
    """The tray's keep-alive renews the sign-in exactly as a sync does: a renewal the password manager refused gives
    the same notice (Försök spara igen), and so does a scheduled sync that stopped for the sign-in."""
    from fortsync_gui.gui.desktop import DesktopIntegration, Prefs

    desktop = DesktopIntegration(app, tray=False, notifications=False, prefs=Prefs(tmp_path / "app.json"),
                                 watch_ms=3_600_000, tick_ms=3_600_000)
    app.desktop = desktop
    secrets = app.env.secrets
    old = TokenSet.from_json(saved(secrets))
    moody.refuse = lambda value: REFRESHING_KEY not in value  # locked after the renewal started
    outcomes: list[tuple[str, str]] = []
    desktop.scheduler.refresh_finished.connect(lambda profile, outcome: outcomes.append((profile, outcome)))
    desktop.scheduler._refresh("demo")
    qtbot.waitUntil(lambda: bool(outcomes), timeout=WAIT_MS)
    assert outcomes == [("demo", UNSAVED)] and connect.unsaved_profiles() == ["demo"]
    notice = app.notices["demo"]
    assert notice.reason == UNSAVED and notice.isVisible()
    moody.refuse = lambda value: False  # unlocked
    qtbot.mouseClick(notice.action, Qt.MouseButton.LeftButton)
    assert "sparad" in notice.status.text() and connect.unsaved_profiles() == []
    assert TokenSet.from_json(saved(secrets)).refresh_token != old.refresh_token
    notice.close()
    qtbot.waitUntil(lambda: app.notices == {}, timeout=WAIT_MS)
    from fortsync_gui.engine.api import RunSummary

    stopped = RunSummary(None, "failed", False, message_key="auth.fortnox", message_args={"reason": LOST})
    desktop.scheduler.sync_finished.emit("demo", stopped)  # a scheduled sync on the scheduler's own worker
    assert app.notices["demo"].reason == LOST
    desktop.stop()
