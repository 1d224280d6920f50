"""The setup wizard against the sandbox (R1–R3): the whole path, every validation, and when the keyring is written."""

from __future__ import annotations

import re
import socket
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from fortsync_gui.clients.transport import StdlibTransport
from fortsync_gui.clients.upsales import UpsalesClient
from fortsync_gui.engine.context import ACCOUNT_FIELDS, ORDER_FIELDS, PRODUCT_FIELDS
from fortsync_gui.gui.controller import AppController, Environment
from fortsync_gui.gui.profiles import StoreProfiles
from fortsync_gui.gui.widgets import CheckRow, Status
from fortsync_gui.gui.wizard import Endpoints, Module, PageId, PreviewSeam, ProfileDraft
from fortsync_gui.sandbox.faults import Fault, FaultKind
from fortsync_gui.secrets import SecretStore
from fortsync_gui.store import profiles as store_profiles

from .conftest import MakeWizard, RecordingKeyring
from .driver import WAIT_MS, click_next, connect_fortnox, connect_upsales, fill_welcome, next_enabled, walk_to_settings
from .texts import english_left

INVALID_GRANT = "Koden har gått ut eller redan använts. Godkänn integrationen igen och klistra in den nya API-koden."


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/v2"


def test_full_path_against_the_sandbox(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any,
                                       recording_keyring: RecordingKeyring, profiles: StoreProfiles) -> None:
    wizard = make_wizard()
    fill_welcome(qtbot, wizard, "Kontorsmästarna")
    click_next(qtbot, wizard)

    upsales = wizard.page_of(PageId.UPSALES)
    assert not next_enabled(wizard)
    connect_upsales(qtbot, wizard, sandbox.info.upsales_token)
    assert upsales.status.status is Status.OK
    assert "Kontorsmästarna i Västerås AB" in upsales.status.text()
    counts = wizard.session.counts
    assert counts is not None and counts.companies > 0 and counts.products > 0 and counts.orders > 0
    assert f"{counts.companies} företag" in upsales.existing.text.text()  # R1: the real counts, in Swedish
    assert upsales.existing.match.isVisible() and upsales.existing.match.isChecked()
    assert recording_keyring.data[("Fortsync", "Kontorsmästarna:upsales-token")] == sandbox.info.upsales_token
    click_next(qtbot, wizard)

    connect_fortnox(qtbot, wizard, sandbox.fortnox.issue_authorization_code())
    fortnox = wizard.page_of(PageId.FORTNOX)
    assert fortnox.status.status is Status.OK, fortnox.status.text()
    assert sandbox.seed.fortnox.company["CompanyName"] in fortnox.status.text()
    assert "Kontorsmästarna:fortnox-tokens" in recording_keyring.users()
    assert "Kontorsmästarna:fortnox-client-secret" in recording_keyring.users()  # the demo's own app registration
    click_next(qtbot, wizard)

    settings = wizard.page_of(PageId.SETTINGS)
    qtbot.waitUntil(lambda: settings.choices is not None, timeout=WAIT_MS)
    seed = sandbox.seed.upsales
    assert [settings.won_stage.itemData(i) for i in range(settings.won_stage.count())] == [s["id"] for s in
                                                                                           seed.stages]
    assert "Order (ej Fortnox) (100 %, exkluderad)" in [settings.won_stage.itemText(i)
                                                        for i in range(settings.won_stage.count())]
    people = [settings.fallback_user.itemText(i) for i in range(settings.fallback_user.count())]
    assert "Anna Karin Lund" in people and "Fortsync" not in people  # the API key's user is not a person
    assert "Lena Björklund" not in people  # inactive
    assert [settings.price_list.itemData(i) for i in range(settings.price_list.count())] == ["A", "B"]
    # defaults: a 100 % stage, a 0 % stage, the stage named Offert, the preselected price list
    assert (settings.won_stage.currentText(), settings.lost_stage.currentText()) == ("Order (100 %)",
                                                                                     "Förlorad (0 %)")
    assert settings.offer_stage.currentText() == "Offert (50 %)" and not settings.offer_stage.isEnabled()
    assert settings.price_list.currentData() == "A"
    settings.module.setCurrentIndex(settings.module.findData(Module.ORDER_OFFER))
    assert settings.offer_stage.isEnabled()
    assert settings.send_won_since.date().toPython() == date.today()  # a new profile: deals won from today
    settings.send_won_since.setDate(QDate(2026, 3, 1))
    assert next_enabled(wizard)
    click_next(qtbot, wizard)

    checks = wizard.page_of(PageId.CHECKS)
    qtbot.waitUntil(lambda: checks.checks is not None, timeout=WAIT_MS)
    rows = {row.title.text(): row for row in checks.findChildren(CheckRow)}
    assert all(row.status in (Status.OK, Status.INFO) for row in rows.values()), \
        {title: row.explanation.text() for title, row in rows.items()}
    assert {"Behörigheter i Fortnox", "Prislista", "Vunnen order fas", "Förlorad order fas", "Offertfas",
            "Uppsamlingsanvändare", "Upsales Fortnox-app"} <= set(rows)
    assert not checks.preview.isVisible()  # no sync engine plugged in: no made-up preview
    click_next(qtbot, wizard)

    done = wizard.page_of(PageId.DONE)
    assert done.values["module"].text() == "Order & offert"
    assert done.values["price_list"].text() == "A – Prislista A"
    assert done.values["send_won_since"].text() == "2026-03-01" and "före 2026-03-01 skickas inte" in done.note.text()
    with qtbot.waitSignal(wizard.profile_saved, timeout=WAIT_MS):
        wizard.accept()

    [saved] = profiles.list()
    assert saved == ProfileDraft(
        name="Kontorsmästarna", endpoints=wizard.context.endpoints, module=Module.ORDER_OFFER,
        fallback_user_id=1, won_stage_id=12, lost_stage_id=7, offer_stage_id=10, price_list="A",
        match_duplicates=True, send_won_since=date(2026, 3, 1))
    database = profiles.store.engine.url.database
    assert database is not None
    raw = Path(database).read_bytes()
    assert sandbox.info.upsales_token.encode() not in raw  # settings only: no secret in the database


