"""UPDATE/DELETE with a row count, typed (``Session.execute`` is declared to return a plain ``Result``)."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Executable
from sqlalchemy.orm import Session


def rowcount(session: Session, statement: Executable) -> int:
    return cast(CursorResult[Any], session.execute(statement)).rowcount
