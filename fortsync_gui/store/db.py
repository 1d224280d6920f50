"""Opening the store: engine, SQLite settings, migrations at start-up (with a backup copy first), stale-run recovery.

Sessions are not thread-safe: each thread (GUI, sync worker) opens its own with :meth:`Store.session`.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from fortsync_gui import config
from fortsync_gui.files import private_dir, private_file

from . import runs
from .columns import dumps
from .errors import DriverMissing, SchemaTooNew, StoreError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The newest migration's revision: a database already there opens without importing Alembic, which was about a
# seventh of a sync's start-up (tests/store/test_migrations.py holds it equal to the scripts' head).
HEAD_REVISION = "0004"
UNVERSIONED = "unversioned"  # the backup suffix of a database that had tables but no migration version
# Connections kept per store (SQLAlchemy's defaults): a caller that holds more sessions at once asks for them.
POOL_SIZE, MAX_OVERFLOW, POOL_TIMEOUT_S = 5, 10, 30.0
BUSY_TIMEOUT_MS = 30_000  # a writer waits this long for another (GUI and a scheduled CLI run share the file)


@dataclass(frozen=True)
class Store:
    engine: Engine
    sessions: sessionmaker[Session]
    backup: Path | None = None  # the copy made before this start's migration, if there was one
    adopted_unversioned: bool = False  # the database had Fortsync's tables but no version: it was stamped

    def session(self) -> Session:
        return self.sessions()

    @contextmanager
    def held_session(self) -> Iterator[Session]:
        """A session that keeps one connection for its whole life, for a run: it commits after every record, and
        handing the connection back to the pool and taking it again at each commit cost 7-9 % of the store's CPU
        per record (``benchmarks/store_per_record.py``, alternated in one process)."""
        with self.engine.connect() as connection, self.sessions(bind=connection) as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | URL | None = None, *, connections: int = POOL_SIZE) -> Store:
    """Open (creating if needed) and migrate the database at ``url``, by default ``config.db_url()``; then mark runs
    that died without finishing as interrupted. ``connections``: how many sessions the caller keeps open at once
    (``fortsync sync --all --jobs N`` runs N syncs of two sessions each)."""
    engine = create_store_engine(url or config.db_url(), connections=connections)
    try:
        backup = migrate(engine)
        store = Store(engine, sessionmaker(engine, expire_on_commit=False), backup,
                      adopted_unversioned=backup is not None and backup.name.endswith(f".bak-{UNVERSIONED}"))
        with store.session() as session:
            runs.mark_interrupted(session)
    except BaseException:
        engine.dispose()
        raise
    return store


def failure(error: BaseException) -> tuple[str, str] | None:
    """For an error from the database: its message key and a short detail (never SQL), or None when the error did
    not come from the database. A read-only or immutable file is told apart from the rest."""
    from sqlalchemy.exc import SQLAlchemyError

    if isinstance(error, StoreError):
        return error.message_key, str(error)
    cause = getattr(error, "orig", None) or error
    if not isinstance(error, SQLAlchemyError | sqlite3.Error) and not isinstance(cause, sqlite3.Error):
        return None
    lines = str(cause).strip().splitlines()
    text = lines[0][:160] if lines else type(cause).__name__
    lowered = text.lower()
    if "readonly" in lowered or "read-only" in lowered or "read only" in lowered:
        return "store.read_only", text
    return StoreError.message_key, f"{type(cause).__name__}: {text}"


def create_store_engine(url: str | URL, *, connections: int = POOL_SIZE) -> Engine:
    url = make_url(url)
    pool = {"pool_size": max(POOL_SIZE, connections), "max_overflow": MAX_OVERFLOW, "pool_timeout": POOL_TIMEOUT_S}
    if url.get_backend_name() != "sqlite":
        try:
            return create_engine(url, json_serializer=dumps, pool_pre_ping=True, **pool)
        except ModuleNotFoundError as exc:  # e.g. psycopg for postgresql+psycopg:// (the "postgres" extra)
            raise DriverMissing(f"{url.get_backend_name()}: {exc.name or exc} saknas") from None
    path = sqlite_file(url)
    if path is not None:
        private_dir(path.parent)
    engine = create_engine(url, json_serializer=dumps, **(pool if path is not None else {}))
    event.listen(engine, "connect", _sqlite_pragmas)
    if path is not None:
        event.listen(engine, "connect", lambda *_: _private_sqlite_files(path))
    return engine


def _private_sqlite_files(path: Path) -> None:
    """The database file and SQLite's -wal/-shm companions: the user's only."""
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.exists():
            private_file(candidate)


def sqlite_file(url: URL) -> Path | None:
    """The database file of a SQLite URL; None for other backends and in-memory databases."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:") or url.query.get("mode"):
        return None
    return Path(url.database)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # the GUI reads while a sync writes
    # A commit reaches the disk at the next checkpoint, not at once: the database stays whole whatever happens, and a
    # crash of Fortsync loses nothing, but a power cut or an OS crash may undo the last commits. A run commits after
    # every record and the disk sync was a tenth of its CPU per record; the commits a power cut must not undo, the
    # write intents committed before their creates are sent, are synced at once (intents.py), so an undone link is
    # looked up by the next run, never created again.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")  # off by default in SQLite; the cascades depend on it
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def alembic_config(connection: Connection | None = None, *, script_location: Path = MIGRATIONS_DIR) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(script_location).replace("%", "%%"))
    cfg.attributes["connection"] = connection
    return cfg