def test_r1_next_stays_disabled_until_terms_and_a_valid_name(qtbot: QtBot, make_wizard: MakeWizard,
                                                              profiles: StoreProfiles,
                                                              endpoints: Endpoints) -> None:
    profiles.save(ProfileDraft("Befintlig", endpoints, Module.INVOICE, 1, 12, 7, None, "A", True))
    wizard = make_wizard()
    welcome = wizard.page_of(PageId.WELCOME)
    assert not next_enabled(wizard)
    qtbot.keyClicks(welcome.name, "Ny kund")
    assert not next_enabled(wizard), "terms not accepted"
    welcome.accept_terms.setChecked(True)
    assert next_enabled(wizard)
    welcome.accept_terms.setChecked(False)
    assert not next_enabled(wizard)
    welcome.accept_terms.setChecked(True)

    for name, message in (("Befintlig", "Det finns redan en profil med det här namnet. Välj ett annat namn."),
                          ("a:b", "Namnet kan inte innehålla kolon (:)."), (" ", "Ge profilen ett namn.")):
        welcome.name.setText(name)
        assert not next_enabled(wizard)
        assert welcome.name_error.text() == message
    welcome.name.setText("Ny kund")
    assert next_enabled(wizard) and welcome.name_error.isHidden()


def test_upsales_key_errors_are_explained_and_nothing_is_saved(qtbot: QtBot, make_wizard: MakeWizard,
                                                               sandbox: Any, recording_keyring: RecordingKeyring,
                                                               endpoints: Endpoints) -> None:
    wizard = make_wizard()
    fill_welcome(qtbot, wizard)
    click_next(qtbot, wizard)
    page = wizard.page_of(PageId.UPSALES)

    connect_upsales(qtbot, wizard, "")
    assert page.status.text() == "Klistra in API-nyckeln från Upsales först."

    connect_upsales(qtbot, wizard, "fel-nyckel-123")
    assert page.status.status is Status.ERROR
    assert page.status.text().startswith("Upsales godtog inte API-nyckeln.")

    sandbox.upsales.faults.add(Fault(FaultKind.MALFORMED, path="/self"))
    connect_upsales(qtbot, wizard, sandbox.info.upsales_token)
    assert page.status.text().startswith("Upsales svarade med något som Fortsync inte förstår.")

    assert recording_keyring.writes == []
    assert not next_enabled(wizard)

    connect_upsales(qtbot, wizard, sandbox.info.upsales_token)
    assert page.status.status is Status.OK
    assert recording_keyring.writes == [("Kontorsmästarna:upsales-token", sandbox.info.upsales_token)]
    assert next_enabled(wizard)

    page.key.edit.setText("ny")
    page.key.edit.textEdited.emit("ny")
    assert not next_enabled(wizard), "a changed key must be tested again"


