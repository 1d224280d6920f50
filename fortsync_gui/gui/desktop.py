"""Fortsync as a desktop app that runs on its own: the tray icon, the schedule, notifications, start at login and
the menu actions that go with them (Arkiv: Starta vid inloggning, Avsluta; Synk: Schema…, Pausa synkronisering;
Hjälp: Visa loggar, Skapa supportpaket…, Om Fortsync). Everything that shows where profiles stand reads the one
profile state (:class:`.state_watcher.StateWatcher`).

    desktop = DesktopIntegration(controller)
    desktop.start()            # the tray (when the desktop has one), the scheduler, notifications
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from fortsync_gui import autostart, config
from fortsync_gui.engine import schedule
from fortsync_gui.engine.notices import Notice
from fortsync_gui.engine.profile_state import ProfileState

from . import support
from .about import AboutDialog
from .notifications import Notifier
from .schedule_dialog import ScheduleDialog
from .scheduler import Scheduler
from .sign_in_notice import LOST, UNSAVED, reason_of
from .state_watcher import Clock, StateWatcher, utc_now
from .tray import Tray

if TYPE_CHECKING:
    from fortsync_gui.engine.api import RunSummary

    from .controller import AppController
    from .main_window import MainWindow

log = logging.getLogger(__name__)


class Prefs:
    """The app's own small settings (not a profile's): a JSON file in the data directory."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config.data_dir() / "app.json"
        try:
            self.data: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.data = {}

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self.data[key] = value
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.data), encoding="utf-8")
        except OSError as error:
            log.warning("could not save %s: %s", self.path, error)


