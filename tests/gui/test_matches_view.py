"""Dubbletter: the suggested pairs of a Fortnox customer and an Upsales company, decided with "Samma företag: länka"
or "Inte samma: skapa ett nytt företag" through the engine's decisions (logged), and a pair that can no longer be
linked explained in Swedish."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fortsync_gui.gui.matches_view import MatchesView
from fortsync_gui.store import MatchBasis, MatchStatus, Store, matches, profiles
from fortsync_gui.store.models import Decision, MatchCandidate

from .texts import english_left


def add_suggestions(store: Store) -> list[int]:
    """Profile "acme": two Fortnox customers that may both be the company 100, and one that may be company 101."""
    with store.session() as session:
        profile_id = profiles.create_profile(session, "acme").id
        return [matches.suggest_match(session, profile_id, upsales_id, fortnox_id, basis=basis, score=score,
                                      upsales_label=company, fortnox_label=customer).id
                for upsales_id, fortnox_id, basis, score, company, customer in [
                    (100, 1040, MatchBasis.EMAIL_DOMAIN, 0.9, "Tandvården AB", "Tandvårdshuset AB"),
                    (100, 1041, MatchBasis.NAME, 0.8, "Tandvården AB", "Tandvården i Väst AB"),
                    (101, 1042, MatchBasis.NAME, 0.7, "Bygg & Co", "Bygg och Co AB")]]


def make_view(qtbot: QtBot, store: Store) -> MatchesView:
    view = MatchesView(store)
    qtbot.addWidget(view)
    view.set_profile("acme")
    view.show()
    return view


def status_of(store: Store, match_id: int) -> MatchStatus:
    with store.session() as session:
        found = session.get(MatchCandidate, match_id)
        assert found is not None
        return found.status


def test_link_and_keep_apart_go_through_the_engine_and_are_logged(qtbot: QtBot, store: Store) -> None:
    first, rival, other = add_suggestions(store)
    view = make_view(qtbot, store)
    assert view.count == 3 and view.table.item(0, 2).text() == "Samma e-postdomän"
    view.table.selectRow(0)
    with qtbot.waitSignal(view.changed, timeout=1000):
        qtbot.mouseClick(view.link_button, Qt.MouseButton.LeftButton)
    assert status_of(store, first) is MatchStatus.ACCEPTED
    assert status_of(store, rival) is MatchStatus.REJECTED  # the company can be linked once only
    assert view.count == 1
    view.table.selectRow(0)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    assert status_of(store, other) is MatchStatus.REJECTED and view.count == 0 and view.empty.isVisible()
    with store.session() as session:
        logged = [(d.subject, d.subject_id, d.choice) for d in session.scalars(select(Decision).order_by(Decision.id))]
    assert logged == [("match", str(first), "accept"), ("match", str(other), "reject")]
    assert view.status.text() == "" and english_left(view) == []


def test_linking_two_customers_to_one_company_is_explained(qtbot: QtBot, store: Store) -> None:
    first, rival, _ = add_suggestions(store)
    view = make_view(qtbot, store)
    view.table.selectRow(0)
    view.table.selectionModel().select(view.table.model().index(1, 0),
                                       view.table.selectionModel().SelectionFlag.Select |
                                       view.table.selectionModel().SelectionFlag.Rows)
    qtbot.mouseClick(view.link_button, Qt.MouseButton.LeftButton)
    assert status_of(store, first) is MatchStatus.ACCEPTED and status_of(store, rival) is MatchStatus.REJECTED
    assert view.status.text() == ("Tandvården i Väst AB eller företaget den matchades med är redan kopplat till en "
                                  "annan post. Välj en annan dubblett eller skapa kunden som nytt företag.")
    assert view.count == 1 and english_left(view) == []
