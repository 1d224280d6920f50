"""Typed errors raised by both API clients.

Every error carries the API it came from, the HTTP status, the API's own error code and message (as the service
sent them), and a ``message_key`` the GUI and CLI translate into a Swedish sentence that says what to do.
Texts are always redacted: no token, secret or cookie ever appears in ``str(error)``.
"""

from __future__ import annotations

from .redact import redact


class ApiError(Exception):
    message_key = "api.error"

    def __init__(self, api: str, message: str, *, status: int | None = None, code: int | str | None = None,
                 method: str | None = None, url: str | None = None) -> None:
        self.api = api
        self.status = status
        self.code = code
        self.message = redact(message)
        self.method = method
        self.url = redact(url) if url else None
        super().__init__(self._text())

    def _text(self) -> str:
        parts = [f"{self.api}"]
        if self.method and self.url:
            parts.append(f"{self.method} {self.url}")
        if self.status is not None:
            parts.append(f"HTTP {self.status}")
        if self.code is not None:
            parts.append(f"kod {self.code}")
        return ": ".join([" ".join(parts), self.message])


class AuthError(ApiError):
    """The credentials were rejected (wrong API key, expired or revoked access)."""

    message_key = "api.auth"


class InvalidGrant(AuthError):
    """Fortnox OAuth: the code or refresh token is expired, used or revoked: the user must sign in again."""

    message_key = "fortnox.invalid_grant"


class RefreshLost(InvalidGrant):
    """Fortnox OAuth: an earlier refresh was interrupted (the process died between receiving and saving the new token
    set, or the token endpoint's answer was lost) and the old refresh token is spent: only a new sign-in helps."""

    message_key = "fortnox.refresh_lost"


class KeyringRefused(AuthError):
    """Fortnox OAuth: the token set needs a refresh, but the keyring does not accept a write (locked). Nothing was
    sent: the saved sign-in still works once the keyring is unlocked."""

    message_key = "fortnox.keyring_locked"


class TokensNotSaved(AuthError):
    """Fortnox OAuth: the token set was refreshed but could not be saved; the new set is kept in memory (the old
    refresh token is spent) until a save succeeds."""

    message_key = "fortnox.tokens_unsaved"


class InvalidClient(AuthError):
    """Fortnox OAuth: the app's client id or secret is wrong."""

    message_key = "fortnox.invalid_client"


class PermissionDenied(ApiError):
    """Authenticated, but a scope, licence or right is missing (e.g. Fortnox 2001101, 2000663, 2001103)."""

    message_key = "api.permission"


class NotFound(ApiError):
    message_key = "api.not_found"


class ValidationFailed(ApiError):
    """The service refused the data (HTTP 400 with a validation message)."""

    message_key = "api.validation"


class RateLimited(ApiError):
    """Still rate limited after every retry."""

    message_key = "api.rate_limited"


class ServerError(ApiError):
    """5xx after every retry that was safe to make."""

    message_key = "api.server"


class NetworkError(ApiError):
    """No answer: connection refused, timed out or dropped (after every retry that was safe to make)."""

    message_key = "api.network"


class UncertainWrite(NetworkError):
    """A non-repeatable write (POST, document action) was sent but no answer came back: it may have taken effect.

    The caller must look the record up (e.g. by its idempotency stamp) before trying again.
    """

    message_key = "api.uncertain_write"


class MalformedResponse(ApiError):
    """The service answered with something that is not the JSON it documents."""

    message_key = "api.malformed"


class InsecureUrl(ApiError):
    """The address would send credentials in clear (``http://`` to another machine) or cannot be read: refused
    before any connection is made."""

    message_key = "api.insecure_url"
