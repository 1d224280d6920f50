"""Build the two API clients of a profile: its settings, the keyring, and the headless overrides of DESIGN.md §4
(``FORTSYNC_UPSALES_URL``/``_TOKEN``, ``FORTSYNC_FORTNOX_URL``/``_AUTH_URL``, ``FORTSYNC_FORTNOX_ACCESS_TOKEN`` or a
service account ``FORTSYNC_FORTNOX_CLIENT_ID`` + ``_CLIENT_SECRET`` + ``_TENANT_ID``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from fortsync_gui.clients.fortnox import FortnoxClient
from fortsync_gui.clients.fortnox_auth import (
    ClientCredentialsSession,
    FortnoxOAuth,
    OAuthSession,
    StaticTokenProvider,
    TokenProvider,
    TokenSet,
)
from fortsync_gui.clients.ratelimit import FORTNOX_RATE_LIMIT, UPSALES_RATE_LIMIT, RateLimit
from fortsync_gui.clients.upsales import UpsalesClient
from fortsync_gui.secrets import SecretKind, SecretStore
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


def _fortnox_tokens(profile: str, settings: ProfileSettings, secrets: SecretStore,
                    env: Mapping[str, str]) -> TokenProvider:
    if token := _env(env, "FORTSYNC_FORTNOX_ACCESS_TOKEN"):
        return StaticTokenProvider(token)
    auth_url = _env(env, "FORTSYNC_FORTNOX_AUTH_URL") or settings.fortnox_auth_url or DEFAULT_FORTNOX_AUTH_URL
    client_id = _env(env, "FORTSYNC_FORTNOX_CLIENT_ID") or settings.fortnox_client_id
    client_secret = (_env(env, "FORTSYNC_FORTNOX_CLIENT_SECRET")
                     or secrets.get(profile, SecretKind.FORTNOX_CLIENT_SECRET))
    if not client_id or not client_secret:
        raise StopRun(MessageKey.FORTNOX_AUTH, reason="no_client")
    oauth = FortnoxOAuth(auth_url, client_id, client_secret)
    tenant = _env(env, "FORTSYNC_FORTNOX_TENANT_ID") or settings.fortnox_tenant_id
    if _env(env, "FORTSYNC_FORTNOX_CLIENT_ID") and tenant:
        return ClientCredentialsSession(oauth, tenant)
    saved = secrets.get(profile, SecretKind.FORTNOX_TOKENS)
    if not saved:
        raise StopRun(MessageKey.FORTNOX_AUTH, reason="not_signed_in")

    def persist(tokens: TokenSet) -> None:  # before the new access token is used: refresh tokens are single use
        secrets.set(profile, SecretKind.FORTNOX_TOKENS, tokens.to_json())

    return OAuthSession(oauth, TokenSet.from_json(saved), persist)


def connect(profile: str, settings: ProfileSettings, secrets: SecretStore,
            env: Mapping[str, str] | None = None) -> Connections:
    """The clients of ``profile``; raises :class:`StopRun` when a credential is missing (nothing is sent)."""
    env = os.environ if env is None else env
    upsales_token = _env(env, "FORTSYNC_UPSALES_TOKEN") or secrets.get(profile, SecretKind.UPSALES_TOKEN)
    if not upsales_token:
        raise StopRun(MessageKey.UPSALES_AUTH, reason="no_token")
    upsales_url = _env(env, "FORTSYNC_UPSALES_URL") or settings.upsales_api_url or DEFAULT_UPSALES_URL
    fortnox_url = _env(env, "FORTSYNC_FORTNOX_URL") or settings.fortnox_api_url or DEFAULT_FORTNOX_URL
    tokens = _fortnox_tokens(profile, settings, secrets, env)
    scale = rate_scale(env)
    return Connections(
        FortnoxClient(fortnox_url, tokens=tokens, rate_limit=_scaled(FORTNOX_RATE_LIMIT, scale)),
        UpsalesClient(upsales_url, token=upsales_token, rate_limit=_scaled(UPSALES_RATE_LIMIT, scale)),
    )


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
