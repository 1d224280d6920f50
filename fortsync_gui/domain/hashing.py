"""Content hashes of mapped fields: how Fortsync tells a real change from its own write coming back.

Values are normalised first (strings trimmed, as Upsales trims them; None and "" equal, as Fortnox mixes them;
numbers compared by value, so ``"1.10"`` from one side equals ``1.1`` from the other).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any


def normalise_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return _number(value)
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, Mapping):
        return {str(k): normalise_value(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [normalise_value(v) for v in value]
    return str(value)


def _number(value: int | float | Decimal) -> str:
    try:
        return format(Decimal(str(value)).normalize(), "f")  # "1.10", 1.1 and "1.1" all become "1.1"
    except InvalidOperation:  # NaN, infinity
        return str(value)


def content_hash(fields: Mapping[str, Any]) -> str:
    """A stable hash of a field map; key order and representation noise do not change it."""
    canonical = json.dumps(normalise_value(dict(fields)), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
