"""Closing the wizard never loses work without asking (issue 12, defect 1): Esc or Avbryt with a tested key or sign-in
offers to keep it as a draft profile, which the app lists, the wizard finishes later, and the engine never syncs."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fortsync_gui.gui.controller import AppController, Environment
from fortsync_gui.gui.profiles import StoreProfiles
from fortsync_gui.gui.wizard import Endpoints, Module, PageId, ProfileDraft
from fortsync_gui.secrets import SecretStore
from fortsync_gui.store import profiles as store_profiles
from tests.conftest import TIME_SCALE

from .conftest import MakeWizard, RecordingKeyring
from .driver import (
    SYNC_MS,
    WAIT_MS,
    answer_yes,
    click_next,
    connect_fortnox,
    connect_upsales,
    fill_welcome,
    next_enabled,
)
from .keys import activate, press

NAME = "Kontorsmästarna"


def _controller(sandbox: Any, keyring: RecordingKeyring, profiles: StoreProfiles,
                endpoints: Endpoints) -> AppController:
    return AppController(Environment(
        secrets=SecretStore(keyring), profiles=profiles, endpoints=endpoints,
        fortnox_client_secret=sandbox.info.fortnox_client_secret, own_fortnox_app=True,
        sync_env={"FORTSYNC_RATE_SCALE": str(TIME_SCALE)}))


def _wizard_past_upsales(qtbot: QtBot, controller: AppController, sandbox: Any) -> Any:
    """The app's first start: its wizard with a name given and the Upsales key tested and saved."""
    controller.start()
    wizard = controller.wizard
    assert wizard is not None
    qtbot.addWidget(wizard)
    fill_welcome(qtbot, wizard, NAME)
    click_next(qtbot, wizard)
    connect_upsales(qtbot, wizard, sandbox.info.upsales_token)
    return wizard


def _is_draft(profiles: StoreProfiles, name: str) -> bool:
    with profiles.store.session() as session:
        return store_profiles.require_profile(session, name).settings.draft


def test_esc_asks_keeps_a_draft_and_the_draft_is_finished_later(qtbot: QtBot, sandbox: Any,
                                                                 recording_keyring: RecordingKeyring,
                                                                 profiles: StoreProfiles,
                                                                 endpoints: Endpoints) -> None:
    controller = _controller(sandbox, recording_keyring, profiles, endpoints)
    wizard = _wizard_past_upsales(qtbot, controller, sandbox)
    click_next(qtbot, wizard)
    connect_fortnox(qtbot, wizard, sandbox.fortnox.issue_authorization_code())
    saved = set(recording_keyring.users())
    assert saved == {f"{NAME}:upsales-token", f"{NAME}:fortnox-tokens", f"{NAME}:fortnox-client-secret"}

    activate(qtbot, wizard)
    press(Qt.Key.Key_Escape)  # one Esc: a question, nothing is lost
    question = wizard.close_question
    assert question is not None and question.isVisible() and wizard.isVisible()
    assert question.text().startswith("Inställningarna är inte klara. Vill du spara det du har gjort som ett utkast?")
    assert {b.text() for b in question.buttons()} == {"&Spara som utkast", "Släng &allt",
                                                      "&Fortsätt med inställningarna"}
    activate(qtbot, question)
    press(Qt.Key.Key_Escape)  # Esc again: back to the wizard, as it was
    qtbot.waitUntil(lambda: wizard.close_question is None, timeout=WAIT_MS)
    assert wizard.isVisible() and wizard.currentId() == PageId.FORTNOX and next_enabled(wizard)
    assert set(recording_keyring.users()) == saved and profiles.list() == []

    activate(qtbot, wizard)
    press(Qt.Key.Key_Escape)
    question = wizard.close_question
    assert question is not None
    activate(qtbot, question)
    press(Qt.Key.Key_Return)  # the default: Spara som utkast
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=WAIT_MS)
    assert set(recording_keyring.users()) == saved  # the single-use code's tokens are kept
    [draft] = profiles.list()
    assert draft.name == NAME and draft.draft and _is_draft(profiles, NAME)
    window = controller.window
    assert window is not None and window.isVisible() and window.profile == NAME  # listed, to finish or remove
    qtbot.addWidget(window)
    assert not window.sync.sync_button.isEnabled() and not window.sync.preview_button.isEnabled()

    # Later: the draft is finished without a new Fortnox code
    qtbot.waitUntil(lambda: controller.wizard is None, timeout=WAIT_MS)
    again = controller.open_wizard(NAME)
    qtbot.addWidget(again)
    assert again.windowTitle() == "Slutför inställningarna – Fortsync"
    click_next(qtbot, again)
    qtbot.waitUntil(lambda: again.session.upsales is not None, timeout=WAIT_MS)  # the saved key, re-tested
    click_next(qtbot, again)
    qtbot.waitUntil(lambda: again.session.fortnox is not None, timeout=WAIT_MS)  # the saved sign-in, re-tested
    click_next(qtbot, again)
    settings = again.page_of(PageId.SETTINGS)
    qtbot.waitUntil(settings.isComplete, timeout=WAIT_MS)  # the choices not made yet: the defaults
    assert settings.won_stage.currentText() == "Order (100 %)" and settings.price_list.currentData() == "A"
    click_next(qtbot, again)
    qtbot.waitUntil(again.page_of(PageId.CHECKS).isComplete, timeout=WAIT_MS)
    click_next(qtbot, again)
    assert again.page_of(PageId.DONE).start_sync.isChecked()  # its first sync
    again.accept()
    assert not _is_draft(profiles, NAME)
    qtbot.waitUntil(lambda: not window.running, timeout=SYNC_MS)
    assert window.sync.phase_label.text() == "Synkroniseringen klar", window.sync.result_label.text()
    controller.close()


