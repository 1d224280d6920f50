"""The system-tray icon: **Synka nu**, **Öppna Fortsync**, **Pausa synkronisering** and **Avsluta**, with an icon
and a tooltip that show where the profiles stand (synced, syncing, needs attention, paused), read from the one
profile state (:class:`~fortsync_gui.gui.state_watcher.StateWatcher`).

Closing the main window keeps Fortsync in the tray while a schedule is on (the first time it says so); without a
schedule, closing the window quits as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from fortsync_gui.engine.profile_state import ProfileState, Status

from .history_view import local_time
from .icons import state_icon


def overall(states: Sequence[ProfileState]) -> str:
    """The tray's one state for all profiles: syncing, then needs attention, then paused, else synced."""
    if any(s.status is Status.SYNCING or s.running for s in states):
        return "syncing"
    if any(s.status is Status.ATTENTION for s in states):
        return "attention"
    if states and all(s.paused for s in states if s.schedule.on) and any(s.schedule.on for s in states):
        return "paused"
    return "synced"


class Tray(QObject):
    sync_requested = Signal()
    open_requested = Signal()
    pause_toggled = Signal(bool)
    quit_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = "synced"
        self.icon = QSystemTrayIcon(self)
        self.menu = QMenu()
        self.sync_action = QAction(self.tr("Sync now"), self.menu)
        self.sync_action.triggered.connect(self.sync_requested)
        self.open_action = QAction(self.tr("Open Fortsync"), self.menu)
        self.open_action.triggered.connect(self.open_requested)
        self.pause_action = QAction(self.tr("Pause synchronisation"), self.menu)
        self.pause_action.setCheckable(True)
        self.pause_action.toggled.connect(self.pause_toggled)
        self.quit_action = QAction(self.tr("Quit"), self.menu)
        self.quit_action.triggered.connect(self.quit_requested)
        self.menu.addAction(self.sync_action)
        self.menu.addAction(self.open_action)
        self.menu.addSeparator()
        self.menu.addAction(self.pause_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.show_states([])

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def current_icon(self) -> QIcon:
        return self.icon.icon()

    def show_states(self, states: Sequence[ProfileState]) -> None:
        self.state = overall(states)
        self.icon.setIcon(state_icon(self.state))
        self.icon.setToolTip(self.tooltip(states))
        scheduled = [s for s in states if s.schedule.on]
        self.pause_action.blockSignals(True)
        self.pause_action.setChecked(bool(scheduled) and all(s.paused for s in scheduled))
        self.pause_action.blockSignals(False)
        self.pause_action.setEnabled(bool(scheduled))
        self.sync_action.setEnabled(bool(states) and self.state != "syncing")

    def tooltip(self, states: Sequence[ProfileState]) -> str:
        heading = {"synced": self.tr("Fortsync: everything is in sync"),
                   "syncing": self.tr("Fortsync: syncing…"),
                   "attention": self.tr("Fortsync: needs your attention"),
                   "paused": self.tr("Fortsync: synchronisation paused")}[self.state]
        if not states:
            return self.tr("Fortsync: no profile yet")
        return "\n".join([heading, *(self._line(s) for s in states)])

    def _line(self, s: ProfileState) -> str:
        if s.running:
            what = self.tr("syncing")
        elif s.last_run is None:
            what = self.tr("never synced")
        elif s.failed:
            what = self.tr("last sync failed {time}").format(time=local_time(s.last_run.started_at))
        else:
            what = self.tr("synced {time}").format(time=local_time(s.last_run.started_at))
        parts = [f"{s.display_name}: {what}"]
        if s.waiting.total:
            parts.append(self.tr("%n to review", "", s.waiting.total))
        if s.sign_in.status in ("expiring", "expired"):
            parts.append(self.tr("Fortnox sign-in lapses soon") if s.sign_in.status == "expiring"
                         else self.tr("Fortnox sign-in has lapsed"))
        if s.paused and s.schedule.on:
            parts.append(self.tr("paused"))
        elif s.next_sync is not None:
            parts.append(self.tr("next {time}").format(time=_short(s.next_sync)))
        return ", ".join(parts)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.open_requested.emit()


def _short(when: datetime) -> str:
    local = when.astimezone()
    return local.strftime("%H:%M") if local.date() == datetime.now().astimezone().date() else local_time(when)
