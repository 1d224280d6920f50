"""``fortsync-gui`` without ``--demo``: the wizard on first start, else the profiles window that re-enters it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fortsync_gui.gui.app import main
from fortsync_gui.gui.controller import AppController, Environment
from fortsync_gui.gui.drafts import default_endpoints
from fortsync_gui.gui.profiles import StoreProfiles
from fortsync_gui.gui.wizard import Endpoints, Module, PageId, ProfileDraft, SetupWizard
from fortsync_gui.secrets import SecretStore
from fortsync_gui.store import profiles as store_profiles

from .conftest import RecordingKeyring
from .texts import english_left


@pytest.fixture
def controller(qtbot: QtBot, sandbox: Any, recording_keyring: RecordingKeyring, profiles: StoreProfiles,
               endpoints: Endpoints) -> Any:
    env = Environment(secrets=SecretStore(recording_keyring), profiles=profiles, endpoints=endpoints,
                      fortnox_client_secret=sandbox.info.fortnox_client_secret, own_fortnox_app=True)
    made = AppController(env)
    yield made
    made.close()


def test_first_start_opens_the_wizard(controller: AppController) -> None:
    controller.start()
    assert isinstance(controller.wizard, SetupWizard) and controller.wizard.isVisible()
    assert controller.wizard.windowTitle() == "Konfigurera Fortsync"
    assert controller.window is None


def test_main_window_reenters_the_wizard(qtbot: QtBot, controller: AppController, profiles: StoreProfiles,
                                         endpoints: Endpoints) -> None:
    profiles.save(ProfileDraft("Kund A", endpoints, Module.ORDER, 1, 12, 7, None, "B", False))
    controller.start()
    window = controller.window
    assert window is not None and window.isVisible() and controller.wizard is None
    assert [window.profile_box.itemText(i) for i in range(window.profile_box.count())] == ["Kund A"]
    assert window.last_sync.text() == "Senaste synk: aldrig"
    assert english_left(window) == []

    qtbot.mouseClick(window.settings_button, Qt.MouseButton.LeftButton)
    wizard = controller.wizard
    assert wizard is not None and wizard.context.editing
    assert wizard.windowTitle() == "Ändra inställningar – Fortsync"
    assert wizard.context.profile is not None and wizard.context.profile.price_list == "B"
    wizard.reject()
    qtbot.waitUntil(lambda: controller.wizard is None)

    qtbot.mouseClick(window.overview.add_button, Qt.MouseButton.LeftButton)
    assert controller.wizard is not None and not controller.wizard.context.editing
    assert controller.wizard.context.existing_names == frozenset({"Kund A"})


def test_profile_settings_round_trip_through_the_store(profiles: StoreProfiles, endpoints: Endpoints) -> None:
    draft = ProfileDraft("Kund B", endpoints, Module.ORDER_OFFER, 3, 12, 7, 10, "A", True, date(2026, 5, 4))
    profiles.save(draft)
    assert profiles.list() == [draft]
    changed = ProfileDraft("Kund B", endpoints, Module.INVOICE, 2, 12, 7, None, "B", False, date(2026, 1, 1))
    profiles.save(changed)
    assert profiles.list() == [changed]
    with profiles.store.session() as session:
        settings = store_profiles.require_profile(session, "Kund B").settings
    assert (settings.send_won_since, settings.match_existing) == (date(2026, 1, 1), False)


def test_a_draft_without_a_day_keeps_the_stored_one_or_gets_the_day_it_is_made(profiles: StoreProfiles,
                                                                               endpoints: Endpoints) -> None:
    profiles.save(ProfileDraft("Ny", endpoints, Module.INVOICE, 1, 12, 7, None, "A", True))
    [new] = profiles.list()
    assert new.send_won_since == date.today()
    profiles.save(replace(new, send_won_since=date(2026, 2, 2)))
    profiles.save(replace(new, price_list="B", send_won_since=None))
    assert [(p.price_list, p.send_won_since) for p in profiles.list()] == [("B", date(2026, 2, 2))]
    with profiles.store.session() as session:  # a profile stored without a day: the day it was made is its day
        made = store_profiles.require_profile(session, "Ny")
        store_profiles.update_profile(session, "Ny", settings=replace(made.settings, send_won_since=None))
        made_on = made.created_at.date()
    assert [p.send_won_since for p in profiles.list()] == [made_on]


def test_a_new_profile_is_offered_the_environments_day(controller: AppController) -> None:
    """The demo sends the deals won since its cut-off day; the wizard shows that day, and it can be changed."""
    controller.env.send_won_since = date(2026, 10, 1)
    wizard = controller.open_wizard(None)
    assert wizard.session.send_won_since == date(2026, 10, 1)
    assert wizard.page_of(PageId.SETTINGS).send_won_since.date().toString("yyyy-MM-dd") == "2026-10-01"


def test_default_endpoints_follow_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_endpoints().fortnox_url == "https://api.fortnox.se"
    monkeypatch.setenv("FORTSYNC_FORTNOX_CLIENT_ID", "min-app")
    monkeypatch.setenv("FORTSYNC_UPSALES_URL", "http://127.0.0.1:9/api/v2")
    assert default_endpoints().fortnox_client_id == "min-app"
    assert default_endpoints().upsales_url == "http://127.0.0.1:9/api/v2"


def test_tour_needs_demo(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--tour", "out"])
    assert info.value.code == 2
    assert "--tour needs --demo" in capsys.readouterr().err
