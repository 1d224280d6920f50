"""Opening the store: engine, SQLite settings, migrations at start-up (with a backup copy first), stale-run recovery.

Sessions are not thread-safe: each thread (GUI, sync worker) opens its own with :meth:`Store.session`.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from fortsync_gui import config

from . import runs
from .columns import dumps, utcnow
from .errors import DriverMissing, SchemaTooNew, StoreError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 30_000  # a writer waits this long for another (GUI and a scheduled CLI run share the file)


@dataclass(frozen=True)
class Store:
    engine: Engine
    sessions: sessionmaker[Session]
    backup: Path | None = None  # the copy made before this start's migration, if there was one

    def session(self) -> Session:
        return self.sessions()

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | URL | None = None) -> Store:
    """Open (creating if needed) and migrate the database at ``url``, by default ``config.db_url()``; then mark runs
    that died without finishing as interrupted."""
    engine = create_store_engine(url or config.db_url())
    try:
        backup = migrate(engine)
        store = Store(engine, sessionmaker(engine, expire_on_commit=False), backup)
        with store.session() as session:
            runs.mark_interrupted(session)
    except BaseException:
        engine.dispose()
        raise
    return store


def create_store_engine(url: str | URL) -> Engine:
    url = make_url(url)
    if url.get_backend_name() != "sqlite":
        try:
            return create_engine(url, json_serializer=dumps, pool_pre_ping=True)
        except ModuleNotFoundError as exc:  # e.g. psycopg for postgresql+psycopg:// (the "postgres" extra)
            raise DriverMissing(f"{url.get_backend_name()}: {exc.name or exc} saknas") from None
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, json_serializer=dumps)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def sqlite_file(url: URL) -> Path | None:
    """The database file of a SQLite URL; None for other backends and in-memory databases."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:") or url.query.get("mode"):
        return None
    return Path(url.database)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # the GUI reads while a sync writes
    cursor.execute("PRAGMA foreign_keys=ON")  # off by default in SQLite; the cascades depend on it
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def alembic_config(connection: Connection | None = None, *, script_location: Path = MIGRATIONS_DIR) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location).replace("%", "%%"))
    cfg.attributes["connection"] = connection
    return cfg


def migrate(engine: Engine, *, script_location: Path = MIGRATIONS_DIR) -> Path | None:
    """Upgrade the schema to head. An existing SQLite database is copied first (``<file>.bak-<old revision>``);
    returns that copy, or None when nothing was copied (already at head, brand-new database, other backends)."""
    cfg = alembic_config(script_location=script_location)
    script = ScriptDirectory.from_config(cfg)
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        has_tables = bool(set(inspect(conn).get_table_names()) - {"alembic_version"})
    if current == script.get_current_head():
        return None
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise SchemaTooNew(current)
    backup = _backup_sqlite(engine.url, current or "unversioned") if has_tables else None
    log.info("migrating %s from %s", engine.url.render_as_string(hide_password=True), current or "an empty database")
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # Batch mode rebuilds a table by dropping the old one; with foreign keys on, that drop would cascade into
            # every referencing table. The pragma only takes effect outside a transaction.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                if sqlite:
                    conn.exec_driver_sql("BEGIN")  # pysqlite only opens transactions before DML; make the DDL atomic
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise StoreError("foreign key violations after migrating")
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
    return backup


def _backup_sqlite(url: URL, revision: str) -> Path | None:
    path = sqlite_file(url)
    if path is None:
        return None
    target = path.with_name(f"{path.name}.bak-{revision}")
    if target.exists():  # from an earlier attempt at the same migration: keep it, it is the older copy
        target = target.with_name(f"{target.name}-{utcnow():%Y%m%dT%H%M%S}")
    # SQLite's backup API, not a file copy: with WAL, recent commits may still be in the -wal file.
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    log.info("copied %s to %s before migrating", path, target)
    return target
