"""Change cursors: per profile, entity kind and side, where the next read of changes starts. The engine advances a
cursor only past what it applied, so an interrupted run re-reads the rest."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from .columns import utcnow
from .dml import rowcount
from .enums import EntityKind, Side
from .models import Cursor
from .prepared import Prepared

# Core statements, prepared (store/prepared.py): a run sets five cursors at its end, each was an ORM read, flush and
# commit (2-2.7 ms of CPU each with twenty profiles at once). No Cursor object is kept in a session, so a read never
# sees a stale one.
_TABLE = Cursor.__table__
_ONE = and_(_TABLE.c.profile_id == bindparam("p"), _TABLE.c.kind == bindparam("k"), _TABLE.c.side == bindparam("s"))
_GET = Prepared(select(_TABLE.c.value).where(_ONE))
_MOVE = Prepared(update(_TABLE).where(_ONE).values(value=bindparam("v"), updated_at=bindparam("at")))
_ADD = Prepared(insert(_TABLE).values(profile_id=bindparam("p"), kind=bindparam("k"), side=bindparam("s"),
                                      value=bindparam("v"), updated_at=bindparam("at")))


def _key(profile_id: int, kind: EntityKind, side: Side) -> dict[str, Any]:
    return {"p": profile_id, "k": EntityKind(kind), "s": Side(side)}


def get_cursor(session: Session, profile_id: int, kind: EntityKind, side: Side) -> str | None:
    rows = _GET.rows(session.connection(), _key(profile_id, kind, side))
    return rows[0][0] if rows else None


def set_cursor(session: Session, profile_id: int, kind: EntityKind, side: Side, value: str) -> None:
    """Move the cursor (made when missing) and commit. One writer per profile: the run lock."""
    params = {**_key(profile_id, kind, side), "v": value, "at": utcnow()}
    connection = session.connection()
    if not _MOVE.run(connection, params):
        _ADD.run(connection, params)
    session.commit()


def reset_cursors(session: Session, profile_id: int, kind: EntityKind | None = None) -> int:
    """Forget cursors (all kinds, or one) so the next run reads everything again; returns how many."""
    statement = delete(Cursor).where(Cursor.profile_id == profile_id)
    if kind is not None:
        statement = statement.where(Cursor.kind == kind)
    deleted = rowcount(session, statement)
    session.commit()
    return deleted