def test_upsales_unreachable(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any,
                             recording_keyring: RecordingKeyring, endpoints: Endpoints) -> None:
    wizard = make_wizard(endpoints=Endpoints(_closed_port_url(), endpoints.fortnox_url, endpoints.fortnox_auth_url,
                                             endpoints.fortnox_client_id))
    fill_welcome(qtbot, wizard)
    click_next(qtbot, wizard)
    connect_upsales(qtbot, wizard, sandbox.info.upsales_token)
    assert wizard.page_of(PageId.UPSALES).status.text() == ("Fortsync når inte Upsales. Kontrollera "
                                                            "internetanslutningen och försök igen.")
    assert recording_keyring.writes == []


def _to_fortnox(qtbot: QtBot, wizard: Any, sandbox: Any) -> Any:
    fill_welcome(qtbot, wizard)
    click_next(qtbot, wizard)
    connect_upsales(qtbot, wizard, sandbox.info.upsales_token)
    click_next(qtbot, wizard)
    return wizard.page_of(PageId.FORTNOX)


def _fortnox_writes(keyring: RecordingKeyring) -> list[str]:
    return [user for user, _ in keyring.writes if "fortnox" in user]


def test_r2_wrong_used_and_expired_api_codes(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any,
                                             recording_keyring: RecordingKeyring) -> None:
    wizard = make_wizard()
    page = _to_fortnox(qtbot, wizard, sandbox)

    connect_fortnox(qtbot, wizard, "")
    assert page.status.text() == "Klistra in API-koden från Fortnox först."

    connect_fortnox(qtbot, wizard, "inte-en-riktig-kod")
    assert page.status.text() == INVALID_GRANT

    expired = sandbox.fortnox.issue_authorization_code()
    sandbox.clock.advance(11 * 60)  # a code is valid for 10 minutes
    connect_fortnox(qtbot, wizard, expired)
    assert page.status.text() == INVALID_GRANT
    assert _fortnox_writes(recording_keyring) == []
    assert not next_enabled(wizard)

    code = sandbox.fortnox.issue_authorization_code()
    connect_fortnox(qtbot, wizard, code)
    assert page.status.status is Status.OK, page.status.text()
    assert next_enabled(wizard)
    assert sorted(_fortnox_writes(recording_keyring)) == ["Kontorsmästarna:fortnox-client-secret",
                                                          "Kontorsmästarna:fortnox-tokens"]

    connect_fortnox(qtbot, wizard, code)  # the same code again: single use, but the saved connection still works
    assert page.status.status is Status.WARNING
    assert page.status.text().startswith(INVALID_GRANT + " Anslutningen som sparades tidigare fungerar fortfarande")
    assert next_enabled(wizard) and wizard.session.fortnox is not None


