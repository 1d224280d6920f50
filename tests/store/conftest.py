"""Store fixtures: a fresh migrated SQLite file per test, and every repository test against PostgreSQL as well when
one can be had (``FORTSYNC_TEST_PG_URL``, or a throw-away cluster from the installed server: see
:mod:`tests.postgres`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from fortsync_gui.store import Store, locks, open_store, profiles, runs
from fortsync_gui.store.models import Profile, Run
from tests import postgres

PG = postgres.available()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    with postgres.throwaway_postgres() as url:
        if url is None:
            pytest.skip("PostgreSQL could not be started")
        yield url


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.as_posix()}"


@pytest.fixture(params=["sqlite", "postgresql"] if PG else ["sqlite"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "fortsync.db")
    url: str = request.getfixturevalue("pg_url")
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