def migrate(engine: Engine, *, script_location: Path = MIGRATIONS_DIR) -> Path | None:
    """Upgrade the schema to head. An existing SQLite database is copied first (``<file>.bak-<old revision>``, once
    per migration: a copy left by an earlier attempt at the same migration is kept, not copied again); returns that
    copy, or None when nothing was copied (already at head, brand-new database, other backends).

    A database with Fortsync's tables but no version (created before migrations, or its version row lost) is
    stamped at head when its tables and columns are exactly head's, after the copy; otherwise it is refused. A
    failed migration raises a short :class:`StoreError` (the full error, SQL included, goes to the log file)."""
    if script_location == MIGRATIONS_DIR and _version(engine) == HEAD_REVISION:
        return None
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = alembic_config(script_location=script_location)
    script = ScriptDirectory.from_config(cfg)
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
        has_tables = bool(set(inspect(conn).get_table_names()) - {"alembic_version"})
    if current == script.get_current_head():
        return None
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise SchemaTooNew(current)
    backup = _backup_sqlite(engine.url, current or UNVERSIONED) if has_tables else None
    if current is None and has_tables:
        missing = _differences_from_head(engine)
        if missing:
            log.error("database without a migration version does not match the schema: %s", "; ".join(missing))
            raise StoreError(f"databasen saknar versionsuppgift och stämmer inte med Fortsyncs tabeller "
                             f"({len(missing)} skillnader); en kopia finns i {backup.name if backup else '-'}")
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.stamp(cfg, "head")
        log.warning("database without a migration version matched the schema: stamped at head (copy: %s)", backup)
        return backup
    log.info("migrating %s from %s", engine.url.render_as_string(hide_password=True), current or "an empty database")
    try:
        _upgrade(engine, cfg)
    except StoreError:
        raise
    except Exception as exc:
        log.exception("migrating from %s failed", current or "an empty database")
        first_line = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:160] if str(exc).strip() else ""
        raise StoreError(f"uppgraderingen av databasen från version {current or '(ingen)'} misslyckades "
                         f"({type(exc).__name__}: {first_line})") from None
    return backup


def _version(engine: Engine) -> str | None:
    """The database's migration version as Alembic keeps it (one row), or None when it has none."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return versions[0] if len(versions) == 1 else None


def _upgrade(engine: Engine, cfg: Config) -> None:
    from alembic import command

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


def _differences_from_head(engine: Engine) -> list[str]:
    """How the database's tables and columns differ from the models' (head's); empty when they match."""
    from .models import Base

    with engine.connect() as conn:
        inspector = inspect(conn)
        tables = set(inspector.get_table_names()) - {"alembic_version"}
        wanted = set(Base.metadata.tables)
        problems = [f"tabell saknas: {t}" for t in sorted(wanted - tables)]
        problems += [f"okänd tabell: {t}" for t in sorted(tables - wanted)]
        for name in sorted(wanted & tables):
            have = {c["name"] for c in inspector.get_columns(name)}
            want = set(Base.metadata.tables[name].columns.keys())
            problems += [f"{name}: kolumn saknas: {c}" for c in sorted(want - have)]
            problems += [f"{name}: okänd kolumn: {c}" for c in sorted(have - want)]
    return problems


def _backup_sqlite(url: URL, revision: str) -> Path | None:
    path = sqlite_file(url)
    if path is None:
        return None
    target = path.with_name(f"{path.name}.bak-{revision}")
    if target.exists():  # from an earlier attempt at the same migration: keep it, it is the older copy
        return target
    # SQLite's backup API, not a file copy: with WAL, recent commits may still be in the -wal file.
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    private_file(target)
    log.info("copied %s to %s before migrating", path, target)
    return target
