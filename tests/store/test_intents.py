"""Write intents: begun several at once, an intent left behind by an earlier run kept as it is, ended with the link."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from fortsync_gui.store import EntityKind, Side, intents
from fortsync_gui.store.models import Profile

COMPANY, PRODUCT = EntityKind.COMPANY, EntityKind.PRODUCT


def test_begin_many_adds_the_new_ones_and_keeps_one_left_behind(session: Session, profile: Profile) -> None:
    intents.begin(session, profile.id, COMPANY, Side.UPSALES, "fortnox:1")  # left by a run that died
    intents.mark_uncertain(session, profile.id, COMPANY, "fortnox:1", datetime(2026, 1, 2, tzinfo=UTC))

    added = intents.begin_many(session, profile.id, [
        (COMPANY, Side.UPSALES, "fortnox:1"), (COMPANY, Side.UPSALES, "fortnox:2"),
        (PRODUCT, Side.UPSALES, "fortnox:1"),  # the same key for another kind is another intent
    ])

    assert added == {(COMPANY, "fortnox:2"), (PRODUCT, "fortnox:1")}
    assert set(intents.pending(session, profile.id, COMPANY)) == {"fortnox:1", "fortnox:2"}
    assert intents.pending(session, profile.id, COMPANY)["fortnox:1"].uncertain_at is not None  # kept as it was
    assert intents.pending(session, profile.id, PRODUCT)["fortnox:1"].target == Side.UPSALES
    assert intents.begin_many(session, profile.id, []) == set()


def test_done_ends_one_intent_of_its_kind(session: Session, profile: Profile) -> None:
    intents.begin_many(session, profile.id, [(kind, Side.UPSALES, "fortnox:1") for kind in (COMPANY, PRODUCT)])
    intents.done(session, profile.id, COMPANY, "fortnox:1")
    assert intents.pending(session, profile.id, COMPANY) == {}
    assert set(intents.pending(session, profile.id, PRODUCT)) == {"fortnox:1"}
    intents.done(session, profile.id, COMPANY, "fortnox:1")  # again: nothing to end, no error
