"""fortsync_gui.engine.profiles: the one way the app and the CLI save and remove profiles (settings in the store,
secrets in the keyring)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import keyring.errors
import pytest

from fortsync_gui.engine.profiles import remove_profile, save_profile
from fortsync_gui.secrets import SecretKind, SecretStore
from fortsync_gui.store import Module, ProfileSettings, Store, open_store, profiles
from tests.unit.test_secrets import MemoryKeyring


class UndeletableKeyring(MemoryKeyring):
    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


@pytest.fixture
def store() -> Iterator[Store]:
    made = open_store("sqlite://")
    yield made
    made.close()


def stored(store: Store, name: str) -> ProfileSettings | None:
    with store.session() as session:
        found = profiles.get_profile(session, name)
        return found.settings if found else None


def test_save_creates_then_replaces_the_settings(store: Store) -> None:
    saved = save_profile(store, "acme", ProfileSettings(module=Module.ORDER, price_list="A"), display_name="Acme AB")
    assert saved.send_won_since == date.today()  # a new profile's day is the day it is made
    assert stored(store, "acme") == saved
    changed = save_profile(store, "acme", replace(saved, price_list="B", send_won_since=date(2026, 1, 5),
                                                  match_existing=False))
    assert stored(store, "acme") == changed
    assert (changed.price_list, changed.send_won_since, changed.match_existing) == ("B", date(2026, 1, 5), False)
    with store.session() as session:
        assert [p.display_name for p in profiles.list_profiles(session)] == ["Acme AB"]  # kept when not given


def test_remove_takes_the_profile_and_its_keyring_entries(store: Store) -> None:
    keyring = MemoryKeyring()
    secrets = SecretStore(keyring)
    for name in ("acme", "other"):
        save_profile(store, name, ProfileSettings())
        secrets.set(name, SecretKind.UPSALES_TOKEN, f"{name}-key-value")
    assert remove_profile(store, "acme", secrets) is True
    assert stored(store, "acme") is None and stored(store, "other") is not None
    assert {user for _, user in keyring.data} == {"other:upsales-token"}


def test_remove_says_when_the_keyring_entries_stay(store: Store) -> None:
    keyring = UndeletableKeyring()
    secrets = SecretStore(keyring)
    save_profile(store, "acme", ProfileSettings())
    secrets.set("acme", SecretKind.UPSALES_TOKEN, "acme-key-value")
    assert remove_profile(store, "acme", secrets) is False
    assert stored(store, "acme") is None  # gone from the store all the same
