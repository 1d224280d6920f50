"""The run's session keeps one connection for its life; the others take one from the pool per transaction. Which
commits wait for the disk."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, event

from fortsync_gui.store import EntityKind, Side, Store, intents, open_store, profiles
from fortsync_gui.store.models import Profile

from .conftest import sqlite_url

NORMAL, FULL = 1, 2  # SQLite's PRAGMA synchronous levels


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


def test_only_the_write_intents_wait_for_the_disk_on_sqlite(tmp_path: Path) -> None:
    """SQLite commits with synchronous=NORMAL (a power cut may undo the last commits, never break the file); a write
    intent's commit is synced (FULL) before its create is sent, so an undone link is looked up, never made twice."""
    store = open_store(sqlite_url(tmp_path / "fortsync.db"))  # (PostgreSQL syncs every commit)
    with store.session() as session:
        profile = profiles.create_profile(session, "acme")
    levels: list[tuple[int, bool]] = []  # (the level a commit runs at, whether it wrote an intent)
    committed = [0]  # intents in the database after the last commit (a rollback goes back to it)

    def commit(conn: Connection) -> None:
        intents_now = conn.exec_driver_sql("SELECT count(*) FROM write_intents").scalar_one()
        levels.append((conn.exec_driver_sql("PRAGMA synchronous").scalar_one(), intents_now > committed[0]))
        committed[0] = intents_now

    event.listen(store.engine, "commit", commit)
    with store.held_session() as session:
        profiles.update_profile(session, profile.name, display_name="Acme")
        intents.begin_many(session, profile.id, [(EntityKind.COMPANY, Side.UPSALES, "fortnox:1")])
        intents.done(session, profile.id, EntityKind.COMPANY, "fortnox:1")
        intents.begin(session, profile.id, EntityKind.COMPANY, Side.UPSALES, "fortnox:2")
        intents.begin(session, profile.id, EntityKind.COMPANY, Side.UPSALES, "fortnox:2")  # there already
        profiles.update_profile(session, profile.name, display_name="Acme AB")
    assert (FULL, True) in levels and all(level == (FULL if wrote_intent else NORMAL)
                                          for level, wrote_intent in levels)
    assert [wrote_intent for _, wrote_intent in levels].count(True) == 2
    store.close()
