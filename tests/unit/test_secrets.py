from __future__ import annotations

import keyring
import keyring.errors
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from keyring.backends.null import Keyring as NullKeyring

from fortsync_gui.clients.redact import redact
from fortsync_gui.messages import message
from fortsync_gui.secrets import InsecureKeyring, MemoryKeyring, SecretKind, SecretStore, SecretStoreError

__all__ = ["LockedKeyring", "MemoryKeyring"]  # MemoryKeyring re-exported: tests/e2e and tests/engine import it here


class LockedKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


def test_round_trip_per_profile_and_kind() -> None:
    store = SecretStore(MemoryKeyring())
    store.set("kund-a", SecretKind.UPSALES_TOKEN, "upsales-key-aaaa")
    store.set("kund-b", SecretKind.UPSALES_TOKEN, "upsales-key-bbbb")
    assert store.get("kund-a", SecretKind.UPSALES_TOKEN) == "upsales-key-aaaa"
    assert store.get("kund-a", SecretKind.FORTNOX_TOKENS) is None
    store.delete_profile("kund-a")
    assert store.get("kund-a", SecretKind.UPSALES_TOKEN) is None
    assert store.get("kund-b", SecretKind.UPSALES_TOKEN) == "upsales-key-bbbb"


def test_stored_secrets_are_redacted_everywhere() -> None:
    store = SecretStore(MemoryKeyring())
    store.set("p", SecretKind.UPSALES_TOKEN, "zz-secret-upsales-key")
    assert "zz-secret-upsales-key" not in redact("failed with zz-secret-upsales-key")


def test_availability_probe() -> None:
    assert SecretStore(MemoryKeyring()).available()[0] is True
    assert SecretStore(LockedKeyring()).available()[0] is False


def test_errors_are_typed_and_carry_no_secret() -> None:
    with pytest.raises(SecretStoreError) as info:
        SecretStore(LockedKeyring()).set("p", SecretKind.UPSALES_TOKEN, "never-shown-123")
    assert "never-shown-123" not in str(info.value)


# --- insecure backends are refused (issue 9, item 4) -----------------------------------------------------------------

class PlaintextKeyring(MemoryKeyring):
    """What ``keyrings.alt.file.PlaintextKeyring`` looks like to keyring: a usable backend below priority 1."""

    priority = 0.5  # type: ignore[assignment]


class LowPriorityKeyring(MemoryKeyring):
    priority = 0.9  # type: ignore[assignment]


@pytest.mark.parametrize("backend", [PlaintextKeyring(), LowPriorityKeyring(), NullKeyring(), FailKeyring()],
                         ids=["plaintext", "low-priority", "null", "fail"])
def test_insecure_backends_are_refused_before_anything_is_read_or_written(backend: object) -> None:
    store = SecretStore(backend)  # type: ignore[arg-type]
    assert store.insecure_reason()
    with pytest.raises(InsecureKeyring) as info:
        store.set("p", SecretKind.UPSALES_TOKEN, "upsales-key-plain")
    assert info.value.message_key == "secrets.insecure" and isinstance(info.value, SecretStoreError)
    with pytest.raises(InsecureKeyring):
        store.get("p", SecretKind.UPSALES_TOKEN)
    assert getattr(backend, "data", {}) == {}  # nothing reached it
    assert store.available()[0] is False
    text = message(info.value.message_key, {"detail": str(info.value)})
    assert text and "lösenordshanterare" in text and "tjänstekonto" in text


def test_keyrings_own_choice_of_a_plaintext_backend_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    backend = PlaintextKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    with pytest.raises(InsecureKeyring):
        SecretStore().set("p", SecretKind.FORTNOX_TOKENS, "{}")
    assert backend.data == {}


def test_a_chainer_of_secure_backends_is_accepted_and_one_with_plaintext_is_not() -> None:
    class ChainerBackend(MemoryKeyring):
        priority = 10  # type: ignore[assignment]

        def __init__(self, members: list[object]) -> None:
            super().__init__()
            self.backends = members

    assert SecretStore(ChainerBackend([MemoryKeyring()])).insecure_reason() is None  # type: ignore[arg-type]
    assert SecretStore(ChainerBackend([MemoryKeyring(), PlaintextKeyring()])).insecure_reason()  # type: ignore[arg-type]
    assert SecretStore(ChainerBackend([])).insecure_reason()  # type: ignore[arg-type]


def test_keep_in_memory_is_for_this_session_only() -> None:
    store = SecretStore(PlaintextKeyring())
    store.keep_in_memory()
    assert store.session_only and store.insecure_reason() is None
    store.set("p", SecretKind.UPSALES_TOKEN, "upsales-key-session")
    assert store.get("p", SecretKind.UPSALES_TOKEN) == "upsales-key-session"
    assert SecretStore(PlaintextKeyring()).insecure_reason()  # a new store (a new process) has nothing
