"""Links: which Upsales record is synced with which Fortnox record, with the sync state of each side.

The engine calls :func:`upsert_link` right after every remote create or update, before anything else, so a crash
can never leave a record on one side that the store does not know about.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .columns import utcnow
from .dml import rowcount
from .enums import EntityKind
from .errors import LinkConflict
from .models import Link, RemoteId, remote_id


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
    link = by_upsales(session, profile_id, kind, upsales_id)
    if link is None:
        link = Link(profile_id=profile_id, kind=kind, upsales_id=remote_id(upsales_id))
        session.add(link)
    link.fortnox_id = remote_id(fortnox_id)
    if upsales_values:
        link.upsales_values = {**(link.upsales_values or {}), **upsales_values}
    if fortnox_values:
        link.fortnox_values = {**(link.fortnox_values or {}), **fortnox_values}
    link.last_synced_at = utcnow()
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise LinkConflict(f"{kind} upsales:{upsales_id} fortnox:{fortnox_id}") from exc
    return link


def unlink(session: Session, link_id: int) -> bool:
    """Forget a link (R8: the Fortnox customer is gone, the company stays). Its open conflicts go with it."""
    deleted = rowcount(session, delete(Link).where(Link.id == link_id))
    session.commit()
    return bool(deleted)
