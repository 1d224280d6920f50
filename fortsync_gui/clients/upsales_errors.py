"""Upsales API error answers -> the typed errors of ``errors.py`` (reference/upsales-api.md §3).

The JSON envelope is ``{"error": {"key", "code", "errorCode", "msg"}}``; a bad or revoked key gets a ``text/plain``
``Unauthorized``; an unknown route gets Express's HTML page ``Cannot GET /api/v2/x``; proxies answer HTML 5xx pages.
"""

from __future__ import annotations

import json
import re
from typing import Any

from . import upsales_wire as wire
from .answer import Answer
from .errors import (
    ApiError,
    AuthError,
    MalformedResponse,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    ValidationFailed,
)

API = "upsales"
THROTTLE_KEYS = frozenset({"ThrottleLimit", "SessionWriteLimit"})


def error_for(status: int, info: wire.ErrorInfo, *, method: str | None = None, url: str | None = None) -> ApiError:
    """The typed error for an error body. ``status`` is the HTTP status; on a 200 that carries a truthy ``error``
    the body's own ``code`` decides."""
    effective = status if status >= 400 else (info.code or 0)
    message = f"{info.message} [{info.key}]" if info.key and info.key != info.message else info.message
    kw: dict[str, Any] = {"status": status, "code": info.error_code, "method": method, "url": url}
    if info.key in THROTTLE_KEYS or effective == 429:
        return RateLimited(API, message, **kw)
    if effective == 401:
        return AuthError(API, message, **kw)
    if effective == 403:
        return PermissionDenied(API, message, **kw)
    if effective == 404 or info.key == "NotFound":
        return NotFound(API, message, **kw)
    if effective == 400 or info.key == "FailedValidation":
        return ValidationFailed(API, message, **kw)
    if effective >= 500 or info.key == "ServerError":
        return ServerError(API, message, **kw)
    return ApiError(API, message, **kw)


def map_upsales_error(response: Answer) -> ApiError:
    status = response.status_code
    method, url = response.request.method, response.request.url.path
    try:
        info = wire.error_info(json.loads(response.text))
    except ValueError:
        info = None
    if info is not None:
        return error_for(status, info, method=method, url=url)
    kw: dict[str, Any] = {"status": status, "method": method, "url": url}
    snippet = _snippet(response.text) or f"HTTP {status}"
    if status == 401:
        return AuthError(API, f"API-nyckeln godtogs inte ({snippet})", **kw)
    if status == 403:
        return PermissionDenied(API, snippet, **kw)
    if status == 404:  # Express answers an unknown route with an HTML page, not the JSON envelope
        return NotFound(API, f"Adressen finns inte i Upsales API ({snippet}); kontrollera API-adressen", **kw)
    if status == 429:
        return RateLimited(API, snippet, **kw)
    if status >= 500:
        return ServerError(API, snippet, **kw)
    return MalformedResponse(API, f"Oväntat svar: {snippet!r}", **kw)


def _snippet(body: str) -> str:
    """The readable text of a plain or HTML answer (``Cannot GET /api/v2/x``, ``502 Bad Gateway``), shortened."""
    match = re.search(r"<pre>(.*?)</pre>", body, re.S | re.I) or re.search(r"<title>(.*?)</title>", body, re.S | re.I)
    text = match.group(1) if match else re.sub(r"<[^>]+>", " ", body)
    return " ".join(text.split())[:120]
