"""Fortnox's OAuth2 token lifecycle (reference/fortnox-api.md §2, DESIGN.md §5), without the HTTP.

- Authorization codes ("API-kod") live 10 minutes and work once.
- Access tokens are JWT-shaped (``tenantId``, ``clientId``, ``scope``, ``exp`` claims) and live 3600 s.
- Refresh tokens live 45 days and work once: each refresh returns a new one.
- Revoking a refresh token ends its whole grant, access tokens included.
- A legacy (pre-2025) Access-Token can be migrated to this scheme once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..clock import SimClock

CODE_LIFETIME = timedelta(minutes=10)
ACCESS_LIFETIME = timedelta(seconds=3600)
REFRESH_LIFETIME = timedelta(days=45)
ISSUER = "https://apps.fortnox.se"


@dataclass
class Grant:
    """One consent: the scopes a chain of tokens carries."""

    scopes: tuple[str, ...]
    revoked: bool = False


@dataclass
class Code:
    scopes: tuple[str, ...]
    redirect_uri: str | None
    expires: datetime


@dataclass
class Token:
    grant: Grant
    expires: datetime


@dataclass
class Issued:
    access_token: str
    scopes: tuple[str, ...]
    refresh_token: str | None = None

    def response(self) -> dict[str, object]:
        """The token endpoint's JSON, keys in the recorded order."""
        body: dict[str, object] = {"access_token": self.access_token,
                                   "expires_in": int(ACCESS_LIFETIME.total_seconds()), "token_type": "bearer",
                                   "scope": " ".join(self.scopes)}
        if self.refresh_token is not None:
            body["refresh_token"] = self.refresh_token
        return body


class GrantError(Exception):
    """The code, refresh token or legacy token cannot be used (``invalid_grant``)."""


@dataclass
class TokenStore:
    clock: SimClock
    client_id: str
    tenant_id: int
    legacy_token: str = field(default_factory=lambda: str(uuid.uuid4()))
    _codes: dict[str, Code] = field(default_factory=dict)
    _refresh: dict[str, Token] = field(default_factory=dict)
    _access: dict[str, Token] = field(default_factory=dict)
    _legacy: set[str] = field(default_factory=set)
    _key: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._legacy.add(self.legacy_token)

    def issue_code(self, scopes: tuple[str, ...], redirect_uri: str | None) -> str:
        code = str(uuid.uuid4())
        with self._lock:
            self._codes[code] = Code(scopes, redirect_uri, self.clock.now() + CODE_LIFETIME)
        return code

    def exchange_code(self, code: str, redirect_uri: str | None) -> Issued:
        with self._lock:
            entry = self._codes.pop(code, None)  # single use, even when the exchange fails below
        if entry is None or entry.expires <= self.clock.now():
            raise GrantError("Invalid authorization code")
        if entry.redirect_uri is not None and redirect_uri != entry.redirect_uri:
            raise GrantError("Invalid redirect_uri")
        return self._issue(Grant(entry.scopes), refresh=True)

    def refresh(self, token: str) -> Issued:
        with self._lock:
            entry = self._refresh.pop(token, None)
        if entry is None or entry.grant.revoked or entry.expires <= self.clock.now():
            raise GrantError("Invalid refresh token")
        return self._issue(entry.grant, refresh=True)

    def client_credentials(self, scopes: tuple[str, ...]) -> Issued:
        return self._issue(Grant(scopes), refresh=False)

    def migrate(self, legacy_token: str, scopes: tuple[str, ...]) -> Issued:
        with self._lock:
            if legacy_token not in self._legacy:
                raise GrantError("Access-token not found")
            self._legacy.discard(legacy_token)  # "once you exchange your token ... the old legacy token expires"
        return self._issue(Grant(scopes), refresh=True)

    def revoke(self, refresh_token: str) -> None:
        with self._lock:
            entry = self._refresh.pop(refresh_token, None)
        if entry is not None:
            entry.grant.revoked = True

    def scopes_of(self, access_token: str) -> tuple[str, ...] | None:
        """The scopes of a live access token; ``None`` when it is unknown, expired or revoked."""
        with self._lock:
            entry = self._access.get(access_token)
        if entry is None or entry.grant.revoked or entry.expires <= self.clock.now():
            return None
        return entry.grant.scopes

    def _issue(self, grant: Grant, *, refresh: bool) -> Issued:
        now = self.clock.now()
        access = self._jwt(grant.scopes, now)
        refresh_token = str(uuid.uuid4()) if refresh else None
        with self._lock:
            self._access[access] = Token(grant, now + ACCESS_LIFETIME)
            if refresh_token:
                self._refresh[refresh_token] = Token(grant, now + REFRESH_LIFETIME)
        return Issued(access, grant.scopes, refresh_token)

    def _jwt(self, scopes: tuple[str, ...], now: datetime) -> str:
        claims = {"iss": ISSUER, "tenantId": self.tenant_id, "clientId": self.client_id, "scope": " ".join(scopes),
                  "iat": int(now.timestamp()), "exp": int((now + ACCESS_LIFETIME).timestamp()),
                  "jti": str(uuid.uuid4())}
        signing_input = f"{_b64({'alg': 'HS256', 'typ': 'JWT'})}.{_b64(claims)}"
        signature = hmac.new(self._key, signing_input.encode("ascii"), hashlib.sha256).digest()
        return f"{signing_input}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode('ascii')}"


def _b64(obj: object) -> str:
    raw = json.dumps(obj, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
