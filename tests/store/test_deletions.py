"""The deletion review queue: nothing is executed unless confirmed."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from fortsync_gui.store import DeletionStatus, EntityKind, deletions, runs
from fortsync_gui.store.errors import InvalidTransition
from fortsync_gui.store.models import Profile, Run

COMPANY = EntityKind.COMPANY


def _propose(session: Session, profile: Profile, upsales_id: int, run: Run | None = None) -> int:
    return deletions.propose_deletion(session, profile.id, COMPANY, upsales_id=upsales_id, fortnox_id=f"K{upsales_id}",
                                      label=f"Företag {upsales_id}", reason_key="fortnox.customer_deleted",
                                      run_id=None if run is None else run.id).id


def test_lifecycle(session: Session, profile: Profile, run: Run) -> None:
    confirmed, kept = _propose(session, profile, 1, run), _propose(session, profile, 2, run)
    assert _propose(session, profile, 1) == confirmed  # queued once while open
    pending = deletions.list_deletions(session, profile.id)
    assert [(d.upsales_id, d.status, d.label) for d in pending] == [
        ("1", DeletionStatus.PENDING, "Företag 1"), ("2", DeletionStatus.PENDING, "Företag 2")]
    assert pending[0].detected_run_id == run.id and pending[0].decided_at is None

    with pytest.raises(InvalidTransition):  # never straight from pending to executed
        deletions.mark_executed(session, confirmed)
    assert deletions.confirm_deletion(session, confirmed).decided_at is not None
    assert deletions.keep_record(session, kept).status is DeletionStatus.KEPT
    assert [d.id for d in deletions.list_deletions(session, profile.id, [DeletionStatus.CONFIRMED])] == [confirmed]

    assert deletions.mark_executed(session, confirmed).status is DeletionStatus.EXECUTED
    assert deletions.list_deletions(session, profile.id) == []
    for move in (deletions.confirm_deletion, deletions.keep_record, deletions.mark_executed):
        with pytest.raises(InvalidTransition):
            move(session, confirmed)
    with pytest.raises(InvalidTransition):
        deletions.confirm_deletion(session, kept)
    assert _propose(session, profile, 2) != kept  # detected again later: a new question for the user


def test_a_confirmed_deletion_can_still_be_kept(session: Session, profile: Profile) -> None:
    deletion = _propose(session, profile, 1)
    deletions.confirm_deletion(session, deletion)
    assert deletions.keep_record(session, deletion).status is DeletionStatus.KEPT


def test_one_side_is_enough_but_not_none(session: Session, profile: Profile) -> None:
    only_fortnox = deletions.propose_deletion(session, profile.id, EntityKind.PRODUCT, fortnox_id="A1",
                                              reason_key="upsales.product_gone")
    assert only_fortnox.upsales_id is None
    same = deletions.propose_deletion(session, profile.id, EntityKind.PRODUCT, fortnox_id="A1", reason_key="x")
    assert same.id == only_fortnox.id
    with pytest.raises(ValueError):
        deletions.propose_deletion(session, profile.id, COMPANY, reason_key="x")


def test_deleting_the_run_keeps_the_queue(session: Session, profile: Profile, run: Run) -> None:
    deletion = _propose(session, profile, 1, run)
    session.delete(runs.get_run(session, run.id))
    session.commit()
    remaining = deletions.list_deletions(session, profile.id)
    assert [d.id for d in remaining] == [deletion]
    session.refresh(remaining[0])
    assert remaining[0].detected_run_id is None
