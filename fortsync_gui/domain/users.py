"""R13: Fortnox "Vår referens" ↔ Upsales user."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class NamedUser(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...


def match_user(our_reference: str | None, users: Iterable[NamedUser], fallback_user_id: int) -> int:
    """The id of the user whose full name is exactly "Vår referens", else the Uppsamlingsanvändare.

    Exact means exact, as in the Upsales Fortnox app ("Anna Johansson" ≠ "Anna-Johansson"); only surrounding
    whitespace is ignored, because Upsales trims every string it stores.
    """
    wanted = (our_reference or "").strip()
    if wanted:
        for user in users:
            if user.name.strip() == wanted:
                return user.id
    return fallback_user_id
