"""Write intents: the crash-safety net for remote creates (see :class:`~fortsync_gui.store.models.WriteIntent`), and
the creates whose answer was lost (uncertain writes)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .enums import EntityKind, Side
from .models import WriteIntent


def begin(session: Session, profile_id: int, kind: EntityKind, target: Side, key: str) -> None:
    """Record (and commit) that ``key`` is about to be created on ``target``. Idempotent."""
    session.add(WriteIntent(profile_id=profile_id, kind=kind, target=target, key=key))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()


def done(session: Session, profile_id: int, kind: EntityKind, key: str) -> None:
    session.execute(delete(WriteIntent).where(
        WriteIntent.profile_id == profile_id, WriteIntent.kind == kind, WriteIntent.key == key))
    session.commit()


def pending(session: Session, profile_id: int, kind: EntityKind) -> dict[str, WriteIntent]:
    """Intents left behind by a run that died between a create and its link, by key."""
    rows = session.scalars(select(WriteIntent).where(WriteIntent.profile_id == profile_id, WriteIntent.kind == kind))
    return {row.key: row for row in rows}


def mark_uncertain(session: Session, profile_id: int, kind: EntityKind, key: str, at: datetime) -> None:
    """The create of ``key`` was sent and its answer lost: it may or may not have taken effect."""
    for row in session.scalars(select(WriteIntent).where(
            WriteIntent.profile_id == profile_id, WriteIntent.kind == kind, WriteIntent.key == key)):
        row.uncertain_at = at  # the latest attempt: it is the one that may still land
    session.commit()


def uncertain(session: Session, profile_id: int) -> list[WriteIntent]:
    """Creates whose outcome is not known yet, oldest first."""
    return list(session.scalars(select(WriteIntent)
                                .where(WriteIntent.profile_id == profile_id, WriteIntent.uncertain_at.is_not(None))
                                .order_by(WriteIntent.uncertain_at)))
