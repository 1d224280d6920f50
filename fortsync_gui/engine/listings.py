"""Full id listings of both sides, read before any write: how deletions are found (Fortnox has no deletion feed)
and what the mass-deletion guard judges."""

from __future__ import annotations

from dataclasses import dataclass, field

from fortsync_gui.store import EntityKind
from fortsync_gui.store.models import Link


@dataclass
class Listings:
    fortnox_customers: set[str] | None = None  # None: not listed this run (nothing linked yet)
    fortnox_articles: set[str] | None = None
    upsales_accounts: set[str] | None = None
    gone: dict[EntityKind, list[Link]] = field(default_factory=dict)  # links whose record vanished, by kind
    gone_side: dict[int, str] = field(default_factory=dict)  # link id -> "fortnox" | "upsales": where it vanished

    def is_gone(self, link: Link) -> bool:
        return link.id in self.gone_side

    @property
    def removals(self) -> int:
        return sum(len(v) for v in self.gone.values())
