"""Conflicts (a field changed on both sides, R7) and field rules ("always let this side win for this field").

Life of a conflict: a run records it (:func:`record_conflict`) and skips the field; the user resolves it; the next
run writes the winning value, then calls :func:`mark_applied`, so each resolution is used once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, delete, select
from sqlalchemy.orm import Session

from .columns import utcnow
from .dml import rowcount
from .enums import ConflictStatus, EntityKind, Side
from .errors import InvalidTransition
from .models import Conflict, FieldRule, Link


def record_conflict(
    session: Session,
    link: Link,
    field: str,
    upsales_value: Any,
    fortnox_value: Any,
    *,
    run_id: int | None = None,
    label: str | None = None,
) -> Conflict:
    """Record a conflict on one field of a linked pair. A field has at most one open conflict: seen again, its
    values are refreshed."""
    conflict = session.scalars(select(Conflict).where(
        Conflict.link_id == link.id, Conflict.field == field, Conflict.status == ConflictStatus.OPEN)).first()
    if conflict is None:
        conflict = Conflict(profile_id=link.profile_id, link_id=link.id, kind=link.kind, field=field,
                            status=ConflictStatus.OPEN)
        session.add(conflict)
    conflict.upsales_value = upsales_value
    conflict.fortnox_value = fortnox_value
    conflict.detected_run_id = run_id
    conflict.detected_at = utcnow()
    conflict.label = label
    session.commit()
    return conflict


def is_open(profile_id: Any) -> ColumnElement[bool]:
    """The profile's open conflicts (``profile_id`` a value or a bind parameter)."""
    return and_(Conflict.profile_id == profile_id, Conflict.status == ConflictStatus.OPEN)


def open_conflicts(session: Session, profile_id: int, kind: EntityKind | None = None) -> list[Conflict]:
    statement = select(Conflict).where(is_open(profile_id))
    if kind is not None:
        statement = statement.where(Conflict.kind == kind)
    return list(session.scalars(statement.order_by(Conflict.id)))


def resolve_conflict(session: Session, conflict_id: int, winner: Side, *, remember: bool = False) -> Conflict:
    """The user's choice (changeable until a run has applied it). With ``remember`` it also becomes the field's
    rule, which resolves the field's other open conflicts too."""
    conflict = _conflict(session, conflict_id)
    if conflict.applied_at is not None:
        raise InvalidTransition(f"conflict {conflict_id} was already applied")
    _resolve(conflict, winner)
    session.commit()
    if remember:
        set_field_rule(session, conflict.profile_id, conflict.kind, conflict.field, winner)
    return conflict


def resolutions_to_apply(session: Session, profile_id: int, kind: EntityKind) -> list[Conflict]:
    """Resolved conflicts that no run has written yet."""
    return list(session.scalars(select(Conflict).where(
        Conflict.profile_id == profile_id, Conflict.kind == kind, Conflict.status == ConflictStatus.RESOLVED,
        Conflict.applied_at.is_(None),
    ).order_by(Conflict.id)))


def mark_applied(session: Session, conflict_id: int) -> None:
    _conflict(session, conflict_id).applied_at = utcnow()
    session.commit()


def refresh_conflict(session: Session, conflict_id: int, upsales_value: Any, fortnox_value: Any) -> None:
    """An open conflict whose sides moved on: the user decides on the values as they are now."""
    conflict = _conflict(session, conflict_id)
    conflict.upsales_value, conflict.fortnox_value = upsales_value, fortnox_value
    session.commit()


def close_agreed(session: Session, conflict_id: int) -> None:
    """Both sides hold the same value now (someone fixed it by hand): the conflict closes undecided."""
    conflict = _conflict(session, conflict_id)
    if conflict.status is ConflictStatus.OPEN:
        conflict.status = ConflictStatus.AGREED
        conflict.resolved_at = utcnow()
        session.commit()


def set_field_rule(session: Session, profile_id: int, kind: EntityKind, field: str, winner: Side) -> FieldRule:
    """Remember the winner of a field; the field's open conflicts are resolved with it at once."""
    rule = session.scalars(select(FieldRule).where(
        FieldRule.profile_id == profile_id, FieldRule.kind == kind, FieldRule.field == field)).one_or_none()
    if rule is None:
        rule = FieldRule(profile_id=profile_id, kind=kind, field=field)
        session.add(rule)
    rule.winner = winner
    for conflict in open_conflicts(session, profile_id, kind):
        if conflict.field == field:
            _resolve(conflict, winner)
    session.commit()
    return rule


def field_rules(session: Session, profile_id: int, kind: EntityKind) -> dict[str, Side]:
    """field -> the side that always wins it."""
    rules = session.scalars(select(FieldRule).where(FieldRule.profile_id == profile_id, FieldRule.kind == kind))
    return {rule.field: rule.winner for rule in rules}


def delete_field_rule(session: Session, profile_id: int, kind: EntityKind, field: str) -> bool:
    deleted = rowcount(session, delete(FieldRule).where(
        FieldRule.profile_id == profile_id, FieldRule.kind == kind, FieldRule.field == field))
    session.commit()
    return bool(deleted)


def _conflict(session: Session, conflict_id: int) -> Conflict:
    conflict = session.get(Conflict, conflict_id, populate_existing=True)
    if conflict is None:
        raise LookupError(f"no conflict {conflict_id}")
    return conflict


def _resolve(conflict: Conflict, winner: Side) -> None:
    conflict.status = ConflictStatus.RESOLVED
    conflict.resolution = winner
    conflict.resolved_at = utcnow()
