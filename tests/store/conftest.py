"""Store fixtures: a fresh migrated SQLite file per test, and every repository test against PostgreSQL as well when
one can be had (``FORTSYNC_TEST_PG_URL``: given, or the throw-away cluster tests/conftest.py starts from the
installed server, see :mod:`tests.pg_cluster`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from fortsync_gui.store import Store, locks, open_store, profiles, runs
from fortsync_gui.store.models import Profile, Run

PG_URL = os.environ.get("FORTSYNC_TEST_PG_URL")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.as_posix()}"


@pytest.fixture(params=["sqlite", "postgresql"] if PG_URL else ["sqlite"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "fortsync.db")
    if not PG_URL:  # a test made for PostgreSQL alone (parametrized indirectly), on a machine without one
        pytest.skip("no PostgreSQL server (FORTSYNC_TEST_PG_URL)")
    url = PG_URL
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    return url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    store = open_store(db_url)
    yield store
    store.close()


@pytest.fixture
def session(store: Store) -> Iterator[Session]:
    with store.session() as session:
        yield session


@pytest.fixture
def profile(session: Session) -> Profile:
    return profiles.create_profile(session, "acme", display_name="Acme AB")


@pytest.fixture
def run(session: Session, profile: Profile) -> Run:
    owner = locks.new_owner()
    assert locks.acquire(session, profile.id, owner)
    return runs.start_run(session, profile.id, owner=owner)