def test_r2_missing_licence_and_no_network(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any,
                                           recording_keyring: RecordingKeyring) -> None:
    wizard = make_wizard()
    page = _to_fortnox(qtbot, wizard, sandbox)
    sandbox.fortnox.licences.discard("companyinformation")
    connect_fortnox(qtbot, wizard, sandbox.fortnox.issue_authorization_code())
    assert page.status.text().startswith("Fortnox nekade åtkomst: Det finns ingen aktiv licens för önskat scope.")
    sandbox.fortnox.licences.add("companyinformation")

    sandbox.fortnox.faults.add(Fault(FaultKind.DROP_BEFORE, times=5, path="companyinformation"))
    connect_fortnox(qtbot, wizard, sandbox.fortnox.issue_authorization_code())
    assert page.status.text() == "Fortsync når inte Fortnox. Kontrollera internetanslutningen och försök igen."
    assert _fortnox_writes(recording_keyring) == []
    assert not next_enabled(wizard)


def test_preflight_names_the_missing_licence(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any) -> None:
    wizard = make_wizard()
    walk_to_settings(qtbot, wizard, sandbox)
    settings = wizard.page_of(PageId.SETTINGS)
    settings.module.setCurrentIndex(settings.module.findData(Module.ORDER_OFFER))
    sandbox.fortnox.licences.discard("offer")
    click_next(qtbot, wizard)
    checks = wizard.page_of(PageId.CHECKS)
    qtbot.waitUntil(lambda: checks.checks is not None, timeout=WAIT_MS)
    rows = {row.title.text(): row for row in checks.findChildren(CheckRow)}
    denied = rows["Åtkomst till offerter"]
    assert denied.status is Status.ERROR
    assert "Företaget behöver licensen Order" in denied.explanation.text()
    assert not next_enabled(wizard)
    sandbox.fortnox.licences.add("offer")
    qtbot.mouseClick(checks.rerun, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(checks.isComplete, timeout=WAIT_MS)
    assert next_enabled(wizard)


def test_r2_rotated_tokens_are_saved_at_once(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any,
                                             recording_keyring: RecordingKeyring) -> None:
    wizard = make_wizard()
    _to_fortnox(qtbot, wizard, sandbox)
    connect_fortnox(qtbot, wizard, sandbox.fortnox.issue_authorization_code())
    [first] = [value for user, value in recording_keyring.writes if user.endswith(":fortnox-tokens")]
    sandbox.clock.advance(2 * 3600)  # the access token has expired: the next call refreshes it
    click_next(qtbot, wizard)
    settings = wizard.page_of(PageId.SETTINGS)
    qtbot.waitUntil(lambda: settings.choices is not None, timeout=WAIT_MS)
    saved = [value for user, value in recording_keyring.writes if user.endswith(":fortnox-tokens")]
    assert len(saved) == 2 and saved[1] != first  # the single-use refresh token's successor is in the keyring
    assert recording_keyring.data[("Fortsync", "Kontorsmästarna:fortnox-tokens")] == saved[1]


def _combo_index(combo: Any, text: str) -> int:
    index = combo.findText(text)
    assert index >= 0, text
    return index


@pytest.mark.parametrize(("field", "choice", "message"), [
    ("won_stage", "Förhandling (75 %)", "Vunnen order fas måste ha 100 % sannolikhet"),
    ("won_stage", "Order (ej Fortnox) (100 %, exkluderad)", "Fasen är exkluderad i Upsales"),
    ("lost_stage", "Kvalificering (10 %)", "Förlorad order fas måste ha 0 % sannolikhet"),
    ("lost_stage", "Order (100 %)", "Förlorad order fas måste vara en annan än vunnen order fas."),
    ("offer_stage", "Order (100 %)", "Offertfasen måste vara en annan än faserna för vunnen och förlorad order."),
    ("offer_stage", "Order (ej Fortnox) (100 %, exkluderad)", "Offertfasen måste vara en öppen fas"),
])
def test_r3_settings_rules_explain_themselves(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any, field: str,
                                             choice: str, message: str) -> None:
    wizard = make_wizard()
    walk_to_settings(qtbot, wizard, sandbox)
    page = wizard.page_of(PageId.SETTINGS)
    page.module.setCurrentIndex(page.module.findData(Module.ORDER_OFFER))
    assert next_enabled(wizard)
    combo = getattr(page, field)
    combo.setCurrentIndex(_combo_index(combo, choice))
    error: QLabel = page.errors[field]
    assert error.isVisible() and error.text().startswith(message)
    assert not next_enabled(wizard)
    if field == "offer_stage":  # the offer stage only matters for order & offert
        page.module.setCurrentIndex(page.module.findData(Module.INVOICE))
        assert not page.offer_stage.isEnabled() and error.isHidden() and next_enabled(wizard)


def test_discarding_a_new_profile_removes_its_secrets(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any,
                                                      recording_keyring: RecordingKeyring,
                                                      profiles: StoreProfiles) -> None:
    wizard = make_wizard()
    _to_fortnox(qtbot, wizard, sandbox)
    assert recording_keyring.users() == {"Kontorsmästarna:upsales-token"}
    welcome = wizard.page_of(PageId.WELCOME)
    assert welcome.name.isReadOnly()  # the keyring entries are stored under the name
    wizard.reject()  # Avbryt: asks first (test_wizard_drafts.py)
    assert wizard.isVisible() and wizard.close_question is not None
    qtbot.mouseClick(wizard.close_buttons["discard"], Qt.MouseButton.LeftButton)  # "Släng allt"
    assert not wizard.isVisible()
    assert recording_keyring.users() == set()
    assert profiles.list() == []


def test_re_entering_the_wizard_changes_an_existing_profile(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any,
                                                            recording_keyring: RecordingKeyring,
                                                            profiles: StoreProfiles) -> None:
    first = make_wizard()
    walk_to_settings(qtbot, first, sandbox)
    click_next(qtbot, first)
    checks = first.page_of(PageId.CHECKS)
    qtbot.waitUntil(checks.isComplete, timeout=WAIT_MS)
    click_next(qtbot, first)
    first.accept()
    [draft] = profiles.list()
    writes = len(recording_keyring.writes)

    wizard = make_wizard(profile=draft, existing_names=frozenset({draft.name}))
    assert wizard.windowTitle() == "Ändra inställningar – Fortsync"
    welcome = wizard.page_of(PageId.WELCOME)
    assert welcome.name.text() == draft.name and welcome.name.isReadOnly() and next_enabled(wizard)
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.session.upsales is not None, timeout=WAIT_MS)  # the saved key, re-tested
    click_next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.session.fortnox is not None, timeout=WAIT_MS)  # the saved tokens, re-tested
    click_next(qtbot, wizard)
    settings = wizard.page_of(PageId.SETTINGS)
    qtbot.waitUntil(lambda: settings.choices is not None, timeout=WAIT_MS)
    assert settings.won_stage.currentData() == draft.won_stage_id
    assert draft.send_won_since == date.today() and settings.send_won_since.date().toPython() == date.today()
    settings.price_list.setCurrentIndex(settings.price_list.findData("B"))
    settings.send_won_since.setDate(QDate(2025, 12, 1))  # older deals too: they were not invoiced after all
    click_next(qtbot, wizard)
    qtbot.waitUntil(wizard.page_of(PageId.CHECKS).isComplete, timeout=WAIT_MS)
    click_next(qtbot, wizard)
    wizard.accept()
    assert [(p.price_list, p.send_won_since) for p in profiles.list()] == [("B", date(2025, 12, 1))]
    with profiles.store.session() as session:
        assert store_profiles.require_profile(session, draft.name).settings.send_won_since == date(2025, 12, 1)
    assert all("upsales-token" not in user for user, _ in recording_keyring.writes[writes:])  # key not re-saved


