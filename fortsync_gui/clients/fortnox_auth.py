"""Fortnox OAuth2 (reference/fortnox-api.md §2, DESIGN.md §5): the token endpoint and the token providers the API
client asks for a bearer token.

Refresh tokens are single use and rotated on every refresh, so an :class:`OAuthSession` hands the new token set to
``persist`` *before* using it, and refreshes under a lock: two concurrent refreshes with the same refresh token
would make Fortnox invalidate it. ``InvalidGrant`` means "sign in again".
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from urllib.parse import quote, urlencode

import httpx

from . import fortnox_wire as wire
from .errors import (
    ApiError,
    InvalidClient,
    InvalidGrant,
    MalformedResponse,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from .http import HttpApi, RetryPolicy
from .ratelimit import FORTNOX_RATE_LIMIT, shared_limiter
from .redact import register_secret

# Everything Fortsync reads or writes (the module is chosen after signing in, so ask for all of it).
DEFAULT_SCOPES = ("companyinformation", "customer", "article", "price", "invoice", "order", "offer")
REFRESH_MARGIN = timedelta(minutes=5)  # refresh this long before the access token expires


def _utcnow() -> datetime:
    return datetime.now(UTC)


def jwt_claims(token: str) -> dict[str, Any]:
    """The payload of a JWT-shaped token (unverified: only read for routing and limits), else ``{}``."""
    parts = token.split(".")
    if len(parts) != 3:
        return {}
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (binascii.Error, ValueError):
        return {}
    return payload if isinstance(payload, dict) else {}


@dataclass(frozen=True, repr=False)
class TokenSet:
    access_token: str
    refresh_token: str | None
    expires_at: datetime  # UTC
    scopes: tuple[str, ...] = ()
    tenant_id: str | None = field(init=False, compare=False)  # the JWT's ``tenantId`` claim, when it has one

    def __post_init__(self) -> None:
        register_secret(self.access_token)
        register_secret(self.refresh_token)
        tenant = jwt_claims(self.access_token).get("tenantId")
        object.__setattr__(self, "tenant_id", None if tenant in (None, "") else str(tenant))

    def __repr__(self) -> str:
        return (f"TokenSet(expires_at={self.expires_at.isoformat()}, scopes={self.scopes!r}, "
                f"tenant_id={self.tenant_id!r}, refresh_token={'yes' if self.refresh_token else 'no'})")

    def expires_within(self, margin: timedelta, now: datetime | None = None) -> bool:
        return self.expires_at - margin <= (now or _utcnow())

    @classmethod
    def from_token_response(cls, body: Any, now: datetime | None = None) -> TokenSet:
        """``{"access_token", "refresh_token", "scope", "expires_in", "token_type"}`` from the token endpoint."""
        if not isinstance(body, dict) or not isinstance(body.get("access_token"), str):
            raise wire.WireFormatError("token response without access_token")
        expires_in = wire.integer(body.get("expires_in")) or 3600
        scope = body.get("scope")
        return cls(
            access_token=body["access_token"],
            refresh_token=body.get("refresh_token") or None,
            expires_at=(now or _utcnow()) + timedelta(seconds=expires_in),
            scopes=tuple(scope.split()) if isinstance(scope, str) else (),
        )

    def to_json(self) -> str:
        """For the keyring only (it holds the tokens)."""
        return json.dumps({"access_token": self.access_token, "refresh_token": self.refresh_token,
                           "expires_at": self.expires_at.isoformat(), "scopes": list(self.scopes)})

    @classmethod
    def from_json(cls, text: str) -> TokenSet:
        data = json.loads(text)
        return cls(data["access_token"], data.get("refresh_token"),
                   datetime.fromisoformat(data["expires_at"]).astimezone(UTC), tuple(data.get("scopes") or ()))


class FortnoxOAuth:
    """The endpoints under ``{auth_url}/oauth-v1/``, with HTTP Basic ``client_id:client_secret``.

    Token requests are POSTs and never repeated after a dropped answer or a 5xx (the code or refresh token they
    spend is single use): the caller gets ``UncertainWrite``, and a later attempt shows whether the grant survived.
    """

    def __init__(self, auth_url: str = "https://apps.fortnox.se", client_id: str = "", client_secret: str = "", *,
                 transport: httpx.BaseTransport | None = None, timeout: float = 30.0,
                 retry: RetryPolicy | None = None) -> None:
        if not client_id or not client_secret:
            raise ValueError("client_id and client_secret are required")
        self.auth_url = auth_url.rstrip("/")
        self.client_id = client_id
        register_secret(client_secret)
        basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode("ascii")
        self._http = HttpApi(
            "fortnox", self.auth_url,
            limiter=shared_limiter("fortnox-oauth", client_id, FORTNOX_RATE_LIMIT),
            error_mapper=map_oauth_error,
            auth_headers=lambda: {"Authorization": f"Basic {basic}"},
            retry=retry, timeout=timeout, transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def authorization_url(self, state: str, redirect_uri: str | None, scopes: Iterable[str] = DEFAULT_SCOPES,
                          account_type: str | None = None) -> str:
        """The consent page to open in the browser; it redirects to ``redirect_uri?code=...&state=...``."""
        params = {"client_id": self.client_id, "redirect_uri": redirect_uri, "scope": " ".join(scopes),
                  "state": state, "access_type": "offline", "response_type": "code", "account_type": account_type}
        query = urlencode({k: v for k, v in params.items() if v is not None}, quote_via=quote)  # spaces as %20
        return f"{self.auth_url}/oauth-v1/auth?{query}"

    def exchange_code(self, code: str, redirect_uri: str | None = None) -> TokenSet:
        register_secret(code)
        form = {"grant_type": "authorization_code", "code": code}
        if redirect_uri:
            form["redirect_uri"] = redirect_uri
        return self._token("/oauth-v1/token", form)

    def refresh(self, refresh_token: str) -> TokenSet:
        register_secret(refresh_token)
        return self._token("/oauth-v1/token", {"grant_type": "refresh_token", "refresh_token": refresh_token})

    def client_credentials(self, tenant_id: str | int) -> TokenSet:
        """A service account's access token (consent given once with ``account_type=service``); no refresh token."""
        return self._token("/oauth-v1/token", {"grant_type": "client_credentials"},
                           headers={"TenantId": str(tenant_id)})

    def _token(self, path: str, form: dict[str, str], headers: dict[str, str] | None = None) -> TokenSet:
        response = self._http.request("POST", path, data=form, headers=headers)
        try:
            return TokenSet.from_token_response(self._http.json(response))
        except wire.WireFormatError as exc:
            raise MalformedResponse("fortnox", str(exc), status=response.status_code, method="POST",
                                    url=response.request.url.path) from None


