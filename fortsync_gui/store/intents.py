"""Write intents: the crash-safety net for remote creates (see :class:`~fortsync_gui.store.models.WriteIntent`).

:func:`begin` commits at once (it must be on disk before the create is sent). :func:`done` goes with the session's
next commit, like the audit trail (:mod:`.runs`): the link it follows is already committed, and an intent left
behind by a process killed in between only makes the next run look the record up by its stamp, which finds the
link. A rollback in between does not undo it: it waits for the commit after.
"""

from __future__ import annotations

from sqlalchemy import and_, bindparam, delete, event, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .columns import utcnow
from .enums import EntityKind, Side
from .models import WriteIntent

_TABLE = WriteIntent.__table__
_INSERT = insert(_TABLE)
_DELETE = delete(_TABLE).where(and_(_TABLE.c.profile_id == bindparam("p"), _TABLE.c.kind == bindparam("k"),
                                    _TABLE.c.key == bindparam("key")))
_DONE = "fortsync.intents_done"


def begin(session: Session, profile_id: int, kind: EntityKind, target: Side, key: str) -> None:
    """Record (and commit) that ``key`` is about to be created on ``target``. Idempotent."""
    waiting: set[tuple[int, str, str]] = session.info.get(_DONE, set())
    waiting.discard((profile_id, EntityKind(kind).value, key))  # begun again: the earlier done must not remove it
    try:
        session.connection().execute(_INSERT, {"profile_id": profile_id, "kind": kind, "target": target, "key": key,
                                               "created_at": utcnow()})
        session.commit()
    except IntegrityError:
        session.rollback()


def done(session: Session, profile_id: int, kind: EntityKind, key: str) -> None:
    """The create of ``key`` is linked: the intent goes, with the session's next commit."""
    session.info.setdefault(_DONE, set()).add((profile_id, EntityKind(kind).value, key))


def pending(session: Session, profile_id: int, kind: EntityKind) -> dict[str, WriteIntent]:
    """Intents left behind by a run that died between a create and its link, by key."""
    _remove_done(session)
    rows = session.scalars(select(WriteIntent).where(WriteIntent.profile_id == profile_id, WriteIntent.kind == kind))
    return {row.key: row for row in rows}


def _remove_done(session: Session) -> None:
    waiting: set[tuple[int, str, str]] | None = session.info.get(_DONE)
    if waiting:
        session.connection().execute(_DELETE, [{"p": p, "k": k, "key": key} for p, k, key in waiting])
        session.info[_DONE + ".sent"] = session.info.get(_DONE + ".sent", set()) | waiting
        session.info[_DONE] = set()


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    _remove_done(session)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    session.info.pop(_DONE + ".sent", None)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    sent = session.info.pop(_DONE + ".sent", None)
    if sent:
        session.info[_DONE] = session.info.get(_DONE, set()) | sent
