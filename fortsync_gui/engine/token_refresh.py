"""A light Fortnox token refresh: no sync, only the refresh token exchanged for a new one (and saved in the keyring
before anything else), so a profile that has not synced for weeks keeps its sign-in. Fortnox refresh tokens are
single use and lapse 45 days after they were issued; the schedule (:mod:`.schedule`) calls this well before.

    outcome = token_refresh.refresh(store, "acme", SecretStore())   # "refreshed" | "skipped" | a message key
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fortsync_gui.clients.errors import ApiError, AuthError
from fortsync_gui.clients.fortnox_auth import FortnoxOAuth, TokenSet
from fortsync_gui.secrets import SecretKind, SecretStore, SecretStoreError
from fortsync_gui.store import Store
from fortsync_gui.store import profiles as stored

from .api import MessageKey

log = logging.getLogger(__name__)

DEFAULT_FORTNOX_AUTH_URL = "https://apps.fortnox.se"


def refresh(store: Store, profile: str, secrets: SecretStore, env: Mapping[str, str] | None = None) -> str:
    """Renew ``profile``'s Fortnox sign-in. Returns ``"refreshed"``, ``"skipped"`` (nothing to renew: no saved
    sign-in, or headless overrides in use) or the message key of what went wrong (``auth.fortnox``: sign in again;
    ``network``/``service``: try later; ``secrets.unavailable``)."""
    env = env or {}
    if env.get("FORTSYNC_FORTNOX_ACCESS_TOKEN"):
        return "skipped"
    with store.session() as session:
        found = stored.get_profile(session, profile)
        if found is None:
            return MessageKey.PROFILE_MISSING.value
        settings = found.settings
    try:
        saved = secrets.get(profile, SecretKind.FORTNOX_TOKENS)
        client_secret = env.get("FORTSYNC_FORTNOX_CLIENT_SECRET") or secrets.get(profile,
                                                                                 SecretKind.FORTNOX_CLIENT_SECRET)
    except SecretStoreError:
        return MessageKey.SECRETS_UNAVAILABLE.value
    client_id = env.get("FORTSYNC_FORTNOX_CLIENT_ID") or settings.fortnox_client_id
    if not saved or not client_id or not client_secret:
        return "skipped"
    tokens = TokenSet.from_json(saved)
    if not tokens.refresh_token:
        return "skipped"
    oauth = FortnoxOAuth(env.get("FORTSYNC_FORTNOX_AUTH_URL") or settings.fortnox_auth_url or DEFAULT_FORTNOX_AUTH_URL,
                         client_id, client_secret)
    try:
        renewed = oauth.refresh(tokens.refresh_token)
    except AuthError:
        log.warning("profile %s: the Fortnox sign-in could not be renewed (sign in again)", profile)
        return MessageKey.FORTNOX_AUTH.value
    except ApiError as error:
        log.info("profile %s: token refresh failed for now: %s", profile, type(error).__name__)
        return MessageKey.NETWORK.value if error.status is None else MessageKey.SERVICE.value
    finally:
        oauth.close()
    try:
        secrets.set(profile, SecretKind.FORTNOX_TOKENS, renewed.to_json())
    except SecretStoreError:  # the old refresh token is spent: this is the one moment a keyring failure costs a sign-in
        log.error("profile %s: the renewed Fortnox sign-in could not be saved in the keyring", profile)
        return MessageKey.SECRETS_UNAVAILABLE.value
    log.info("profile %s: Fortnox sign-in renewed", profile)
    return "refreshed"
