"""Migrations at start-up: from nothing, again (no-op), over an older database (backup first), and in step with
the models."""

from __future__ import annotations

import io
import shutil
import sqlite3
import subprocess
import sys
import tomllib
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from fortsync_gui.store import EntityKind, ProfileSettings, Store, links, open_store, profiles
from fortsync_gui.store.db import (
    BUSY_TIMEOUT_MS,
    HEAD_REVISION,
    MIGRATIONS_DIR,
    alembic_config,
    create_store_engine,
    migrate,
)
from fortsync_gui.store.errors import SchemaTooNew, StoreError
from fortsync_gui.store.models import Base

from .conftest import sqlite_url

TABLES = {"profiles", "links", "cursors", "runs", "run_items", "conflicts", "field_rules", "pending_deletions",
          "match_candidates", "run_locks", "write_intents", "decisions", "meta"}
HEAD = HEAD_REVISION  # the newest revision shipped


def _revision(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def _scripts_with(tmp_path: Path, upgrade_body: str) -> Path:
    """A copy of the real migrations plus a revision 9000 that rebuilds ``profiles`` the SQLite way (batch mode)."""
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9000_test.py").write_text(
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f"revision = '9000'\ndown_revision = '{HEAD}'\nbranch_labels = None\ndepends_on = None\n\n\n"
        f"def upgrade():\n{upgrade_body}\n\n\ndef downgrade():\n    pass\n"
    )
    return scripts


ADD_NOTE = """\
    with op.batch_alter_table("profiles", recreate="always") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))"""


def test_empty_sqlite_gets_every_table_and_the_pragmas(tmp_path: Path) -> None:
    store = open_store(sqlite_url(tmp_path / "new" / "fortsync.db"))  # the directory is created too
    with store.engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) == TABLES | {"alembic_version"}
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
    assert store.backup is None  # a brand-new database is not copied
    assert list((tmp_path / "new").glob("*.bak-*")) == []
    store.close()
    assert set(Base.metadata.tables) == TABLES


def test_reopening_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "fortsync.db"
    open_store(sqlite_url(path)).close()
    store = open_store(sqlite_url(path))
    assert store.backup is None
    assert _revision(path) == HEAD
    assert list(tmp_path.glob("*.bak-*")) == []
    store.close()


def test_the_head_revision_is_the_scripts_head() -> None:
    """The store opens a database already at head without Alembic, by this revision: a new migration moves it."""
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION


def test_a_database_at_head_opens_without_importing_alembic(tmp_path: Path) -> None:
    """Alembic is about a seventh of a sync's start-up; it is loaded only when there is something to migrate."""
    url = sqlite_url(tmp_path / "fortsync.db")
    code = ("import sys\nfrom fortsync_gui.store import open_store\nopen_store(sys.argv[1]).close()\n"
            "print('alembic' in sys.modules)")
    root = str(Path(__file__).resolve().parents[2])
    first, again = (subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True, check=True,
                                   cwd=root).stdout.strip() for _ in range(2))
    assert (first, again) == ("True", "False")  # made and migrated the first time, only opened the second


def test_head_matches_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_migrations_ship_as_package_data() -> None:
    """Non-Python files are only installed when pyproject.toml lists them."""
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["fortsync_gui"]
    package = MIGRATIONS_DIR.parents[1]
    shipped = [path for path in MIGRATIONS_DIR.rglob("*") if path.is_file() and "__pycache__" not in path.parts]
    assert any(path.name == "script.py.mako" for path in shipped)
    for path in shipped:
        assert path.suffix == ".py" or any(path.relative_to(package).match(glob) for glob in globs), path


def test_migrations_render_for_postgresql() -> None:
    """Offline mode writes the SQL a DBA can run on a shared PostgreSQL; nothing in it is SQLite-only."""
    cfg = alembic_config()
    cfg.set_main_option("sqlalchemy.url", "postgresql://")
    cfg.output_buffer = buffer = io.StringIO()
    command.upgrade(cfg, "head", sql=True)
    sql = buffer.getvalue()
    assert all(f"CREATE TABLE {table} " in sql for table in TABLES)
    assert "TIMESTAMP WITH TIME ZONE" in sql
    assert "PRAGMA" not in sql and "AUTOINCREMENT" not in sql


