"""A sync run on its own thread: the engine's observer calls become Qt signals delivered on the GUI thread.

    worker = SyncWorker(SyncRequest(store_url, "acme", secrets), parent=window)
    worker.phase_changed.connect(...)      # Phase
    worker.progressed.connect(...)         # done, total
    worker.weighed.connect(...)            # Weight (a real run; emitted just before its progressed)
    worker.item.connect(...)               # ItemEvent
    worker.done.connect(...)               # RunSummary (also for runs that failed or stopped)
    worker.start(); ... worker.cancel()    # stops between two actions

The worker opens its own store (a SQLAlchemy session belongs to one thread) and builds the profile's connections
itself, so nothing that waits on the network or the database runs on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QThread, Signal

from fortsync_gui.clients.redact import redact
from fortsync_gui.engine.api import CancelToken, ConflictEvent, ItemEvent, MessageKey, Phase, RunSummary, Weight
from fortsync_gui.secrets import SecretStore
from fortsync_gui.store import open_store
from fortsync_gui.store.db import failure


@dataclass(frozen=True)
class SyncRequest:
    store_url: str
    profile: str
    secrets: SecretStore
    dry_run: bool = False
    allow_removals: bool = False
    env: Mapping[str, str] = field(default_factory=dict)  # FORTSYNC_* overrides (the demo's rate scale)


class _Relay(QObject):
    """Lives on the GUI thread: signals emitted from the worker thread are queued to it."""

    phase = Signal(object)
    progress = Signal(int, int)
    weight = Signal(object)
    item = Signal(object)
    conflict = Signal(object)


class _Observer:
    def __init__(self, relay: _Relay) -> None:
        self._relay = relay

    def on_phase(self, phase: Phase) -> None:
        self._relay.phase.emit(phase)

    def on_progress(self, done: int, total: int, weight: Weight | None = None) -> None:
        if weight is not None:
            self._relay.weight.emit(weight)
        self._relay.progress.emit(done, total)

    def on_item(self, item: ItemEvent) -> None:
        self._relay.item.emit(item)

    def on_conflict(self, conflict: ConflictEvent) -> None:
        self._relay.conflict.emit(conflict)


class SyncWorker(QThread):
    phase_changed = Signal(object)
    progressed = Signal(int, int)
    weighed = Signal(object)  # Weight
    item = Signal(object)
    conflict = Signal(object)
    done = Signal(object)  # RunSummary

    def __init__(self, request: SyncRequest, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.request = request
        self.token = CancelToken()
        self._relay = _Relay(self)
        self._relay.phase.connect(self.phase_changed)
        self._relay.progress.connect(self.progressed)
        self._relay.weight.connect(self.weighed)
        self._relay.item.connect(self.item)
        self._relay.conflict.connect(self.conflict)
        self._summary: RunSummary | None = None
        self.finished.connect(self._deliver)

    def cancel(self) -> None:
        self.token.cancel()

    def run(self) -> None:  # the worker thread
        self._summary = _sync(self.request, _Observer(self._relay), self.token)

    def _deliver(self) -> None:  # the GUI thread, after every queued observer signal
        self.done.emit(self._summary or RunSummary(None, "failed", self.request.dry_run,
                                                   message_key=MessageKey.SERVICE.value))


def _sync(request: SyncRequest, observer: _Observer, token: CancelToken) -> RunSummary:
    from fortsync_gui.engine import session  # the engine loads on the worker thread, not at start-up

    try:
        store = open_store(request.store_url)
    except Exception as error:  # a locked or broken database file: say so, never crash the window
        key, detail = failure(error) or (MessageKey.STORE_ERROR.value, str(error)[:160])
        return RunSummary(None, "failed", request.dry_run, message_key=key, message_args={"detail": redact(detail)})
    try:
        return session.run(store, request.profile, dry_run=request.dry_run, allow_removals=request.allow_removals,
                           observer=observer, cancel=token, secrets=request.secrets, env=request.env)
    except Exception as error:  # shown to the user; the run itself records its own failures
        logging.getLogger("fortsync.gui").exception("sync of %s failed", request.profile)
        key, detail = failure(error) or (MessageKey.SERVICE.value, repr(error)[:160])
        return RunSummary(None, "failed", request.dry_run, message_key=key, message_args={"detail": redact(detail)})
    finally:
        store.close()
