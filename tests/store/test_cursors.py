"""Change cursors per profile, kind and side."""

from __future__ import annotations

from sqlalchemy.orm import Session

from fortsync_gui.store import EntityKind, Side, cursors
from fortsync_gui.store.models import Cursor, Profile


def test_cursor_advances_and_resets(session: Session, profile: Profile) -> None:
    company, product = EntityKind.COMPANY, EntityKind.PRODUCT
    assert cursors.get_cursor(session, profile.id, company, Side.FORTNOX) is None

    cursors.set_cursor(session, profile.id, company, Side.FORTNOX, "2024-05-01 10:00")
    first = session.get(Cursor, (profile.id, company, Side.FORTNOX))
    assert first is not None
    stamp = first.updated_at
    cursors.set_cursor(session, profile.id, company, Side.FORTNOX, "2024-05-02 08:30")
    cursors.set_cursor(session, profile.id, company, Side.UPSALES, "2024-05-02T06:30:00Z")
    cursors.set_cursor(session, profile.id, product, Side.FORTNOX, "2024-04-01 00:00")

    assert cursors.get_cursor(session, profile.id, company, Side.FORTNOX) == "2024-05-02 08:30"
    assert cursors.get_cursor(session, profile.id, company, Side.UPSALES) == "2024-05-02T06:30:00Z"
    assert first.updated_at >= stamp

    assert cursors.reset_cursors(session, profile.id, company) == 2
    assert cursors.get_cursor(session, profile.id, company, Side.FORTNOX) is None
    assert cursors.get_cursor(session, profile.id, product, Side.FORTNOX) == "2024-04-01 00:00"
    assert cursors.reset_cursors(session, profile.id) == 1
