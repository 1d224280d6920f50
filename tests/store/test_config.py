"""Where the store lives: platformdirs by default, FORTSYNC_DATA_DIR and FORTSYNC_DB_URL overrides."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from fortsync_gui import config
from fortsync_gui.store import open_store

from .conftest import sqlite_url


@pytest.fixture(autouse=True)
def _no_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(config.ENV_DATA_DIR, raising=False)
    monkeypatch.delenv(config.ENV_DB_URL, raising=False)


def test_defaults_are_the_platform_user_directories() -> None:
    assert config.data_dir() == platformdirs.user_data_path("Fortsync", appauthor=False)
    assert config.log_dir() == platformdirs.user_log_path("Fortsync", appauthor=False)
    assert config.db_url() == sqlite_url(config.data_dir() / "fortsync.db")


def test_data_dir_override_moves_database_and_logs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(config.ENV_DATA_DIR, str(tmp_path / "portable"))
    assert config.log_dir() == tmp_path / "portable" / "logs"
    store = open_store()
    store.close()
    assert (tmp_path / "portable" / "fortsync.db").is_file()


def test_fortsync_db_url_is_respected(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(config.ENV_DATA_DIR, str(tmp_path / "unused"))
    monkeypatch.setenv(config.ENV_DB_URL, sqlite_url(tmp_path / "elsewhere.db"))
    store = open_store()
    assert store.engine.url.database == (tmp_path / "elsewhere.db").as_posix()
    store.close()
    assert (tmp_path / "elsewhere.db").is_file()
    assert not (tmp_path / "unused").exists()
