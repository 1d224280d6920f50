"""Write intents: the crash-safety net for remote creates (see :class:`~fortsync_gui.store.models.WriteIntent`), and
the creates whose answer was lost (uncertain writes).

Both ends commit at once, as Core statements (the ORM's unit of work costs more than the row; the end, once per
record, as a prepared one: store/prepared.py). The beginning's
commit reaches the disk before the create is sent, also on SQLite, whose other commits wait for a checkpoint (see
:func:`_synced`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import and_, bindparam, delete, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .columns import utcnow
from .enums import EntityKind, Side
from .models import WriteIntent
from .prepared import Prepared

_TABLE = WriteIntent.__table__
_INSERT = insert(_TABLE)
_DELETE = Prepared(delete(_TABLE).where(and_(
    _TABLE.c.profile_id == bindparam("p"), _TABLE.c.kind == bindparam("k"), _TABLE.c.key == bindparam("key"))))


_FULL, _NORMAL = text("PRAGMA synchronous=FULL"), text("PRAGMA synchronous=NORMAL")


@contextmanager
def _synced(session: Session) -> Iterator[None]:
    """The commit made inside is on the disk when it returns, whatever the database: SQLite's commits otherwise wait
    for a checkpoint (synchronous=NORMAL, store/db.py), and a power cut that undid an intent after its create was
    sent would let the next run create the record again. SQLite changes the level only between transactions."""
    if session.get_bind().dialect.name != "sqlite":
        yield  # PostgreSQL syncs every commit
        return
    session.commit()  # what the open transaction holds goes first, as with any commit
    session.execute(_FULL)
    try:
        yield
    except BaseException:
        session.rollback()
        raise
    finally:
        session.execute(_NORMAL)


def begin(session: Session, profile_id: int, kind: EntityKind, target: Side, key: str) -> None:
    """Record (and commit, to the disk) that ``key`` is about to be created on ``target``. Idempotent."""
    with _synced(session):
        try:
            session.connection().execute(_INSERT, {"profile_id": profile_id, "kind": kind, "target": target,
                                                   "key": key, "created_at": utcnow()})
            session.commit()
        except IntegrityError:
            session.rollback()


def begin_many(session: Session, profile_id: int,
               wanted: list[tuple[EntityKind, Side, str]]) -> set[tuple[EntityKind, str]]:
    """:func:`begin` for several creates at once, in one commit (to the disk); returns the (kind, key) pairs it added
    (an intent left behind by an earlier run is kept as it is, and not returned)."""
    if not wanted:
        return set()
    kinds = {kind for kind, _, _ in wanted}
    with _synced(session):
        existing = {(row.kind, row.key) for row in session.execute(
            select(_TABLE.c.kind, _TABLE.c.key).where(_TABLE.c.profile_id == profile_id, _TABLE.c.kind.in_(kinds),
                                                      _TABLE.c.key.in_([key for _, _, key in wanted])))}
        now = utcnow()
        new = {(kind, key): target for kind, target, key in wanted if (kind, key) not in existing}
        if new:
            rows = [{"profile_id": profile_id, "kind": kind, "target": target, "key": key, "created_at": now}
                    for (kind, key), target in new.items()]
            session.connection().execute(_INSERT, rows)
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


def uncertain(session: Session, profile_id: int) -> list[WriteIntent]:
    """Creates whose outcome is not known yet, oldest first."""
    return list(session.scalars(select(WriteIntent)
                                .where(WriteIntent.profile_id == profile_id, WriteIntent.uncertain_at.is_not(None))
                                .order_by(WriteIntent.uncertain_at)))
