"""The keyring wrapper: the only module that reads or writes credentials.

Credentials live in the OS keyring (Windows Credential Manager, macOS Keychain, Secret Service on Linux), one entry
per profile and kind, under the service name "Fortsync". Nothing here falls back to a plaintext file: a backend that
would keep secrets in clear or not at all (``keyrings.alt``'s PlaintextKeyring, keyring's null and fail backends,
anything below keyring's own "recommended" priority of 1) is refused with :class:`InsecureKeyring` before it is
read or written, and callers decide what to offer the user: the app offers to keep the secrets for this session
only (:meth:`SecretStore.keep_in_memory`); a headless server uses a Fortnox service account and ``FORTSYNC_*``
environment variables instead (see the README).

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


SECURE_PRIORITY = 1  # keyring's own threshold for a backend it recommends


class SecretStoreError(Exception):
    message_key = "secrets.unavailable"


class InsecureKeyring(SecretStoreError):
    """The keyring backend would keep secrets in clear (a plain file) or not at all: nothing is read or written."""

    message_key = "secrets.insecure"


def insecure_reason(backend: KeyringBackend) -> str | None:
    """Why ``backend`` must not hold Fortsync's secrets (its name and what is wrong with it), or None when it may."""
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    members = getattr(backend, "backends", None)
    if type(backend).__name__ == "ChainerBackend" and members is not None:
        reasons = [r for r in (insecure_reason(b) for b in members) if r]
        if reasons:
            return "; ".join(reasons)
        return None if members else f"{name}: ingen lösenordshanterare att använda"
    try:
        priority = float(backend.priority)  # type: ignore[arg-type]
    except Exception:  # a backend that is not usable here raises on its priority
        return f"{name}: kan inte användas på den här datorn"
    lowered = name.lower()
    if "plaintext" in lowered or "keyring.backends.null" in lowered or "keyring.backends.fail" in lowered:
        return f"{name}: sparar inte nycklar säkert"
    if priority < SECURE_PRIORITY:
        return f"{name}: sparar inte nycklar säkert (prioritet {priority:g})"
    return None


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
        self.session_only = False  # True after keep_in_memory(): nothing outlives this process

    @property
    def backend(self) -> KeyringBackend:
        return self._backend or keyring.get_keyring()

    def insecure_reason(self) -> str | None:
        """Why the backend in use must not hold secrets, or None (no I/O: only the backend's kind is looked at)."""
        return insecure_reason(self.backend)

    def keep_in_memory(self) -> None:
        """Keep every secret of this store in memory from now on, for this session only (the user chose that over
        an insecure or missing keyring): nothing is written anywhere and nothing outlives the process."""
        self._backend = MemoryKeyring()
        self.session_only = True

    def _secure(self) -> KeyringBackend:
        backend = self.backend
        reason = insecure_reason(backend)
        if reason is not None:
            raise InsecureKeyring(reason)
        return backend

    def available(self) -> tuple[bool, str]:
        """Whether a secure backend is usable: keyring's own "recommended" rule plus a write-read-delete probe."""
        backend = self.backend
        name = type(backend).__name__
        try:
            if insecure_reason(backend) is not None:
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
            value = self._secure().get_password(SERVICE, self._user(profile, kind))
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(f"Nyckelringen kunde inte läsas ({type(exc).__name__})") from None
        register_secret(value)
        return value

    def set(self, profile: str, kind: SecretKind, value: str) -> None:
        register_secret(value)
        try:
            self._secure().set_password(SERVICE, self._user(profile, kind), value)
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(f"Nyckelringen kunde inte sparas ({type(exc).__name__})") from None

    def delete(self, profile: str, kind: SecretKind) -> None:
        try:
            self._secure().delete_password(SERVICE, self._user(profile, kind))
        except keyring.errors.PasswordDeleteError:
            pass  # already gone
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(f"Nyckelringen kunde inte ändras ({type(exc).__name__})") from None

    def delete_profile(self, profile: str) -> None:
        for kind in SecretKind:
            self.delete(profile, kind)