def test_the_match_choice_round_trips_through_the_wizard_and_the_profile_list(
        qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any, recording_keyring: RecordingKeyring,
        profiles: StoreProfiles, endpoints: Endpoints) -> None:
    """"Match existing data before the first import" off is stored (match_existing), listed, shown again when the
    settings are changed from the app, and switched on again from there."""
    wizard = make_wizard()
    fill_welcome(qtbot, wizard)
    click_next(qtbot, wizard)
    connect_upsales(qtbot, wizard, sandbox.info.upsales_token)
    wizard.page_of(PageId.UPSALES).existing.match.setChecked(False)
    click_next(qtbot, wizard)
    connect_fortnox(qtbot, wizard, sandbox.fortnox.issue_authorization_code())
    click_next(qtbot, wizard)
    qtbot.waitUntil(wizard.page_of(PageId.SETTINGS).isComplete, timeout=WAIT_MS)
    click_next(qtbot, wizard)
    qtbot.waitUntil(wizard.page_of(PageId.CHECKS).isComplete, timeout=WAIT_MS)
    click_next(qtbot, wizard)
    assert wizard.page_of(PageId.DONE).values["matching"].text() == "Nej"
    wizard.accept()
    with profiles.store.session() as session:
        assert store_profiles.require_profile(session, "Kontorsmästarna").settings.match_existing is False
    assert [p.match_duplicates for p in profiles.list()] == [False]

    # Ändra inställningar… in the app: the controller opens the wizard on the listed profile
    controller = AppController(Environment(secrets=SecretStore(recording_keyring), profiles=profiles,
                                           endpoints=endpoints,
                                           fortnox_client_secret=sandbox.info.fortnox_client_secret,
                                           own_fortnox_app=True))
    again = controller.open_wizard("Kontorsmästarna")
    qtbot.addWidget(again)
    try:
        assert again.session.match_duplicates is False
        click_next(qtbot, again)
        upsales = again.page_of(PageId.UPSALES)
        qtbot.waitUntil(lambda: again.session.counts is not None, timeout=WAIT_MS)
        assert upsales.existing.match.isVisible() and not upsales.existing.match.isChecked()
        upsales.existing.match.setChecked(True)
        click_next(qtbot, again)
        qtbot.waitUntil(lambda: again.session.fortnox is not None, timeout=WAIT_MS)
        click_next(qtbot, again)
        qtbot.waitUntil(again.page_of(PageId.SETTINGS).isComplete, timeout=WAIT_MS)
        click_next(qtbot, again)
        qtbot.waitUntil(again.page_of(PageId.CHECKS).isComplete, timeout=WAIT_MS)
        click_next(qtbot, again)
        assert again.page_of(PageId.DONE).values["matching"].text().startswith("Ja")
        again.accept()
        assert controller.window is not None and controller.window.profile == "Kontorsmästarna"
    finally:
        again._stop_pages()
        if controller.window is not None:
            qtbot.addWidget(controller.window)
            controller.window.close()
    assert [p.match_duplicates for p in profiles.list()] == [True]
    with profiles.store.session() as session:
        assert store_profiles.require_profile(session, "Kontorsmästarna").settings.match_existing is True