def test_discarding_a_draft_being_finished_keeps_it_as_it_was(qtbot: QtBot, make_wizard: MakeWizard,
                                                                sandbox: Any, profiles: StoreProfiles,
                                                                recording_keyring: RecordingKeyring,
                                                                endpoints: Endpoints) -> None:
    first = make_wizard()
    fill_welcome(qtbot, first, NAME)
    click_next(qtbot, first)
    connect_upsales(qtbot, first, sandbox.info.upsales_token)
    first.reject()
    assert first.close_question is not None
    qtbot.mouseClick(first.close_buttons["save"], Qt.MouseButton.LeftButton)
    [draft] = profiles.list()
    assert draft == ProfileDraft(NAME, endpoints, Module.INVOICE, 0, 0, 0, None, "", True,
                                 first.session.send_won_since, draft=True)

    again = make_wizard(profile=draft, existing_names=frozenset({NAME}))
    click_next(qtbot, again)
    qtbot.waitUntil(lambda: again.session.upsales is not None, timeout=WAIT_MS)
    again.page_of(PageId.UPSALES).existing.match.setChecked(False)
    again.reject()
    assert again.close_question is not None
    assert again.close_question.text().startswith("Spara ändringarna i utkastet?")
    qtbot.mouseClick(again.close_buttons["discard"], Qt.MouseButton.LeftButton)  # "Stäng utan att spara"
    assert not again.isVisible()
    assert profiles.list() == [draft]  # the draft as it was, with its key
    assert f"{NAME}:upsales-token" in recording_keyring.users()


def test_closing_with_nothing_to_lose_does_not_ask_and_a_typed_name_does(qtbot: QtBot,
                                                                       make_wizard: MakeWizard) -> None:
    untouched = make_wizard()
    untouched.reject()
    assert untouched.close_question is None and not untouched.isVisible()

    typed = make_wizard()
    fill_welcome(qtbot, typed, NAME)
    assert not typed.close()  # the window's close button asks too, and the wizard stays
    assert typed.close_question is not None and typed.isVisible()
    assert typed.close_question.text().startswith("Stänga guiden? Profilnamnet du skrev in sparas inte")
    qtbot.mouseClick(typed.close_buttons["discard"], Qt.MouseButton.LeftButton)  # "Stäng"
    assert not typed.isVisible()


def test_closing_a_changed_profile_asks_before_the_changes_are_lost(qtbot: QtBot, make_wizard: MakeWizard,
                                                                    sandbox: Any, profiles: StoreProfiles,
                                                                    endpoints: Endpoints) -> None:
    profiles.save(ProfileDraft(NAME, endpoints, Module.INVOICE, 1, 12, 7, None, "A", True))
    [saved] = profiles.list()
    unchanged = make_wizard(profile=saved, existing_names=frozenset({NAME}))
    unchanged.reject()
    assert unchanged.close_question is None and not unchanged.isVisible()

    wizard = make_wizard(profile=saved, existing_names=frozenset({NAME}))
    wizard.page_of(PageId.SETTINGS).send_won_since.setDate(wizard.page_of(PageId.SETTINGS).send_won_since.date()
                                                           .addDays(-30))
    wizard.reject()
    assert wizard.close_question is not None
    assert wizard.close_question.text().startswith("Stänga utan att spara?")
    qtbot.mouseClick(wizard.close_buttons["stay"], Qt.MouseButton.LeftButton)  # "Fortsätt med inställningarna"
    assert wizard.isVisible() and wizard.close_question is None
    assert profiles.list() == [saved]


def test_a_draft_is_removed_from_the_overview_with_its_secrets(qtbot: QtBot, sandbox: Any,
                                                              recording_keyring: RecordingKeyring,
                                                              profiles: StoreProfiles, endpoints: Endpoints,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    controller = _controller(sandbox, recording_keyring, profiles, endpoints)
    wizard = _wizard_past_upsales(qtbot, controller, sandbox)
    wizard.reject()
    assert wizard.close_question is not None
    qtbot.mouseClick(wizard.close_buttons["save"], Qt.MouseButton.LeftButton)
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.running, timeout=WAIT_MS)
    assert window.tabs.currentWidget() is window.overview and window.overview.current == NAME
    assert window.profile_box.currentText() == f"{NAME} – utkast"
    assert window.overview.finish_button.isVisible() and window.overview.remove_button.isVisible()
    assert recording_keyring.users() == {f"{NAME}:upsales-token"}
    asked = answer_yes(monkeypatch)
    qtbot.mouseClick(window.overview.remove_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0].startswith(f"Ta bort utkastet {NAME}?")
    assert profiles.list() == [] and recording_keyring.users() == set()
    qtbot.waitUntil(lambda: not window.running, timeout=WAIT_MS)
    assert window.overview.welcome.isVisible()  # no profiles: what to do first
    controller.close()
