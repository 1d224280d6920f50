"""Runs the schedule while the app is open: a timer asks :func:`fortsync_gui.engine.schedule.due_jobs` what is due
(on the clock it was given: tests inject one) and starts scheduled syncs and light token refreshes, one at a time.

A sync of the profile the main window shows runs in the window's sync view (the user sees it like Synka nu);
others run on a :class:`~fortsync_gui.gui.sync_worker.SyncWorker` of their own. A profile whose sync is running
(here, in the window, or in another process holding its lock) is skipped. Missed slots (the computer slept) come
due once: the timer notices at its next tick after waking.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from fortsync_gui.engine import schedule, token_refresh
from fortsync_gui.engine.api import RunSummary
from fortsync_gui.engine.schedule import Attempts, Job
from fortsync_gui.secrets import SecretStore
from fortsync_gui.store import Store

from .state_watcher import Clock, StateWatcher, utc_now
from .sync_worker import SyncRequest, SyncWorker
from .workers import run_in_background

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)


class Scheduler(QObject):
    job_started = Signal(object)  # Job
    sync_finished = Signal(str, object)  # profile, RunSummary
    refresh_finished = Signal(str, str)  # profile, outcome ("refreshed", "skipped" or a message key)

    def __init__(self, watcher: StateWatcher, secrets: SecretStore, *, env: Mapping[str, str] | None = None,
                 clock: Clock = utc_now, tick_ms: int = 30_000, window: Callable[[], MainWindow | None] = lambda: None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.watcher = watcher
        self.store: Store = watcher.store
        self.secrets = secrets
        self.env = dict(env or {})
        self.clock = clock
        self.window = window
        self.attempts = Attempts()
        self.worker: SyncWorker | None = None  # a scheduled sync outside the window
        self.worker_profile: str | None = None
        self._refreshing: str | None = None
        self._window_profile: str | None = None  # a scheduled sync the window runs
        self.queue: list[str] = []  # "Synka nu" from the tray: these profiles in turn, whatever their schedule
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.tick)
        watcher.changed.connect(lambda _states: self.tick())

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait()

    @property
    def busy(self) -> set[str]:
        """The profiles a sync runs for in this app (scheduled or started by the user)."""
        found = {p for p in (self.worker_profile, self._refreshing, self._window_profile) if p}
        window = self.window()
        if window is not None and window.sync.worker is not None and window.sync.profile:
            found.add(window.sync.profile)
        return found

    def sync_now(self, profiles: list[str]) -> None:
        """Sync ``profiles`` one after the other, now (those already syncing are left out)."""
        self.queue += [p for p in profiles if p not in self.queue]
        self.tick()

    @property
    def idle(self) -> bool:
        return self.worker is None and self._refreshing is None and self._window_profile is None

    def tick(self) -> list[Job]:
        """Start what is due now (at most one job at a time); returns the jobs started."""
        if not self.idle:
            return []
        now = self.clock()
        busy = self.busy
        while self.queue:
            profile = self.queue.pop(0)
            if profile not in busy and not any(s.running for s in self.watcher.states if s.profile == profile):
                self.attempts.sync[profile] = now
                self._sync(profile)
                job = Job(profile, "sync")
                self.job_started.emit(job)
                return [job]
        jobs = schedule.due_jobs(self.watcher.states, now=now, attempts=self.attempts, busy=busy)
        for job in jobs[:1]:
            if job.kind == "sync":
                self.attempts.sync[job.profile] = now
                self._sync(job.profile)
            else:
                self.attempts.refresh[job.profile] = now
                self._refresh(job.profile)
            self.job_started.emit(job)
        return jobs[:1]

    def _sync(self, profile: str) -> None:
        log.info("scheduled sync of %s", profile)
        window = self.window()
        if window is not None and window.profile == profile and window.sync.worker is None:
            self._window_profile = profile
            window.sync.finished.connect(self._window_done)
            window.start_sync()
            if window.sync.worker is not None:
                return
            window.sync.finished.disconnect(self._window_done)  # it could not start there: run it here instead
            self._window_profile = None
        url = self.store.engine.url.render_as_string(hide_password=False)
        worker = SyncWorker(SyncRequest(url, profile, self.secrets, env=self.env), self)
        worker.done.connect(self._worker_done)
        self.worker, self.worker_profile = worker, profile
        worker.start()

    def _window_done(self, summary: RunSummary) -> None:
        window = self.window()
        if window is not None:
            window.sync.finished.disconnect(self._window_done)
        profile, self._window_profile = self._window_profile, None
        self._finished(profile or "", summary)

    def _worker_done(self, summary: RunSummary) -> None:
        worker, profile = self.worker, self.worker_profile
        self.worker = self.worker_profile = None
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        window = self.window()
        if window is not None and window.sync.worker is None and window.profile == profile:
            window.refresh()  # the window shows this profile: its tabs show the new run
        self._finished(profile or "", summary)

    def _finished(self, profile: str, summary: RunSummary) -> None:
        log.info("scheduled sync of %s: %s", profile, summary.status)
        self.sync_finished.emit(profile, summary)
        self.watcher.refresh()

    def _refresh(self, profile: str) -> None:
        self._refreshing = profile
        store, secrets, env = self.store, self.secrets, self.env
        run_in_background(lambda: token_refresh.refresh(store, profile, secrets, env), parent=self,
                          on_success=lambda outcome: self._refreshed(profile, str(outcome)),
                          on_error=lambda error: self._refreshed(profile, f"error: {type(error).__name__}"))

    def _refreshed(self, profile: str, outcome: str) -> None:
        self._refreshing = None
        self.refresh_finished.emit(profile, outcome)
        self.watcher.refresh()
