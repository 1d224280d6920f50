"""Store errors. Like every error users may see, each carries a message key that the GUI translates."""

from __future__ import annotations


class StoreError(Exception):
    message_key = "store.error"


class SchemaTooNew(StoreError):
    """The database was migrated by a newer Fortsync; this one must not touch it."""

    message_key = "store.schema_too_new"


class DriverMissing(StoreError):
    """``FORTSYNC_DB_URL`` names a database whose Python driver is not installed (PostgreSQL: the ``postgres``
    extra)."""

    message_key = "store.driver_missing"


class ProfileExists(StoreError):
    message_key = "store.profile_exists"


class ProfileNotFound(StoreError):
    message_key = "store.profile_not_found"


class LinkConflict(StoreError):
    """One of the two records is already linked to another record of the same kind."""

    message_key = "store.link_conflict"


class MatchConflict(StoreError):
    """Accepting this pair would link a record twice: another accepted pair shares one side."""

    message_key = "store.match_conflict"


class LockNotHeld(StoreError):
    message_key = "store.lock_not_held"


class InvalidTransition(StoreError):
    """E.g. executing a deletion nobody confirmed."""

    message_key = "store.invalid_transition"
