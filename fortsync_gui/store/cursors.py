"""Change cursors: per profile, entity kind and side, where the next read of changes starts. The engine advances a
cursor only past what it applied, so an interrupted run re-reads the rest."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from .dml import rowcount
from .enums import EntityKind, Side
from .models import Cursor


def get_cursor(session: Session, profile_id: int, kind: EntityKind, side: Side) -> str | None:
    cursor = session.get(Cursor, (profile_id, EntityKind(kind), Side(side)))
    return None if cursor is None else cursor.value


def set_cursor(session: Session, profile_id: int, kind: EntityKind, side: Side, value: str) -> None:
    cursor = session.get(Cursor, (profile_id, EntityKind(kind), Side(side)))
    if cursor is None:
        session.add(Cursor(profile_id=profile_id, kind=kind, side=side, value=value))
    else:
        cursor.value = value
    session.commit()


def reset_cursors(session: Session, profile_id: int, kind: EntityKind | None = None) -> int:
    """Forget cursors (all kinds, or one) so the next run reads everything again; returns how many."""
    statement = delete(Cursor).where(Cursor.profile_id == profile_id)
    if kind is not None:
        statement = statement.where(Cursor.kind == kind)
    deleted = rowcount(session, statement)
    session.commit()
    return deleted
