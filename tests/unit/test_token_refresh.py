"""The light token refresh against the sandbox's Fortnox: a new single-use refresh token, saved in the keyring before
anything else; a revoked sign-in says "sign in again"; nothing to renew is skipped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fortsync_gui.clients.fortnox_auth import FortnoxOAuth
from fortsync_gui.engine.token_refresh import refresh
from fortsync_gui.secrets import MemoryKeyring, SecretKind, SecretStore
from fortsync_gui.store import ProfileSettings, open_store, profiles


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
