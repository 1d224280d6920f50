"""Blocking work (HTTP calls, the loopback wait) off the GUI thread; results come back as signals on the GUI thread.

    job = run_in_background(lambda: client.self_(), parent=self)
    job.succeeded.connect(self._on_connected)   # called on the GUI thread with the return value
    job.failed.connect(self._on_error)          # called on the GUI thread with the exception

The callable runs on ``QThreadPool.globalInstance()``. The worker emits on a relay object; :class:`Job` lives on the
GUI thread, so Qt queues the delivery to it and every handler connected to ``Job`` runs on the GUI thread.
``discard()`` drops a result nobody wants any more (the user started a new test or left the page); a job whose
parent is destroyed is dropped the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Relay(QObject):
    result = Signal(object)
    error = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()  # auto-deleted: the pool owns it (and, through it, the relay) until it has run
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            value = self._fn()
        except Exception as exc:  # every failure goes back to the GUI, which explains it to the user
            self._relay.error.emit(exc)
        else:
            self._relay.result.emit(value)


class Job(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()  # after succeeded/failed, unless discarded

    def __init__(self, fn: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = _Relay()
        self._relay.result.connect(self._on_result)
        self._relay.error.connect(self._on_error)
        self._fn = fn
        self._running = False
        self._discarded = False

    def start(self, pool: QThreadPool | None = None) -> Job:
        self._running = True
        (pool or QThreadPool.globalInstance()).start(_Runnable(self._fn, self._relay))
        return self

    @property
    def running(self) -> bool:
        return self._running

    def discard(self) -> None:
        self._discarded = True

    @Slot(object)
    def _on_result(self, value: object) -> None:
        self._running = False
        if not self._discarded:
            self.succeeded.emit(value)
            self.finished.emit()

    @Slot(object)
    def _on_error(self, exc: object) -> None:
        self._running = False
        if not self._discarded:
            self.failed.emit(exc)
            self.finished.emit()


def run_in_background(fn: Callable[[], Any], *, parent: QObject,
                      on_success: Callable[[Any], None] | None = None,
                      on_error: Callable[[Exception], None] | None = None) -> Job:
    """Start ``fn`` on the thread pool; ``on_success``/``on_error`` run on the GUI thread."""
    job = Job(fn, parent)
    if on_success is not None:
        job.succeeded.connect(on_success)
    if on_error is not None:
        job.failed.connect(on_error)
    return job.start()
