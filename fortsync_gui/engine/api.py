"""What the engine offers its callers (CLI, GUI worker): the observer protocol, the cancel token, the stop error and
the run summary. No Qt and no I/O here: the GUI adapts :class:`Observer` to Qt signals in its worker thread.

Messages to users are keys plus arguments (``MessageKey``); the CLI and the GUI turn them into Swedish sentences.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from fortsync_gui.messages import MessageKey
from fortsync_gui.store import Action, EntityKind, Outcome


class Phase(StrEnum):
    PREPARE = "prepare"  # connections, custom fields, full listings and the deletion guard
    MATCHING = "matching"  # duplicate candidates before the first import
    COMPANIES = "companies"
    PRODUCTS = "products"
    DOCUMENTS = "documents"
    DELETIONS = "deletions"
    FINISH = "finish"


class StopRun(Exception):
    """Stops the run before the next action; ``key`` and ``args`` say why (and the user what to do)."""

    def __init__(self, key: MessageKey, **args: Any) -> None:
        super().__init__(key.value)
        self.key = key
        self.args_ = args


@dataclass(frozen=True)
class ItemEvent:
    """One action of a run, as the audit trail records it."""

    kind: EntityKind
    action: Action
    outcome: Outcome
    label: str | None = None
    upsales_id: str | None = None
    fortnox_id: str | None = None
    error_key: str | None = None
    error_text: str | None = None


@dataclass(frozen=True)
class ConflictEvent:
    conflict_id: int | None  # None in a dry run
    kind: EntityKind
    label: str | None
    field: str
    upsales_value: Any
    fortnox_value: Any


@dataclass(frozen=True)
class Weight:
    """How far a run is, in expected seconds: what was carried out and what the planned steps add up to.
    ``complete``: False while the rest of the plan is still being read (what is planned is written meanwhile);
    ``forecast``: the total then includes a forecast of the rest (its reading and its writes), so it is the whole
    run's all the same (:class:`fortsync_gui.engine.progress.Forecast`). ``written`` and ``ahead`` let the
    estimate keep two paces: the writes' (measured on the steps carried out) for what is ``ahead`` (the rest's
    writes, or everything left once the whole plan is being written), the run's for the rest (the reading)."""

    done: float
    total: float
    complete: bool = True
    forecast: bool = False
    written: float | None = None  # the weight of the steps carried out so far (both parts)
    ahead: float | None = None  # of total - done, what the writer alone does after what runs now (its own pace)

    @property
    def whole(self) -> bool:
        """The total is the whole run's (planned, or forecast): an estimate of the time left can be made."""
        return self.complete or self.forecast


class Observer(Protocol):
    """Called from the threads that run the sync (never the GUI thread); implementations must be quick. While the
    first part is written the reader of the rest reports progress too: progress events come one at a time, but an
    item of the writer may come while the reader reports."""

    def on_phase(self, phase: Phase) -> None: ...

    def on_progress(self, done: int, total: int, weight: Weight | None = None) -> None:
        """``done`` of ``total`` visible actions; ``weight`` (a real run): the same in expected seconds, for
        :class:`fortsync_gui.engine.progress.Estimator`."""

    def on_item(self, item: ItemEvent) -> None: ...

    def on_conflict(self, conflict: ConflictEvent) -> None: ...


class NullObserver:
    def on_phase(self, phase: Phase) -> None:
        pass

    def on_progress(self, done: int, total: int, weight: Weight | None = None) -> None:
        pass

    def on_item(self, item: ItemEvent) -> None:
        pass

    def on_conflict(self, conflict: ConflictEvent) -> None:
        pass


class CancelToken:
    """Set from any thread; the engine checks it between actions, so a cancelled run never stops half-way through
    a write and its persisting."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


@dataclass
class RunSummary:
    """What a run did (or, in a dry run, would do): the ``--json`` object of DESIGN.md §4."""

    run_id: int | None
    status: str  # ok | failed | stopped
    dry_run: bool
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    conflicts: int = 0
    pending_deletions: int = 0
    pending_matches: int = 0
    requests: dict[str, int] = field(default_factory=lambda: {"fortnox": 0, "upsales": 0})
    duration_s: float = 0.0
    message_key: str | None = None
    message_args: dict[str, Any] = field(default_factory=dict)
    suggestions: list[dict[str, Any]] = field(default_factory=list)  # possible duplicates waiting for the user
    send_won_since: str | None = None  # deals won (offers made) from this day go to Fortnox
    uncertain_writes: int = 0  # creates whose answer was lost: looked up by their stamps, never repeated blindly

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def count(self, kind: str, key: str) -> int:
        return self.counts.get(kind, {}).get(key, 0)

    @property
    def writes(self) -> int:
        """Records created, updated or linked: zero for a run with nothing to do."""
        return sum(c.get(k, 0) for c in self.counts.values() for k in ("created", "updated", "linked"))
