"""Build the two API clients of a profile: its settings, the keyring, and the headless overrides of DESIGN.md §4
(``FORTSYNC_UPSALES_URL``/``_TOKEN``, ``FORTSYNC_FORTNOX_URL``/``_AUTH_URL``, ``FORTSYNC_FORTNOX_ACCESS_TOKEN`` or a
service account ``FORTSYNC_FORTNOX_CLIENT_ID`` + ``_CLIENT_SECRET`` + ``_TENANT_ID``).

The profile's Fortnox token set lives in the keyring, and a refresh rotates it (see
:mod:`fortsync_gui.clients.fortnox_auth`): before each refresh the saved set is marked "refresh started" (which also
checks that the keyring takes a write), the new set is saved before it is used, and a set that could not be saved is
kept in this process (:func:`unsaved_profiles`) until :func:`retry_token_save` or the next run saves it. Nothing is
ever written anywhere but the keyring.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from fortsync_gui.clients.errors import ApiError, InsecureUrl, MalformedResponse, RateLimited, TokensNotSaved
from fortsync_gui.clients.fortnox import FortnoxClient
from fortsync_gui.clients.fortnox_auth import (
    ClientCredentialsSession,
    FortnoxOAuth,
    OAuthSession,
    StaticTokenProvider,
    TokenProvider,
    TokenSet,
    refresh_interrupted,
)
from fortsync_gui.clients.ratelimit import FORTNOX_RATE_LIMIT, UPSALES_RATE_LIMIT, RateLimit
from fortsync_gui.clients.upsales import UpsalesClient
from fortsync_gui.secrets import SecretKind, SecretStore, SecretStoreError
from fortsync_gui.store import ProfileSettings

from .api import MessageKey, StopRun

DEFAULT_UPSALES_URL = "https://integration.upsales.com/api/v2"
DEFAULT_FORTNOX_URL = "https://api.fortnox.se"
DEFAULT_FORTNOX_AUTH_URL = "https://apps.fortnox.se"


@dataclass
class Connections:
    fortnox: FortnoxClient
    upsales: UpsalesClient

    def requests(self) -> dict[str, int]:
        return {"fortnox": self.fortnox.request_count, "upsales": self.upsales.request_count}

    def close(self) -> None:
        self.fortnox.close()
        self.upsales.close()


def _env(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


# Token sets refreshed in this process that the keyring did not take: profile -> (the set, the store that refused)
_unsaved: dict[str, tuple[TokenSet, SecretStore]] = {}
_unsaved_lock = threading.Lock()


def unsaved_profiles() -> list[str]:
    """Profiles whose newest Fortnox token set lives only in this process's memory (the keyring refused it)."""
    with _unsaved_lock:
        return sorted(_unsaved)


def retry_token_save(profile: str, secrets: SecretStore | None = None) -> bool:
    """Save the token set kept in memory for ``profile`` (after the user unlocked the keyring); True when it is saved
    (or there was nothing to save), False when the keyring still refuses it."""
    with _unsaved_lock:
        found = _unsaved.get(profile)
        if found is None:
            return True
        tokens, refused_by = found
        try:
            (secrets or refused_by).set(profile, SecretKind.FORTNOX_TOKENS, tokens.to_json())
        except SecretStoreError:
            return False
        del _unsaved[profile]
        return True


def forget_unsaved(profile: str) -> None:
    """Drop the set kept in memory for ``profile`` (the user signed in again: a new set is saved)."""
    with _unsaved_lock:
        _unsaved.pop(profile, None)


class KeyringTokens:
    """Where an :class:`OAuthSession` keeps a profile's token sets: ``prepare`` marks a refresh as started,
    ``persist`` saves a set (clearing the mark), and a set the keyring refuses is kept in memory."""

    def __init__(self, profile: str, secrets: SecretStore) -> None:
        self.profile = profile
        self.secrets = secrets

    def prepare(self, tokens: TokenSet) -> None:
        self.secrets.set(self.profile, SecretKind.FORTNOX_TOKENS, tokens.to_json(refreshing_since=datetime.now(UTC)))

    def persist(self, tokens: TokenSet) -> None:
        try:
            self.secrets.set(self.profile, SecretKind.FORTNOX_TOKENS, tokens.to_json())
        except SecretStoreError:
            with _unsaved_lock:
                _unsaved[self.profile] = (tokens, self.secrets)
            raise
        with _unsaved_lock:
            _unsaved.pop(self.profile, None)


