"""Prepared statements (store/prepared.py) write and read the rows ``Connection.execute`` does, on SQLite and
PostgreSQL, and fail as SQLAlchemy does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from fortsync_gui.store import EntityKind, Store
from fortsync_gui.store.models import Link, Profile
from fortsync_gui.store.prepared import Prepared

TABLE = Link.__table__
COLUMNS = ("profile_id", "kind", "upsales_id", "fortnox_id", "upsales_values", "fortnox_values", "last_synced_at",
           "created_at")
INSERT = Prepared(insert(TABLE).values({name: bindparam(name) for name in COLUMNS}), key=TABLE.c.id)
FIND = Prepared(select(*(TABLE.c[name] for name in COLUMNS)).where(TABLE.c.upsales_id == bindparam("u")))
TOUCH = Prepared(update(TABLE).where(TABLE.c.kind == bindparam("k")).values(last_synced_at=bindparam("at")))


def row(profile_id: int, upsales_id: str, **changes: object) -> dict[str, object]:
    at = datetime(2026, 3, 1, 12, 30, 15, 250_000, tzinfo=timezone(timedelta(hours=1)))
    values = {"name": "Företag AB", "amount": Decimal("12.50"), "rows": [{"n": 1}, None], "when": at}
    return {"profile_id": profile_id, "kind": EntityKind.COMPANY, "upsales_id": upsales_id,
            "fortnox_id": f"K{upsales_id}", "upsales_values": values, "fortnox_values": None, "last_synced_at": at,
            "created_at": at, **changes}


def stored(session: Session, upsales_id: str) -> tuple[object, ...]:
    """The row as the database holds it (text, not read through the column types), without its id."""
    names = ", ".join(COLUMNS)
    found = session.execute(text(f"SELECT {names} FROM links WHERE upsales_id = :u"), {"u": upsales_id}).one()
    return tuple(found)


def test_a_row_is_written_and_read_as_connection_execute_does(session: Session, profile: Profile) -> None:
    connection = session.connection()
    unset = {name: value for name, value in row(profile.id, "1").items() if value is not None}  # NULL, not 'null'
    by_sqlalchemy = connection.execute(insert(TABLE), unset).inserted_primary_key[0]
    prepared_id = INSERT.insert(connection, row(profile.id, "2"))
    session.commit()

    assert prepared_id == by_sqlalchemy + 1  # the new row's key, from lastrowid or RETURNING
    ours, theirs = stored(session, "2"), stored(session, "1")
    assert ours[:2] == theirs[:2] and ours[4:] == theirs[4:]  # the same enum text, JSON text and datetimes
    assert ours[5] is None  # None is SQL NULL (as the column left unset), not JSON's null

    read = FIND.rows(session.connection(), {"u": "2"})
    expected = session.execute(select(*(TABLE.c[name] for name in COLUMNS)).where(TABLE.c.upsales_id == "2")).one()
    assert read == [tuple(expected)]
    assert read[0][6] == datetime(2026, 3, 1, 11, 30, 15, 250_000, tzinfo=UTC)  # aware, in UTC
    assert read[0][4]["amount"] == "12.50"  # the engine's JSON serialiser: amounts as exact text
    assert FIND.rows(session.connection(), {"u": "3"}) == []


def test_run_counts_the_rows_it_changed(session: Session, profile: Profile) -> None:
    for upsales_id in ("1", "2"):
        INSERT.insert(session.connection(), row(profile.id, upsales_id))
    now = datetime.now(UTC)
    assert TOUCH.run(session.connection(), {"k": EntityKind.COMPANY, "at": now}) == 2
    assert TOUCH.run(session.connection(), {"k": EntityKind.PRODUCT, "at": now}) == 0
    session.commit()
    assert {found[6] for found in FIND.rows(session.connection(), {"u": "1"}) + FIND.rows(
        session.connection(), {"u": "2"})} == {now}


def test_a_failure_is_sqlalchemys_and_the_session_rolls_back(session: Session, profile: Profile) -> None:
    INSERT.insert(session.connection(), row(profile.id, "1"))
    session.commit()
    with pytest.raises(IntegrityError) as failed:
        INSERT.insert(session.connection(), row(profile.id, "1"))  # the same Upsales record twice
    assert "Företag" not in str(failed.value)  # the values are not in the error's text
    session.rollback()
    assert len(FIND.rows(session.connection(), {"u": "1"})) == 1
    INSERT.insert(session.connection(), row(profile.id, "2"))  # the session goes on after the rollback
    session.commit()
    assert len(FIND.rows(session.connection(), {"u": "2"})) == 1


def test_a_naive_datetime_is_refused(session: Session, profile: Profile) -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        INSERT.insert(session.connection(), row(profile.id, "1", last_synced_at=datetime(2026, 3, 1)))
    session.rollback()


def test_insert_needs_the_key_column(session: Session, profile: Profile) -> None:
    without_key = Prepared(insert(TABLE).values({name: bindparam(name) for name in COLUMNS}))
    with pytest.raises(TypeError):
        without_key.insert(session.connection(), row(profile.id, "1"))


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)  # a SQLite file has no connection to lose
def test_a_lost_connection_is_invalidated_as_connection_execute_does(session: Session, profile: Profile,
                                                                     store: Store) -> None:
    backend = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
    with store.engine.connect() as other:
        other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
    with pytest.raises(DBAPIError) as failed:
        INSERT.insert(session.connection(), row(profile.id, "1"))
    assert failed.value.connection_invalidated  # the pool does not hand the dead connection out again
    session.rollback()
    INSERT.insert(session.connection(), row(profile.id, "1"))
    session.commit()
    assert len(FIND.rows(session.connection(), {"u": "1"})) == 1
