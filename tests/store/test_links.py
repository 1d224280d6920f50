"""Links: one per record per side and kind, found from either side, with each side's sync state."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from fortsync_gui.store import EntityKind, links, profiles
from fortsync_gui.store.errors import LinkConflict
from fortsync_gui.store.models import Profile

COMPANY = EntityKind.COMPANY


def test_upsert_and_find_from_either_side(session: Session, profile: Profile) -> None:
    link = links.upsert_link(session, profile.id, COMPANY, 1234, "K100", upsales_values={"phone": "1", "name": "A"},
                             fortnox_values={"phone": "1"})
    assert (link.upsales_id, link.fortnox_id) == ("1234", "K100")  # ids are stored as text
    assert links.by_upsales(session, profile.id, COMPANY, "1234") == link
    assert links.by_fortnox(session, profile.id, COMPANY, "K100") == link
    assert links.by_upsales(session, profile.id, EntityKind.PRODUCT, 1234) is None
    assert link.last_synced_at is not None and link.last_synced_at.tzinfo is not None
    first_sync = link.last_synced_at

    again = links.upsert_link(session, profile.id, COMPANY, 1234, "K100", fortnox_values={"phone": "2"})
    assert again.id == link.id
    assert again.upsales_values == {"phone": "1", "name": "A"}  # not given: kept
    assert again.fortnox_values == {"phone": "2"}  # given fields merge into the stored state
    assert again.last_synced_at is not None and again.last_synced_at >= first_sync
    assert links.get_link(session, link.id) == link


def test_unique_on_the_upsales_side(session: Session, profile: Profile) -> None:
    links.upsert_link(session, profile.id, COMPANY, 1, "K1")
    # The same Upsales record again re-points its one link instead of adding a second.
    links.upsert_link(session, profile.id, COMPANY, 1, "K2")
    assert [(lk.upsales_id, lk.fortnox_id) for lk in links.links_of_kind(session, profile.id, COMPANY)] == [("1", "K2")]


def test_unique_on_the_fortnox_side(session: Session, profile: Profile) -> None:
    links.upsert_link(session, profile.id, COMPANY, 1, "K1")
    with pytest.raises(LinkConflict):
        links.upsert_link(session, profile.id, COMPANY, 2, "K1")
    with pytest.raises(LinkConflict):  # re-pointing onto a taken Fortnox record fails too, and changes nothing
        links.upsert_link(session, profile.id, COMPANY, 3, "K3")
        links.upsert_link(session, profile.id, COMPANY, 3, "K1")
    assert links.by_fortnox(session, profile.id, COMPANY, "K1").upsales_id == "1"  # type: ignore[union-attr]
    assert links.by_upsales(session, profile.id, COMPANY, 3).fortnox_id == "K3"  # type: ignore[union-attr]


def test_a_fresh_record_is_linked_without_a_lookup(session: Session, profile: Profile,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patched:
        patched.setattr(links._FIND, "rows", lambda *_: pytest.fail("a fresh record's link was looked up"))
        link_id = links.write_link(session, profile.id, COMPANY, 7, "K7", fortnox_values={"name": "A"}, fresh=True)
    session.commit()
    link = links.by_fortnox(session, profile.id, COMPANY, "K7")
    assert link is not None and (link.id, link.upsales_id, link.fortnox_values) == (link_id, "7", {"name": "A"})
    with pytest.raises(LinkConflict):  # the unique keys still hold: a taken Fortnox record is refused, not re-pointed
        links.write_link(session, profile.id, COMPANY, 8, "K7", fresh=True)
    assert links.by_upsales(session, profile.id, COMPANY, 8) is None


def test_same_ids_are_fine_across_kinds_and_profiles(session: Session, profile: Profile) -> None:
    other = profiles.create_profile(session, "other")
    links.upsert_link(session, profile.id, COMPANY, 1, "1")
    links.upsert_link(session, profile.id, EntityKind.PRODUCT, 1, "1")
    links.upsert_link(session, other.id, COMPANY, 1, "1")
    assert len(links.links_of_kind(session, profile.id, COMPANY)) == 1
    assert len(links.links_of_kind(session, profile.id, EntityKind.PRODUCT)) == 1
    assert len(links.links_of_kind(session, other.id, COMPANY)) == 1


def test_unlink(session: Session, profile: Profile) -> None:
    link = links.upsert_link(session, profile.id, COMPANY, 1, "K1")
    assert links.unlink(session, link.id) is True
    assert links.unlink(session, link.id) is False
    assert links.by_upsales(session, profile.id, COMPANY, 1) is None
    links.upsert_link(session, profile.id, COMPANY, 2, "K1")  # the Fortnox record is free again


def test_naive_datetimes_are_refused(session: Session, profile: Profile) -> None:
    link = links.upsert_link(session, profile.id, COMPANY, 1, "K1")
    link.last_synced_at = datetime.now()  # naive on purpose
    with pytest.raises(StatementError, match="naive datetime"):
        session.commit()
