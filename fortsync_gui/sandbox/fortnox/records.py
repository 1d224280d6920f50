"""A stored entity and Fortnox's numbering rules, shared by the registers and the documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass
class Record:
    data: dict[str, Any]  # the entity in wire form, fields in wire order (``@url`` keys are added when served)
    modified: datetime  # hidden: Fortnox entities carry no modification time, but ``lastmodified`` filters on it
    from_order: bool = False  # an invoice made from an order: its rows cannot be changed through the API


class Numbering:
    """A number series as Fortnox hands it out: one more than the highest numeric number ever used, so a deleted
    number is never handed out again (explicit non-numeric numbers do not count)."""

    def __init__(self) -> None:
        self.highest = 0

    def use(self, number: str) -> str:
        if number.isdigit():
            self.highest = max(self.highest, int(number))
        return number

    def next(self) -> str:
        return str(self.highest + 1)


def number_order(value: str) -> tuple[int, int, str]:
    """Sort key: numbers numerically, then other strings."""
    return (0, int(value), "") if value.isdigit() else (1, 0, value)
