"""The main window: the chosen profile, the sync view (:mod:`.sync_view`: Synka nu / Provkör / Avbryt, progress and
the live log), the tabs Logg, Konflikter, Borttagningar, Dubbletter, Historik, Fel and Profiler, and a status bar with
both services' state. Runs go to a worker thread; reads that can be slow (the keyring, a run's audit trail) go to the
thread pool, so the window never waits."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fortsync_gui.engine.api import RunSummary
from fortsync_gui.engine.profiles import remove_profile
from fortsync_gui.secrets import SecretStore
from fortsync_gui.store import Store, profiles, runs

from .conflicts_view import ConflictsView
from .deletions_view import DeletionsView
from .errors_view import ErrorsView
from .history_view import HistoryView, local_time
from .matches_view import MatchesView
from .profiles_overview import ProfilesOverview
from .store_view import StoreView
from .sync_view import SyncView
from .workers import run_in_background

GUARD_KEYS = ("guard.threshold", "guard.side_empty")


class MainWindow(QMainWindow):
    def __init__(self, store: Store, secrets: SecretStore, open_wizard: Callable[[str | None], None], *,
                 sync_env: Mapping[str, str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.secrets = secrets
        self._open_wizard = open_wizard
        self._reloads_pending = 0  # tab reloads still queued after a run
        self._close_when_done = False  # the user closed the window during a sync
        self._menus: dict[str, QMenu] = {}
        self.setWindowTitle(self.tr("Fortsync"))
        central = QWidget(self)
        layout = QVBoxLayout(central)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Profile:"), self))
        self.profile_box = QComboBox(self)
        self.profile_box.setMinimumContentsLength(24)
        self.profile_box.currentIndexChanged.connect(lambda _: self._profile_changed())
        top.addWidget(self.profile_box)
        self.settings_button = QPushButton(self.tr("Change settings…"), self)
        self.settings_button.clicked.connect(lambda: self._open_wizard(self.profile))
        top.addWidget(self.settings_button)
        top.addStretch(1)
        layout.addLayout(top)

        self.sync = SyncView(store.engine.url.render_as_string(hide_password=False), secrets, sync_env, self)
        self.sync.started.connect(self._sync_started)
        self.sync.finished.connect(self._sync_finished)
        layout.addWidget(self.sync)
        self.tabs = QTabWidget(self)
        self.conflicts = ConflictsView(store, self)
        self.deletions = DeletionsView(store, self)
        self.matches = MatchesView(store, self)
        self.history = HistoryView(store, self)
        self.errors = ErrorsView(store, self)
        self.overview = ProfilesOverview(store, self)
        self.tabs.addTab(self.sync.log, self.tr("Log"))
        for view in (self.conflicts, self.deletions, self.matches, self.history, self.errors):
            self.tabs.addTab(view, "")
            view.changed.connect(self._update_tab_titles)
        self.tabs.addTab(self.overview, self.tr("Profiles"))
        self.deletions.allow_once_requested.connect(lambda: self.start_sync(allow_removals=True))
        self.overview.profile_chosen.connect(self._choose_profile)
        self.overview.add_requested.connect(lambda: self._open_wizard(None))
        self.overview.edit_requested.connect(self._open_wizard)
        self.overview.remove_requested.connect(self.remove_profile)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.upsales_state = QLabel(self)
        self.fortnox_state = QLabel(self)
        self.last_sync = QLabel(self)
        for label in (self.upsales_state, self.fortnox_state):
            label.setContentsMargins(4, 0, 16, 0)
            self.statusBar().addWidget(label)
        self.statusBar().addPermanentWidget(self.last_sync)
        self.resize(980, 640)
        self.refresh()

    # --- profiles ---------------------------------------------------------------------------------------------

    @property
    def profile(self) -> str | None:
        data = self.profile_box.currentData()
        return str(data) if data is not None else None

    def refresh(self, select: str | None = None) -> None:
        """Reload the profile list (after the wizard saved one) and show ``select`` or the current profile; during
        a sync the list is reloaded but the syncing profile stays on screen."""
        syncing = self.sync.worker is not None
        wanted = self.profile if syncing else select or self.profile
        with self.store.session() as session:
            found = [(p.name, p.display_name) for p in profiles.list_profiles(session)]
        self.profile_box.blockSignals(True)
        self.profile_box.clear()
        for profile_name, display in found:
            self.profile_box.addItem(display if display == profile_name else f"{display} ({profile_name})",
                                     profile_name)
        index = self.profile_box.findData(wanted) if wanted else -1
        self.profile_box.setCurrentIndex(index if index >= 0 else 0 if found else -1)
        self.profile_box.blockSignals(False)
        self.overview.refresh()
        if not syncing:
            self._profile_changed()

    def _choose_profile(self, profile_name: str) -> None:
        self.refresh(profile_name)
        self.tabs.setCurrentWidget(self.sync.log)

    def _profile_changed(self) -> None:
        for view in self._views():
            view.set_profile(self.profile)
        self.overview.select(self.profile)
        self.sync.set_profile(self.profile)
        self.deletions.show_guard_stop(None)
        self._update_tab_titles()
        self._update_status()
        self._update_buttons()

    def remove_profile(self, profile_name: str) -> None:
        if self.sync.worker is not None and profile_name == self.profile:
            return
        answer = QMessageBox.warning(
            self, self.tr("Remove profile"),
            self.tr("Remove the profile {name}? Its settings, history and saved sign-ins on this computer are "
                    "removed. Nothing is changed in Upsales or Fortnox.").format(name=profile_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        secrets_removed = remove_profile(self.store, profile_name, self.secrets)
        self.refresh()
        if not secrets_removed:
            QMessageBox.warning(
                self, self.tr("Remove profile"),
                self.tr("The profile {name} is removed, but its saved sign-ins could not be removed from this "
                        "computer's password manager. Unlock the password manager and remove the entries for "
                        "Fortsync by hand.").format(name=profile_name))

    # --- syncing ----------------------------------------------------------------------------------------------

    def start_sync(self, *, dry_run: bool = False, allow_removals: bool = False) -> None:
        self.deletions.show_guard_stop(None)
        if self.sync.start(dry_run=dry_run, allow_removals=allow_removals):
            self.tabs.setCurrentWidget(self.sync.log)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing during a sync asks first, then stops the sync after the current step and closes when it has."""
        worker = self.sync.worker
        if worker is None or worker.isFinished():
            super().closeEvent(event)
            return
        event.ignore()
        answer = QMessageBox.question(
            self, self.tr("Sync in progress"),
            self.tr("A sync is running. Stop it after the current step and close Fortsync? Everything written so far "
                    "is kept; the next sync carries on without duplicates."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self._close_when_done = True
            self.sync.cancel()

    @property
    def running(self) -> bool:
        """A run, or the reload of the tabs after it (Historik reads its records in the background), is going on."""
        return self.sync.worker is not None or self._reloads_pending > 0 or self.history.loading

    def _sync_started(self) -> None:
        self._update_buttons()
        self._update_status()

    def _sync_finished(self, summary: RunSummary) -> None:
        if summary.message_key in GUARD_KEYS:
            self.deletions.show_guard_stop(summary.message_key, dict(summary.message_args))
            self.tabs.setCurrentWidget(self.deletions)
        self._update_buttons()
        if self._close_when_done:
            self.close()
            return
        # one view per event-loop turn: the window keeps answering while the tabs reload
        steps: list[Callable[[], None]] = [view.refresh for view in self._views()]
        steps += [self.overview.refresh, lambda: self.overview.select(self.profile), self._update_tab_titles,
                  lambda: self._update_status(summary)]
        self._reloads_pending = len(steps)
        for step in steps:
            QTimer.singleShot(0, self, partial(self._reload_step, step))

    def _reload_step(self, step: Callable[[], None]) -> None:
        try:
            step()
        finally:
            self._reloads_pending -= 1

    # --- tabs, buttons, status bar ----------------------------------------------------------------------------

    def _views(self) -> list[StoreView]:
        return [self.conflicts, self.deletions, self.matches, self.history, self.errors]

    def _update_tab_titles(self) -> None:
        def titled(base: str, count: int) -> str:
            return f"{base} ({count})" if count else base

        self.tabs.setTabText(self.tabs.indexOf(self.conflicts), titled(self.tr("Conflicts"), self.conflicts.count))
        self.tabs.setTabText(self.tabs.indexOf(self.deletions), titled(self.tr("Deletions"), self.deletions.count))
        self.tabs.setTabText(self.tabs.indexOf(self.matches), titled(self.tr("Duplicates"), self.matches.count))
        self.tabs.setTabText(self.tabs.indexOf(self.history), self.tr("History"))
        self.tabs.setTabText(self.tabs.indexOf(self.errors), titled(self.tr("Errors"), self.errors.count))

    def _update_buttons(self) -> None:
        syncing = self.sync.worker is not None
        self.settings_button.setEnabled(not syncing and self.profile is not None)
        self.profile_box.setEnabled(not syncing)

    def _update_status(self, summary: RunSummary | None = None) -> None:
        """Both services' state as the latest run (or a run that could not start) left it, and the last sync."""
        latest = None
        if self.profile is not None:
            with self.store.session() as session:
                found = profiles.get_profile(session, self.profile)
                latest = next(iter(runs.list_runs(session, found.id, limit=1)), None) if found else None
        key = summary.message_key if summary is not None else latest.message_key if latest else None
        upsales, fortnox = self.tr("Upsales: connected"), self.tr("Fortnox: connected")
        if self.sync.worker is not None:
            upsales, fortnox = self.tr("Upsales: syncing…"), self.tr("Fortnox: syncing…")
        elif summary is None and latest is None:
            upsales, fortnox = self.tr("Upsales: not synced yet"), self.tr("Fortnox: not synced yet")
        elif key == "auth.upsales":
            upsales = self.tr("Upsales: the API key does not work")
        elif key == "auth.fortnox":
            fortnox = self.tr("Fortnox: sign-in expired or revoked")
        elif key == "auth.fortnox_permission":
            fortnox = self.tr("Fortnox: permission missing")
        elif key == "network":
            upsales, fortnox = self.tr("Upsales: no contact"), self.tr("Fortnox: no contact")
        self.upsales_state.setText(upsales)
        self.fortnox_state.setText(fortnox)
        self.last_sync.setText(self.tr("Last sync: {time}").format(time=local_time(latest.started_at)) if latest
                               else self.tr("Last sync: never"))
        if self.sync.worker is None and self.profile is not None and key not in ("auth.upsales", "auth.fortnox"):
            self._check_sign_ins(self.profile, fortnox)

    def _check_sign_ins(self, profile: str, fortnox: str) -> None:
        """What the keyring holds for the profile, read in the background (a password manager can make the GUI
        thread wait): a missing key or sign-in, and when the Fortnox sign-in runs out if no sync renews it."""
        from fortsync_gui.connection_health import connection_health

        secrets = self.secrets
        run_in_background(lambda: connection_health(secrets, profile, env={}), parent=self,
                          on_success=lambda health: self._show_sign_ins(profile, fortnox, health))

    def _show_sign_ins(self, profile: str, fortnox: str, health: dict[str, Any]) -> None:
        from fortsync_gui.connection_health import REFRESH_TOKEN_DAYS

        if profile != self.profile or self.sync.worker is not None:
            return
        if health["status"] == "keyring_unavailable":
            self.upsales_state.setText(self.tr("Upsales: the password manager cannot be read"))
            self.fortnox_state.setText(self.tr("Fortnox: the password manager cannot be read"))
            return
        if not health["upsales_token"]:
            self.upsales_state.setText(self.tr("Upsales: no API key saved"))
        age = health["fortnox_refresh_age_days"]
        if not health["fortnox_tokens"] or age is None:
            self.fortnox_state.setText(self.tr("Fortnox: not signed in"))
        elif health["status"] == "expired":
            self.fortnox_state.setText(self.tr("Fortnox: the sign-in has expired"))
        else:
            until = (datetime.now() + timedelta(days=REFRESH_TOKEN_DAYS - age)).strftime("%Y-%m-%d")
            text = (self.tr("{state}, sign-in valid until {date}") if health["status"] == "ok" else
                    self.tr("{state}, the sign-in expires {date}: sync before then"))
            self.fortnox_state.setText(text.format(state=fortnox, date=until))

    # --- the menu bar -------------------------------------------------------------------------------------------

    def menu(self, key: str) -> QMenu:
        """The menu bar's "file", "sync" or "help" menu (Arkiv, Synk, Hjälp), made on first use, in that order."""
        if not self._menus:
            titles = {"file": self.tr("&File"), "sync": self.tr("&Sync"), "help": self.tr("&Help")}
            for name, title in titles.items():
                self._menus[name] = self.menuBar().addMenu(title)
        return self._menus[key]
