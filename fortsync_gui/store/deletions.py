"""The deletion review queue. Nothing is deleted on either side until the user confirms it (R8, mass-deletion guard).

    pending --confirm--> confirmed --(a run deletes it)--> executed
       |                     |
       +--------keep---------+--> kept
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from .columns import utcnow
from .enums import DeletionStatus, EntityKind
from .errors import InvalidTransition
from .models import PendingDeletion, RemoteId, remote_id

OPEN = (DeletionStatus.PENDING, DeletionStatus.CONFIRMED)
_ALLOWED = {
    DeletionStatus.CONFIRMED: {DeletionStatus.PENDING},
    DeletionStatus.KEPT: {DeletionStatus.PENDING, DeletionStatus.CONFIRMED},
    DeletionStatus.EXECUTED: {DeletionStatus.CONFIRMED},
}


def propose_deletion(
    session: Session,
    profile_id: int,
    kind: EntityKind,
    *,
    reason_key: str,
    upsales_id: RemoteId | None = None,
    fortnox_id: RemoteId | None = None,
    label: str | None = None,
    run_id: int | None = None,
) -> PendingDeletion:
    """Queue a deletion for review. The same record is queued once while its deletion is still open."""
    up = None if upsales_id is None else remote_id(upsales_id)
    fx = None if fortnox_id is None else remote_id(fortnox_id)
    if up is None and fx is None:
        raise ValueError("a deletion names the Upsales record, the Fortnox record or both")
    existing = session.scalars(select(PendingDeletion).where(
        PendingDeletion.profile_id == profile_id, PendingDeletion.kind == kind,
        PendingDeletion.upsales_id.is_(None) if up is None else PendingDeletion.upsales_id == up,
        PendingDeletion.fortnox_id.is_(None) if fx is None else PendingDeletion.fortnox_id == fx,
        PendingDeletion.status.in_(OPEN))).first()
    if existing is not None:
        return existing
    deletion = PendingDeletion(profile_id=profile_id, kind=kind, upsales_id=up, fortnox_id=fx, label=label,
                               reason_key=reason_key, detected_run_id=run_id, status=DeletionStatus.PENDING)
    session.add(deletion)
    session.commit()
    return deletion


def record_gone(session: Session, profile_id: int, kind: EntityKind, *, reason_key: str, upsales_id: RemoteId,
                fortnox_id: RemoteId, label: str | None = None, run_id: int | None = None) -> PendingDeletion:
    """A record the user deleted themselves (e.g. a company deleted in Upsales): kept as done, so later runs know the
    deletion was meant and do not make the record again."""
    deletion = PendingDeletion(profile_id=profile_id, kind=kind, upsales_id=remote_id(upsales_id),
                               fortnox_id=remote_id(fortnox_id), label=label, reason_key=reason_key,
                               detected_run_id=run_id, status=DeletionStatus.EXECUTED, decided_at=utcnow())
    session.add(deletion)
    session.commit()
    return deletion


def gone_by_reason(session: Session, profile_id: int, kind: EntityKind, reason_key: str) -> set[str]:
    """The Fortnox ids of the records deleted for ``reason_key`` (any status)."""
    return {fx for fx in session.scalars(select(PendingDeletion.fortnox_id).where(
        PendingDeletion.profile_id == profile_id, PendingDeletion.kind == kind,
        PendingDeletion.reason_key == reason_key)) if fx is not None}


def in_status(profile_id: Any, statuses: Collection[DeletionStatus] = OPEN) -> ColumnElement[bool]:
    """The profile's deletions in ``statuses`` (``profile_id`` a value or a bind parameter)."""
    return and_(PendingDeletion.profile_id == profile_id, PendingDeletion.status.in_(statuses))


def list_deletions(
    session: Session, profile_id: int, statuses: Collection[DeletionStatus] = OPEN
) -> list[PendingDeletion]:
    return list(session.scalars(select(PendingDeletion).where(in_status(profile_id, statuses))
                                .order_by(PendingDeletion.id)))


def confirm_deletion(session: Session, deletion_id: int) -> PendingDeletion:
    return _move(session, deletion_id, DeletionStatus.CONFIRMED)


def keep_record(session: Session, deletion_id: int) -> PendingDeletion:
    """The user keeps the record: nothing will be deleted."""
    return _move(session, deletion_id, DeletionStatus.KEPT)


def mark_executed(session: Session, deletion_id: int) -> PendingDeletion:
    """A run deleted it (only ever a confirmed one)."""
    return _move(session, deletion_id, DeletionStatus.EXECUTED)


def _move(session: Session, deletion_id: int, target: DeletionStatus) -> PendingDeletion:
    deletion = session.get(PendingDeletion, deletion_id, populate_existing=True)  # the GUI decides elsewhere
    if deletion is None:
        raise LookupError(f"no pending deletion {deletion_id}")
    if deletion.status not in _ALLOWED[target]:
        raise InvalidTransition(f"deletion {deletion_id}: {deletion.status} -> {target}")
    deletion.status = target
    if target is not DeletionStatus.EXECUTED:
        deletion.decided_at = utcnow()
    session.commit()
    return deletion
