"""The plan of a run: an ordered list of steps, built by the pure planners from the run's facts, rendered by a dry
run and executed by :mod:`fortsync_gui.engine.apply`.

A step that needs a record created earlier in the same run (R6: the customer, then its invoice) holds a :class:`Ref`
to the step that creates it; apply resolves it to the created id. Nothing made up is stored or shown: a dry run
renders a ``Ref`` as "not created yet" (no id).

Steps with an ``action`` are what users see (the preview, the log, the audit trail and the counts); steps without
one are the engine's own bookkeeping (saving the sync state, moving a cursor, queueing a document for later).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import ItemsView, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from fortsync_gui.store import Action, EntityKind, Side


@dataclass(frozen=True)
class Ref:
    """The id that step ``index`` creates (an Upsales id or a Fortnox number), known once apply has run it."""

    index: int

    def __str__(self) -> str:
        return f"#{self.index}"


RemoteRef = int | str | Ref  # an id as a planner knows it: real, or made by an earlier step of this run


class Op(StrEnum):
    """What apply does for a step. One handler each in :mod:`fortsync_gui.engine.apply`."""

    # companies (R4-R8)
    COMPANY_IMPORT = "company_import"  # a Fortnox customer becomes a new Upsales company
    COMPANY_EXPORT = "company_export"  # R6: an Upsales company with a sale becomes a Fortnox customer
    COMPANY_LINK = "company_link"  # an existing pair is linked (matching, adoption)
    COMPANY_TO_FORTNOX = "company_to_fortnox"  # changed fields written to the Fortnox customer
    COMPANY_TO_UPSALES = "company_to_upsales"  # changed fields written to the Upsales company
    COMPANY_UNLINK = "company_unlink"  # R8: the Fortnox customer is gone (number removed, company kept)
    COMPANY_FORGET = "company_forget"  # the Upsales company is gone: the link goes, the customer stays
    COMPANY_DELETE = "company_delete"  # a deletion the user confirmed
    # conflicts (R7)
    CONFLICT = "conflict"  # a field changed on both sides: recorded for the user, the field frozen
    # products (R9)
    PRODUCT_CREATE = "product_create"
    PRODUCT_LINK = "product_link"
    PRODUCT_UPDATE = "product_update"
    PRODUCT_DEACTIVATE = "product_deactivate"  # the article was deleted in Fortnox
    # documents (R10-R14)
    DEAL_CREATE = "deal_create"  # a Fortnox document becomes an Upsales order or opportunity
    DEAL_UPDATE = "deal_update"  # a linked document changed in Fortnox
    DEAL_LINK = "deal_link"  # a document Fortsync made (stamp) or a deal carrying its number: linked
    DEAL_FROM_OFFER = "deal_from_offer"  # an order made in Fortnox from a linked offer wins the offer's deal
    DOCUMENT_CREATE = "document_create"  # R10: a deal becomes a Fortnox invoice, order or offer
    DOCUMENT_LINK = "document_link"  # the deal's document exists already (carried number, interrupted create)
    DOCUMENT_WRITE_BACK = "document_write_back"  # a linked deal lost its document number: written again
    # nothing remote
    SKIP = "skip"
    SUGGEST_MATCH = "match_suggest"  # a possible duplicate, stored for the user's decision
    SAVE_STATE = "state_save"  # the values both sides were seen with; open conflicts refreshed, closed or applied
    QUEUE = "queue"  # read this Fortnox document again next run (it waits for something)
    UNQUEUE = "unqueue"  # forget a write intent or a queued document that needs nothing any more
    CURSOR = "cursor"  # changes up to here are done: later runs read from here


@dataclass(slots=True)
class Step:
    op: Op
    kind: EntityKind
    action: Action | None = None  # None: bookkeeping, not shown
    label: str | None = None
    upsales_id: RemoteRef | None = None
    fortnox_id: RemoteRef | None = None
    before: dict[str, Any] | None = None
    after: Mapping[str, Any] | None = None
    reason: str | None = None  # a ReasonKey: why (skips, unlinks, first-link fills, resolutions)
    data: Mapping[str, Any] = field(default_factory=dict)  # what apply needs; may hold Refs (in a dict)
    needs: tuple[int, ...] = ()  # steps that must have succeeded first
    group: str = ""  # steps whose failure holds back this group's cursor
    index: int = -1

    @property
    def visible(self) -> bool:
        return self.action is not None

    def refs(self) -> Iterator[Ref]:
        """Every Ref this step holds (its ids and its data)."""
        yield from _refs((self.upsales_id, self.fortnox_id, self.data))


@dataclass(frozen=True, slots=True)
class Compact:
    """Values a step holds until the writer gets to them, as compact JSON text (a Ref in them as ``{"#ref": index}``,
    opened as the Ref again). A first import reads documents faster than it writes their deals, and up to
    ``apply.REST_AHEAD`` steps wait: a document's values with its rows as dicts cost about 1.5 kB, as text about
    0.3 kB. The Refs in the text are not seen by :meth:`Step.refs`: the step's ``needs`` name their steps."""

    text: str

    @classmethod
    def of(cls, values: Any) -> Compact:
        return cls(json.dumps(values, separators=(",", ":"), ensure_ascii=False, default=_ref_json))

    def open(self) -> Any:
        return json.loads(self.text, object_hook=_ref_of)

    def part(self, name: str) -> CompactPart:
        return CompactPart(self, name)