def test_an_existing_database_is_copied_before_migrating(tmp_path: Path) -> None:
    path = tmp_path / "fortsync.db"
    store = open_store(sqlite_url(path))
    with store.session() as session:
        acme = profiles.create_profile(session, "acme")
        links.upsert_link(session, acme.id, EntityKind.COMPANY, 1, "K1")
    store.close()

    engine = create_store_engine(sqlite_url(path))
    backup = migrate(engine, script_location=_scripts_with(tmp_path, ADD_NOTE))
    assert backup == tmp_path / f"fortsync.db.bak-{HEAD}"
    assert _revision(backup) == HEAD
    assert _revision(path) == "9000"
    with engine.connect() as conn:
        assert "note" in {c["name"] for c in inspect(conn).get_columns("profiles")}
        # Rebuilding profiles must not cascade into the tables that reference it.
        assert conn.execute(text("SELECT upsales_id, fortnox_id FROM links")).all() == [("1", "K1")]
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # back on for the pooled connection
    engine.dispose()
    with closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("SELECT name FROM profiles").fetchall() == [("acme",)]


def test_a_failing_migration_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "fortsync.db"
    open_store(sqlite_url(path)).close()
    failing = ('    op.create_table("scratch", sa.Column("id", sa.Integer(), primary_key=True))\n'
               + ADD_NOTE + "\n    raise RuntimeError('boom')")
    engine = create_store_engine(sqlite_url(path))
    with pytest.raises(StoreError, match="RuntimeError: boom") as info:  # short: the details go to the log file
        migrate(engine, script_location=_scripts_with(tmp_path, failing))
    assert "CREATE" not in str(info.value) and len(str(info.value)) < 300
    engine.dispose()
    assert _revision(path) == HEAD  # DDL and version bump rolled back together
    with closing(sqlite3.connect(path)) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(profiles)")}
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "note" not in columns
    assert tables == TABLES | {"alembic_version"}
    assert (tmp_path / f"fortsync.db.bak-{HEAD}").exists()


def test_a_second_attempt_at_a_migration_keeps_the_first_backup_and_makes_no_other(tmp_path: Path) -> None:
    """One backup per migration (issue 9, item 11): a copy left by an earlier attempt at the same migration is the
    older one; it is kept, and no new copy piles up on every start."""
    path = tmp_path / "fortsync.db"
    open_store(sqlite_url(path)).close()
    first = tmp_path / f"fortsync.db.bak-{HEAD}"
    first.write_bytes(b"older copy")
    engine = create_store_engine(sqlite_url(path))
    backup = migrate(engine, script_location=_scripts_with(tmp_path, ADD_NOTE))
    engine.dispose()
    assert backup == first and first.read_bytes() == b"older copy"
    assert sorted(p.name for p in tmp_path.glob("fortsync.db.bak-*")) == [first.name]


