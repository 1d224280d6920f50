"""The light token refresh against the sandbox's Fortnox: a new single-use refresh token, saved in the keyring before
anything else; a revoked sign-in says "sign in again"; nothing to renew is skipped; and it rotates exactly as a sync
does (issue 9): a locked keyring spends nothing, a refused save is kept in memory, an interrupted renewal is told."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fortsync_gui.clients.fortnox_auth import REFRESHING_KEY, FortnoxOAuth, TokenSet, refresh_interrupted
from fortsync_gui.engine import connect
from fortsync_gui.engine.token_refresh import refresh
from fortsync_gui.secrets import MemoryKeyring, SecretKind, SecretStore
from fortsync_gui.store import ProfileSettings, open_store, profiles
from tests.keyrings import RefusingKeyring


def test_refresh_renews_and_saves_the_sign_in(sandbox: Any, tmp_path: Path) -> None:
    info = sandbox.info
    store = open_store(f"sqlite:///{(tmp_path / 'f.db').as_posix()}")
    secrets = SecretStore(MemoryKeyring())
    with store.session() as session:
        profiles.create_profile(session, "acme", ProfileSettings(fortnox_auth_url=info.fortnox_auth_url,
                                                                 fortnox_client_id=info.fortnox_client_id))
    assert refresh(store, "acme", secrets) == "skipped"  # not signed in yet
    oauth = FortnoxOAuth(info.fortnox_auth_url, info.fortnox_client_id, info.fortnox_client_secret)
    first = oauth.exchange_code(sandbox.fortnox.issue_authorization_code())
    secrets.set("acme", SecretKind.FORTNOX_TOKENS, first.to_json())
    secrets.set("acme", SecretKind.FORTNOX_CLIENT_SECRET, info.fortnox_client_secret)
    assert refresh(store, "acme", secrets) == "refreshed"
    saved = json.loads(secrets.get("acme", SecretKind.FORTNOX_TOKENS) or "{}")
    assert saved["refresh_token"] != first.refresh_token
    # the spent token is refused by Fortnox: a sign-in that cannot be renewed asks for a new one
    secrets.set("acme", SecretKind.FORTNOX_TOKENS, first.to_json())
    assert refresh(store, "acme", secrets) == "auth.fortnox"
    assert refresh(store, "nobody", secrets) == "profile.missing"
    oauth.close()
    store.close()


def _signed_in(sandbox: Any, tmp_path: Path) -> tuple[Any, SecretStore, RefusingKeyring, TokenSet]:
    info = sandbox.info
    store = open_store(f"sqlite:///{(tmp_path / 'f.db').as_posix()}")
    backend = RefusingKeyring()
    secrets = SecretStore(backend)
    with store.session() as session:
        profiles.create_profile(session, "acme", ProfileSettings(fortnox_auth_url=info.fortnox_auth_url,
                                                                 fortnox_client_id=info.fortnox_client_id))
    oauth = FortnoxOAuth(info.fortnox_auth_url, info.fortnox_client_id, info.fortnox_client_secret)
    first = oauth.exchange_code(sandbox.fortnox.issue_authorization_code())
    oauth.close()
    secrets.set("acme", SecretKind.FORTNOX_TOKENS, first.to_json())
    secrets.set("acme", SecretKind.FORTNOX_CLIENT_SECRET, info.fortnox_client_secret)
    return store, secrets, backend, first


def test_the_keep_alive_rotates_as_a_sync_does(sandbox: Any, tmp_path: Path) -> None:
    """A locked keyring: nothing is sent. A save refused after the renewal: the new set is kept in memory (Försök
    spara igen) and saved by the next attempt, never renewed past. A renewal interrupted at the last start whose
    token is spent: 'refresh lost', not a bare 'sign in again'."""
    store, secrets, backend, first = _signed_in(sandbox, tmp_path)
    try:
        backend.refuse = lambda value: True
        assert refresh(store, "acme", secrets) == "fortnox.keyring_locked"
        assert secrets.get("acme", SecretKind.FORTNOX_TOKENS) == first.to_json()  # untouched, its token unspent

        backend.refuse = lambda value: REFRESHING_KEY not in value  # the mark is written, the new set is not
        assert refresh(store, "acme", secrets) == "fortnox.tokens_unsaved"
        assert connect.unsaved_profiles() == ["acme"]
        assert refresh_interrupted(secrets.get("acme", SecretKind.FORTNOX_TOKENS))
        assert refresh(store, "acme", secrets) == "fortnox.tokens_unsaved"  # still refused: nothing spent again
        backend.refuse = lambda value: False
        assert refresh(store, "acme", secrets) == "refreshed"  # the kept set is saved, not renewed again
        assert connect.unsaved_profiles() == []
        kept = TokenSet.from_json(secrets.get("acme", SecretKind.FORTNOX_TOKENS) or "")
        assert kept.refresh_token != first.refresh_token
        assert not refresh_interrupted(secrets.get("acme", SecretKind.FORTNOX_TOKENS))
        assert refresh(store, "acme", secrets) == "refreshed"  # the kept set's token works

        secrets.set("acme", SecretKind.FORTNOX_TOKENS, first.to_json(refreshing_since=datetime.now(UTC)))
        assert refresh(store, "acme", secrets) == "fortnox.refresh_lost"  # spent long ago, and the mark says why
    finally:
        connect._unsaved.clear()
        store.close()
