"""Fortnox OAuth2 (reference/fortnox-api.md §2, DESIGN.md §5): the token endpoint and the token providers the API
client asks for a bearer token.

Refresh tokens are single use and rotated on every refresh, so an :class:`OAuthSession` hands the new token set to
``persist`` *before* using it, and refreshes under a lock: two concurrent refreshes with the same refresh token
would make Fortnox invalidate it. ``InvalidGrant`` means "sign in again".

A refresh is the one moment a user can be locked out: the old refresh token is spent as soon as Fortnox answers,
and the new one exists only in memory until it is saved. So a refresh goes in three steps:

1. ``prepare``: mark the saved token set "refresh started" (:data:`REFRESHING_KEY`); this is also the check that the
   keyring accepts a write. If it does not, nothing is sent (:class:`KeyringRefused`).
2. the token request; a lost answer (``UncertainWrite``) is asked once more with the same refresh token: either
   Fortnox never processed the first one (and this one works) or it did (``invalid_grant``: :class:`RefreshLost`).
3. ``persist`` the new set (which clears the mark) before its access token is used; if that fails the set stays in
   memory (:class:`TokensNotSaved`) and the next call tries to save it again instead of refreshing.

A process killed between 1 and 3 leaves the mark behind: the next start sees it (:func:`refresh_interrupted`) and,
when the old refresh token is indeed spent, says so (:class:`RefreshLost`) instead of a bare ``invalid_grant``.
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
from .answer import Answer
from .errors import (
    ApiError,
    InvalidClient,
    InvalidGrant,
    KeyringRefused,
    MalformedResponse,
    NetworkError,
    NotFound,
    PermissionDenied,
    RefreshLost,
    TokensNotSaved,
    UncertainWrite,
    ValidationFailed,
)
from .http import READ_TIMEOUT, HttpApi, RetryPolicy
from .ratelimit import FORTNOX_RATE_LIMIT, shared_limiter
from .redact import register_secret

# Everything Fortsync reads or writes (the module is chosen after signing in, so ask for all of it).
DEFAULT_SCOPES = ("companyinformation", "customer", "article", "price", "invoice", "order", "offer")
REFRESH_MARGIN = timedelta(minutes=5)  # refresh this long before the access token expires
REFRESHING_KEY = "refreshing_since"  # in a saved token set: a refresh was started and its result not saved yet


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

    def to_json(self, *, refreshing_since: datetime | None = None) -> str:
        """For the keyring only (it holds the tokens); ``refreshing_since`` marks a refresh in progress."""
        data: dict[str, Any] = {"access_token": self.access_token, "refresh_token": self.refresh_token,
                                "expires_at": self.expires_at.isoformat(), "scopes": list(self.scopes)}
        if refreshing_since is not None:
            data[REFRESHING_KEY] = refreshing_since.isoformat()
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> TokenSet:
        data = json.loads(text)
        return cls(data["access_token"], data.get("refresh_token"),
                   datetime.fromisoformat(data["expires_at"]).astimezone(UTC), tuple(data.get("scopes") or ()))


def refresh_interrupted(saved: str | None) -> bool:
    """Whether a saved token set (its keyring JSON) carries the mark of a refresh whose result was never saved."""
    if not saved:
        return False
    try:
        data = json.loads(saved)
    except ValueError:
        return False
    return isinstance(data, dict) and bool(data.get(REFRESHING_KEY))


class FortnoxOAuth:
    """The endpoints under ``{auth_url}/oauth-v1/``, with HTTP Basic ``client_id:client_secret``.

    Token requests are POSTs and never repeated after a dropped answer or a 5xx (the code or refresh token they
    spend is single use): the caller gets ``UncertainWrite``, and a later attempt shows whether the grant survived.
    """

    def __init__(self, auth_url: str = "https://apps.fortnox.se", client_id: str = "", client_secret: str = "", *,
                 transport: httpx.BaseTransport | None = None, timeout: float = READ_TIMEOUT,
                 write_timeout: float | None = None, retry: RetryPolicy | None = None) -> None:
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
            retry=retry, timeout=timeout, write_timeout=write_timeout, transport=transport,
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


def map_oauth_error(response: Answer) -> ApiError:
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

    ``persist`` gets every new token set before its access token is used; if it raises, the set is kept aside
    (:attr:`unsaved`) and persisting is retried on the next call instead of spending the (single-use) refresh token
    again. ``prepare`` (optional) runs before each refresh request with the current set: it marks the refresh as
    started where the sets are saved, and raising there stops the refresh before anything is sent.
    ``interrupted``: the saved set carried the mark of an earlier refresh that never finished.
    """

    def __init__(self, oauth: FortnoxOAuth, tokens: TokenSet, persist: Callable[[TokenSet], None], *,
                 prepare: Callable[[TokenSet], None] | None = None, interrupted: bool = False,
                 unsaved: TokenSet | None = None, now: Callable[[], datetime] = _utcnow) -> None:
        self._oauth = oauth
        self._tokens = tokens
        self._unsaved: TokenSet | None = unsaved
        self._persist = persist
        self._prepare = prepare
        self._interrupted = interrupted
        self._now = now
        self._lock = threading.Lock()
        self.limiter_key = f"{oauth.client_id}:{tokens.tenant_id or 'unknown-tenant'}"

    @property
    def tokens(self) -> TokenSet:
        return self._tokens

    @property
    def unsaved(self) -> TokenSet | None:
        """A refreshed set that could not be saved yet (the one to use once it is)."""
        return self._unsaved

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

    def refresh_now(self) -> TokenSet:
        """Renew the set now, whatever its access token's expiry (the app's keep-alive for a sign-in unused for
        weeks), in the same steps as every refresh; returns the new set, saved. A set kept unsaved is saved instead
        of renewing again."""
        with self._lock:
            self._refresh()
            return self._tokens

    def _needs_refresh(self) -> bool:
        # without a refresh token the access token is used until Fortnox rejects it
        return self._unsaved is not None or (
            self._tokens.refresh_token is not None and self._tokens.expires_within(REFRESH_MARGIN, self._now()))

    def _refresh(self) -> None:
        if self._unsaved is None:
            self._unsaved = self._request_refresh()
        try:
            self._persist(self._unsaved)
        except Exception as exc:  # a locked keyring, most likely: keep the new set, spend nothing more
            raise TokensNotSaved("fortnox", f"Den nya inloggningen kunde inte sparas ({type(exc).__name__})") from None
        self._tokens, self._unsaved, self._interrupted = self._unsaved, None, False

    def _request_refresh(self) -> TokenSet:
        current = self._tokens
        refresh_token = current.refresh_token
        assert refresh_token is not None
        if self._prepare is not None:
            try:
                self._prepare(current)
            except Exception as exc:
                raise KeyringRefused("fortnox", "Lösenordshanteraren tar inte emot en skrivning "
                                                f"({type(exc).__name__}); inget skickades") from None
        try:
            try:
                return self._oauth.refresh(refresh_token)
            except UncertainWrite:
                # The answer was lost: Fortnox either never processed the request (the token still works) or did
                # (it is spent, and this answers invalid_grant). Asking once more settles which.
                return self._oauth.refresh(refresh_token)
        except InvalidGrant as exc:
            if self._interrupted or isinstance(exc, RefreshLost) or _after_lost_answer(exc):
                raise RefreshLost("fortnox", "Inloggningen förnyades men den nya sparades aldrig",
                                  status=exc.status, code=exc.code, method=exc.method, url=exc.url) from None
            raise
        except NetworkError as exc:
            if not isinstance(exc, UncertainWrite):
                self._unmark(current)  # nothing reached Fortnox: the saved set is as good as before
            raise
        except ApiError:
            self._unmark(current)  # Fortnox refused the request (e.g. invalid_client): the refresh token is unspent
            raise

    def _unmark(self, tokens: TokenSet) -> None:
        if self._prepare is None:
            return
        try:
            self._persist(tokens)
        except Exception:  # the mark stays: the next start asks Fortnox whether the token still works
            return


def _after_lost_answer(error: InvalidGrant) -> bool:
    """Whether an ``invalid_grant`` came from the repeat after a lost answer (the first request spent the token)."""
    context = error.__context__
    while context is not None:
        if isinstance(context, UncertainWrite):
            return True
        context = context.__context__
    return False


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
