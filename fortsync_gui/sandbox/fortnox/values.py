"""Values as Fortnox reads and writes them: numbers that arrive as strings, and the two ways numbers leave.

Fortnox prints whole numbers without a decimal point (a posted ``10.0`` comes back as ``10``) and sends quantities as
strings (``"1"``, ``"1.12"``); booleans may arrive as ``"true"``/``"false"``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .errors import NOT_BOOLEAN, NOT_NUMERIC, invalid

ZERO = Decimal(0)
CENT = Decimal("0.01")


def decimal(value: Any) -> Decimal:
    """A number from JSON or a numeric string; 400 "Värdet måste vara numeriskt" otherwise."""
    if isinstance(value, bool):
        raise invalid(NOT_NUMERIC, f"Värdet måste vara numeriskt ({str(value).lower()})")
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            number = Decimal("NaN")
    if not number.is_finite():
        raise invalid(NOT_NUMERIC, f"Värdet måste vara numeriskt ({value})")
    return number


def integer(value: Any) -> int:
    number = decimal(value)
    if number != number.to_integral_value():
        raise invalid(NOT_NUMERIC, f"Värdet måste vara numeriskt ({value})")
    return int(number)


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise invalid(NOT_BOOLEAN, f"Värdet måste vara en boolean ({value})")


def number(value: Decimal | int | float) -> int | float:
    """A JSON number the way Fortnox prints it: ``10`` for 10.0, ``1.12`` otherwise."""
    d = Decimal(str(value))
    return int(d) if d == d.to_integral_value() else float(d)


def quantity(value: Decimal | int | float) -> str:
    """A string-typed number: ``"0"``, ``"1"``, ``"2.5"``; a negative zero stays ``"-0"`` as Fortnox prints it."""
    d = Decimal(str(value))
    if d.is_zero():
        return "-0" if d.is_signed() else "0"
    return format(d.normalize(), "f")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