def _fortnox_tokens(profile: str, settings: ProfileSettings, secrets: SecretStore,
                    env: Mapping[str, str]) -> tuple[FortnoxOAuth | None, TokenProvider]:
    if token := _env(env, "FORTSYNC_FORTNOX_ACCESS_TOKEN"):
        return None, StaticTokenProvider(token)
    auth_url = _env(env, "FORTSYNC_FORTNOX_AUTH_URL") or settings.fortnox_auth_url or DEFAULT_FORTNOX_AUTH_URL
    client_id = _env(env, "FORTSYNC_FORTNOX_CLIENT_ID") or settings.fortnox_client_id
    client_secret = (_env(env, "FORTSYNC_FORTNOX_CLIENT_SECRET")
                     or secrets.get(profile, SecretKind.FORTNOX_CLIENT_SECRET))
    if not client_id or not client_secret:
        raise StopRun(MessageKey.FORTNOX_AUTH, reason="no_client")
    oauth = FortnoxOAuth(auth_url, client_id, client_secret)
    tenant = _env(env, "FORTSYNC_FORTNOX_TENANT_ID") or settings.fortnox_tenant_id
    if _env(env, "FORTSYNC_FORTNOX_CLIENT_ID") and tenant:
        return oauth, ClientCredentialsSession(oauth, tenant)
    if not retry_token_save(profile, secrets):  # a refreshed set kept in memory: saved before it is used
        oauth.close()
        raise StopRun(MessageKey.FORTNOX_AUTH, reason=TokensNotSaved.message_key)
    saved = secrets.get(profile, SecretKind.FORTNOX_TOKENS)
    if not saved:
        oauth.close()
        raise StopRun(MessageKey.FORTNOX_AUTH, reason="not_signed_in")
    keeper = KeyringTokens(profile, secrets)
    return oauth, OAuthSession(oauth, TokenSet.from_json(saved), keeper.persist, prepare=keeper.prepare,
                               interrupted=refresh_interrupted(saved))


def connect(profile: str, settings: ProfileSettings, secrets: SecretStore,
            env: Mapping[str, str] | None = None) -> Connections:
    """The clients of ``profile``; raises :class:`StopRun` when a credential is missing or an address would send one
    in clear (nothing is sent)."""
    env = os.environ if env is None else env
    upsales_token = _env(env, "FORTSYNC_UPSALES_TOKEN") or secrets.get(profile, SecretKind.UPSALES_TOKEN)
    if not upsales_token:
        raise StopRun(MessageKey.UPSALES_AUTH, reason="no_token")
    upsales_url = _env(env, "FORTSYNC_UPSALES_URL") or settings.upsales_api_url or DEFAULT_UPSALES_URL
    fortnox_url = _env(env, "FORTSYNC_FORTNOX_URL") or settings.fortnox_api_url or DEFAULT_FORTNOX_URL
    scale = rate_scale(env)
    oauth: FortnoxOAuth | None = None
    fortnox: FortnoxClient | None = None
    try:
        upsales = UpsalesClient(upsales_url, token=upsales_token, rate_limit=_scaled(UPSALES_RATE_LIMIT, scale))
        try:
            oauth, tokens = _fortnox_tokens(profile, settings, secrets, env)
            fortnox = FortnoxClient(fortnox_url, tokens=tokens, rate_limit=_scaled(FORTNOX_RATE_LIMIT, scale))
        except BaseException:
            upsales.close()
            if oauth is not None:
                oauth.close()
            raise
    except InsecureUrl as error:
        raise StopRun(MessageKey.INSECURE_URL, api=error.api, url=error.url or "?") from None
    return Connections(fortnox, upsales)


def stop_for(error: ApiError) -> StopRun | None:
    """The run-level reason for the transport errors that make every further request pointless and have a sentence
    of their own: still rate limited after every pause (try later), an answer that cannot be read (which service,
    what was asked). For :func:`fortsync_gui.engine.context.stop_reason` to fall back on; None for anything else."""
    if isinstance(error, RateLimited):
        return StopRun(MessageKey.RATE_LIMITED, api=error.api)
    if isinstance(error, MalformedResponse):
        asked = " ".join(part for part in (error.method, error.url) if part) or "?"
        return StopRun(MessageKey.UNREADABLE_ANSWER, api=error.api, request=asked)
    return None


def rate_scale(env: Mapping[str, str]) -> float:
    """``FORTSYNC_RATE_SCALE``: only for a sandbox started with the same ``--time-scale`` (tests, demos); the real
    services' limits are the real ones."""
    try:
        value = float(_env(env, "FORTSYNC_RATE_SCALE") or 1.0)
    except ValueError:
        return 1.0
    return value if 0 < value <= 1 else 1.0


def _scaled(limit: RateLimit, scale: float) -> RateLimit:
    return RateLimit(limit.requests, limit.window * scale)