def map_oauth_error(response: httpx.Response) -> ApiError:
    """OAuth errors by their ``error`` value first, the status second (migrate's 404/401/400/403 as documented)."""
    try:
        body = json.loads(response.text)  # JSON even when Content-Type says text/html or text/plain
    except ValueError:
        body = None
    error = wire.error_body(body)
    kind = error.code if error and isinstance(error.code, str) else None
    message = error.message if error else response.text[:200].strip() or f"HTTP {response.status_code}"
    status = response.status_code
    kw: dict[str, Any] = {"status": status, "code": kind, "method": response.request.method,
                          "url": response.request.url.path}
    migrate_not_found = status == 404 and response.request.url.path.endswith("/migrate")  # unknown or spent
    if kind == "invalid_grant" or migrate_not_found:
        return InvalidGrant("fortnox", message, **kw)
    if kind == "invalid_client" or status == 401:
        return InvalidClient("fortnox", message, **kw)
    if status == 403:
        return PermissionDenied("fortnox", message, **kw)
    if status == 404:
        return NotFound("fortnox", message, **kw)
    if status == 400:
        return ValidationFailed("fortnox", message, **kw)
    return ApiError("fortnox", message, **kw)


# --- token providers for the API client -------------------------------------------------------------------------

class TokenProvider(Protocol):
    @property
    def limiter_key(self) -> str:
        """Identifies the rate-limited credential (Fortnox counts per client id + tenant)."""

    def access_token(self) -> str: ...

    def refresh_after_unauthorized(self, rejected: str) -> bool:
        """The API answered 401 to ``rejected``: get a new token if possible; True means "retry"."""


