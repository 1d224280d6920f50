"""Profiler: every client company an accountant keeps in sync, with its last sync, result and connection health."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from fortsync_gui.store import Store, profiles, runs
from fortsync_gui.store.models import Profile, Run

from .conflicts_view import opened
from .history_view import local_time
from .names import STATUSES, name
from .store_view import fill, selected_rows, table
from .wizard import Module


class ProfilesOverview(QWidget):
    profile_chosen = Signal(str)
    add_requested = Signal()
    edit_requested = Signal(str)
    remove_requested = Signal(str)

    def __init__(self, store_url: Store | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, owned = opened(store_url)
        if owned:
            store = self.store
            self.destroyed.connect(lambda *_: store.close())
        self.names: list[str] = []
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("One profile per company. Double-click a profile to open it."), self)
        layout.addWidget(intro)
        self.table = table([self.tr("Profile"), self.tr("Module"), self.tr("Last sync"), self.tr("Result"),
                            self.tr("Connections")], self)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda *_: self._emit(self.profile_chosen))
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open"), self)
        self.open_button.clicked.connect(lambda: self._emit(self.profile_chosen))
        self.add_button = QPushButton(self.tr("New profile…"), self)
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button = QPushButton(self.tr("Change settings…"), self)
        self.edit_button.clicked.connect(lambda: self._emit(self.edit_requested))
        self.remove_button = QPushButton(self.tr("Remove…"), self)
        self.remove_button.clicked.connect(lambda: self._emit(self.remove_requested))
        for button in (self.open_button, self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        rows = []
        with self.store.session() as session:
            found = profiles.list_profiles(session)
            latest = {p.id: next(iter(runs.list_runs(session, p.id, limit=1)), None) for p in found}
        self.names = [p.name for p in found]
        for p in found:
            run = latest[p.id]
            rows.append([self._title(p), Module(p.settings.module.value).label,
                         local_time(run.started_at) if run else self.tr("Never"),
                         name(STATUSES, run.status) if run else "–", self.health(run)])
        fill(self.table, rows)
        self._update_buttons()

    def select(self, profile: str | None) -> None:
        if profile in self.names:
            self.table.selectRow(self.names.index(profile))

    def health(self, run: Run | None) -> str:
        key = run.message_key if run else None
        if key == "auth.fortnox":
            return self.tr("Fortnox: the sign-in has expired or was revoked — sign in again")
        if key == "auth.fortnox_permission":
            return self.tr("Fortnox: a licence or permission is missing")
        if key == "auth.upsales":
            return self.tr("Upsales: the API key does not work — add a new one")
        if key == "network":
            return self.tr("No contact at the last sync")
        if run is None:
            return "–"
        return self.tr("OK")

    def _title(self, p: Profile) -> str:
        return p.display_name if p.display_name == p.name else f"{p.display_name} ({p.name})"

    def _emit(self, signal: Signal) -> None:
        chosen = selected_rows(self.table)
        if chosen:
            signal.emit(self.names[chosen[0]])

    def _update_buttons(self) -> None:
        some = bool(selected_rows(self.table))
        for button in (self.open_button, self.edit_button, self.remove_button):
            button.setEnabled(some)
