"""Fortnox API error responses -> the typed errors of ``errors.py`` (reference/fortnox-api.md §5)."""

from __future__ import annotations

import json
from typing import Any

from . import fortnox_wire as wire
from .answer import Answer
from .errors import ApiError, AuthError, MalformedResponse, NotFound, PermissionDenied, ValidationFailed

# No active licence for the scope / not authorised for the scope / no API licence.
PERMISSION_CODES = frozenset({2001101, 2000663, 2001103})
# Legacy "Ogiltig inloggning" / "access-token eller client-secret saknas".
AUTH_CODES = frozenset({2000310, 2000311})


def map_fortnox_error(response: Answer) -> ApiError:
    status = response.status_code
    kw: dict[str, Any] = {"status": status, "method": response.request.method, "url": response.request.url.path}
    try:
        error = wire.error_body(json.loads(response.text))
    except ValueError:
        error = None
    if error is None:  # an HTML page from a proxy or a maintenance screen, or JSON of no known shape
        snippet = " ".join(response.text[:120].split()) or f"HTTP {status}"
        if status in (401, 403):
            return AuthError("fortnox", snippet, **kw)
        return MalformedResponse("fortnox", f"Oväntat svar: {snippet!r}", **kw)
    code = error.code
    if code in PERMISSION_CODES:
        return PermissionDenied("fortnox", error.message, code=code, **kw)
    if status in (401, 403) or code in AUTH_CODES:
        return AuthError("fortnox", error.message, code=code, **kw)
    if status == 404:
        return NotFound("fortnox", error.message, code=code, **kw)
    if status == 400:
        return ValidationFailed("fortnox", error.message, code=code, **kw)
    return ApiError("fortnox", error.message, code=code, **kw)
