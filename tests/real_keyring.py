"""The OS keyring for real: GNOME Keyring's Secret Service on a private D-Bus session, as ``python3 run.py test``
starts it (scripts/with-keyring.sh sets ``FORTSYNC_TEST_SECRET_SERVICE=1``). Without it these tests skip, except
under ``CI=true``, where a missing Secret Service fails them: CI must test the real thing.

Never the developer's own keyring: outside the script's private session the fixture does not touch any keyring.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from keyring.backend import KeyringBackend

from fortsync_gui.secrets import SERVICE

# The login keyring's password as scripts/with-keyring.sh hands it to gnome-keyring-daemon (newline included).
PASSWORD = b"fortsync-test\n"


def _problem() -> str | None:
    if os.environ.get("FORTSYNC_TEST_SECRET_SERVICE") != "1":
        return "not inside scripts/with-keyring.sh (python3 run.py test starts one)"
    try:
        import secretstorage

        connection = secretstorage.dbus_init()
        collection = secretstorage.get_default_collection(connection)
        if collection.is_locked():
            _unlock(connection, collection)
        if collection.is_locked():
            return "the login collection is locked"
    except Exception as exc:
        return f"no Secret Service: {type(exc).__name__}: {exc}"
    return None


def _unlock(connection: object, collection: object) -> None:
    """gnome-keyring's own unlock-with-password call (no prompt: there is no display)."""
    from jeepney import DBusAddress, new_method_call
    from secretstorage.util import format_secret, open_session

    session = open_session(connection)  # type: ignore[arg-type]
    secret = format_secret(session, PASSWORD, "text/plain")
    address = DBusAddress("/org/freedesktop/secrets", bus_name="org.freedesktop.secrets",
                          interface="org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface")
    message = new_method_call(address, "UnlockWithMasterPassword", "o(oayays)",
                              (collection.collection_path, secret))  # type: ignore[attr-defined]
    connection.send_and_get_reply(message)  # type: ignore[attr-defined]


@dataclass
class SecretService:
    """keyring's SecretService backend on the test session, and the login collection's lock."""

    backend: KeyringBackend
    profile: str  # a profile name of this test's own

    def _collection(self):  # type: ignore[no-untyped-def]
        import secretstorage

        connection = secretstorage.dbus_init()
        return connection, secretstorage.get_default_collection(connection)

    def lock(self) -> None:
        _, collection = self._collection()
        collection.lock()
        assert collection.is_locked()

    def unlock(self) -> None:
        connection, collection = self._collection()
        _unlock(connection, collection)
        assert not collection.is_locked()

    def items(self) -> list[str]:
        """The usernames of Fortsync's entries for this test's profile."""
        _, collection = self._collection()
        return sorted(item.get_attributes().get("username", "")
                      for item in collection.search_items({"service": SERVICE})
                      if item.get_attributes().get("username", "").startswith(self.profile + ":"))


@pytest.fixture
def secret_service() -> Iterator[SecretService]:
    problem = _problem()
    if problem is not None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI=true needs a real Secret Service for the keyring tests: {problem}")
        pytest.skip(f"real Secret Service unavailable: {problem}")
    from keyring.backends.SecretService import Keyring

    service = SecretService(Keyring(), f"test-{uuid.uuid4().hex[:10]}")
    yield service
    service.unlock()
    _, collection = service._collection()
    for item in collection.search_items({"service": SERVICE}):
        if item.get_attributes().get("username", "").startswith(service.profile + ":"):
            item.delete()
