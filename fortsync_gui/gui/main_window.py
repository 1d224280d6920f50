"""The main window: the menus Arkiv, Synk and Hjälp, the chosen profile, the sync view (:mod:`.sync_view`: Synka nu /
Provkör / Avbryt, progress and the live log), the tabs Översikt (every profile and where it stands, the first view),
Logg, Konflikter, Borttagningar, Dubbletter, Historik and Fel, and a status bar with both services' state and the last
real sync. Runs go to a worker thread; reads that can be slow (the keyring, a run's audit trail, every profile's state)
go to the thread pool, so the window never waits.

Keyboard: Ctrl+R Synka nu, Ctrl+Shift+R Provkör, F5 reads everything again, Ctrl+Q Avsluta; every button, field label,
tab and menu has an accelerator (Alt+letter). Other features add their actions to the menus in one line::

    window.menus.help.addAction(about_action)       # window.menus.file / .sync / .help
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
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
RECENT_RUNS = 20  # enough to find the last real sync behind a few previews


@dataclass(frozen=True)
class Menus:
    """The menu bar's menus: Arkiv, Synk, Hjälp."""

    file: QMenu
    sync: QMenu
    help: QMenu


class MainWindow(QMainWindow):
    def __init__(self, store: Store, secrets: SecretStore, open_wizard: Callable[[str | None], None], *,
                 sync_env: Mapping[str, str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.secrets = secrets
        self._open_wizard = open_wizard
        self._reloads_pending = 0  # tab reloads still queued after a run
        self._close_when_done = False  # the user closed the window during a sync
        self._drafts: set[str] = set()
        self.setWindowTitle(self.tr("Fortsync"))
        central = QWidget(self)
        layout = QVBoxLayout(central)

        top = QHBoxLayout()
        profile_label = QLabel(self.tr("P&rofile:"), self)
        top.addWidget(profile_label)
        self.profile_box = QComboBox(self)
        self.profile_box.setMinimumContentsLength(24)
        self.profile_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.profile_box.currentIndexChanged.connect(lambda _: self._profile_changed())
        profile_label.setBuddy(self.profile_box)
        top.addWidget(self.profile_box)
        self.settings_button = QPushButton(self.tr("Change &settings…"), self)
        self.settings_button.clicked.connect(self.change_settings)
        top.addWidget(self.settings_button)
        top.addStretch(1)
        layout.addLayout(top)

        self.sync = SyncView(store.engine.url.render_as_string(hide_password=False), secrets, sync_env, self)
        self.sync.started.connect(self._sync_started)
        self.sync.finished.connect(self._sync_finished)
        layout.addWidget(self.sync)
        self.tabs = QTabWidget(self)
        self.overview = ProfilesOverview(store, secrets, self)
        self.conflicts = ConflictsView(store, self)
        self.deletions = DeletionsView(store, self)
        self.matches = MatchesView(store, self)
        self.history = HistoryView(store, self)
        self.errors = ErrorsView(store, self)
        self.tabs.addTab(self.overview, self.tr("O&verview"))
        self.tabs.addTab(self.sync.log, self.tr("&Log"))
        for view in (self.conflicts, self.deletions, self.matches, self.history, self.errors):
            self.tabs.addTab(view, "")
            view.changed.connect(self._decided)
        self.deletions.allow_once_requested.connect(lambda: self.start_sync(allow_removals=True))
        self.overview.profile_chosen.connect(self._choose_profile)
        self.overview.add_requested.connect(lambda: self._open_wizard(None))
        self.overview.edit_requested.connect(self._open_wizard)
        self.overview.remove_requested.connect(self.remove_profile)
        self.overview.review_requested.connect(self.review)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.upsales_state = QLabel(self)
        self.fortnox_state = QLabel(self)
        self.last_sync = QLabel(self)
        for label in (self.upsales_state, self.fortnox_state):
            label.setContentsMargins(4, 0, 16, 0)
            self.statusBar().addWidget(label)
        self.statusBar().addPermanentWidget(self.last_sync)
        self.menus = self._build_menus()
        self.resize(980, 640)
        self.refresh()

    # --- menus and shortcuts ----------------------------------------------------------------------------------

    def _build_menus(self) -> Menus:
        bar = self.menuBar()
        menus = Menus(bar.addMenu(self.tr("&File")), bar.addMenu(self.tr("S&ync")), bar.addMenu(self.tr("&Help")))

        def action(menu: QMenu, text: str, slot: Callable[[], Any], keys: QKeySequence | str | None = None) -> QAction:
            made = QAction(text, self)
            if keys is not None:
                made.setShortcut(QKeySequence(keys))
            made.triggered.connect(lambda _checked=False: slot())
            menu.addAction(made)
            return made

        self.new_profile_action = action(menus.file, self.tr("&New profile…"), lambda: self._open_wizard(None),
                                         QKeySequence.StandardKey.New)
        self.settings_action = action(menus.file, self.tr("Change &settings…"), self.change_settings)
        self.remove_action = action(menus.file, self.tr("&Remove the profile…"),
                                    lambda: self.profile and self.remove_profile(self.profile))
        menus.file.addSeparator()
        self.reload_action = action(menus.file, self.tr("Re&load"), self.reload, QKeySequence.StandardKey.Refresh)
        menus.file.addSeparator()
        self.quit_action = action(menus.file, self.tr("&Quit"), self.close, "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.sync_action = action(menus.sync, self.tr("&Sync now"), self.start_sync, "Ctrl+R")
        self.preview_action = action(menus.sync, self.tr("&Preview (writes nothing)"),
                                     lambda: self.start_sync(dry_run=True), "Ctrl+Shift+R")
        self.cancel_action = action(menus.sync, self.tr("&Cancel the sync"), self.sync.cancel)

        self.shortcuts_action = action(menus.help, self.tr("&Keyboard shortcuts"), self.show_shortcuts)
        return menus

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, self.tr("Keyboard shortcuts"), self.tr(
            "Ctrl+R: Sync now\nCtrl+Shift+R: Preview (writes nothing)\nF5: read everything again\nCtrl+N: New "
            "profile…\nCtrl+Q: Quit\nAlt and the underlined letter: that button, field, tab or menu"))

    def reload(self) -> None:
        """F5: the profile list, every tab and the status bar read again (after a change in another program)."""
        self.refresh()
        if self.sync.worker is None:
            for view in self._views():
                view.refresh()
            self._update_tab_titles()

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
            found = [(p.name, p.display_name, p.draft) for p in profiles.list_profiles(session)]
        self._drafts = {name for name, _, draft in found if draft}
        self.profile_box.blockSignals(True)
        self.profile_box.clear()
        for profile_name, display, draft in found:
            title = display if display == profile_name else f"{display} ({profile_name})"
            self.profile_box.addItem(self.tr("{title} – draft").format(title=title) if draft else title,
                                     profile_name)
        index = self.profile_box.findData(wanted) if wanted else -1
        self.profile_box.setCurrentIndex(index if index >= 0 else 0 if found else -1)
        self.profile_box.blockSignals(False)
        self.overview.select(self.profile)
        self.overview.refresh()
        if not syncing:
            self._profile_changed()

    def _choose_profile(self, profile_name: str) -> None:
        """Chosen in the overview: the tabs and the sync buttons follow (not during a sync of another profile)."""
        if self.sync.worker is None and profile_name != self.profile:
            index = self.profile_box.findData(profile_name)
            if index >= 0:
                self.profile_box.setCurrentIndex(index)

    def review(self, profile_name: str, what: str) -> None:
        """A button in the overview: the profile's tab for what waits (conflicts, deletions, duplicates, history)."""
        self._choose_profile(profile_name)
        if profile_name == self.profile:
            views = {"conflicts": self.conflicts, "deletions": self.deletions, "matches": self.matches,
                     "history": self.history}
            self.tabs.setCurrentWidget(views[what])

    def change_settings(self) -> None:
        if self.profile is not None and self.sync.worker is None:
            self._open_wizard(self.profile)

    def _profile_changed(self) -> None:
        for view in self._views():
            view.set_profile(self.profile)
        self.overview.select(self.profile)
        self.sync.set_profile(self.profile, draft=self.profile in self._drafts)
        self.deletions.show_guard_stop(None)
        self._update_tab_titles()
        self._update_status()
        self._update_buttons()

    def remove_profile(self, profile_name: str) -> None:
        if self.sync.worker is not None and profile_name == self.profile:
            return
        draft = profile_name in self._drafts
        question = (self.tr("Remove the draft {name}? Its saved Upsales API key and Fortnox sign-in are removed from "
                            "this computer. Nothing is changed in Upsales or Fortnox.") if draft else
                    self.tr("Remove the profile {name}? Its settings, history and saved sign-ins on this computer are "
                            "removed. Nothing is changed in Upsales or Fortnox."))
        answer = QMessageBox.warning(
            self, self.tr("Remove profile"), question.format(name=profile_name),
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
        """A run, or the reload of the tabs after it (Historik and Översikt read in the background), is going on."""
        return (self.sync.worker is not None or self._reloads_pending > 0 or self.history.loading
                or self.overview.loading)

    def _sync_started(self) -> None:
        self.tabs.setCurrentWidget(self.sync.log)  # however it was started: the button, Ctrl+R, the overview
        self.overview.set_syncing(self.sync.profile)
        self._update_buttons()
        self._update_status()

    def _sync_finished(self, summary: RunSummary) -> None:
        self.overview.set_syncing(None)
        if summary.message_key in GUARD_KEYS:
            self.deletions.show_guard_stop(summary.message_key, dict(summary.message_args))
            self.tabs.setCurrentWidget(self.deletions)
        self._update_buttons()
        if self._close_when_done:
            self.close()
            return
        # one view per event-loop turn: the window keeps answering while the tabs reload
        steps: list[Callable[[], None]] = [view.refresh for view in self._views()]
        steps += [self.overview.refresh, self._update_tab_titles, lambda: self._update_status(summary)]
        self._reloads_pending = len(steps)
        QTimer.singleShot(0, self, partial(self._reload_step, steps))

    def _reload_step(self, steps: list[Callable[[], None]]) -> None:
        """Run the first of ``steps`` and queue the rest. Only one is queued at a time: steps queued together all run
        in the same event-loop turn, back to back, and the window could not answer until the last was done."""
        try:
            steps.pop(0)()
        finally:
            self._reloads_pending = len(steps)
            if steps:
                QTimer.singleShot(0, self, partial(self._reload_step, steps))

    def _decided(self) -> None:
        """A decision in a tab: its count in the tab titles and in the overview."""
        self._update_tab_titles()
        self.overview.refresh()

    # --- tabs, buttons, status bar ----------------------------------------------------------------------------

    def _views(self) -> list[StoreView]:
        return [self.conflicts, self.deletions, self.matches, self.history, self.errors]

    def _update_tab_titles(self) -> None:
        def titled(base: str, count: int) -> str:
            return f"{base} ({count})" if count else base

        self.tabs.setTabText(self.tabs.indexOf(self.conflicts), titled(self.tr("&Conflicts"), self.conflicts.count))
        self.tabs.setTabText(self.tabs.indexOf(self.deletions), titled(self.tr("&Deletions"), self.deletions.count))
        self.tabs.setTabText(self.tabs.indexOf(self.matches), titled(self.tr("D&uplicates"), self.matches.count))
        self.tabs.setTabText(self.tabs.indexOf(self.history), self.tr("&History"))
        self.tabs.setTabText(self.tabs.indexOf(self.errors), titled(self.tr("&Errors"), self.errors.count))

    def _update_buttons(self) -> None:
        syncing = self.sync.worker is not None
        chosen = self.profile is not None
        draft = self.profile in self._drafts
        self.settings_button.setEnabled(not syncing and chosen)
        self.settings_action.setEnabled(not syncing and chosen)
        self.remove_action.setEnabled(not syncing and chosen)
        self.profile_box.setEnabled(not syncing)
        self.sync_action.setEnabled(not syncing and chosen and not draft)
        self.preview_action.setEnabled(not syncing and chosen and not draft)
        self.cancel_action.setEnabled(syncing)

    def _update_status(self, summary: RunSummary | None = None) -> None:
        """Both services' state and the last sync. Only a real sync counts as one ("Senaste synk", "ansluten"); what a
        preview found wrong (a revoked key) is shown all the same."""
        latest = real = None
        if self.profile is not None:
            with self.store.session() as session:
                found = profiles.get_profile(session, self.profile)
                recent = runs.list_runs(session, found.id, limit=RECENT_RUNS) if found else []
            latest = next(iter(recent), None)
            real = next((run for run in recent if not run.dry_run), None)
        key = summary.message_key if summary is not None else latest.message_key if latest else None
        upsales, fortnox = self.tr("Upsales: connected"), self.tr("Fortnox: connected")
        if self.sync.worker is not None:
            upsales, fortnox = self.tr("Upsales: syncing…"), self.tr("Fortnox: syncing…")
        elif key == "auth.upsales":
            upsales = self.tr("Upsales: the API key does not work")
        elif key == "auth.fortnox":
            fortnox = self.tr("Fortnox: sign-in expired or revoked")
        elif key == "auth.fortnox_permission":
            fortnox = self.tr("Fortnox: permission missing")
        elif key == "network":
            upsales, fortnox = self.tr("Upsales: no contact"), self.tr("Fortnox: no contact")
        elif real is None:
            upsales, fortnox = self.tr("Upsales: not synced yet"), self.tr("Fortnox: not synced yet")
        self.upsales_state.setText(upsales if self.profile is not None else "")
        self.fortnox_state.setText(fortnox if self.profile is not None else "")
        self.last_sync.setText("" if self.profile is None else
                               self.tr("Last sync: {time}").format(time=local_time(real.started_at)) if real
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

    def menu(self, key: str) -> QMenu:
        """The menu bar's "file", "sync" or "help" menu (Arkiv, Synk, Hjälp), for features adding their actions."""
        return {"file": self.menus.file, "sync": self.menus.sync, "help": self.menus.help}[key]

