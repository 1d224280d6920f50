"""The keyring wrapper: the only module that reads or writes credentials.

Credentials live in the OS keyring (Windows Credential Manager, macOS Keychain, Secret Service on Linux), one entry
per profile and kind, under the service name "Fortsync". Nothing here falls back to a plaintext file: when no secure
backend exists, callers are told so (``available()``) and decide what to offer the user.

:class:`MemoryKeyring` is for the demo and for tests: secrets kept in memory only, never chosen by keyring itself.
"""

from __future__ import annotations

from enum import Enum

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from fortsync_gui.clients.redact import register_secret

SERVICE = "Fortsync"


class SecretKind(Enum):
    UPSALES_TOKEN = "upsales-token"
    FORTNOX_TOKENS = "fortnox-tokens"  # JSON of the OAuth token set (access + single-use refresh token)
    FORTNOX_CLIENT_SECRET = "fortnox-client-secret"  # only when a profile overrides the built-in app registration


class SecretStoreError(Exception):
    message_key = "secrets.unavailable"


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps its secrets in memory only (``data``: (service, username) -> password), for the demo and
    for tests: nothing reaches the OS keyring and nothing outlives the process.

    It passes :meth:`SecretStore.available` (priority 1) but is never *viable*: keyring's own detection of the
    best backend never picks it, so only those who hand it over explicitly use it, however many modules import it.
    """

    priority = 1  # type: ignore[assignment]
    viable = False  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.data.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.data[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.data.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


class SecretStore:
    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend

    @property
    def backend(self) -> KeyringBackend:
        return self._backend or keyring.get_keyring()

    def available(self) -> tuple[bool, str]:
        """Whether a secure backend is usable: keyring's own "recommended" rule plus a write-read-delete probe."""
        backend = self.backend
        name = type(backend).__name__
        try:
            if backend.priority < 1:  # type: ignore[operator]
                return False, name
            backend.set_password(SERVICE, "__probe__", "ok")
            ok = backend.get_password(SERVICE, "__probe__") == "ok"
            backend.delete_password(SERVICE, "__probe__")
            return ok, name
        except (keyring.errors.KeyringError, RuntimeError):
            return False, name

    @staticmethod
    def _user(profile: str, kind: SecretKind) -> str:
        return f"{profile}:{kind.value}"

    def get(self, profile: str, kind: SecretKind) -> str | None:
        try:
            value = self.backend.get_password(SERVICE, self._user(profile, kind))
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(f"Nyckelringen kunde inte läsas ({type(exc).__name__})") from None
        register_secret(value)
        return value

    def set(self, profile: str, kind: SecretKind, value: str) -> None:
        register_secret(value)
        try:
            self.backend.set_password(SERVICE, self._user(profile, kind), value)
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(f"Nyckelringen kunde inte sparas ({type(exc).__name__})") from None

    def delete(self, profile: str, kind: SecretKind) -> None:
        try:
            self.backend.delete_password(SERVICE, self._user(profile, kind))
        except keyring.errors.PasswordDeleteError:
            pass  # already gone
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(f"Nyckelringen kunde inte ändras ({type(exc).__name__})") from None

    def delete_profile(self, profile: str) -> None:
        for kind in SecretKind:
            self.delete(profile, kind)
