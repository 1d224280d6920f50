"""What a run did or planned, comparable between a dry run and the real run that follows it (shared by the defect
tests and the model test)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from fortsync_gui.store import Action, EntityKind, Store, runs

ID_SPACE = {EntityKind.COMPANY: "account", EntityKind.PRODUCT: "product"}  # deals share one id space, any kind


def id_space(kind: EntityKind, side: str) -> str:
    """Where an id is unique: Upsales deals share one space whatever the document kind; Fortnox numbers each kind of
    document on its own (invoice 2 and order 2 are different records)."""
    return ID_SPACE.get(kind, "deal" if side == "up" else kind.value)


def plan_signature(store: Store, run_id: int | None) -> Counter[tuple[Any, ...]]:
    """Per record: created records are known by their label (their new id exists only after the run), ids of records
    created earlier in the same run are left out, and the outcome is left out (a write the service refuses counts as
    what was planned)."""
    assert run_id is not None
    with store.session() as session:
        done = runs.run_items(session, run_id)
    made = {(id_space(i.kind, side), side, value) for i in done if i.action is Action.CREATE
            for side, value in (("up", i.upsales_id), ("fx", i.fortnox_id))}
    out: Counter[tuple[Any, ...]] = Counter()
    for item in done:
        if item.action is Action.CREATE:
            out[(item.kind, item.action, item.label)] += 1
            continue
        up = None if (id_space(item.kind, "up"), "up", item.upsales_id) in made else item.upsales_id
        fx = None if (id_space(item.kind, "fx"), "fx", item.fortnox_id) in made else item.fortnox_id
        out[(item.kind, item.action, up, fx, item.error_key)] += 1
    return out
