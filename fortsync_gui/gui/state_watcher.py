"""One reading of where every profile stands (:mod:`fortsync_gui.engine.profile_state`), for everything in the app
that shows it: the tray icon and its tooltip, the notifications, the scheduler and the main window's overview. The
reading (the store and the keyring, which can make a thread wait) runs on the thread pool; ``changed`` delivers it
on the GUI thread.

    watcher = StateWatcher(store, secrets)
    watcher.changed.connect(tray.show_states)
    watcher.refresh()            # at once (after a run); a timer reads again every ``interval_ms``
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal

from fortsync_gui.engine.profile_state import ProfileState, all_states
from fortsync_gui.secrets import SecretStore
from fortsync_gui.store import Store

from .workers import run_in_background

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class StateWatcher(QObject):
    changed = Signal(list)  # list[ProfileState], in profile order

    def __init__(self, store: Store, secrets: SecretStore | None, *, env: Mapping[str, str] | None = None,
                 clock: Clock = utc_now, interval_ms: int = 20_000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.secrets = secrets
        self.env = dict(env or {})
        self.clock = clock
        self.states: list[ProfileState] = []
        self._reading = False
        self._again = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self.timer.start()
        self.refresh()

    def stop(self) -> None:
        self.timer.stop()

    def by_profile(self) -> dict[str, ProfileState]:
        return {state.profile: state for state in self.states}

    def refresh(self) -> None:
        """Read again (a reading already under way is followed by one more, so nothing is missed)."""
        if self._reading:
            self._again = True
            return
        self._reading = True
        store, secrets, env, now = self.store, self.secrets, self.env, self.clock()
        run_in_background(lambda: all_states(store, secrets, env=env, now=now), parent=self,
                          on_success=self._arrived, on_error=lambda _error: self._done())

    def _arrived(self, states: list[ProfileState]) -> None:
        self.states = list(states)
        self._done()
        self.changed.emit(self.states)

    def _done(self) -> None:
        self._reading = False
        if self._again:
            self._again = False
            self.refresh()