@pytest.mark.parametrize("app_field", [False, True])
def test_the_upsales_fortnox_app_warning_is_not_raised_by_fortsyncs_own_fields(
        qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any, app_field: bool) -> None:
    """After a first sync Upsales holds Fortsync's own Fortnox fields: the checks say so and ask nothing. A field the
    Upsales Fortnox app made still means "turn the app off"."""
    with UpsalesClient(sandbox.info.upsales_url, token=sandbox.info.upsales_token) as client:
        if app_field:  # the app was there first with its product field; Fortsync adopted it and made the rest
            client.create_custom_field("product", "Fortnox artikel-ID", "FORTNOX_ID")
        for entity, specs in (("account", ACCOUNT_FIELDS), ("product", PRODUCT_FIELDS), ("order", ORDER_FIELDS)):
            client.ensure_custom_fields(entity, specs)  # as a sync does
    wizard = make_wizard()
    walk_to_settings(qtbot, wizard, sandbox)
    click_next(qtbot, wizard)
    checks = wizard.page_of(PageId.CHECKS)
    qtbot.waitUntil(lambda: checks.checks is not None, timeout=WAIT_MS)
    rows = {row.title.text(): row for row in checks.findChildren(CheckRow)}
    app = rows["Upsales Fortnox-app"]
    if app_field:  # the product alias is the app's; Fortsync's account and order fields are not named
        assert app.status is Status.INFO and "(FORTNOX_ID)" in app.explanation.text()
        assert rows["Stäng av Upsales Fortnox-app"].status is Status.WARNING
    else:
        assert app.status is Status.OK and app.explanation.text().startswith(
            "Fälten där Fortsync sparar Fortnox-numren finns redan i Upsales")
        assert "Stäng av Upsales Fortnox-app" not in rows
    assert english_left(wizard) == []


