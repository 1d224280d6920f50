"""Draft profiles (issue 12, defect 1): the wizard keeps what was tested as a profile flagged ``draft``. A draft is
saved and removed like any profile, the profile state says it is one, and the engine never runs it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fortsync_gui.engine import profile_state, session
from fortsync_gui.engine.profiles import remove_profile, save_profile
from fortsync_gui.messages import MessageKey, message
from fortsync_gui.secrets import MemoryKeyring, SecretKind, SecretStore
from fortsync_gui.store import ProfileSettings, Store, open_store, profiles, runs


@pytest.fixture
def store() -> Iterator[Store]:
    made = open_store("sqlite://")
    yield made
    made.close()


def test_the_engine_refuses_to_sync_a_draft_and_says_why(store: Store) -> None:
    secrets = SecretStore(MemoryKeyring())
    secrets.set("acme", SecretKind.UPSALES_TOKEN, "up-3c8e51a0f2")
    save_profile(store, "acme", ProfileSettings(draft=True, upsales_api_url="http://127.0.0.1:9/api/v2"))
    for dry_run in (False, True):
        summary = session.run(store, "acme", dry_run=dry_run, secrets=secrets, env={})
        assert (summary.status, summary.message_key, summary.run_id) == ("failed", MessageKey.PROFILE_DRAFT, None)
        assert summary.requests == {"fortnox": 0, "upsales": 0}  # nothing was connected
        assert message(summary.message_key, summary.message_args).startswith("Profilen acme är ett utkast")
    with store.session() as db:
        assert runs.list_runs(db, profiles.require_profile(db, "acme").id) == []


def test_the_profile_state_says_draft_and_leaves_room_for_the_next_scheduled_sync(store: Store) -> None:
    save_profile(store, "acme", ProfileSettings(draft=True))
    save_profile(store, "bygg", ProfileSettings())
    states = {s.profile: s for s in profile_state.all_states(store, SecretStore(MemoryKeyring()), env={})}
    assert states["acme"].draft and not states["bygg"].draft
    assert states["acme"].status is profile_state.Status.NEVER and states["acme"].last_run is None
    assert states["acme"].next_sync is None  # until schedules exist


def test_a_draft_is_finished_by_saving_it_again_and_removed_with_its_secrets(store: Store) -> None:
    secrets = SecretStore(MemoryKeyring())
    secrets.set("acme", SecretKind.UPSALES_TOKEN, "up-3c8e51a0f2")
    save_profile(store, "acme", ProfileSettings(draft=True))
    save_profile(store, "acme", ProfileSettings(draft=False, price_list="A"))
    with store.session() as db:
        assert profiles.require_profile(db, "acme").settings.draft is False
    save_profile(store, "utkast", ProfileSettings(draft=True))
    secrets.set("utkast", SecretKind.UPSALES_TOKEN, "up-7d14b9e6c3")
    assert remove_profile(store, "utkast", secrets)
    assert secrets.get("utkast", SecretKind.UPSALES_TOKEN) is None
    with store.session() as db:
        assert [p.name for p in profiles.list_profiles(db)] == ["acme"]
