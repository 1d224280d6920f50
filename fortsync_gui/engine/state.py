"""The sync state, the authority on what changed (DESIGN.md §7): per linked pair and mapped field, the value each side
was last seen with (read, or written by Fortsync); open conflicts and the resolutions waiting to be applied; field
rules. Read into plain values for the planners, written back by apply right after each remote write.

A side's value differs from its state = that side changed the field. Fortsync's own writes are stored as what was
written, so they never come back as changes (echo-free).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from fortsync_gui.store import ConflictStatus, EntityKind, Side, conflicts, intents, links
from fortsync_gui.store.models import Conflict, Link


@dataclass(frozen=True)
class LinkRow:
    """A link as the planners see it (detached from the session)."""

    id: int
    kind: EntityKind
    upsales_id: str
    fortnox_id: str
    upsales_values: Mapping[str, Any] | None  # None: never compared yet (both sides are read)
    fortnox_values: Mapping[str, Any] | None


@dataclass(frozen=True)
class ConflictRow:
    id: int
    link_id: int
    field: str
    upsales_value: Any
    fortnox_value: Any
    resolution: Side | None  # set: resolved by the user (or a field rule), not yet applied


def link_row(link: Link) -> LinkRow:
    return LinkRow(link.id, link.kind, link.upsales_id, link.fortnox_id,
                   dict(link.upsales_values) if link.upsales_values is not None else None,
                   dict(link.fortnox_values) if link.fortnox_values is not None else None)


def link_rows(session: Session, profile_id: int, kind: EntityKind) -> list[LinkRow]:
    return [link_row(link) for link in links.links_of_kind(session, profile_id, kind)]


def conflict_row(conflict: Conflict) -> ConflictRow:
    resolution = conflict.resolution if conflict.status is ConflictStatus.RESOLVED else None
    return ConflictRow(conflict.id, conflict.link_id, conflict.field, conflict.upsales_value,
                       conflict.fortnox_value, resolution)


def pending_conflicts(session: Session, profile_id: int, kind: EntityKind) -> dict[int, dict[str, ConflictRow]]:
    """link id -> field -> the conflict that freezes it: open, or resolved and waiting to be applied."""
    out: dict[int, dict[str, ConflictRow]] = {}
    rows = [*conflicts.open_conflicts(session, profile_id, kind),
            *conflicts.resolutions_to_apply(session, profile_id, kind)]
    for conflict in rows:
        out.setdefault(conflict.link_id, {})[conflict.field] = conflict_row(conflict)
    return out


def save_values(session: Session, profile_id: int, kind: EntityKind, upsales_id: object, fortnox_id: object, *,
                upsales: Mapping[str, Any] | None = None, fortnox: Mapping[str, Any] | None = None,
                done: Iterable[str] = (), fresh: bool = False) -> int:
    """Link the pair (if it is not yet) and merge the given fields into each side's state, and clear the write
    intents ``done`` (keys of ``kind``) that the write fulfilled, in one commit: the link and the end of its intent
    land together or not at all. The link's id. ``fresh``: the Upsales record was just created (no link to find)."""
    link_id = links.write_link(session, profile_id, kind, str(upsales_id), str(fortnox_id),
                               upsales_values=_jsonable(upsales or {}), fortnox_values=_jsonable(fortnox or {}),
                               fresh=fresh)
    for key in done:
        intents.done(session, profile_id, kind, key, commit=False)
    session.commit()
    return link_id


def _jsonable(values: Mapping[str, Any]) -> dict[str, Any]:
    return {str(k): jsonable(v) for k, v in values.items()}


def jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return str(value)