def _ref_json(value: Any) -> dict[str, int]:
    if type(value) is Ref:
        return {_REF: value.index}
    raise TypeError(f"not JSON: {value!r}")


def _ref_of(values: dict[str, Any]) -> Any:
    return Ref(values[_REF]) if _REF in values and len(values) == 1 else values


_REF = "#ref"


class CompactPart(Mapping[str, Any]):
    """The mapping under ``name`` in a :class:`Compact`, opened when read: a step's ``after`` kept in the text the
    step holds anyway (a dict of its own would cost about 0.3 kB a step; the preview and the audit trail read it
    once)."""

    __slots__ = ("_compact", "_name")

    def __init__(self, compact: Compact, name: str) -> None:
        self._compact, self._name = compact, name

    def _open(self) -> dict[str, Any]:
        opened: dict[str, Any] = self._compact.open()[self._name]
        return opened

    def __getitem__(self, key: str) -> Any:
        return self._open()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._open())

    def __len__(self) -> int:
        return len(self._open())

    def items(self) -> ItemsView[str, Any]:
        return self._open().items()


class Fields(Mapping[str, Any]):
    """A step's data as slots, a read-only mapping without a dict's table: a dict of two or three costs about
    0.2 kB, this about 60 B, for the steps a first import plans by the ten thousand (they wait for the writer).
    A subclass names its slots; what it holds is not looked into for Refs (the step's ``needs`` name them)."""

    __slots__ = ()

    def __getitem__(self, name: str) -> Any:
        if name not in self.__slots__:
            raise KeyError(name)
        return getattr(self, name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.__slots__)

    def __len__(self) -> int:
        return len(self.__slots__)


# What a carried-out step leaves in a real run's plan (apply): what it wrote is persisted (links, sync state, the
# audit trail), no later step reads it (the ids it made are in the executor's results), and a first import plans
# 185 000 steps.
CARRIED_OUT = Step(Op.SKIP, EntityKind.COMPANY)


def _refs(value: Any) -> Iterator[Ref]:
    kind = type(value)
    if kind is Ref:
        yield value
    elif kind is dict:
        for item in value.values():
            if type(item) not in _PLAIN:
                yield from _refs(item)
    elif kind in (list, tuple, set, frozenset):
        for item in value:
            if type(item) not in _PLAIN:
                yield from _refs(item)


_PLAIN = {str, int, float, bool, type(None)}  # cannot hold a Ref: not looked into (planning 100 000 records)


@dataclass
class Plan:
    """The steps of a run in order, what was already in sync, and the duplicate suggestions found."""

    steps: list[Step] = field(default_factory=list)
    unchanged: Counter[EntityKind] = field(default_factory=Counter)

    def add(self, step: Step) -> Ref:
        step.index = len(self.steps)
        step.needs = tuple(sorted({*step.needs, *(r.index for r in step.refs())}))
        self.steps.append(step)
        return Ref(step.index)

    def visible(self) -> list[Step]:
        return [s for s in self.steps if s.visible]

    def __len__(self) -> int:
        return len(self.steps)


def cursor_step(kind: EntityKind, side: Side, read_started: datetime, group: str) -> Step:
    """Changes of ``kind`` on ``side`` are done up to ``read_started`` (that service's clock) once every step of
    ``group`` went through; later runs read from there."""
    return Step(Op.CURSOR, kind, group=group, data={"side": side.value, "read_started": read_started})
