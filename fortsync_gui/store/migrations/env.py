"""Alembic environment. There is no alembic.ini: ``store/db.py`` configures Alembic in code and hands over an open
connection (``config.attributes["connection"]``). Without one, with ``sqlalchemy.url`` set, Alembic writes the SQL
instead (offline mode), e.g. for a DBA who sets up a shared PostgreSQL by hand.

New revisions (developers): ``python -m fortsync_gui.store.migrations "what changed"``.
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy.types import TypeDecorator

from fortsync_gui.store.models import Base


def _render_item(type_: str, obj: Any, _autogen_context: Any) -> str | Literal[False]:
    """Autogenerate writes the portable base type (``sa.String(length=24)``), never our decorators: a migration
    must not import the models it predates."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


config = context.config
connection = config.attributes.get("connection")
# render_as_batch: SQLite cannot ALTER most things, so batch mode copies the table; other backends get plain ALTERs.
options: dict[str, Any] = {"target_metadata": Base.metadata, "render_as_batch": True, "render_item": _render_item}

if connection is None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True, **options)
else:
    context.configure(connection=connection, **options)

with context.begin_transaction():
    context.run_migrations()
