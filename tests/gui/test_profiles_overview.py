"""Profiler: every profile with its module, last sync and result, connection health and what waits for review, read
from a tmp store; the buttons (and a double-click) emit the profile's name. Everything shown is Swedish."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fortsync_gui.gui.profiles_overview import ProfilesOverview
from fortsync_gui.store import (
    EntityKind,
    MatchBasis,
    Module,
    ProfileSettings,
    RunStatus,
    Store,
    conflicts,
    deletions,
    links,
    locks,
    matches,
    profiles,
    runs,
)

from .texts import english_left


def run(store: Store, profile_id: int, status: RunStatus, key: str | None = None, *, dry_run: bool = False,
        **args: Any) -> None:
    with store.session() as session:
        assert locks.acquire(session, profile_id, "test")
        started = runs.start_run(session, profile_id, owner="test", dry_run=dry_run)
        runs.finish_run(session, started.id, status, message_key=key, message_args=args)
        locks.release(session, profile_id, "test")


def add_profiles(store: Store) -> dict[str, int]:
    """acme: synced fine, then a preview failed at the Fortnox sign-in; with a conflict, a deletion and a possible
    duplicate waiting. bygg: its Upsales key was refused. cafe: never synced."""
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
    run(store, ids["acme"], RunStatus.OK)
    run(store, ids["acme"], RunStatus.FAILED, "auth.fortnox", dry_run=True)
    run(store, ids["bygg"], RunStatus.FAILED, "auth.upsales")
    return ids


def make_overview(qtbot: QtBot, store_or_url: Store | str) -> ProfilesOverview:
    view = ProfilesOverview(store_or_url)
    qtbot.addWidget(view)
    view.show()
    return view


def cells(view: ProfilesOverview, row: int) -> list[str]:
    return [view.table.item(row, c).text() for c in range(view.table.columnCount())]


def test_no_profiles_yet(qtbot: QtBot, store: Store) -> None:
    view = make_overview(qtbot, store)
    assert not view.table.isVisible() and view.empty.isVisible()
    assert view.empty.text().startswith("Inga profiler än.")
    assert view.add_button.isEnabled() and not view.open_button.isEnabled() and not view.remove_button.isEnabled()
    assert english_left(view) == []


def test_every_profile_with_last_sync_result_health_and_what_to_review(qtbot: QtBot, store: Store, url: str) -> None:
    add_profiles(store)
    view = make_overview(qtbot, url)  # the agreed interface: opened from the store URL
    headers = [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())]
    assert headers == ["Profil", "Modul", "Senaste synk", "Resultat", "Anslutningar", "Att granska"]
    acme, bygg, cafe = cells(view, 0), cells(view, 1), cells(view, 2)
    assert acme[0] == "Acme AB (acme)" and acme[1] == "Bara faktura"
    assert acme[2][:2] == "20" and acme[3] == "Klar"  # the last real sync; the failed preview is not a sync
    assert acme[4] == "Fortnox: inloggningen har gått ut eller återkallats — logga in igen"  # the preview found it
    assert acme[5] == "1 konflikt, 1 borttagning, 1 möjlig dubblett"
    assert bygg[0] == "bygg" and bygg[1] == "Bara order" and bygg[3] == "Misslyckades"
    assert bygg[4] == "Upsales: API-nyckeln fungerar inte — lägg in en ny" and bygg[5] == "–"
    assert view.table.item(1, 3).toolTip() != ""  # the run's own explanation
    assert cafe[:4] == ["Café Lilla (cafe)", "Order & offert", "Aldrig", "–"] and cafe[4] == "–"
    assert english_left(view) == []


def test_health_for_other_stops(qtbot: QtBot, store: Store) -> None:
    with store.session() as session:
        profile_id = profiles.create_profile(session, "acme").id
    view = make_overview(qtbot, store)
    for key, expected in [("network", "Ingen kontakt vid senaste synken"),
                          ("auth.fortnox_permission", "Fortnox: en licens eller behörighet saknas"),
                          ("guard.threshold", "OK")]:
        run(store, profile_id, RunStatus.STOPPED if key.startswith("guard") else RunStatus.FAILED, key)
        view.refresh()
        assert view.table.item(0, 4).text() == expected


def test_buttons_emit_the_chosen_profile(qtbot: QtBot, store: Store) -> None:
    add_profiles(store)
    view = make_overview(qtbot, store)
    with qtbot.waitSignal(view.add_requested, timeout=1000):
        qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    view.select("bygg")
    for button, signal in [(view.open_button, view.profile_chosen), (view.edit_button, view.edit_requested),
                           (view.remove_button, view.remove_requested)]:
        with qtbot.waitSignal(signal, timeout=1000) as blocker:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert blocker.args == ["bygg"]
    assert [view.open_button.text(), view.add_button.text(), view.edit_button.text(), view.remove_button.text()] == [
        "Öppna", "Ny profil…", "Ändra inställningar…", "Ta bort…"]
    where = view.table.visualItemRect(view.table.item(2, 0)).center()
    with qtbot.waitSignal(view.profile_chosen, timeout=1000) as blocker:
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert blocker.args == ["cafe"]


def test_refresh_follows_the_store(qtbot: QtBot, store: Store) -> None:
    view = make_overview(qtbot, store)
    with store.session() as session:
        profiles.create_profile(session, "ny")
    view.refresh()
    assert view.table.isVisible() and view.names == ["ny"] and cells(view, 0)[2] == "Aldrig"
    with store.session() as session:
        profiles.delete_profile(session, "ny")
    view.refresh()
    assert view.names == [] and view.empty.isVisible()
