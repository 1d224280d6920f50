"""Links: which Upsales record is synced with which Fortnox record, with the sync state of each side.

The engine calls :func:`upsert_link` right after every remote create or update, before anything else, so a crash
can never leave a record on one side that the store does not know about.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .columns import utcnow
from .dml import rowcount
from .enums import EntityKind
from .errors import LinkConflict
from .models import Link, RemoteId, remote_id
from .prepared import Prepared


def get_link(session: Session, link_id: int) -> Link | None:
    return session.get(Link, link_id)


def by_upsales(session: Session, profile_id: int, kind: EntityKind, upsales_id: RemoteId) -> Link | None:
    return session.scalars(select(Link).where(
        Link.profile_id == profile_id, Link.kind == kind, Link.upsales_id == remote_id(upsales_id))).one_or_none()


def by_fortnox(session: Session, profile_id: int, kind: EntityKind, fortnox_id: RemoteId) -> Link | None:
    return session.scalars(select(Link).where(
        Link.profile_id == profile_id, Link.kind == kind, Link.fortnox_id == remote_id(fortnox_id))).one_or_none()


def links_of_kind(session: Session, profile_id: int, kind: EntityKind) -> list[Link]:
    return list(session.scalars(select(Link).where(Link.profile_id == profile_id, Link.kind == kind).order_by(Link.id)))


def upsert_link(
    session: Session,
    profile_id: int,
    kind: EntityKind,
    upsales_id: RemoteId,
    fortnox_id: RemoteId,
    *,
    upsales_values: Mapping[str, Any] | None = None,
    fortnox_values: Mapping[str, Any] | None = None,
) -> Link:
    """Link the two records (or re-point the Upsales record's link), merge the given fields into each side's sync
    state and mark the pair synced now, in one commit. Raises :class:`LinkConflict` when the Fortnox record is
    linked to another Upsales record."""
    link_id = write_link(session, profile_id, kind, upsales_id, fortnox_id, upsales_values=upsales_values,
                         fortnox_values=fortnox_values)
    session.commit()
    link = session.get(Link, link_id)
    assert link is not None
    return link


_TABLE = Link.__table__
_FIND = Prepared(select(_TABLE.c.id, _TABLE.c.upsales_values, _TABLE.c.fortnox_values).where(
    _TABLE.c.profile_id == bindparam("p"), _TABLE.c.kind == bindparam("k"), _TABLE.c.upsales_id == bindparam("u")))
_INSERT = Prepared(insert(_TABLE).values(
    profile_id=bindparam("p"), kind=bindparam("k"), upsales_id=bindparam("u"), fortnox_id=bindparam("f"),
    upsales_values=bindparam("uv"), fortnox_values=bindparam("fv"), last_synced_at=bindparam("at"),
    created_at=bindparam("at")), key=_TABLE.c.id)
_UPDATE = Prepared(update(_TABLE).where(_TABLE.c.id == bindparam("link_id")).values(
    fortnox_id=bindparam("f"), upsales_values=bindparam("uv"), fortnox_values=bindparam("fv"),
    last_synced_at=bindparam("at")))


def write_link(
    session: Session,
    profile_id: int,
    kind: EntityKind,
    upsales_id: RemoteId,
    fortnox_id: RemoteId,
    *,
    upsales_values: Mapping[str, Any] | None = None,
    fortnox_values: Mapping[str, Any] | None = None,
    fresh: bool = False,
) -> int:
    """:func:`upsert_link` in the open transaction, not committed (the caller commits it with what belongs to the
    same write, e.g. the write intent it clears); the link's id. Prepared statements (store/prepared.py): this runs
    once per record synced, and the ORM's unit of work costs more than the row. ``fresh``: the Upsales record was
    created just now, so it has no link to look for (a first import's every record: one statement instead of two)."""
    upsales, fortnox = remote_id(upsales_id), remote_id(fortnox_id)
    connection = session.connection()
    try:
        found = None if fresh else next(iter(_FIND.rows(connection, {"p": profile_id, "k": kind, "u": upsales})), None)
        if found is None:
            return _INSERT.insert(connection, {
                "p": profile_id, "k": kind, "u": upsales, "f": fortnox, "at": utcnow(),
                "uv": dict(upsales_values) if upsales_values else None,  # None: SQL NULL, as the ORM leaves it unset
                "fv": dict(fortnox_values) if fortnox_values else None})
        link_id, was_upsales, was_fortnox = found
        _UPDATE.run(connection, {
            "link_id": link_id, "f": fortnox, "at": utcnow(),
            "uv": {**(was_upsales or {}), **upsales_values} if upsales_values else was_upsales,
            "fv": {**(was_fortnox or {}), **fortnox_values} if fortnox_values else was_fortnox})
    except IntegrityError as exc:
        session.rollback()
        raise LinkConflict(f"{kind} upsales:{upsales_id} fortnox:{fortnox_id}") from exc
    loaded = session.identity_map.get(session.identity_key(Link, link_id))  # type: ignore[arg-type]
    if loaded is not None:  # the session keeps objects across commits (expire_on_commit off): not a stale one
        session.expire(loaded)
    return int(link_id)


def unlink(session: Session, link_id: int) -> bool:
    """Forget a link (R8: the Fortnox customer is gone, the company stays). Its open conflicts go with it."""
    deleted = rowcount(session, delete(Link).where(Link.id == link_id))
    session.commit()
    return bool(deleted)
