"""Where Fortsync keeps its files. No Qt, no I/O at import: directories are created by whoever writes into them.

``FORTSYNC_DATA_DIR`` puts everything (database and logs) under one directory, for tests and portable installs;
``FORTSYNC_DB_URL`` points the store at any SQLAlchemy URL (e.g. a PostgreSQL shared by an accounting bureau).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Fortsync"
DB_FILE_NAME = "fortsync.db"
ENV_DATA_DIR = "FORTSYNC_DATA_DIR"
ENV_DB_URL = "FORTSYNC_DB_URL"


def data_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def log_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser() / "logs"
    return platformdirs.user_log_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / DB_FILE_NAME


def db_url() -> str:
    """``FORTSYNC_DB_URL`` if set, else the SQLite file in the data directory."""
    return os.environ.get(ENV_DB_URL) or f"sqlite:///{default_db_path().as_posix()}"