class DesktopIntegration(QObject):
    def __init__(self, controller: AppController, *, clock: Clock = utc_now, tray: bool | None = None,
                 notifications: bool | None = None, entry: autostart.Autostart | None = None,
                 prefs: Prefs | None = None, watch_ms: int = 20_000, tick_ms: int = 30_000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent or controller)
        self.controller = controller
        env = controller.env
        self.store = env.profiles.store
        self.secrets = env.secrets
        self.prefs = prefs or Prefs()
        self.autostart = entry
        self.watcher = StateWatcher(self.store, env.secrets, env=env.sync_env, clock=clock, interval_ms=watch_ms,
                                    parent=self)
        use_tray = Tray.available() if tray is None else tray
        self.tray: Tray | None = Tray(self) if use_tray else None
        self.notifier = Notifier(self.tray.icon if self.tray else None, use_dbus=notifications, parent=self)
        self.scheduler = Scheduler(self.watcher, env.secrets, env=env.sync_env, clock=clock, tick_ms=tick_ms,
                                   window=lambda: controller.window, parent=self)
        self.windows: list[MainWindow] = []
        self.actions: dict[str, QAction] = {}
        self.watcher.changed.connect(self._states_changed)
        self.notifier.clicked.connect(self.open_notice)
        self.scheduler.sync_finished.connect(self._scheduled_sync_finished)
        self.scheduler.refresh_finished.connect(self._refresh_finished)
        if self.tray is not None:
            self.tray.sync_requested.connect(self.sync_all_now)
            self.tray.open_requested.connect(self.open_window)
            self.tray.pause_toggled.connect(self.set_paused)
            self.tray.quit_requested.connect(self.quit)

    # --- life -----------------------------------------------------------------------------------------------------

    def start(self) -> None:
        app = QApplication.instance()
        if self.tray is not None:
            self.tray.show()
            if isinstance(app, QApplication):
                app.setQuitOnLastWindowClosed(False)  # the tray keeps the app; Avsluta quits
        self.watcher.start()
        self.scheduler.start()

    def stop(self) -> None:
        self.scheduler.stop()
        self.watcher.stop()
        self.notifier.close()
        if self.tray is not None:
            self.tray.hide()

    def quit(self) -> None:
        self.stop()
        self.controller.close()
        QApplication.instance().quit()

    @property
    def states(self) -> list[ProfileState]:
        return self.watcher.states

    def _states_changed(self, states: list[ProfileState]) -> None:
        if self.tray is not None:
            self.tray.show_states(states)
        self.notifier.show_states(states)
        window = self.controller.window
        if window is not None and hasattr(window.overview, "show_states"):
            window.overview.show_states(states)
        pause = self.actions.get("pause")
        if pause is not None:
            scheduled = [s for s in states if s.schedule.on]
            pause.blockSignals(True)
            pause.setChecked(bool(scheduled) and all(s.paused for s in scheduled))
            pause.blockSignals(False)
            pause.setEnabled(bool(scheduled))

    def _scheduled_sync_finished(self, profile: str, summary: RunSummary) -> None:
        """A scheduled sync (in the window or on the scheduler's own worker) that stopped for the Fortnox sign-in:
        the same notice as after Synka nu."""
        reason = reason_of(summary)
        if reason is not None and profile:
            self.controller.show_sign_in_notice(reason, profile)

    def _refresh_finished(self, profile: str, outcome: str) -> None:
        """The keep-alive renewal: a new sign-in the password manager refused, or a renewal found interrupted."""
        if outcome in (UNSAVED, LOST):
            self.controller.show_sign_in_notice(outcome, profile)

    # --- what the tray and the menus do ---------------------------------------------------------------------------

    def open_window(self, profile: str | None = None) -> MainWindow | None:
        if self.controller.window is None and not self.controller.env.profiles.list():
            self.controller.open_wizard(None)
            return None
        window = self.controller.show_main(profile)
        window.showNormal()
        window.activateWindow()
        return window

    def open_notice(self, notice: Notice) -> None:
        """A clicked notification: the window on that profile, on the tab that shows what happened."""
        window = self.open_window(notice.profile)
        if window is not None:
            window.tabs.setCurrentWidget(getattr(window, notice.tab))

    def sync_all_now(self) -> None:
        self.scheduler.sync_now([state.profile for state in self.watcher.states] or
                                [p.name for p in self.controller.env.profiles.list()])

    def set_paused(self, paused: bool) -> None:
        schedule.set_paused(self.store, paused)
        self.watcher.refresh()

    def edit_schedule(self, window: MainWindow) -> ScheduleDialog | None:
        if window.profile is None:
            return None
        dialog = ScheduleDialog(self.store, window.profile, window)
        dialog.accepted.connect(self.watcher.refresh)
        dialog.open()
        return dialog

    def about(self, window: MainWindow) -> AboutDialog:
        dialog = AboutDialog(window)
        dialog.open()
        return dialog

    def set_autostart(self, enabled: bool) -> None:
        entry = self.autostart or autostart.for_this_system()
        try:
            entry.enable(autostart.launch_command()) if enabled else entry.disable()
        except OSError as error:
            log.warning("start at login could not be changed: %s", error)

    def autostart_enabled(self) -> bool:
        try:
            return (self.autostart or autostart.for_this_system()).enabled()
        except OSError:
            return False

    # --- the main window ----------------------------------------------------------------------------------------

    def attach(self, window: MainWindow) -> None:
        """Add the actions to the window's menus, keep it in the tray when closed, follow its runs."""
        if window in self.windows:
            return
        self.windows.append(window)
        self._menus(window)
        window.installEventFilter(self)
        window.sync.finished.connect(lambda _summary: self.watcher.refresh())
        if self.watcher.states and hasattr(window.overview, "show_states"):
            window.overview.show_states(self.watcher.states)

    def _menus(self, window: MainWindow) -> None:
        def action(key: str, text: str, slot: Callable[..., Any], menu: str, *, checkable: bool = False,
                   shortcut: QKeySequence | None = None) -> QAction:
            made = QAction(text, window)
            made.setCheckable(checkable)
            if shortcut is not None:
                made.setShortcut(shortcut)
            (made.toggled if checkable else made.triggered).connect(slot)
            quit_action = getattr(window, "quit_action", None)
            if menu == "file" and quit_action is not None:  # Avsluta stays the file menu's last entry
                window.menu(menu).insertAction(quit_action, made)
            else:
                window.menu(menu).addAction(made)
            self.actions[key] = made
            return made

        login = action("autostart", self.tr("Start Fortsync at &login"), self.set_autostart, "file", checkable=True)
        login.blockSignals(True)
        login.setChecked(self.autostart_enabled())
        login.blockSignals(False)
        quit_action = getattr(window, "quit_action", None)
        if quit_action is not None:  # the window's own Avsluta (Ctrl+Q) quits Fortsync, tray and schedules too
            quit_action.triggered.disconnect()
            quit_action.triggered.connect(self.quit)
            self.actions["quit"] = quit_action
        else:
            window.menu("file").addSeparator()
            action("quit", self.tr("&Quit"), self.quit, "file", shortcut=QKeySequence(QKeySequence.StandardKey.Quit))
        action("schedule", self.tr("S&chedule…"), lambda: self.edit_schedule(window), "sync")
        action("pause", self.tr("&Pause synchronisation"), self.set_paused, "sync", checkable=True)
        action("sync_all", self.tr("Sync &all profiles now"), self.sync_all_now, "sync")
        action("logs", self.tr("Show &logs"), lambda: support.show_logs(), "help")
        action("support", self.tr("Create &support bundle…"),
               lambda: support.create_bundle(window, self.store, self.secrets), "help")
        window.menu("help").addSeparator()
        action("about", self.tr("&About Fortsync"), lambda: self.about(window), "help")

    def keeps_running(self) -> bool:
        """Closing the window leaves Fortsync in the tray: there is a tray and a schedule is on."""
        return self.tray is not None and any(s.schedule.on for s in self.watcher.states)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and watched in self.windows:
            if self.keeps_running():
                event.ignore()
                watched.hide()  # type: ignore[attr-defined]
                self._tell_about_tray()
                return True
            QTimer.singleShot(0, self._quit_if_no_window)
        return super().eventFilter(watched, event)

    def _quit_if_no_window(self) -> None:
        window = self.controller.window
        if self.tray is not None and (window is None or not window.isVisible()) and self.controller.wizard is None:
            self.quit()

    def _tell_about_tray(self) -> None:
        if self.prefs.get("told_about_tray"):
            return
        self.prefs.set("told_about_tray", True)
        title = self.tr("Fortsync keeps running")
        text = self.tr("Scheduled syncs go on in the background. Open Fortsync or quit it from its icon in the "
                       "system tray.")
        self.told = (title, text)
        if self.tray is not None and QSystemTrayIcon.supportsMessages():
            self.tray.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10_000)