def _drop_version(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("DROP TABLE alembic_version")
        conn.commit()


def test_tables_without_a_version_are_copied_once_and_stamped_when_they_match(tmp_path: Path) -> None:
    path = tmp_path / "fortsync.db"
    store = open_store(sqlite_url(path))
    with store.session() as session:
        profiles.create_profile(session, "acme")
    store.close()
    _drop_version(path)
    reopened = open_store(sqlite_url(path))
    assert reopened.adopted_unversioned and reopened.backup == tmp_path / "fortsync.db.bak-unversioned"
    with reopened.session() as session:
        assert [p.name for p in profiles.list_profiles(session)] == ["acme"]
    reopened.close()
    assert _revision(path) == HEAD
    for _ in range(2):  # the next starts: nothing more to do, no more copies
        again = open_store(sqlite_url(path))
        assert again.backup is None and not again.adopted_unversioned
        again.close()
    assert [p.name for p in tmp_path.glob("fortsync.db.bak-*")] == ["fortsync.db.bak-unversioned"]


def test_tables_without_a_version_that_do_not_match_are_refused_briefly_with_one_copy(tmp_path: Path) -> None:
    path = tmp_path / "fortsync.db"
    open_store(sqlite_url(path)).close()
    _drop_version(path)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("ALTER TABLE profiles ADD COLUMN legacy_note TEXT")
        conn.commit()
    for _ in range(3):  # every start: the same short refusal, one copy in all
        with pytest.raises(StoreError) as info:
            open_store(sqlite_url(path))
        text = str(info.value)
        assert "CREATE TABLE" not in text and len(text) < 300 and "versionsuppgift" in text
    assert [p.name for p in tmp_path.glob("fortsync.db.bak-*")] == ["fortsync.db.bak-unversioned"]


def test_a_database_from_a_newer_fortsync_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fortsync.db"
    open_store(sqlite_url(path)).close()
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(SchemaTooNew) as excinfo:
        open_store(sqlite_url(path))
    assert isinstance(excinfo.value, StoreError)
    assert excinfo.value.message_key == "store.schema_too_new"


def test_an_in_memory_database_works_too() -> None:
    """For fast engine tests: ``sqlite://`` is migrated on the one connection it has (never copied)."""
    store = open_store("sqlite://")
    with store.session() as session:
        profiles.create_profile(session, "acme")
    with store.session() as session:
        assert [p.name for p in profiles.list_profiles(session)] == ["acme"]
    assert store.backup is None
    store.close()


def test_a_first_version_database_upgrades_into_per_side_state_without_new_conflicts(tmp_path: Path) -> None:
    """0001 -> 0002: each side's state starts as the old baseline, except the fields of open conflicts, whose sides
    start as the values the conflict recorded (so the conflict stays open and neither value overwrites the other);
    send_won_since and the match choice leave ``extra`` for columns of their own."""
    path = tmp_path / "fortsync.db"
    engine = create_store_engine(sqlite_url(path))
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(text(
            "INSERT INTO profiles (id, name, display_name, created_at, updated_at, module, deletion_threshold, "
            "initial_import_done, extra) VALUES (1, 'acme', 'Acme', '2026-11-20 10:00:00', '2026-11-20 10:00:00', "
            "'invoice', 25, 1, :extra), (2, 'old', 'Old', '2026-11-02 09:00:00', '2026-11-02 09:00:00', 'order', 25, "
            "1, '{}')"), {"extra": '{"send_won_since": "2026-11-01", "match_duplicates": false, "listed_at": "x"}'})
        baseline = '{"name": "Åkerlunds Elektriska AB", "phone": "0221-000 00"}'
        conn.execute(text("INSERT INTO links (id, profile_id, kind, upsales_id, fortnox_id, baseline, created_at) "
                          "VALUES (1, 1, 'company', '5', '1001', :b, '2026-11-20 10:00:00'), "
                          "(2, 1, 'company', '6', '1002', NULL, '2026-11-20 10:00:00')"), {"b": baseline})
        conn.execute(text(
            "INSERT INTO conflicts (profile_id, link_id, kind, field, upsales_value, fortnox_value, detected_at, "
            "status) VALUES (1, 1, 'company', 'phone', '\"0221-111 11\"', '\"0221-222 22\"', "
            "'2026-11-21 10:00:00', 'open')"))
    engine.dispose()
    store = open_store(sqlite_url(path))
    assert store.backup == tmp_path / "fortsync.db.bak-0001"
    with store.session() as session:
        first, never = links.links_of_kind(session, 1, EntityKind.COMPANY)
        assert first.upsales_values == {"name": "Åkerlunds Elektriska AB", "phone": "0221-111 11"}
        assert first.fortnox_values == {"name": "Åkerlunds Elektriska AB", "phone": "0221-222 22"}
        assert never.upsales_values is None and never.fortnox_values is None  # read in full by the next run
        acme = profiles.require_profile(session, "acme").settings
        assert acme.send_won_since == date(2026, 11, 1) and acme.match_existing is False
        assert acme.extra == {"listed_at": "x"}
        old = profiles.require_profile(session, "old").settings
        assert old.send_won_since == date(2026, 11, 2) and old.match_existing is True  # the day it was made
    store.close()


def test_profiles_of_a_0002_database_are_finished_after_the_upgrade(tmp_path: Path) -> None:
    """0002 -> head (0004 adds the draft flag: a profile the wizard saved before it was finished) is off for every
    profile that exists; a draft round-trips through the settings."""
    path = tmp_path / "fortsync.db"
    engine = create_store_engine(sqlite_url(path))
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
        conn.execute(text(
            "INSERT INTO profiles (id, name, display_name, created_at, updated_at, module, deletion_threshold, "
            "initial_import_done, match_existing, extra) VALUES (1, 'acme', 'Acme', '2026-11-20 10:00:00', "
            "'2026-11-20 10:00:00', 'invoice', 25, 1, 1, '{}')"))
    engine.dispose()
    store = open_store(sqlite_url(path))
    assert _revision(path) == HEAD
    with store.session() as session:
        assert profiles.require_profile(session, "acme").settings.draft is False
        profiles.create_profile(session, "utkast", ProfileSettings(draft=True))
    with store.session() as session:
        assert profiles.require_profile(session, "utkast").settings.draft is True
    store.close()
