"""The run's session keeps one connection for its life; the others take one from the pool per transaction."""

from __future__ import annotations

from sqlalchemy import event

from fortsync_gui.store import Store, profiles
from fortsync_gui.store.models import Profile


def test_a_held_session_keeps_its_connection_and_its_commits_land(store: Store) -> None:
    checkouts: list[object] = []
    event.listen(store.engine, "checkout", lambda *_: checkouts.append(1))
    with store.held_session() as session:
        for name in ("a", "b", "c"):
            profiles.create_profile(session, name)  # one commit each
        session.add(Profile(name="gone", display_name="gone"))
        session.flush()
        session.rollback()  # taken back on the same connection
        with store.session() as other:  # each commit is seen by another connection at once
            assert sorted(p.name for p in profiles.list_profiles(other)) == ["a", "b", "c"]
    assert len(checkouts) == 2  # the held session's one, and the other's
    with store.session() as session:
        for name in ("d", "e"):
            profiles.create_profile(session, name)
    assert len(checkouts) == 4  # a pooled session takes its connection again after each commit
