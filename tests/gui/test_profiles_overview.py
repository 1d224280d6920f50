"""Översikt, the main window's first view (issue 12): every profile in one list with where it stands in one line, the
chosen one's last sync in plain words, the Fortnox sign-in, what waits with a button to each, the next scheduled sync
when the state carries one, drafts to finish or remove, and an empty state that says what to do first. It reads
engine.profile_state (the store and the keyring) in the background. Everything shown is Swedish."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fortsync_gui.engine.profile_state import ProfileState
from fortsync_gui.gui.profiles_overview import ProfilesOverview
from fortsync_gui.messages import when
from fortsync_gui.secrets import MemoryKeyring, SecretKind, SecretStore
from fortsync_gui.store import (
    EntityKind,
    MatchBasis,
    Module,
    ProfileSettings,
    RunStatus,
    Side,
    Store,
    conflicts,
    deletions,
    intents,
    links,
    locks,
    matches,
    profiles,
    runs,
)

from .driver import WAIT_MS
from .texts import english_left


def run(store: Store, profile_id: int, status: RunStatus, key: str | None = None, *, dry_run: bool = False,
        counts: dict[str, dict[str, int]] | None = None, **args: Any) -> None:
    with store.session() as session:
        assert locks.acquire(session, profile_id, "test")
        started = runs.start_run(session, profile_id, owner="test", dry_run=dry_run)
        for kind, per_kind in (counts or {}).items():
            for action, n in per_kind.items():
                for _ in range(n):
                    runs.record_item(session, started.id, EntityKind(kind), runs.Action(action), runs.Outcome.OK)
        runs.finish_run(session, started.id, status, message_key=key, message_args=args)
        locks.release(session, profile_id, "test")


def signed_in(secrets: SecretStore, name: str, *, days_ago: float = 0.0) -> None:
    """The keyring as the wizard leaves it, the Fortnox sign-in renewed ``days_ago``."""
    issued = datetime.now(UTC) - timedelta(days=days_ago)
    secrets.set(name, SecretKind.UPSALES_TOKEN, "up-9f2c41d7")
    secrets.set(name, SecretKind.FORTNOX_TOKENS, json.dumps({
        "access_token": "a", "refresh_token": "r", "expires_at": (issued + timedelta(hours=1)).isoformat()}))


def add_profiles(store: Store, secrets: SecretStore) -> dict[str, int]:
    """acme: synced fine, then a preview failed; a conflict, a deletion and a possible duplicate wait. bygg: its last
    sync failed (the Upsales key). cafe: never synced."""
    with store.session() as session:
        ids = {
            "acme": profiles.create_profile(session, "acme", display_name="Acme AB").id,
            "bygg": profiles.create_profile(session, "bygg", ProfileSettings(module=Module.ORDER)).id,
            "cafe": profiles.create_profile(session, "cafe", ProfileSettings(module=Module.ORDER_OFFER),
                                            display_name="Café Lilla").id,
        }
        link = links.upsert_link(session, ids["acme"], EntityKind.COMPANY, 1, 1001)
        conflicts.record_conflict(session, link, "phone", "1", "2", label="Ett AB")
        deletions.propose_deletion(session, ids["acme"], EntityKind.COMPANY, upsales_id=2, fortnox_id=1002,
                                   label="Två AB", reason_key="deletion.fortnox_customer_deleted")
        matches.suggest_match(session, ids["acme"], 3, 1003, basis=MatchBasis.NAME, score=0.8)
    run(store, ids["acme"], RunStatus.OK, counts={"company": {"create": 2, "update": 1}, "order": {"create": 1}})
    run(store, ids["acme"], RunStatus.FAILED, "auth.fortnox", dry_run=True)
    run(store, ids["bygg"], RunStatus.FAILED, "auth.upsales")
    for name in ids:
        signed_in(secrets, name)
    return ids


def make_overview(qtbot: QtBot, store: Store, secrets: SecretStore | None = None) -> ProfilesOverview:
    view = ProfilesOverview(store, secrets or SecretStore(MemoryKeyring()))
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitUntil(lambda: not view.loading, timeout=WAIT_MS)
    return view


def lines(view: ProfilesOverview) -> list[str]:
    return [view.list.item(r).text() for r in range(view.list.count())]


def reload(qtbot: QtBot, view: ProfilesOverview) -> None:
    view.refresh()
    qtbot.waitUntil(lambda: not view.loading, timeout=WAIT_MS)


def shown(button: Any) -> str:
    return button.text().replace("&", "") if button.isVisible() else ""


def test_no_profiles_yet_says_what_to_do_first(qtbot: QtBot, store: Store) -> None:
    view = make_overview(qtbot, store)
    assert view.welcome.isVisible() and not view.list.isVisible() and not view.details.isVisible()
    assert view.welcome_text.text().startswith("Fortsync håller Upsales och Fortnox i synk. Börja med att lägga till")
    assert view.welcome_add.text() == "&Ny profil…"
    with qtbot.waitSignal(view.add_requested, timeout=1000):
        qtbot.mouseClick(view.welcome_add, Qt.MouseButton.LeftButton)
    assert english_left(view) == []


def test_every_profile_in_one_list_with_where_it_stands_in_one_line(qtbot: QtBot, store: Store) -> None:
    secrets = SecretStore(MemoryKeyring())
    add_profiles(store, secrets)
    view = make_overview(qtbot, store, secrets)
    acme, bygg, cafe = lines(view)
    assert acme == "Acme AB (acme)\n3 saker väntar på dig"  # the failed preview is not a sync
    assert bygg.startswith("bygg\nSenaste synken misslyckades · ")
    assert cafe == "Café Lilla (cafe)\nInte synkad än"
    assert view.current == "acme" and view.details.title() == "Acme AB"
    assert view.state_label.text() == "3 saker väntar på dig"
    assert view.last_run_label.text().startswith("Senaste synken (")
    assert view.last_run_label.text().endswith("): Skapade 2 företag och 1 order; uppdaterade 1 företag.")
    assert view.sign_in_label.text() == "Inloggningen i Fortnox gäller 45 dagar till; varje synk förnyar den."
    assert [shown(b) for b in view.review_buttons.values()] == [
        "1 konflikt att avgöra", "1 borttagning att bekräfta", "1 möjlig dubblett att granska", ""]
    assert not view.next_sync_label.isVisible()  # no schedules yet
    assert english_left(view) == []
    view.list.setCurrentRow(1)
    assert view.last_run_label.text().endswith("Upsales godtog inte API-nyckeln (den är fel eller har återkallats). "
                                               "Klicka på Ändra inställningar… och ange en ny API-nyckel från "
                                               "Upsales (Inställningar → API-nycklar).")
    assert [shown(b) for b in view.review_buttons.values()] == ["", "", "", ""]
    view.list.setCurrentRow(2)
    assert view.last_run_label.text().startswith("Inte synkad än. Klicka på Synka nu för den första")
    assert english_left(view) == []


def test_the_one_line_state_says_what_matters_most(qtbot: QtBot, store: Store) -> None:
    secrets = SecretStore(MemoryKeyring())
    with store.session() as session:
        ids = {name: profiles.create_profile(session, name).id for name in ("klar", "snart", "ute", "saknas", "osaker")}
        intents.begin(session, ids["osaker"], EntityKind.INVOICE, Side.FORTNOX, "upsales:7")
    for profile_id in ids.values():
        run(store, profile_id, RunStatus.OK)
    signed_in(secrets, "klar", days_ago=1)
    signed_in(secrets, "snart", days_ago=42)
    signed_in(secrets, "ute", days_ago=46)
    signed_in(secrets, "osaker")
    view = make_overview(qtbot, store, secrets)
    states = dict(zip(view.names, lines(view), strict=True))
    assert states["klar"].startswith("klar\nAllt är synkat · senast ")
    assert states["snart"] == "snart\nInloggningen i Fortnox går ut om 3 dagar"
    assert states["ute"] == "ute\nInloggningen i Fortnox har gått ut – logga in igen"
    assert states["saknas"] == "saknas\nAPI-nyckeln eller inloggningen i Fortnox saknas"
    assert states["osaker"] == "osaker\n1 sak väntar på dig"
    view.select("snart")
    assert view.sign_in_label.text() == "Inloggningen i Fortnox går ut om 3 dagar: synka före dess, så förnyas den."
    view.select("osaker")
    assert shown(view.uncertain_button) == "1 skrivning med okänt utfall"
    assert view.waiting_label.text().startswith("Väntar på dig. Skrivningar med okänt utfall")
    with qtbot.waitSignal(view.review_requested, timeout=1000) as blocker:
        qtbot.mouseClick(view.uncertain_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["osaker", "history"]
    assert english_left(view) == []


def test_the_next_scheduled_sync_is_shown_when_the_state_carries_one(qtbot: QtBot, store: Store) -> None:
    secrets = SecretStore(MemoryKeyring())
    with store.session() as session:
        profiles.create_profile(session, "acme")
    signed_in(secrets, "acme")
    view = make_overview(qtbot, store, secrets)
    [state] = view.states
    assert isinstance(state, ProfileState) and state.next_sync is None and not view.next_sync_label.isVisible()
    soon = datetime.now(UTC) + timedelta(hours=1)
    view.show_states([replace(state, next_sync=soon)])  # as the scheduler (issue 10) will set it
    assert view.next_sync_label.isVisible() and view.next_sync_label.text() == f"Nästa synk: {when(soon)}"


def test_a_draft_is_listed_to_finish_or_remove(qtbot: QtBot, store: Store) -> None:
    with store.session() as session:
        profiles.create_profile(session, "utkast", ProfileSettings(draft=True), display_name="Kund 2 AB")
    view = make_overview(qtbot, store)
    assert lines(view) == ["Kund 2 AB (utkast)\nUtkast: inställningarna är inte klara"]
    assert view.last_run_label.text().startswith("Guiden stängdes innan inställningarna var klara.")
    assert shown(view.finish_button) == "Slutför inställningarna…" and shown(view.remove_button) == \
        "Ta bort profilen…"
    assert not view.sign_in_label.isVisible()
    for button, signal in ((view.finish_button, view.edit_requested), (view.remove_button, view.remove_requested)):
        with qtbot.waitSignal(signal, timeout=1000) as blocker:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert blocker.args == ["utkast"]
    assert english_left(view) == []


def test_buttons_and_the_list_emit_the_chosen_profile(qtbot: QtBot, store: Store) -> None:
    secrets = SecretStore(MemoryKeyring())
    add_profiles(store, secrets)
    view = make_overview(qtbot, store, secrets)
    with qtbot.waitSignal(view.profile_chosen, timeout=1000) as blocker:
        view.list.setCurrentRow(2)
    assert blocker.args == ["cafe"]
    view.select("acme")  # the main window's choice: no signal back
    assert view.current == "acme"
    for what, button in view.review_buttons.items():
        if button.isVisible():
            with qtbot.waitSignal(view.review_requested, timeout=1000) as blocker:
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            assert blocker.args == ["acme", what]
    with qtbot.waitSignal(view.add_requested, timeout=1000):
        qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert not view.finish_button.isVisible()  # only drafts are finished


def test_refresh_follows_the_store(qtbot: QtBot, store: Store) -> None:
    view = make_overview(qtbot, store)
    with store.session() as session:
        profiles.create_profile(session, "ny")
    reload(qtbot, view)
    assert view.list.isVisible() and view.names == ["ny"] and lines(view) == ["ny\nAPI-nyckeln eller inloggningen i "
                                                                              "Fortnox saknas"]
    with store.session() as session:
        profiles.delete_profile(session, "ny")
    reload(qtbot, view)
    assert view.names == [] and view.welcome.isVisible()


def test_wide_the_list_stands_beside_the_details(qtbot: QtBot, store: Store) -> None:
    secrets = SecretStore(MemoryKeyring())
    add_profiles(store, secrets)
    view = make_overview(qtbot, store, secrets)
    assert view.details.geometry().top() > view.list.geometry().bottom()  # narrow: below
    view.resize(1500, 800)
    qtbot.waitUntil(lambda: view.wide, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: view.details.geometry().left() > view.list.geometry().right(), timeout=WAIT_MS)
