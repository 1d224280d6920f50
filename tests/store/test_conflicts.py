"""Conflict review and remembered field rules (R7)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from fortsync_gui.store import ConflictStatus, EntityKind, Side, conflicts, links
from fortsync_gui.store.errors import InvalidTransition
from fortsync_gui.store.models import Profile, Run

COMPANY = EntityKind.COMPANY


def test_record_resolve_apply(session: Session, profile: Profile, run: Run) -> None:
    link = links.upsert_link(session, profile.id, COMPANY, 1, "K1")
    conflict = conflicts.record_conflict(session, link, "phone", "08-1", "08-2", run_id=run.id, label="Acme AB")
    assert (conflict.kind, conflict.status, conflict.detected_run_id) == (COMPANY, ConflictStatus.OPEN, run.id)
    # Seen again by a later run: the same open conflict, with fresh values.
    again = conflicts.record_conflict(session, link, "phone", "08-1", "08-3")
    assert again.id == conflict.id and again.fortnox_value == "08-3"
    conflicts.record_conflict(session, link, "address", {"City": "Umeå"}, None)
    assert [c.field for c in conflicts.open_conflicts(session, profile.id)] == ["phone", "address"]
    assert conflicts.open_conflicts(session, profile.id, EntityKind.PRODUCT) == []

    resolved = conflicts.resolve_conflict(session, conflict.id, Side.FORTNOX)
    assert (resolved.status, resolved.resolution) == (ConflictStatus.RESOLVED, Side.FORTNOX)
    assert resolved.resolved_at is not None
    resolved = conflicts.resolve_conflict(session, conflict.id, Side.UPSALES)  # a change of mind before the run
    assert [c.id for c in conflicts.resolutions_to_apply(session, profile.id, COMPANY)] == [conflict.id]

    conflicts.mark_applied(session, conflict.id)
    assert conflicts.resolutions_to_apply(session, profile.id, COMPANY) == []
    with pytest.raises(InvalidTransition):
        conflicts.resolve_conflict(session, conflict.id, Side.FORTNOX)
    assert [c.field for c in conflicts.open_conflicts(session, profile.id)] == ["address"]
    address = conflicts.open_conflicts(session, profile.id)[0]
    assert (address.upsales_value, address.fortnox_value) == ({"City": "Umeå"}, None)


def test_remembered_choice_becomes_a_rule_and_resolves_the_fields_other_conflicts(
    session: Session, profile: Profile
) -> None:
    first = links.upsert_link(session, profile.id, COMPANY, 1, "K1")
    second = links.upsert_link(session, profile.id, COMPANY, 2, "K2")
    a = conflicts.record_conflict(session, first, "name", "A", "B")
    b = conflicts.record_conflict(session, second, "name", "C", "D")
    c = conflicts.record_conflict(session, second, "phone", "1", "2")

    conflicts.resolve_conflict(session, a.id, Side.UPSALES, remember=True)
    assert conflicts.field_rules(session, profile.id, COMPANY) == {"name": Side.UPSALES}
    assert [x.id for x in conflicts.open_conflicts(session, profile.id)] == [c.id]
    assert {x.id: x.resolution for x in conflicts.resolutions_to_apply(session, profile.id, COMPANY)} == {
        a.id: Side.UPSALES, b.id: Side.UPSALES}


def test_field_rules(session: Session, profile: Profile) -> None:
    conflicts.set_field_rule(session, profile.id, COMPANY, "phone", Side.FORTNOX)
    conflicts.set_field_rule(session, profile.id, COMPANY, "phone", Side.UPSALES)  # one rule per field
    conflicts.set_field_rule(session, profile.id, EntityKind.ORDER, "user", Side.UPSALES)
    assert conflicts.field_rules(session, profile.id, COMPANY) == {"phone": Side.UPSALES}
    assert conflicts.delete_field_rule(session, profile.id, COMPANY, "phone") is True
    assert conflicts.delete_field_rule(session, profile.id, COMPANY, "phone") is False
    assert conflicts.field_rules(session, profile.id, COMPANY) == {}
    assert conflicts.field_rules(session, profile.id, EntityKind.ORDER) == {"user": Side.UPSALES}


def test_unlinking_drops_the_links_conflicts(session: Session, profile: Profile) -> None:
    link = links.upsert_link(session, profile.id, COMPANY, 1, "K1")
    conflicts.record_conflict(session, link, "name", "A", "B")
    links.unlink(session, link.id)
    assert conflicts.open_conflicts(session, profile.id) == []
