"""Duplicate matching before the first import."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fortsync_gui.store import MatchBasis, MatchStatus, matches
from fortsync_gui.store.errors import MatchConflict
from fortsync_gui.store.models import MatchCandidate, Profile


def test_a_pair_is_suggested_once(session: Session, profile: Profile) -> None:
    first = matches.suggest_match(session, profile.id, 1, "K1", basis=MatchBasis.NAME, score=0.6,
                                  upsales_label="Acme", fortnox_label="ACME AB")
    again = matches.suggest_match(session, profile.id, "1", "K1", basis=MatchBasis.ORG_NO, score=1.0)
    assert again.id == first.id and (again.basis, again.score) == (MatchBasis.ORG_NO, 1.0)
    assert len(matches.list_matches(session, profile.id)) == 1

    session.add(MatchCandidate(profile_id=profile.id, upsales_id="1", fortnox_id="K1", basis=MatchBasis.NAME,
                               score=0.1, status=MatchStatus.SUGGESTED))
    with pytest.raises(IntegrityError):  # the database enforces it too
        session.commit()
    session.rollback()


def test_decisions_stick(session: Session, profile: Profile) -> None:
    candidate = matches.suggest_match(session, profile.id, 1, "K1", basis=MatchBasis.EMAIL_DOMAIN, score=0.5)
    rejected = matches.reject_match(session, candidate.id)
    assert rejected.status is MatchStatus.REJECTED and rejected.decided_at is not None
    # A later matching pass suggests the pair again: the user's decision is kept.
    assert matches.suggest_match(session, profile.id, 1, "K1", basis=MatchBasis.NAME, score=0.9).status is (
        MatchStatus.REJECTED)
    assert matches.accept_match(session, candidate.id).status is MatchStatus.ACCEPTED


def test_accepting_rejects_the_rival_suggestions(session: Session, profile: Profile) -> None:
    best = matches.suggest_match(session, profile.id, 1, "K1", basis=MatchBasis.ORG_NO, score=1.0)
    same_company = matches.suggest_match(session, profile.id, 1, "K2", basis=MatchBasis.NAME, score=0.4)
    same_customer = matches.suggest_match(session, profile.id, 2, "K1", basis=MatchBasis.NAME, score=0.3)
    unrelated = matches.suggest_match(session, profile.id, 3, "K3", basis=MatchBasis.FORTNOX_CUSTOMER_ID, score=0.9)
    assert [m.id for m in matches.list_matches(session, profile.id)] == [
        best.id, unrelated.id, same_company.id, same_customer.id]  # best first

    matches.accept_match(session, best.id)
    status = {m.id: m.status for m in matches.list_matches(session, profile.id)}
    assert status == {best.id: MatchStatus.ACCEPTED, same_company.id: MatchStatus.REJECTED,
                      same_customer.id: MatchStatus.REJECTED, unrelated.id: MatchStatus.SUGGESTED}
    with pytest.raises(MatchConflict):  # K1 is taken by an accepted pair
        matches.accept_match(session, same_customer.id)
    assert [m.id for m in matches.list_matches(session, profile.id, MatchStatus.ACCEPTED)] == [best.id]
