"""Swedish organisation numbers (and personnummer used by sole traders), compared in one normal form.

Upsales users type them any way they like (``5560000000``, ``556000-0000``, ``16556000-0000``); Fortnox stores
``NNNNNN-NNNN``. Normal form: the 10 digits, with a 12-digit form's century or "16" prefix dropped.
"""

from __future__ import annotations

import re

_NOT_DIGIT = re.compile(r"\D")
_STRAY = re.compile(r"[^\d\s\-+]")  # anything but a digit, a space or a separator


def normalise_org_no(value: str | None) -> str | None:
    """The 10-digit normal form, or None when the value is not a Swedish org/personal number."""
    if not value:
        return None
    if len(value) == 10 and value.isdecimal():  # the normal form already (isdecimal is exactly \d: category Nd)
        return value
    plain = value.replace("-", "")  # Fortnox's NNNNNN-NNNN: the same answer as below, without the regexes
    if len(plain) == 10 and plain.isdecimal():
        return plain
    digits = _NOT_DIGIT.sub("", value)
    if len(digits) == 12 and digits[:2] in {"16", "18", "19", "20"}:
        digits = digits[2:]
    if len(digits) != 10:
        return None
    # Guard against stray digits (a phone number pasted in the wrong field): only the separators we know may appear.
    if _STRAY.search(value):
        return None
    return digits


def format_fortnox(value: str | None) -> str | None:
    """Fortnox's ``NNNNNN-NNNN`` form, or None when the value is not an org number."""
    normal = normalise_org_no(value)
    return f"{normal[:6]}-{normal[6:]}" if normal else None


def luhn_valid(normal: str) -> bool:
    """The check digit of a 10-digit normal form (Luhn, as on Swedish org and personal numbers)."""
    total = 0
    for i, ch in enumerate(normal[:9]):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10 == int(normal[9])