def test_preview_seam_shows_what_the_engine_renders(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any) -> None:
    plans: list[ProfileDraft] = []

    def plan(draft: ProfileDraft) -> str:
        plans.append(draft)
        return f"plan för {draft.name}"

    wizard = make_wizard(preview=PreviewSeam(plan=plan, render=QLabel))
    walk_to_settings(qtbot, wizard, sandbox)
    click_next(qtbot, wizard)
    checks = wizard.page_of(PageId.CHECKS)
    qtbot.waitUntil(lambda: any(label.text() == "plan för Kontorsmästarna" for label in
                                checks.preview.findChildren(QLabel)), timeout=WAIT_MS)
    assert checks.preview.isVisible() and plans[0].price_list == "A"


def test_the_gui_thread_never_touches_the_network(qtbot: QtBot, make_wizard: MakeWizard, sandbox: Any,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bool, str]] = []
    send = StdlibTransport.exchange  # where every request of the clients goes on the wire

    def watched(self: StdlibTransport, origin: Any, method: str, message: bytes, *args: Any, **kw: Any) -> Any:
        calls.append((threading.current_thread() is threading.main_thread(), message.split(b"\r\n", 1)[0].decode()))
        return send(self, origin, method, message, *args, **kw)

    monkeypatch.setattr(StdlibTransport, "exchange", watched)
    wizard = make_wizard()
    walk_to_settings(qtbot, wizard, sandbox)
    click_next(qtbot, wizard)
    qtbot.waitUntil(wizard.page_of(PageId.CHECKS).isComplete, timeout=WAIT_MS)
    assert len(calls) > 10
    assert [call for on_gui_thread, call in calls if on_gui_thread] == []


def test_checks_page_previews_the_first_sync_with_a_real_dry_run(qtbot: QtBot, make_wizard: MakeWizard,
                                                                  sandbox: Any, recording_keyring: RecordingKeyring,
                                                                  profiles: StoreProfiles) -> None:
    from fortsync_gui.gui.preview import make_preview
    from fortsync_gui.secrets import SecretStore
    from tests.conftest import TIME_SCALE

    seam = make_preview(SecretStore(recording_keyring), sync_env={"FORTSYNC_RATE_SCALE": str(TIME_SCALE)},
                        send_won_since=date(2000, 1, 1))
    wizard = make_wizard(preview=seam, send_won_since=date(2000, 1, 1))  # the day the settings page offers
    fill_welcome(qtbot, wizard, "Förhandsvisning")
    click_next(qtbot, wizard)
    connect_upsales(qtbot, wizard, sandbox.info.upsales_token)
    click_next(qtbot, wizard)
    connect_fortnox(qtbot, wizard, sandbox.fortnox.issue_authorization_code())
    click_next(qtbot, wizard)
    settings = wizard.page_of(PageId.SETTINGS)
    qtbot.waitUntil(settings.isComplete, timeout=WAIT_MS)
    click_next(qtbot, wizard)
    checks = wizard.page_of(PageId.CHECKS)
    qtbot.waitUntil(lambda: checks.preview_shown, timeout=60_000)
    text = "\n".join(label.text() for label in checks.preview.findChildren(QLabel))
    assert "Den första synkroniseringen skulle göra detta (inget har skrivits):" in text
    assert re.search(r"• Företag: \d+ skapas, 3 länkas", text) and "• Produkt: 31 skapas" in text
    assert "1005 Tandvårdshuset i Västerås AB ↔ Västerås Tandvård (samma e-postdomän)" in text
    assert profiles.list() == []  # the preview ran on a throw-away store: nothing is saved before Slutför
    assert english_left(wizard) == []
