"""Konflikter: open conflicts from the store, decided with "Använd Upsales" / "Använd Fortnox" (one, several, or for
good with "Gör alltid så för det här fältet"), the decisions waiting for the next sync, and forgetting a rule. The
store is a tmp SQLite database built through the store APIs; everything shown is Swedish."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fortsync_gui.clients import upsales_wire
from fortsync_gui.gui.conflicts_view import ConflictsView
from fortsync_gui.store import ConflictStatus, EntityKind, Side, Store, conflicts, links, profiles
from fortsync_gui.store.models import Conflict, Decision
from tests.engine.conftest import PROFILE, Harness, make_harness

from .texts import english_left

__all__ = ["make_harness"]  # the engine tests' sandbox harness, used as a fixture here


def add_conflicts(store: Store) -> list[int]:
    """Profile "acme": two companies whose org. number changed on both sides, and one whose phone did."""
    with store.session() as session:
        profile_id = profiles.create_profile(session, "acme", display_name="Acme Redovisning").id
        ids = []
        for n, (field, up, fx, label) in enumerate([
                ("org_no", "556000-0001", "556000-0002", "Ett AB"), ("org_no", "556000-0003", None, "Två AB"),
                ("phone", "08-123 45", "08-999 99", "Tre AB")]):
            link = links.upsert_link(session, profile_id, EntityKind.COMPANY, 100 + n, 1040 + n)
            ids.append(conflicts.record_conflict(session, link, field, up, fx, label=label).id)
    return ids


def make_view(qtbot: QtBot, store_or_url: Store | str) -> ConflictsView:
    view = ConflictsView(store_or_url)
    qtbot.addWidget(view)
    view.set_profile("acme")
    view.show()
    return view


def conflict(store: Store, conflict_id: int) -> Conflict:
    with store.session() as session:
        found = session.get(Conflict, conflict_id)
        assert found is not None
        return found


def test_empty_state_is_swedish(qtbot: QtBot, store: Store) -> None:
    with store.session() as session:
        profiles.create_profile(session, "acme")
    view = make_view(qtbot, store)
    assert view.count == 0 and not view.table.isVisible()
    assert view.empty.isVisible() and view.empty.text() == "Inga konflikter att granska."
    assert not view.select_all.isVisible()
    assert not view.decided_table.isVisible() and not view.rules_table.isVisible()
    assert english_left(view) == []


def test_open_conflicts_side_by_side_in_swedish(qtbot: QtBot, store: Store, url: str) -> None:
    add_conflicts(store)
    view = make_view(qtbot, url)  # the agreed interface: the view opens the store from its URL
    assert view.count == 3 and view.table.rowCount() == 3
    headers = [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())]
    assert headers == ["Post", "Fält", "Värde i Upsales", "Värde i Fortnox"]
    row = [view.table.item(0, c).text() for c in range(4)]
    assert row == ["Företag: Ett AB", "Organisationsnummer", "556000-0001", "556000-0002"]
    assert view.table.item(1, 3).text() == "(tomt)"
    assert view.table.item(2, 1).text() == "Telefon"
    assert view.take_upsales.text() == "Använd &Upsales" and view.take_fortnox.text() == "Använd Fort&nox"
    assert view.remember.text() == "&Gör alltid så för det här fältet"
    assert not view.take_upsales.isEnabled()  # nothing selected yet
    assert english_left(view) == []


def test_use_fortnox_for_good_resolves_the_field_and_remembers_the_rule(qtbot: QtBot, store: Store) -> None:
    first, second, phone = add_conflicts(store)
    view = make_view(qtbot, store)
    view.table.selectRow(0)
    assert view.take_fortnox.isEnabled()
    view.remember.setChecked(True)
    with qtbot.waitSignal(view.changed, timeout=1000):
        qtbot.mouseClick(view.take_fortnox, Qt.MouseButton.LeftButton)
    for decided in (conflict(store, first), conflict(store, second)):  # the rule decides the other org. number too
        assert decided.status is ConflictStatus.RESOLVED and decided.resolution is Side.FORTNOX
    assert conflict(store, phone).status is ConflictStatus.OPEN
    with store.session() as session:
        profile_id = profiles.require_profile(session, "acme").id
        assert conflicts.field_rules(session, profile_id, EntityKind.COMPANY) == {"org_no": Side.FORTNOX}
    assert view.count == 1 and view.table.item(0, 1).text() == "Telefon"
    assert not view.remember.isChecked()
    assert "Ändringen görs vid nästa synkronisering" in view.status.text()
    assert "Senare konflikter i samma fält avgörs på samma sätt" in view.status.text()
    assert view.decided_table.isVisible() and view.decided_table.rowCount() == 2
    assert view.decided_table.item(0, 2).text() == "556000-0002 (från Fortnox)"
    assert view.decided_title.text() == "Avgjorda, skrivs vid nästa synkronisering"
    assert [view.rules_table.item(0, c).text() for c in range(3)] == ["Företag", "Organisationsnummer", "Fortnox"]
    assert english_left(view) == []


def test_select_all_and_use_upsales_decides_every_conflict_without_a_rule(qtbot: QtBot, store: Store) -> None:
    ids = add_conflicts(store)
    view = make_view(qtbot, store)
    qtbot.mouseClick(view.select_all, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.take_upsales, Qt.MouseButton.LeftButton)
    assert all(conflict(store, i).resolution is Side.UPSALES for i in ids)
    with store.session() as session:
        profile_id = profiles.require_profile(session, "acme").id
        assert conflicts.field_rules(session, profile_id, EntityKind.COMPANY) == {}
        assert len(conflicts.resolutions_to_apply(session, profile_id, EntityKind.COMPANY)) == 3
    assert view.count == 0 and view.empty.isVisible() and not view.rules_table.isVisible()
    assert view.status.text() == ("Avgjort: 3 konflikter, värdena från Upsales behålls. Ändringarna görs vid nästa "
                                  "synkronisering.")


def test_forgetting_a_rule_asks_again_next_time(qtbot: QtBot, store: Store) -> None:
    add_conflicts(store)
    view = make_view(qtbot, store)
    view.table.selectRow(2)
    view.remember.setChecked(True)
    qtbot.mouseClick(view.take_upsales, Qt.MouseButton.LeftButton)
    assert view.rules_table.rowCount() == 1 and not view.forget_rule.isEnabled()
    view.rules_table.selectRow(0)
    with qtbot.waitSignal(view.changed, timeout=1000):
        qtbot.mouseClick(view.forget_rule, Qt.MouseButton.LeftButton)
    with store.session() as session:
        profile_id = profiles.require_profile(session, "acme").id
        assert conflicts.field_rules(session, profile_id, EntityKind.COMPANY) == {}
    assert not view.rules_table.isVisible()
    assert view.status.text() == "Regeln är glömd: du avgör själv senare konflikter i det fältet."


def test_product_fields_and_values_in_swedish(qtbot: QtBot, store: Store) -> None:
    with store.session() as session:
        profile_id = profiles.create_profile(session, "acme").id
        link = links.upsert_link(session, profile_id, EntityKind.PRODUCT, 7, "A-1")
        conflicts.record_conflict(session, link, "active", True, False, label="Konsulttimme")
    view = make_view(qtbot, store)
    assert [view.table.item(0, c).text() for c in range(4)] == ["Produkt: Konsulttimme", "Aktiv", "Ja", "Nej"]


def test_switching_profile_shows_that_profiles_conflicts(qtbot: QtBot, store: Store) -> None:
    add_conflicts(store)
    with store.session() as session:
        profiles.create_profile(session, "other")
    view = make_view(qtbot, store)
    assert view.count == 3
    view.set_profile("other")
    assert view.count == 0 and view.empty.isVisible()
    view.set_profile(None)
    assert view.count == 0


def test_end_to_end_a_real_conflict_decided_in_the_view_is_written_by_the_next_sync(
        qtbot: QtBot, make_harness: Callable[..., Harness]) -> None:
    """Against the sandbox: both sides change a customer's phone, the sync records the conflict, the user picks
    Upsales in the view (for good), and the next sync writes Upsales' value to Fortnox."""
    harness = make_harness()
    harness.sync()
    with harness.store.session() as session:
        number, account_id = next((link.fortnox_id, link.upsales_id)
                                  for link in links.links_of_kind(session, 1, EntityKind.COMPANY))
    harness.conns.fortnox.update_customer(number, {"Phone1": "08-111 11"})
    harness.conns.upsales.update_account(int(account_id), upsales_wire.account_payload(phone="08-222 22"))
    assert harness.sync().conflicts >= 1
    view = ConflictsView(harness.store)
    qtbot.addWidget(view)
    view.set_profile(PROFILE)
    view.show()
    row = next(r for r in range(view.table.rowCount()) if view.table.item(r, 1).text() == "Telefon")
    assert [view.table.item(row, c).text() for c in (2, 3)] == ["08-222 22", "08-111 11"]
    view.table.selectRow(row)
    view.remember.setChecked(True)
    qtbot.mouseClick(view.take_upsales, Qt.MouseButton.LeftButton)
    assert view.decided_table.rowCount() >= 1 and "Ändringen görs vid nästa synkronisering" in view.status.text()
    assert harness.conns.fortnox.get_customer(number).phone1 == "08-111 11"  # nothing written before the sync
    harness.sync()
    assert harness.conns.fortnox.get_customer(number).phone1 == "08-222 22"
    view.refresh()
    assert "Telefon" not in [view.table.item(r, 1).text() for r in range(view.table.rowCount())]
    assert view.decided_table.rowCount() == 0  # applied: no longer waiting
    assert [view.rules_table.item(0, c).text() for c in range(3)] == ["Företag", "Telefon", "Upsales"]


