"""The user's decisions between runs, in one place for the GUI's views and the headless commands: resolve a conflict
(once, with an optional field rule), forget a field rule, decide a possible duplicate, confirm or keep a deletion.
Each is checked (it belongs to the profile, it is still open), carried out in the store, and logged in the decisions
audit trail; the next run carries it out in Upsales or Fortnox. Nothing here talks to the services.

    decisions.resolve_conflict(store, "acme", 12, Side.FORTNOX, remember=True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from fortsync_gui.messages import MessageKey
from fortsync_gui.store import (
    ConflictStatus,
    DeletionStatus,
    EntityKind,
    Side,
    Store,
    conflicts,
    deletions,
    matches,
    profiles,
)
from fortsync_gui.store.errors import InvalidTransition, MatchConflict
from fortsync_gui.store.models import Conflict, Decision, MatchCandidate, PendingDeletion


class DecisionError(Exception):
    """A decision that cannot be made; ``key`` names the Swedish sentence (messages catalogue)."""

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


NOT_FOUND = MessageKey.DECISION_NOT_FOUND
ALREADY_APPLIED = MessageKey.DECISION_ALREADY_APPLIED
NOT_OPEN = MessageKey.DECISION_NOT_OPEN
MATCH_TAKEN = MessageKey.DECISION_MATCH_TAKEN


@dataclass(frozen=True)
class Decided:
    """What a decision did, for the view or the command to say."""

    subject: str  # conflict | rule | match | deletion
    ids: tuple[int, ...]
    choice: str
    labels: tuple[str, ...] = ()


def resolve_conflicts(store: Store, profile: str, conflict_ids: Sequence[int], winner: Side, *,
                      remember: bool = False) -> Decided:
    """The user's choice for these conflicts (changeable until a run applies it). With ``remember`` the side also
    wins the field from now on (its other open conflicts are resolved with it)."""
    with store.session() as session:
        profile_id = _profile_id(session, profile)
        rows = [_conflict(session, profile_id, cid) for cid in conflict_ids]
        labels = []
        for row in rows:
            try:
                conflicts.resolve_conflict(session, row.id, winner, remember=remember)
            except InvalidTransition:
                session.rollback()
                raise DecisionError(ALREADY_APPLIED, label=row.label or "", field=row.field) from None
            labels.append(row.label or "")
            _log(session, profile_id, "conflict", row.id, str(winner), row.label,
                 {"field": row.field, "upsales": row.upsales_value, "fortnox": row.fortnox_value,
                  "remember": remember})
        return Decided("conflict", tuple(r.id for r in rows), str(winner), tuple(labels))


def forget_rule(store: Store, profile: str, kind: EntityKind, field: str) -> Decided:
    with store.session() as session:
        profile_id = _profile_id(session, profile)
        if not conflicts.delete_field_rule(session, profile_id, kind, field):
            raise DecisionError(NOT_FOUND)
        _log(session, profile_id, "rule", None, "forget", None, {"kind": str(kind), "field": field})
        return Decided("rule", (), "forget", (field,))


def decide_matches(store: Store, profile: str, match_ids: Sequence[int], *, accept: bool) -> Decided:
    """Link (``accept``) or keep apart: the next run links the pair, or creates the customer as a new company."""
    with store.session() as session:
        profile_id = _profile_id(session, profile)
        labels = []
        for match_id in match_ids:
            row = session.get(MatchCandidate, match_id, populate_existing=True)
            if row is None or row.profile_id != profile_id:
                raise DecisionError(NOT_FOUND)
            try:
                (matches.accept_match if accept else matches.reject_match)(session, match_id)
            except MatchConflict:
                session.rollback()
                raise DecisionError(MATCH_TAKEN, label=row.fortnox_label or row.fortnox_id) from None
            labels.append(row.fortnox_label or row.fortnox_id)
            _log(session, profile_id, "match", match_id, "accept" if accept else "reject", row.fortnox_label,
                 {"upsales_id": row.upsales_id, "fortnox_id": row.fortnox_id, "basis": str(row.basis)})
        return Decided("match", tuple(match_ids), "accept" if accept else "reject", tuple(labels))


def decide_deletions(store: Store, profile: str, deletion_ids: Sequence[int], *, delete: bool) -> Decided:
    """Confirm (the next run deletes the company in Upsales) or keep the company (nothing is deleted)."""
    with store.session() as session:
        profile_id = _profile_id(session, profile)
        labels = []
        for deletion_id in deletion_ids:
            row = session.get(PendingDeletion, deletion_id, populate_existing=True)
            if row is None or row.profile_id != profile_id:
                raise DecisionError(NOT_FOUND)
            if row.status is not DeletionStatus.PENDING:
                raise DecisionError(NOT_OPEN, label=row.label or "")
            try:
                (deletions.confirm_deletion if delete else deletions.keep_record)(session, deletion_id)
            except InvalidTransition:
                session.rollback()
                raise DecisionError(NOT_OPEN, label=row.label or "") from None
            labels.append(row.label or "")
            _log(session, profile_id, "deletion", deletion_id, "delete" if delete else "keep", row.label,
                 {"upsales_id": row.upsales_id, "fortnox_id": row.fortnox_id})
        return Decided("deletion", tuple(deletion_ids), "delete" if delete else "keep", tuple(labels))


def _profile_id(session: Session, profile: str) -> int:
    found = profiles.get_profile(session, profile)
    if found is None:
        raise DecisionError(NOT_FOUND)
    return found.id


def _conflict(session: Session, profile_id: int, conflict_id: int) -> Conflict:
    row = session.get(Conflict, conflict_id, populate_existing=True)
    if row is None or row.profile_id != profile_id:
        raise DecisionError(NOT_FOUND)
    if row.applied_at is not None:
        raise DecisionError(ALREADY_APPLIED, label=row.label or "", field=row.field)
    if row.status not in (ConflictStatus.OPEN, ConflictStatus.RESOLVED):
        raise DecisionError(NOT_OPEN, label=row.label or "", field=row.field)
    return row


def _log(session: Session, profile_id: int, subject: str, subject_id: int | None, choice: str, label: str | None,
         detail: dict[str, Any]) -> None:
    session.add(Decision(profile_id=profile_id, subject=subject,
                         subject_id=None if subject_id is None else str(subject_id), choice=choice, label=label,
                         detail=detail))
    session.commit()

