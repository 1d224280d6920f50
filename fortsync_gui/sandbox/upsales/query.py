"""List queries: ``attr=op:value`` filters, ``custom=op:fieldId:value``, ``sort``, ``limit``/``offset``.

Filters are evaluated on the rendered record, so any attribute a client can read it can filter on, including
dotted relations (``client.id``, ``stage.id``, ``orderRow.product.id``). Repeated keys are AND-ed
(``probability=gte:1&probability=lte:99``); ``eq:1,2,3`` matches any of the values. An attribute the record does
not have is refused the way Upsales refuses it: 400 ``No such attribute: x``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .wire import Json, invalid, parse_moment

OPERATORS = frozenset({"eq", "ne", "gt", "gte", "lt", "lte"})
DEFAULT_LIMIT, MAX_LIMIT = 1000, 2000
# Parameters that steer the request instead of filtering it.
RESERVED = frozenset({"token", "limit", "offset", "sort", "usePriceLists", "q", "f", "f[]", "q[]", "sort[]",
                      "usingFirstnameLastname", "params"})


@dataclass(frozen=True)
class Condition:
    path: tuple[str, ...]
    op: str
    values: tuple[str, ...]
    field_id: int | None = None  # custom-field filters


@dataclass
class Listing:
    conditions: list[Condition] = field(default_factory=list)
    sort: list[tuple[tuple[str, ...], bool]] = field(default_factory=list)  # (path, descending)
    limit: int = DEFAULT_LIMIT
    offset: int = 0


def parse_listing(query: Mapping[str, list[str]], aliases: Mapping[str, str] | None = None) -> Listing:
    """Read paging, sorting and filters from the query string. ``aliases`` renames attributes (``user`` →
    ``users`` on accounts, where the account managers live in a list)."""
    aliases = aliases or {}
    listing = Listing(limit=_int_arg(query, "limit", DEFAULT_LIMIT), offset=_int_arg(query, "offset", 0))
    listing.limit = min(listing.limit, MAX_LIMIT)
    for raw in query.get("sort", []):
        for part in filter(None, (p.strip() for p in raw.split(","))):
            descending = part.startswith("-")
            listing.sort.append((_path(part.lstrip("-"), aliases), descending))
    for key, raws in query.items():
        if key in RESERVED:
            continue
        for raw in raws:
            listing.conditions.append(_condition(key, raw, aliases))
    return listing


def _int_arg(query: Mapping[str, list[str]], name: str, default: int) -> int:
    values = query.get(name)
    if not values or values[0] == "":
        return default
    try:
        number = int(values[0])
    except ValueError:
        raise invalid(f"Invalid {name}: {values[0]}") from None
    if number < 0:
        raise invalid(f"Invalid {name}: {values[0]}")
    return number


def _path(attribute: str, aliases: Mapping[str, str]) -> tuple[str, ...]:
    parts = attribute.split(".")
    parts[0] = aliases.get(parts[0], parts[0])
    return tuple(parts)


def _split_op(raw: str) -> tuple[str, str]:
    head, sep, rest = raw.partition(":")
    return (head, rest) if sep and head in OPERATORS else ("eq", raw)


def _condition(key: str, raw: str, aliases: Mapping[str, str]) -> Condition:
    op, rest = _split_op(raw)
    if key == "custom":
        field_part, sep, value = rest.partition(":")
        if not sep or not field_part.isdigit():
            raise invalid(f"Invalid custom filter: {raw}")
        return Condition(("custom",), op, tuple(value.split(",")), int(field_part))
    values = tuple(rest.split(",")) if op in ("eq", "ne") else (rest,)
    return Condition(_path(key, aliases), op, values)


# --- evaluation -----------------------------------------------------------------------------------------------------

_MISSING = object()


def resolve(record: Any, path: tuple[str, ...]) -> Any:
    """The value at a dotted path; lists fan out (any element may match). ``_MISSING`` when a key is absent."""
    if not path:
        return record
    if isinstance(record, list):
        return [resolve(item, path) for item in record]
    if not isinstance(record, dict) or path[0] not in record:
        return _MISSING
    value = record[path[0]]
    if len(path) == 1 and isinstance(value, dict) and "id" in value:
        value = value["id"]  # ``client=12`` means ``client.id=12``
    return resolve(value, path[1:])


def _flatten(value: Any) -> list[Any]:
    if isinstance(value, list):
        return [v for item in value for v in _flatten(item)]
    return [value]


def _compare(actual: Any, wanted: str) -> int | None:
    """-1/0/1 like cmp, or None when the two cannot be compared."""
    if wanted == "null":
        return 0 if actual is None else None
    if actual is None or actual is _MISSING:
        return None
    if isinstance(actual, bool | int | float):
        lowered = wanted.lower()
        if lowered in ("true", "false"):
            target: Any = float(lowered == "true")
        else:
            try:
                target = float(wanted)
            except ValueError:
                return None
        return (float(actual) > target) - (float(actual) < target)
    if isinstance(actual, str):
        left, right = parse_moment(actual), parse_moment(wanted)
        if left is not None and right is not None:
            return (left > right) - (left < right)
        return (actual > wanted) - (actual < wanted)
    return None


def _test(actual: Any, op: str, values: tuple[str, ...]) -> bool:
    candidates = _flatten(actual)
    if op == "ne":
        return all(_compare(c, v) != 0 for c in candidates for v in values)
    for candidate in candidates:
        for wanted in values:
            order = _compare(candidate, wanted)
            if order is None:
                continue
            if (op == "eq" and order == 0) or (op == "gt" and order > 0) or (op == "gte" and order >= 0) \
                    or (op == "lt" and order < 0) or (op == "lte" and order <= 0):
                return True
    return False


def matches(record: Json, condition: Condition) -> bool:
    if condition.field_id is not None:
        entry = next((c for c in record.get("custom", []) if c["fieldId"] == condition.field_id), None)
        actual = None if entry is None else entry["value"]
        actual = str(actual) if isinstance(actual, int) else actual  # a false Boolean reads back as 0
        return _test(actual, condition.op, condition.values)
    return _test(resolve(record, condition.path), condition.op, condition.values)


def _check_attributes(attributes: Collection[str], listing: Listing) -> None:
    paths = [c.path for c in listing.conditions] + [p for p, _ in listing.sort]
    for path in paths:
        if path[0] not in attributes:
            raise invalid(f"No such attribute: {'.'.join(path)}")


def _sort_key(value: Any) -> tuple[int, Any]:
    value = _flatten(value)[0] if isinstance(value, list) and value else value
    if value is None or value is _MISSING or value == []:
        return (0, 0)
    if isinstance(value, bool | int | float):
        return (1, float(value))
    return (2, str(value).casefold())


def run(records: Iterable[Json], listing: Listing, attributes: Collection[str]) -> tuple[list[Json], int]:
    """Filter, sort and page rendered records; ``attributes`` are the top-level keys the kind of record has."""
    _check_attributes(attributes, listing)
    selected = [r for r in records if all(matches(r, c) for c in listing.conditions)]
    for path, descending in reversed(listing.sort):
        selected.sort(key=lambda r, p=path: _sort_key(resolve(r, p)), reverse=descending)
    return selected[listing.offset:listing.offset + listing.limit], len(selected)