def test_a_conflict_a_sync_changed_meanwhile_is_reported_not_crashed_on(qtbot: QtBot, store: Store) -> None:
    first, *_ = add_conflicts(store)
    view = make_view(qtbot, store)
    with store.session() as session:  # meanwhile: decided elsewhere and written by a sync
        conflicts.resolve_conflict(session, first, Side.UPSALES)
        conflicts.mark_applied(session, first)
    view.table.selectRow(0)
    qtbot.mouseClick(view.take_fortnox, Qt.MouseButton.LeftButton)
    assert conflict(store, first).resolution is Side.UPSALES
    # the engine's reason (engine.decisions), with the field's Swedish name
    assert view.status.text() == ("Konflikten för Ett AB (Organisationsnummer) är redan avgjord och skriven av en "
                                  "synkronisering; den kan inte ändras längre.")
    assert view.count == 2 and english_left(view) == []


def test_decisions_go_through_the_engine_and_are_logged(qtbot: QtBot, store: Store) -> None:
    """The view decides with fortsync_gui.engine.decisions: each choice is in the decisions audit trail."""
    first, _, phone = add_conflicts(store)
    view = make_view(qtbot, store)
    view.table.selectRow(2)
    view.remember.setChecked(True)
    qtbot.mouseClick(view.take_upsales, Qt.MouseButton.LeftButton)
    view.rules_table.selectRow(0)
    qtbot.mouseClick(view.forget_rule, Qt.MouseButton.LeftButton)
    with store.session() as session:
        logged = [(d.subject, d.subject_id, d.choice, d.label)
                  for d in session.scalars(select(Decision).order_by(Decision.id))]
    assert logged == [("conflict", str(phone), "upsales", "Tre AB"), ("rule", None, "forget", None)]
    assert conflict(store, first).status is ConflictStatus.OPEN


