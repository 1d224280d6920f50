"""Core statements that run once per synced record: compiled by SQLAlchemy once per database, run on the DB-API cursor.

Why: a first import begins a write intent, writes a link and ends the intent for every record it creates.
``Connection.execute`` of a cached Core statement costs about 35 µs of CPU more than the statement itself (its
execution context and result objects); for the link and the intent's end that was 4-5 % of the client's CPU in a
first import (three alternated pairs of N = 3000 imports, client ÷ sandbox CPU 1.90 against 1.81 on average).

The SQL is still SQLAlchemy's, compiled for the dialect, and every value goes through its column type's own bind
processor (our enum and UTC types, the engine's JSON serialiser, SQLite's datetime text), so the rows are the ones
``Connection.execute`` writes; None is SQL NULL in every column (a JSON column included, as the ORM leaves an unset
one). What it leaves out: SQLAlchemy's statement logging (``echo``) and cursor events (the store uses neither). A
failure is raised as SQLAlchemy's exception for it (``IntegrityError`` and the rest), a lost connection is
invalidated as ``Connection.execute`` does, and the session rolls back as after any failed statement.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from typing import Any

from sqlalchemy import Connection, Dialect, exc
from sqlalchemy.sql import ClauseElement, ColumnElement

Processor = Callable[[Any], Any] | None


class Prepared:
    """One statement with named bind parameters, run with :meth:`rows` (its rows), :meth:`run` (the rows it
    changed), :meth:`run_many` (once per set of parameters) or, for an INSERT made with ``key`` (its table's primary
    key column), :meth:`insert` (the new row's key)."""

    def __init__(self, statement: ClauseElement, *, key: ColumnElement[Any] | None = None) -> None:
        self.statement = statement
        self.key = key
        self._forms: dict[str, _Form] = {}  # by dialect name: a process uses one database per store

    def rows(self, connection: Connection, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """The rows it selects (or returns), each value read by its column's type as ``Connection.execute`` reads it."""
        form = self._form(connection.dialect)
        cursor = self._execute(connection, form, params)
        try:
            return [tuple(_bound(process, value) for process, value in zip(form.results, row, strict=True))
                    for row in cursor.fetchall()]
        finally:
            cursor.close()

    def run(self, connection: Connection, params: Mapping[str, Any]) -> int:
        """The number of rows the statement changed."""
        cursor = self._execute(connection, self._form(connection.dialect), params)
        try:
            return int(cursor.rowcount)
        finally:
            cursor.close()

    def run_many(self, connection: Connection, params: Sequence[Mapping[str, Any]]) -> None:
        """The statement once for each of ``params`` (the DB-API's ``executemany``)."""
        self._execute(connection, self._form(connection.dialect), params, many=True).close()

    def insert(self, connection: Connection, params: Mapping[str, Any]) -> int:
        """The new row's primary key: from the cursor where the database tells it so (SQLite's ``lastrowid``, as
        SQLAlchemy reads it there), else returned by the statement (``RETURNING``)."""
        if self.key is None:
            raise TypeError("Prepared.insert needs the statement's key column")
        form = self._form(connection.dialect)
        cursor = self._execute(connection, form, params)
        try:
            return int(cursor.lastrowid if connection.dialect.postfetch_lastrowid else cursor.fetchone()[0])
        finally:
            cursor.close()

    def _form(self, dialect: Dialect) -> _Form:
        return self._forms.get(dialect.name) or self._compile(dialect)

    def _execute(self, connection: Connection, form: _Form,
                 params: Mapping[str, Any] | Sequence[Mapping[str, Any]], *, many: bool = False) -> Any:
        dialect = connection.dialect
        args: Any = [form.arguments(one) for one in params] if many else form.arguments(params)  # type: ignore[arg-type]
        cursor = connection.connection.cursor()
        try:
            if many:
                cursor.executemany(form.sql, args)
            else:
                cursor.execute(form.sql, args)
        except dialect.loaded_dbapi.Error as error:
            lost = dialect.is_disconnect(error, connection.connection.dbapi_connection, cursor)
            with suppress(Exception):  # a dead connection's cursor may not close
                cursor.close()
            if lost:  # as Connection.execute does: the pool does not hand this connection out again
                connection.invalidate(error)
            raise exc.DBAPIError.instance(form.sql, args, error, dialect.loaded_dbapi.Error, hide_parameters=True,
                                          connection_invalidated=lost, dialect=dialect) from error
        return cursor

    def _compile(self, dialect: Dialect) -> _Form:
        statement = self.statement
        if self.key is not None and not dialect.postfetch_lastrowid:
            statement = statement.returning(self.key)  # type: ignore[attr-defined]
        compiled = statement.compile(dialect=dialect)
        names = list(compiled.positiontup or ()) if compiled.positional else list(compiled.binds)
        form = _Form(compiled.string, compiled.positional, [
            (name, compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)) for name in names], [
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in getattr(statement, "exported_columns", ())])
        self._forms[dialect.name] = form
        return form


class _Form:
    """The statement as one dialect runs it: its SQL and its parameters in order, each with its type's processor."""

    __slots__ = ("binds", "positional", "results", "sql")

    def __init__(self, sql: str, positional: bool, binds: list[tuple[str, Processor]],
                 results: list[Processor]) -> None:
        self.sql = sql
        self.positional = positional
        self.binds = binds
        self.results = results

    def arguments(self, params: Mapping[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        values = [(name, _bound(process, params[name])) for name, process in self.binds]
        if self.positional:
            return tuple(value for _, value in values)
        return dict(values)


def _bound(process: Processor, value: Any) -> Any:
    return value if process is None or value is None else process(value)
