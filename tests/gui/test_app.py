"""``fortsync-gui`` without ``--demo``: the wizard on first start, else the profiles window that re-enters it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fortsync_gui.gui.app import main
from fortsync_gui.gui.controller import AppController, Environment
from fortsync_gui.gui.drafts import default_endpoints
from fortsync_gui.gui.profiles import StoreProfiles
from fortsync_gui.gui.wizard import Endpoints, Module, ProfileDraft, SetupWizard
from fortsync_gui.secrets import SecretStore

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
    draft = ProfileDraft("Kund B", endpoints, Module.ORDER_OFFER, 3, 12, 7, 10, "A", True)
    profiles.save(draft)
    assert profiles.list() == [draft]
    changed = ProfileDraft("Kund B", endpoints, Module.INVOICE, 2, 12, 7, None, "B", False)
    profiles.save(changed)
    assert profiles.list() == [changed]


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