def test_a_rule_forgotten_elsewhere_meanwhile_is_reported(qtbot: QtBot, store: Store) -> None:
    add_conflicts(store)
    view = make_view(qtbot, store)
    view.table.selectRow(2)
    view.remember.setChecked(True)
    qtbot.mouseClick(view.take_upsales, Qt.MouseButton.LeftButton)
    with store.session() as session:  # meanwhile, in another window or with the CLI
        conflicts.delete_field_rule(session, profiles.require_profile(session, "acme").id, EntityKind.COMPANY,
                                    "phone")
    view.rules_table.selectRow(0)
    qtbot.mouseClick(view.forget_rule, Qt.MouseButton.LeftButton)
    assert view.status.text().startswith("Det du valde finns inte längre")
    assert not view.rules_table.isVisible()  # the list is read again


def test_a_second_click_never_decides_a_conflict_nobody_looked_at(qtbot: QtBot, store: Store) -> None:
    """Issue 12, defect 3: after "Använd Upsales" nothing is selected and the buttons wait, so a double click decides
    only the conflict the user selected and saw; the status says what was decided."""
    ids = add_conflicts(store)
    view = make_view(qtbot, store)
    view.table.selectRow(0)
    qtbot.mouseClick(view.take_upsales, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.take_upsales, Qt.MouseButton.LeftButton)  # the second click of a double click
    assert [conflict(store, i).status for i in ids] == [ConflictStatus.RESOLVED, ConflictStatus.OPEN,
                                                        ConflictStatus.OPEN]
    assert view.count == 2 and view.table.selectionModel().selectedRows() == []
    assert not view.take_upsales.isEnabled() and not view.take_fortnox.isEnabled()
    assert view.status.text() == ("Avgjort: Organisationsnummer för Ett AB behåller värdet från Upsales, 556000-0001. "
                                  "Ändringen görs vid nästa synkronisering.")
    view.table.selectRow(1)  # the user chooses the next one
    qtbot.mouseClick(view.take_fortnox, Qt.MouseButton.LeftButton)
    assert conflict(store, ids[2]).resolution is Side.FORTNOX and conflict(store, ids[1]).status is \
        ConflictStatus.OPEN
    assert view.status.text().startswith("Avgjort: Telefon för Tre AB behåller värdet från Fortnox, 08-999 99.")