class StaticTokenProvider:
    """A bearer token used as is (``FORTSYNC_FORTNOX_ACCESS_TOKEN``); it cannot be refreshed."""

    def __init__(self, access_token: str) -> None:
        register_secret(access_token)
        self._token = access_token
        claims = jwt_claims(access_token)
        if claims.get("clientId") and claims.get("tenantId"):
            self.limiter_key = f"{claims['clientId']}:{claims['tenantId']}"
        else:
            self.limiter_key = "token:" + hashlib.sha256(access_token.encode()).hexdigest()[:16]

    def access_token(self) -> str:
        return self._token

    def refresh_after_unauthorized(self, rejected: str) -> bool:
        return False


class OAuthSession:
    """A user's tokens: refreshed ~5 minutes before expiry and once after a 401, one refresh at a time.

    ``persist`` gets every new token set before its access token is used; if it raises, the set is kept aside and
    persisting is retried on the next call instead of spending the (single-use) refresh token again.
    """

    def __init__(self, oauth: FortnoxOAuth, tokens: TokenSet, persist: Callable[[TokenSet], None], *,
                 now: Callable[[], datetime] = _utcnow) -> None:
        self._oauth = oauth
        self._tokens = tokens
        self._unsaved: TokenSet | None = None
        self._persist = persist
        self._now = now
        self._lock = threading.Lock()
        self.limiter_key = f"{oauth.client_id}:{tokens.tenant_id or 'unknown-tenant'}"

    @property
    def tokens(self) -> TokenSet:
        return self._tokens

    def access_token(self) -> str:
        if not self._needs_refresh():
            return self._tokens.access_token
        with self._lock:
            if self._needs_refresh():  # another thread may have refreshed while this one waited
                self._refresh()
            return self._tokens.access_token

    def refresh_after_unauthorized(self, rejected: str) -> bool:
        with self._lock:
            if self._tokens.access_token != rejected:
                return True  # already replaced by another thread: retry with the new one
            if not self._tokens.refresh_token:
                return False
            self._refresh()
            return True

    def _needs_refresh(self) -> bool:
        # without a refresh token the access token is used until Fortnox rejects it
        return self._unsaved is not None or (
            self._tokens.refresh_token is not None and self._tokens.expires_within(REFRESH_MARGIN, self._now()))

    def _refresh(self) -> None:
        if self._unsaved is None:
            assert self._tokens.refresh_token is not None
            self._unsaved = self._oauth.refresh(self._tokens.refresh_token)  # InvalidGrant: sign in again
        self._persist(self._unsaved)
        self._tokens, self._unsaved = self._unsaved, None


class ClientCredentialsSession:
    """A service account: a new access token from client id + secret + TenantId whenever one is needed."""

    def __init__(self, oauth: FortnoxOAuth, tenant_id: str | int, *, now: Callable[[], datetime] = _utcnow) -> None:
        self._oauth = oauth
        self._tenant_id = str(tenant_id)
        self._tokens: TokenSet | None = None
        self._now = now
        self._lock = threading.Lock()
        self.limiter_key = f"{oauth.client_id}:{self._tenant_id}"

    def access_token(self) -> str:
        tokens = self._tokens
        if tokens is not None and not tokens.expires_within(REFRESH_MARGIN, self._now()):
            return tokens.access_token
        with self._lock:
            if self._tokens is None or self._tokens.expires_within(REFRESH_MARGIN, self._now()):
                self._tokens = self._oauth.client_credentials(self._tenant_id)
            return self._tokens.access_token

    def refresh_after_unauthorized(self, rejected: str) -> bool:
        with self._lock:
            if self._tokens is None or self._tokens.access_token == rejected:
                self._tokens = self._oauth.client_credentials(self._tenant_id)
            return True
