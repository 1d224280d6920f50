"""Write intents: the crash-safety net for remote creates (see :class:`~fortsync_gui.store.models.WriteIntent`), and
the creates whose answer was lost (uncertain writes).

Both ends commit at once, as Core statements (the ORM's unit of work costs more than the row; those every created
record runs are prepared, see store/prepared.py). The beginning's commit reaches the disk before the create is sent,
also on SQLite, whose other commits wait for a checkpoint (see :func:`_synced`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .columns import utcnow
from .enums import EntityKind, Side
from .models import WriteIntent
from .prepared import Prepared

_TABLE = WriteIntent.__table__
_EXISTING = select(_TABLE.c.kind, _TABLE.c.key).where(  # made once: a statement made for the keys costs 5 × more
    _TABLE.c.profile_id == bindparam("p"), _TABLE.c.key.in_(bindparam("keys", expanding=True)))
_ADD = Prepared(insert(_TABLE).values(profile_id=bindparam("p"), kind=bindparam("k"), target=bindparam("t"),
                                      key=bindparam("key"), created_at=bindparam("at")))
_DELETE = Prepared(delete(_TABLE).where(and_(
    _TABLE.c.profile_id == bindparam("p"), _TABLE.c.kind == bindparam("k"), _TABLE.c.key == bindparam("key"))))


@contextmanager
def _synced(session: Session) -> Iterator[None]:
    """The commit made inside is on the disk when it returns, whatever the database: SQLite's commits otherwise wait
    for a checkpoint (synchronous=NORMAL, store/db.py), and a power cut that undid an intent after its create was
    sent would let the next run create the record again. SQLite changes the level only between transactions."""
    if session.get_bind().dialect.name != "sqlite":
        yield  # PostgreSQL syncs every commit
        return
    session.commit()  # what the open transaction holds goes first, as with any commit
    session.connection().exec_driver_sql("PRAGMA synchronous=FULL")
    try:
        yield
    except BaseException:
        session.rollback()
        raise
    finally:
        session.connection().exec_driver_sql("PRAGMA synchronous=NORMAL")


def begin(session: Session, profile_id: int, kind: EntityKind, target: Side, key: str) -> None:
    """Record (and commit, to the disk) that ``key`` is about to be created on ``target``. Idempotent."""
    with _synced(session):
        try:
            _ADD.run(session.connection(), {"p": profile_id, "k": kind, "t": target, "key": key, "at": utcnow()})
            session.commit()
        except IntegrityError:
            session.rollback()


def begin_many(session: Session, profile_id: int,
               wanted: list[tuple[EntityKind, Side, str]]) -> set[tuple[EntityKind, str]]:
    """:func:`begin` for several creates at once, in one commit (to the disk); returns the (kind, key) pairs it added
    (an intent left behind by an earlier run is kept as it is, and not returned)."""
    if not wanted:
        return set()
    with _synced(session):
        connection = session.connection()
        existing = {(row.kind, row.key) for row in connection.execute(
            _EXISTING, {"p": profile_id, "keys": [key for _, _, key in wanted]})}
        now = utcnow()
        new = {(kind, key): target for kind, target, key in wanted if (kind, key) not in existing}
        if new:
            _ADD.run_many(connection, [{"p": profile_id, "k": kind, "t": target, "key": key, "at": now}
                                       for (kind, key), target in new.items()])
        session.commit()
    return set(new)


def done(session: Session, profile_id: int, kind: EntityKind, key: str, *, commit: bool = True) -> None:
    """The create of ``key`` is linked (``commit`` False: in the open transaction, committed with the link)."""
    _DELETE.run(session.connection(), {"p": profile_id, "k": kind, "key": key})
    if commit:
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


def is_uncertain(profile_id: Any) -> ColumnElement[bool]:
    """The profile's creates whose outcome is not known yet (``profile_id`` a value or a bind parameter)."""
    return and_(WriteIntent.profile_id == profile_id, WriteIntent.uncertain_at.is_not(None))


def uncertain(session: Session, profile_id: int) -> list[WriteIntent]:
    """Creates whose outcome is not known yet, oldest first."""
    return list(session.scalars(select(WriteIntent).where(is_uncertain(profile_id)).order_by(WriteIntent.uncertain_at)))
