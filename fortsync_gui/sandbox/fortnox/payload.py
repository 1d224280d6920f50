"""Applying a POST or PUT body to a record, with Fortnox's update rules (reference/fortnox-api.md §6, §13.7).

- Only the fields given change; ``null`` and ``""`` leave a field as it is on PUT, ``"API_BLANK"`` clears it.
- A POST may set a text field to ``""`` on purpose (it then overrides a default copied from the customer).
- Read-only fields are ignored, except the ones Fortnox rejects (``Article.SalesPrice``); unknown field names are
  refused with 2001399 "Felaktigt fältnamn".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .errors import INVALID_FIELD, NO_DATA, bad_value, invalid, missing, too_long
from .fields import EntitySpec, Field
from .values import boolean, decimal, integer, number, quantity, rounded

API_BLANK = "API_BLANK"


def entity_body(body: Any, wrapper: str) -> dict[str, Any]:
    """The entity inside ``{"Customer": {...}}``; 2001392 when the body is not that shape."""
    inner = body.get(wrapper) if isinstance(body, dict) else None
    if not isinstance(inner, dict):
        raise invalid(NO_DATA, "Ingen eller felaktig typ av data.")
    return inner


def apply(record: dict[str, Any], payload: dict[str, Any], spec: EntitySpec, *, creating: bool) -> None:
    for name, value in payload.items():
        if name in spec.nested:
            continue
        f = spec.fields.get(name)
        if f is None or name in spec.rejected:
            raise invalid(INVALID_FIELD, f"Felaktigt fältnamn ({name})")
        if f.readonly or (name in spec.create_only and not creating):
            continue
        if value is None or (value == "" and not (creating and f.kind == "str")):
            continue
        record[name] = blank(f) if value == API_BLANK else coerce(name, f, value, spec, record.get(name))
    for name in spec.required:
        if record.get(name) in (None, ""):
            raise missing(name)


def blank(f: Field) -> Any:
    """What ``API_BLANK`` leaves in a field: its kind of empty (``null`` where Fortnox defaults to ``null``)."""
    if f.kind == "str":
        return None if f.default is None else ""
    if f.kind in ("int", "num"):
        return None if f.default is None else 0
    if f.kind == "date":
        return None
    if f.kind == "bool":
        return False
    if f.kind == "qty":
        return "0"
    return type(f.default)()


def coerce(name: str, f: Field, value: Any, spec: EntitySpec, current: Any = None) -> Any:
    if f.kind == "str":
        return _text(name, f, value)
    if f.kind == "int":
        whole = integer(value)
        if whole and f.lowest is not None and not f.lowest <= whole <= (f.highest or whole):
            raise bad_value(name, value)
        return whole
    if f.kind == "num":
        return number(rounded(decimal(value), f.decimals))
    if f.kind == "bool":
        return boolean(value)
    if f.kind == "date":
        return _date(name, value)
    if f.kind == "qty":
        return quantity(rounded(decimal(value), f.decimals))
    if f.kind == "obj":
        return _merge(name, value, spec, current)
    if not isinstance(value, list):
        raise bad_value(name, value)
    return list(value)


def _text(name: str, f: Field, value: Any) -> str:
    if isinstance(value, dict | list | bool):
        raise bad_value(name, value)
    text = str(number(value)) if isinstance(value, int | float) else str(value)
    if f.max_len is not None and len(text) > f.max_len:
        raise too_long(name, f.max_len)
    if f.exact_len is not None and text:
        if len(text) != f.exact_len:
            raise bad_value(name, value)
        text = text.upper() if text.isalpha() else text
    if f.choices is not None and text and text not in f.choices:
        raise bad_value(name, value)
    return text


def _date(name: str, value: Any) -> str:
    try:
        return date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise bad_value(name, value) from None


def _merge(name: str, value: Any, spec: EntitySpec, current: Any) -> dict[str, Any]:
    default = spec.fields[name].default
    if not isinstance(value, dict):
        raise bad_value(name, value)
    merged = dict(current if isinstance(current, dict) else default)
    for key, sub in value.items():
        if key not in default:
            raise invalid(INVALID_FIELD, f"Felaktigt fältnamn ({key})")
        if sub is None or sub == "":
            continue
        merged[key] = None if sub == API_BLANK else sub
    return merged

