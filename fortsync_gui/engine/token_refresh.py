"""A light Fortnox token refresh: no sync, only the refresh token exchanged for a new one (and saved in the keyring
before anything else), so a profile that has not synced for weeks keeps its sign-in. Fortnox refresh tokens are
single use and lapse 45 days after they were issued; the schedule (:mod:`.schedule`) calls this well before.

It rotates the token set exactly as a sync does (:class:`~fortsync_gui.clients.fortnox_auth.OAuthSession` with
:class:`~.connect.KeyringTokens`): the saved set is marked "refresh started" first (a locked keyring stops it before
anything is sent), the new set is saved before anything else, a set the keyring refuses is kept in this process for
**Försök spara igen**, and a spent token after an interrupted renewal is told apart from a revoked sign-in.

    outcome = token_refresh.refresh(store, "acme", SecretStore())   # "refreshed" | "skipped" | a message key
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fortsync_gui.clients.errors import ApiError, AuthError, InsecureUrl, KeyringRefused, RefreshLost, TokensNotSaved
from fortsync_gui.clients.fortnox_auth import FortnoxOAuth, OAuthSession, TokenSet, refresh_interrupted
from fortsync_gui.secrets import SecretKind, SecretStore, SecretStoreError
from fortsync_gui.store import Store
from fortsync_gui.store import profiles as stored

from .api import MessageKey
from .connect import KeyringTokens, retry_token_save, unsaved_profiles

log = logging.getLogger(__name__)

DEFAULT_FORTNOX_AUTH_URL = "https://apps.fortnox.se"


def refresh(store: Store, profile: str, secrets: SecretStore, env: Mapping[str, str] | None = None) -> str:
    """Renew ``profile``'s Fortnox sign-in. Returns ``"refreshed"``, ``"skipped"`` (nothing to renew: no saved
    sign-in, or headless overrides in use) or the key of what went wrong: ``auth.fortnox`` (sign in again),
    ``fortnox.refresh_lost`` (an earlier renewal was interrupted and the token is spent: sign in again),
    ``fortnox.keyring_locked`` (nothing was sent: unlock the keyring), ``fortnox.tokens_unsaved`` (renewed, but the
    keyring refused the new set: it is kept in memory, see :func:`~.connect.retry_token_save`), ``network`` /
    ``service`` (try later), ``secrets.unavailable``, ``settings.insecure_url``."""
    env = env or {}
    if env.get("FORTSYNC_FORTNOX_ACCESS_TOKEN"):
        return "skipped"
    with store.session() as session:
        found = stored.get_profile(session, profile)
        if found is None:
            return MessageKey.PROFILE_MISSING.value
        settings = found.settings
    try:
        kept = profile in unsaved_profiles()
        if not retry_token_save(profile, secrets):  # a renewed set kept in memory: save it, never renew past it
            return TokensNotSaved.message_key
        if kept:
            log.info("profile %s: the renewed Fortnox sign-in kept in memory is saved now", profile)
            return "refreshed"
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
    try:
        oauth = FortnoxOAuth(env.get("FORTSYNC_FORTNOX_AUTH_URL") or settings.fortnox_auth_url
                             or DEFAULT_FORTNOX_AUTH_URL, client_id, client_secret)
    except InsecureUrl:
        return MessageKey.INSECURE_URL.value
    keeper = KeyringTokens(profile, secrets)
    session = OAuthSession(oauth, tokens, keeper.persist, prepare=keeper.prepare,
                           interrupted=refresh_interrupted(saved))
    try:
        session.refresh_now()
    except (KeyringRefused, TokensNotSaved, RefreshLost) as error:
        log.warning("profile %s: the Fortnox sign-in was not renewed: %s", profile, error.message_key)
        return error.message_key
    except AuthError:
        log.warning("profile %s: the Fortnox sign-in could not be renewed (sign in again)", profile)
        return MessageKey.FORTNOX_AUTH.value
    except ApiError as error:
        log.info("profile %s: token refresh failed for now: %s", profile, type(error).__name__)
        return MessageKey.NETWORK.value if error.status is None else MessageKey.SERVICE.value
    finally:
        oauth.close()
    log.info("profile %s: Fortnox sign-in renewed", profile)
    return "refreshed"
