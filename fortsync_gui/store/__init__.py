"""The state store: SQLAlchemy models, Alembic migrations run at start-up, and small repository modules.

Open it with :func:`open_store`; every repository function takes a :class:`~sqlalchemy.orm.Session` from
:meth:`Store.session` and commits its own writes at once (the engine persists right after every remote write).

    store = open_store()                      # FORTSYNC_DB_URL, else SQLite in the user data directory
    with store.session() as session:
        profile = profiles.require_profile(session, "acme")
        link = links.by_upsales(session, profile.id, EntityKind.COMPANY, 1234)
"""

from __future__ import annotations

from . import conflicts, cursors, deletions, intents, links, locks, matches, profiles, runs
from .db import Store, open_store
from .enums import (
    Action,
    ConflictStatus,
    DeletionStatus,
    EntityKind,
    MatchBasis,
    MatchStatus,
    Module,
    Outcome,
    RunStatus,
    Side,
)
from .models import ProfileSettings

__all__ = [
    "Action",
    "ConflictStatus",
    "DeletionStatus",
    "EntityKind",
    "MatchBasis",
    "MatchStatus",
    "Module",
    "Outcome",
    "ProfileSettings",
    "RunStatus",
    "Side",
    "Store",
    "conflicts",
    "cursors",
    "deletions",
    "intents",
    "links",
    "locks",
    "matches",
    "open_store",
    "profiles",
    "runs",
]
