"""Desktop notifications: a run that failed, new conflicts, deletions or possible duplicates waiting, a Fortnox
sign-in about to lapse. One per event and profile (:mod:`fortsync_gui.engine.notices` decides, from two readings of
the profile state); clicking one opens the main window on that profile's tab.

On Linux they go to the desktop's notification service (``org.freedesktop.Notifications`` on the session D-Bus,
the standard every desktop and daemon such as dunst implements), whose clicks come back as ``ActionInvoked``; on
Windows and macOS, and where there is no such service, the tray icon shows them (``QSystemTrayIcon.showMessage``).
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Sequence
from queue import Empty, Queue
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QSystemTrayIcon

from fortsync_gui.engine import notices
from fortsync_gui.engine.notices import Notice, NoticeKind
from fortsync_gui.engine.profile_state import ProfileState

from .names import run_message

log = logging.getLogger(__name__)

BUS_NAME = "org.freedesktop.Notifications"
BUS_PATH = "/org/freedesktop/Notifications"


class DBusNotifications:
    """``org.freedesktop.Notifications`` through jeepney (Qt's D-Bus binding cannot send the ``u`` it needs). Clicks
    are signals sent to the connection that showed the notification; a thread of ours hands them to ``clicked``."""

    def __init__(self, clicked: Callable[[int], None]) -> None:
        from jeepney import MatchRule
        from jeepney.io.threading import DBusRouter, open_dbus_connection

        self._conn = open_dbus_connection(bus="SESSION")
        self._router = DBusRouter(self._conn)
        self._queue: Queue[Any] = Queue(maxsize=100)
        rule = MatchRule(type="signal", interface=BUS_NAME, member="ActionInvoked", path=BUS_PATH)
        self._filter = self._router.filter(rule, queue=self._queue)
        self._clicked = clicked
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._listen, name="notification-clicks", daemon=True)
        self._thread.start()

    @classmethod
    def available(cls) -> bool:
        if not sys.platform.startswith("linux"):
            return False
        try:
            from jeepney import DBusAddress, new_method_call
            from jeepney.io.blocking import open_dbus_connection
        except ImportError:
            return False
        try:
            with open_dbus_connection(bus="SESSION") as conn:
                bus = DBusAddress("/org/freedesktop/DBus", bus_name="org.freedesktop.DBus",
                                  interface="org.freedesktop.DBus")
                reply = conn.send_and_get_reply(new_method_call(bus, "NameHasOwner", "s", (BUS_NAME,)), timeout=2)
                if reply.body and reply.body[0]:
                    return True
                names = conn.send_and_get_reply(new_method_call(bus, "ListActivatableNames"), timeout=2)
                return BUS_NAME in (names.body[0] if names.body else ())
        except Exception:  # no session bus (a server, Windows): the tray shows them instead
            return False

    def show(self, title: str, body: str) -> int:
        from jeepney import DBusAddress, new_method_call

        address = DBusAddress(BUS_PATH, bus_name=BUS_NAME, interface=BUS_NAME)
        hints = {"desktop-entry": ("s", "se.fortsync.Fortsync")}
        message = new_method_call(address, "Notify", "susssasa{sv}i",
                                  ("Fortsync", 0, "se.fortsync.Fortsync", title, body, ["default", "Öppna"], hints,
                                   -1))
        reply = self._router.send_and_get_reply(message, timeout=5)
        return int(reply.body[0]) if reply.body else 0

    def _listen(self) -> None:
        while not self._stop.is_set():
            try:
                message = self._queue.get(timeout=0.2)
            except Empty:
                continue
            notification_id, _action = message.body
            self._clicked(int(notification_id))

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._filter.close()
        self._router.close()
        self._conn.close()


class Notifier(QObject):
    """Turns changes of the profile state into notifications; ``clicked`` (a :class:`Notice`) when one is clicked."""

    clicked = Signal(object)
    _dbus_clicked = Signal(int)  # from the listening thread, queued to the GUI thread

    def __init__(self, tray: QSystemTrayIcon | None, *, use_dbus: bool | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tray = tray
        self.shown: list[tuple[Notice, str, str]] = []  # every notification shown, for the log and tests
        self._previous: dict[str, ProfileState] | None = None
        self._by_id: dict[int, Notice] = {}
        self._last: Notice | None = None
        self._dbus_clicked.connect(self._on_dbus_click)
        if use_dbus is None:
            use_dbus = DBusNotifications.available()
        self.dbus: DBusNotifications | None = None
        if use_dbus:
            try:
                self.dbus = DBusNotifications(self._dbus_clicked.emit)
            except Exception as error:
                log.info("desktop notifications over D-Bus unavailable: %s", error)
        if tray is not None:
            tray.messageClicked.connect(self._on_tray_click)

    def close(self) -> None:
        if self.dbus is not None:
            self.dbus.close()
            self.dbus = None

    def show_states(self, states: Sequence[ProfileState]) -> list[Notice]:
        found = notices.between(self._previous, states)
        self._previous = {state.profile: state for state in states}
        for notice in found:
            self.notify(notice)
        return found

    def notify(self, notice: Notice) -> None:
        title, body = self.texts(notice)
        self.shown.append((notice, title, body))
        log.info("notification: %s", title)
        if self.dbus is not None:
            try:
                self._by_id[self.dbus.show(title, body)] = notice
                return
            except Exception as error:  # the daemon went away: the tray takes over
                log.info("notification over D-Bus failed: %s", error)
        if self.tray is not None and self.tray.isVisible() and QSystemTrayIcon.supportsMessages():
            self._last = notice
            icon = (QSystemTrayIcon.MessageIcon.Warning if notice.kind in (NoticeKind.FAILED, NoticeKind.SIGN_IN)
                    else QSystemTrayIcon.MessageIcon.Information)
            self.tray.showMessage(title, body, icon, 15_000)

    def texts(self, n: Notice) -> tuple[str, str]:
        name = n.display_name
        if n.kind is NoticeKind.FAILED:
            reason = run_message(n.message_key, {"run_id": n.run_id}) if n.message_key else ""
            return (self.tr("Sync failed: {profile}").format(profile=name),
                    reason or self.tr("See the Errors tab for what went wrong."))
        if n.kind is NoticeKind.CONFLICTS:
            return (self.tr("%n conflict(s) to decide: {profile}", "", n.count).format(profile=name),
                    self.tr("A field was changed in both Upsales and Fortnox. Choose which value applies."))
        if n.kind is NoticeKind.DELETIONS:
            return (self.tr("%n deletion(s) to review: {profile}", "", n.count).format(profile=name),
                    self.tr("Customers were deleted in Fortnox. Decide whether their companies go in Upsales too."))
        if n.kind is NoticeKind.MATCHES:
            return (self.tr("%n possible duplicate(s): {profile}", "", n.count).format(profile=name),
                    self.tr("Link them or keep them apart; nothing is created until you decide."))
        return (self.tr("The Fortnox sign-in lapses in %n day(s): {profile}", "", n.count).format(profile=name),
                self.tr("Open Fortsync and sync, or sign in to Fortnox again under Change settings."))

    def _on_dbus_click(self, notification_id: int) -> None:
        notice = self._by_id.get(notification_id)
        if notice is not None:
            self.clicked.emit(notice)

    def _on_tray_click(self) -> None:
        if self._last is not None:
            self.clicked.emit(self._last)
