"""Profiler: every client company an accountant keeps in sync, with its last sync, result, connection health and
what waits for a decision (conflicts, deletions, duplicates)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from fortsync_gui.engine.profile_state import LastRun, ProfileState, all_states
from fortsync_gui.store import Store, profiles
from fortsync_gui.store.models import Profile

from .conflicts_view import opened
from .history_view import local_time
from .names import STATUSES, name, run_message
from .store_view import fill, selected_rows, table
from .wizard import Module


class ProfilesOverview(QWidget):
    profile_chosen = Signal(str)
    add_requested = Signal()
    edit_requested = Signal(str)
    remove_requested = Signal(str)  # the main window asks before it removes anything

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
                            self.tr("Connections"), self.tr("To review")], self)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda *_: self._emit(self.profile_chosen))
        layout.addWidget(self.table, 1)
        self.empty = QLabel(self.tr("No profiles yet. Add one to connect an Upsales account with a Fortnox "
                                    "company."), self)
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
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
        """One short read of every profile's state (the same reading the tray and the notifications use)."""
        self.show_states(all_states(self.store, None))

    def show_states(self, states: Sequence[ProfileState]) -> None:
        """Show the profiles as :mod:`fortsync_gui.engine.profile_state` reads them."""
        rows: list[list[str]] = []
        tips: list[str] = []
        with self.store.session() as session:
            found = {p.name: p for p in profiles.list_profiles(session)}
        shown = [s for s in states if s.profile in found]
        self.names = [s.profile for s in shown]
        for s in shown:
            p, real = found[s.profile], s.last_run
            rows.append([self._title(p), Module(p.settings.module.value).label,
                         local_time(real.finished_at or real.started_at) if real else self.tr("Never"),
                         name(STATUSES, real.status) if real else "–", self.health(s.last_checked),
                         self.to_review(s.waiting.conflicts, s.waiting.deletions, s.waiting.matches)])
            tips.append(run_message(real.message_key, dict(real.message_args)) if real and real.message_key else "")
        fill(self.table, rows)
        for r, tip in enumerate(tips):
            if tip:
                self.table.item(r, 3).setToolTip(tip)
        for r, s in enumerate(shown):
            self.table.item(r, 0).setToolTip(self.schedule_text(s))
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self._update_buttons()

    def schedule_text(self, s: ProfileState) -> str:
        if not s.schedule.on:
            return self.tr("Schedule: off")
        if s.paused:
            return self.tr("Schedule: paused")
        return self.tr("Schedule: next sync {time}").format(time=local_time(s.next_sync))

    def select(self, profile: str | None) -> None:
        if profile in self.names:
            self.table.selectRow(self.names.index(profile))

    def health(self, run: LastRun | None) -> str:
        """The connections as the latest finished run (a preview too) found them."""
        key = run.message_key if run else None
        if key == "auth.fortnox":
            return self.tr("Fortnox: the sign-in has expired or was revoked — sign in again")
        if key == "auth.fortnox_permission":
            return self.tr("Fortnox: a licence or permission is missing")
        if key == "auth.upsales":
            return self.tr("Upsales: the API key does not work — add a new one")
        if key == "network":
            return self.tr("No contact at the last sync")
        if key == "service":
            return self.tr("A service answered unexpectedly at the last sync")
        if run is None:
            return "–"
        return self.tr("OK")

    def to_review(self, conflict_count: int, deletion_count: int, match_count: int) -> str:
        parts = []
        if conflict_count:
            parts.append(self.tr("%n conflict(s)", "", conflict_count))
        if deletion_count:
            parts.append(self.tr("%n deletion(s)", "", deletion_count))
        if match_count:
            parts.append(self.tr("%n possible duplicate(s)", "", match_count))
        return ", ".join(parts) if parts else "–"

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
