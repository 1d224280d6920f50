from __future__ import annotations

import keyring.errors
import pytest

from fortsync_gui.clients.redact import redact
from fortsync_gui.secrets import MemoryKeyring, SecretKind, SecretStore, SecretStoreError

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
