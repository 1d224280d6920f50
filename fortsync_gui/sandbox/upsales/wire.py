"""Upsales wire conventions: envelopes, error bodies, timestamps, and the coercions applied to incoming JSON.

Shapes are copied from the official Postman collection and from recorded traffic (see ``upsales-api.md``):

- list    ``{"error": null, "metadata": {"total", "limit", "offset"}, "data": [...]}``
- single  ``{"error": null, "data": {...}}`` (price lists and ``usePriceLists`` products add ``"metadata": null``)
- delete  ``{"error": null}``
- ``/self`` spells its key ``"errors"``
- errors  ``{"error": {"key", "code", "errorCode", "msg"}, "metadata": null}``
- an unknown route is Express's HTML page ``Cannot GET /api/v2/x``; a bad key is ``text/plain`` ``Unauthorized``.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from typing import Any

from ..server import Response, html_response, json_response, text_response

PREFIX = "/api/v2"
Json = dict[str, Any]


class ApiError(Exception):
    """An error the API answers with its JSON error body."""

    def __init__(self, status: int, key: str, error_code: int, msg: str) -> None:
        super().__init__(msg)
        self.status, self.key, self.error_code, self.msg = status, key, error_code, msg

    def response(self, headers: dict[str, str] | None = None) -> Response:
        return error_response(self.status, self.key, self.error_code, self.msg, headers)


def invalid(msg: str) -> ApiError:
    """400 FailedValidation (errorCode 26, as recorded for "No such attribute: id")."""
    return ApiError(400, "FailedValidation", 26, msg)


def not_found(entity: str, ident: object) -> ApiError:
    # No recorded body exists for a missing id; key and code follow the other error bodies, errorCode is a guess.
    return ApiError(404, "NotFound", 1, f"{entity} with id {ident} not found")


def error_response(status: int, key: str, error_code: int, msg: str,
                   headers: dict[str, str] | None = None) -> Response:
    body = {"error": {"key": key, "code": status, "errorCode": error_code, "msg": msg}, "metadata": None}
    return json_response(status, body, headers)


def throttled(headers: dict[str, str] | None = None) -> Response:
    return error_response(429, "ThrottleLimit", 4, "Too many requests", headers)


def server_error(status: int = 500, headers: dict[str, str] | None = None) -> Response:
    return error_response(status, "ServerError", 3, "Server error", headers)


def unauthorized(headers: dict[str, str] | None = None) -> Response:
    return text_response(401, "Unauthorized", headers=headers)


def express_404(method: str, path: str, headers: dict[str, str] | None = None) -> Response:
    page = ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n'
            f"<body>\n<pre>Cannot {method} {path}</pre>\n</body>\n</html>\n")
    return html_response(404, page, headers)


def list_body(data: list[Json], total: int, limit: int, offset: int) -> Json:
    return {"error": None, "metadata": {"total": total, "limit": limit, "offset": offset}, "data": data}


def single_body(data: Json, *, with_metadata: bool = False) -> Json:
    return {"error": None, "metadata": None, "data": data} if with_metadata else {"error": None, "data": data}


DELETED: Json = {"error": None}


# --- time ---------------------------------------------------------------------------------------------------------

def timestamp(moment: datetime) -> str:
    """Upsales' UTC timestamp with literal milliseconds: ``2021-09-29T05:59:05.000Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


def is_date(value: str) -> bool:
    return bool(_DATE.match(value))


def parse_moment(value: str) -> datetime | None:
    """A date or ISO timestamp as an aware UTC datetime (a bare date is midnight UTC); None if neither."""
    text = value.strip()
    if _DATE.match(text):
        return datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
    if not _DATETIME.match(text):
        return None
    moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T"))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# --- incoming values ------------------------------------------------------------------------------------------------

def trimmed(value: Any) -> Any:
    """Upsales trims every string it stores; applied to the whole request body."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [trimmed(v) for v in value]
    if isinstance(value, dict):
        return {k: trimmed(v) for k, v in value.items()}
    return value


def flag(value: Any, field: str) -> int:
    """The 0/1 flags Upsales stores, from 0/1, true/false or their string forms."""
    if isinstance(value, bool):
        return int(value)
    if value in (0, 1, "0", "1"):
        return int(value)
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return int(value.lower() == "true")
    raise invalid(f"Invalid value for {field}: {value!r}")


def number(value: Any, field: str) -> float | int:
    if isinstance(value, bool) or value is None:
        raise invalid(f"Invalid number for {field}: {value!r}")
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise invalid(f"Invalid number for {field}: {value!r}") from None
    if not math.isfinite(result):
        raise invalid(f"Invalid number for {field}: {value!r}")
    return tidy(result)


def tidy(value: float) -> float | int:
    """Whole numbers are sent as integers (``10000``, not ``10000.0``), as Upsales does."""
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded


def text(value: Any, field: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(tidy(float(value)))
    raise invalid(f"Invalid value for {field}: {value!r}")


def ref_id(value: Any, field: str) -> int | None:
    """A relation written as ``{"id": N}`` (or a bare id); None clears it."""
    if value is None:
        return None
    if isinstance(value, dict):
        value = value.get("id")
        if value is None:
            return None
    if isinstance(value, bool):
        raise invalid(f"Invalid id for {field}: {value!r}")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise invalid(f"Invalid id for {field}: {value!r}") from None


def iso_date(value: Any, field: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        moment = parse_moment(value)
        if moment is not None:
            return value[:10]
    raise invalid(f"Invalid date for {field}: {value!r}")
