"""PostgreSQL for bureaus: every repository test runs against a real PostgreSQL as well when one is available (the
``db_url`` fixture; tests/conftest.py starts a throw-away cluster when Debian's postgresql is installed), and a URL
whose driver is missing says which extra to install instead of suggesting the disk is full."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from fortsync_gui.cli import main
from fortsync_gui.store import open_store, profiles
from fortsync_gui.store.errors import DriverMissing
from tests import pg_cluster


def test_a_real_postgresql_is_used() -> None:
    url = os.environ.get("FORTSYNC_TEST_PG_URL")
    if not url:
        pytest.skip(pg_cluster.reason())
    store = open_store(url)
    try:
        with store.engine.connect() as conn:
            assert conn.dialect.name == "postgresql"
            assert conn.execute(text("select version()")).scalar_one().startswith("PostgreSQL")
        with store.session() as session:
            assert profiles.list_profiles(session) is not None
    finally:
        store.close()


def test_a_missing_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    url = "postgresql+pg8000://fortsync@127.0.0.1:1/fortsync"  # a driver Fortsync does not install
    with pytest.raises(DriverMissing):
        open_store(url)
    monkeypatch.setenv("FORTSYNC_DB_URL", url)
    assert main(["profiles"]) == 1
    err = capsys.readouterr().err
    assert 'pip install "fortsync-gui[postgres]"' in err and "disken" not in err
