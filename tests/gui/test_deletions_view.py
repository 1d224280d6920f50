"""Borttagningar: the review queue from a tmp store (R8): a deleted Fortnox customer's company is deleted in Upsales
only after a second, explicit confirmation; "Behåll" keeps it; confirmed ones wait for the next sync; and the
mass-deletion guard's stop is explained in Swedish."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fortsync_gui.gui.deletions_view import DeletionsView
from fortsync_gui.store import DeletionStatus, EntityKind, Store, deletions, links, profiles
from fortsync_gui.store.models import Decision, PendingDeletion
from tests.engine.conftest import PROFILE, Harness, make_harness

from .texts import english_left

__all__ = ["make_harness"]  # the engine tests' sandbox harness, used as a fixture here


def add_deletions(store: Store) -> list[int]:
    with store.session() as session:
        profile_id = profiles.create_profile(session, "acme").id
        return [deletions.propose_deletion(session, profile_id, EntityKind.COMPANY, upsales_id=upsales_id,
                                           fortnox_id=fortnox_id, label=label, reason_key=reason).id
                for upsales_id, fortnox_id, label, reason in [
                    (11, 1042, "Exempel AB", "deletion.fortnox_customer_deleted"),
                    (12, 1043, "Andra AB", "deletion.fortnox_customer_deleted"),
                    (13, 1044, "Tredje AB", "deletion.upsales_company_deleted")]]


def make_view(qtbot: QtBot, store_or_url: Store | str) -> DeletionsView:
    view = DeletionsView(store_or_url)
    qtbot.addWidget(view)
    view.set_profile("acme")
    view.show()
    return view


def answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    """QMessageBox.warning answers ``button``; the texts it was asked with are returned."""
    asked: list[str] = []

    def warning(parent: Any, title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        asked.append(f"{title}\n{text}")
        return button

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return asked


def status(store: Store, deletion_id: int) -> DeletionStatus:
    with store.session() as session:
        found = session.get(PendingDeletion, deletion_id)
        assert found is not None
        return found.status


def test_empty_state_is_swedish(qtbot: QtBot, store: Store) -> None:
    with store.session() as session:
        profiles.create_profile(session, "acme")
    view = make_view(qtbot, store)
    assert view.count == 0 and not view.table.isVisible() and view.empty.text() == "Inga borttagningar att granska."
    assert not view.banner.isVisible()
    assert english_left(view) == []


def test_each_deletion_is_explained_in_swedish(qtbot: QtBot, store: Store, url: str) -> None:
    add_deletions(store)
    view = make_view(qtbot, url)  # the agreed interface: opened from the store URL
    assert view.count == 3
    assert view.table.item(0, 0).text() == "Väntar på ditt beslut"
    assert view.table.item(0, 1).text() == ("Kunden 1042 togs bort i Fortnox — kundnumret har tagits bort från "
                                            "företaget Exempel AB. Ta bort företaget i Upsales också?")
    assert view.table.item(2, 1).text().startswith("Företaget Tredje AB togs bort i Upsales — kopplingen till "
                                                   "kunden 1044 har tagits bort. Kunden finns kvar i Fortnox")
    assert view.delete_button.text() == "Ta bort i &Upsales också…" and view.keep_button.text() == "B&ehåll"
    assert english_left(view) == []


def test_delete_asks_again_and_only_yes_confirms(qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    first, *_ = add_deletions(store)
    view = make_view(qtbot, store)
    view.table.selectRow(0)
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "Exempel AB" in asked[0] and "Det går inte att ångra" in asked[0]
    assert status(store, first) is DeletionStatus.PENDING

    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    view.table.selectRow(0)
    with qtbot.waitSignal(view.changed, timeout=1000):
        qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0].startswith("Ta bort i Upsales\nFöretaget Exempel AB tas bort i Upsales vid nästa "
                                         "synkronisering, med sin historik där.")
    assert status(store, first) is DeletionStatus.CONFIRMED
    assert view.table.item(0, 0).text() == "Bekräftad: tas bort vid nästa synkronisering"
    assert view.count == 2  # a confirmed one waits for the sync, not for the user
    assert view.status.text().startswith("Bekräftat: ändringen görs vid nästa synkronisering")
    view.table.selectRow(0)
    assert not view.delete_button.isEnabled() and view.keep_button.isEnabled()  # still undoable with Behåll


def test_keep_removes_it_from_the_queue(qtbot: QtBot, store: Store) -> None:
    first, second, _ = add_deletions(store)
    view = make_view(qtbot, store)
    view.table.selectRow(1)
    with qtbot.waitSignal(view.changed, timeout=1000):
        qtbot.mouseClick(view.keep_button, Qt.MouseButton.LeftButton)
    assert status(store, second) is DeletionStatus.KEPT and status(store, first) is DeletionStatus.PENDING
    assert view.table.rowCount() == 2 and view.status.text().startswith("Behålls: ingenting tas bort.")


def test_a_company_deleted_in_upsales_can_only_be_kept(qtbot: QtBot, store: Store,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    *_, upsales_gone = add_deletions(store)
    view = make_view(qtbot, store)
    view.table.selectRow(2)
    assert not view.delete_button.isEnabled() and view.keep_button.isEnabled()
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    view.confirm_selected()
    assert asked == [] and status(store, upsales_gone) is DeletionStatus.PENDING


def test_several_at_once(qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second, upsales_gone = add_deletions(store)
    view = make_view(qtbot, store)
    view.table.selectAll()
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert "De här företagen tas bort i Upsales" in asked[0] and "• Exempel AB\n• Andra AB" in asked[0]
    assert "Tredje AB" not in asked[0]
    assert [status(store, i) for i in (first, second, upsales_gone)] == [
        DeletionStatus.CONFIRMED, DeletionStatus.CONFIRMED, DeletionStatus.PENDING]


def test_guard_threshold_stop_is_explained_and_allowed_once_after_asking(
        qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    with store.session() as session:
        profiles.create_profile(session, "acme")
    view = make_view(qtbot, store)
    view.show_guard_stop("guard.threshold", {"count": 40, "threshold": 25})
    assert view.banner.isVisible()
    text = view.banner_text.text()
    assert text.startswith("Den senaste synkroniseringen stoppades innan något skrevs")
    assert "40 poster, fler än gränsen 25" in text and "tillåta dem en gång" in text
    assert view.allow_once.text() == "Tillåt en gån&g och synka…"
    assert english_left(view) == []

    answer(monkeypatch, QMessageBox.StandardButton.No)
    with qtbot.assertNotEmitted(view.allow_once_requested):
        qtbot.mouseClick(view.allow_once, Qt.MouseButton.LeftButton)
    assert view.banner.isVisible()
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(view.allow_once_requested, timeout=1000):
        qtbot.mouseClick(view.allow_once, Qt.MouseButton.LeftButton)
    assert "Företag tas fortfarande aldrig bort utan din bekräftelse" in asked[0]
    assert not view.banner.isVisible()


@pytest.mark.parametrize(("args", "expected"), [
    ({"side": "fortnox", "kind": "company", "linked": 40}, "Fortnox listar inga kunder alls, fast 40 är länkade"),
    ({"side": "upsales", "kind": "company", "linked": 7}, "Upsales listar inga företag alls, fast 7 är länkade"),
    ({"side": "fortnox", "kind": "product", "linked": 3}, "Fortnox listar inga artiklar alls, fast 3 är länkade"),
    ({"side": "fortnox", "kind": "company", "linked": 1}, "Fortnox listar inga kunder alls, fast 1 är länkad."),
])
def test_guard_side_empty_stop_names_the_side(qtbot: QtBot, store: Store, args: dict[str, Any],
                                              expected: str) -> None:
    with store.session() as session:
        profiles.create_profile(session, "acme")
    view = make_view(qtbot, store)
    view.show_guard_stop("guard.side_empty", args)
    assert expected in view.banner_text.text() and "rätt konto är anslutet" in view.banner_text.text()
    assert english_left(view) == []
    view.show_guard_stop(None)
    assert not view.banner.isVisible()
    view.show_guard_stop("guard.side_empty", args)
    view.show_guard_stop("auth.fortnox", {})  # any other stop: no guard banner
    assert not view.banner.isVisible()


def test_end_to_end_a_deleted_fortnox_customer_is_reviewed_and_deleted_by_the_next_sync(
        qtbot: QtBot, make_harness: Callable[..., Harness], monkeypatch: pytest.MonkeyPatch) -> None:
    """Against the sandbox (R8): a customer deleted in Fortnox leaves its company waiting in Borttagningar; the
    company goes only after the user confirmed it twice and the next sync ran."""
    harness = make_harness()
    harness.sync()
    with harness.store.session() as session:
        number, account_id = next((link.fortnox_id, int(link.upsales_id))
                                  for link in links.links_of_kind(session, 1, EntityKind.COMPANY))
    harness.conns.fortnox.delete_customer(number)
    assert harness.sync().pending_deletions == 1
    view = DeletionsView(harness.store)
    qtbot.addWidget(view)
    view.set_profile(PROFILE)
    view.show()
    assert view.count == 1
    assert view.table.item(0, 1).text().startswith(f"Kunden {number} togs bort i Fortnox — kundnumret har tagits "
                                                   "bort från företaget ")
    view.table.selectRow(0)
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert view.table.item(0, 0).text() == "Bekräftad: tas bort vid nästa synkronisering"
    assert account_id in harness.conns.upsales.account_ids()  # nothing deleted before the sync
    harness.sync()
    assert account_id not in harness.conns.upsales.account_ids()
    view.refresh()
    assert view.count == 0 and view.empty.isVisible()


def test_a_deletion_a_sync_carried_out_meanwhile_is_reported_not_crashed_on(qtbot: QtBot, store: Store) -> None:
    first, *_ = add_deletions(store)
    view = make_view(qtbot, store)
    with store.session() as session:  # meanwhile: confirmed elsewhere and carried out by a sync
        deletions.confirm_deletion(session, first)
        deletions.mark_executed(session, first)
    view.table.selectRow(0)
    qtbot.mouseClick(view.keep_button, Qt.MouseButton.LeftButton)
    assert status(store, first) is DeletionStatus.EXECUTED
    assert view.status.text() == "Beslutet om Exempel AB är redan fattat eller utfört."  # engine.decisions' reason
    assert view.table.rowCount() == 2 and english_left(view) == []


def test_decisions_go_through_the_engine_and_are_logged(qtbot: QtBot, store: Store,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    first, second, _ = add_deletions(store)
    view = make_view(qtbot, store)
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    view.table.selectRow(0)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    view.table.selectRow(1)
    qtbot.mouseClick(view.keep_button, Qt.MouseButton.LeftButton)
    with store.session() as session:
        logged = [(d.subject, d.subject_id, d.choice, d.label)
                  for d in session.scalars(select(Decision).order_by(Decision.id))]
    assert logged == [("deletion", str(first), "delete", "Exempel AB"), ("deletion", str(second), "keep", "Andra AB")]


def test_long_explanations_wrap_to_the_column_width(qtbot: QtBot, store: Store) -> None:
    add_deletions(store)
    view = make_view(qtbot, store)
    view.resize(1200, 400)
    qtbot.waitUntil(lambda: view.table.columnWidth(1) > 700, timeout=2000)
    wide = view.table.rowHeight(0)
    view.resize(450, 400)  # narrower: the rows grow so the explanation is shown whole, not cut off
    qtbot.waitUntil(lambda: view.table.rowHeight(0) >= wide + view.table.fontMetrics().lineSpacing(), timeout=2000)
