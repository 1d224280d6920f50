"""Översikt, the main window's first view: every profile in one list with where it stands in one line ("Allt är synkat ·
senast 10.42", "3 saker väntar på dig", "Inloggningen i Fortnox går ut om 5 dagar"), and for the chosen one what its
last sync did in plain words, the Fortnox sign-in, the next scheduled sync (once schedules exist), and what waits for
a decision, with a button to each. Without profiles: what a new user does first.

Everything comes from :mod:`fortsync_gui.engine.profile_state`, the one read the tray and notifications share; it reads
the keyring too, so it runs in the background (``loading`` until it is shown).

    overview = ProfilesOverview(store, secrets, parent=window)
    overview.profile_chosen.connect(...)      # name: the user chose the profile in the list
    overview.review_requested.connect(...)    # name, "conflicts" | "deletions" | "matches" | "history"
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fortsync_gui.engine.profile_state import ProfileState, all_states
from fortsync_gui.messages import profile_line, run_in_words, when
from fortsync_gui.secrets import SecretStore
from fortsync_gui.store import Store

from .names import run_message
from .widgets import Status
from .widgets.status import status_pixmap
from .workers import Job, run_in_background

LEVELS = {"ok": Status.OK, "attention": Status.WARNING, "error": Status.ERROR, "info": Status.INFO}
REFRESH_MS = 60_000  # "senast 10.42" becomes "i går 10.42", sign-ins count down: read again now and then
REVIEWS = ("conflicts", "deletions", "matches", "history")
WIDE = 1200  # from this width the list and the details stand side by side
QWIDGETSIZE_MAX = (1 << 24) - 1


class ProfilesOverview(QWidget):
    profile_chosen = Signal(str)  # the user chose a profile in the list
    add_requested = Signal()
    edit_requested = Signal(str)  # finish a draft's settings
    remove_requested = Signal(str)  # the main window asks before it removes anything
    review_requested = Signal(str, str)  # the profile and what to review: conflicts, deletions, matches, history

    def __init__(self, store: Store, secrets: SecretStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.secrets = secrets
        self.states: list[ProfileState] = []
        self.syncing: str | None = None  # the profile this window syncs now (before its run lock is even taken)
        self._wanted: str | None = None
        self._job: Job | None = None
        self._again = False
        layout = self.outer = QVBoxLayout(self)

        self.welcome = QFrame(self)
        welcome = QVBoxLayout(self.welcome)
        title = QLabel(self.tr("Welcome to Fortsync"), self.welcome)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        welcome.addWidget(title)
        self.welcome_text = QLabel(self.tr(
            "Fortsync keeps Upsales and Fortnox in sync. Start by adding a profile: it connects one Upsales account "
            "with one Fortnox company. The setup takes a few minutes; have an administrator's access to Upsales (for "
            "an API key) and to Fortnox (to approve the integration) at hand. Accountants add one profile per client "
            "company; all of them are listed here."), self.welcome)
        self.welcome_text.setWordWrap(True)
        welcome.addWidget(self.welcome_text)
        self.welcome_add = QPushButton(self.tr("&New profile…"), self.welcome)
        self.welcome_add.clicked.connect(self.add_requested)
        row = QHBoxLayout()
        row.addWidget(self.welcome_add)
        row.addStretch(1)
        welcome.addLayout(row)
        welcome.addStretch(1)
        layout.addWidget(self.welcome)

        self.list = QListWidget(self)
        self.list.setObjectName("profiles")
        self.list.setAccessibleName(self.tr("Profiles"))
        self.list.setWordWrap(True)
        self.list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.list.setMinimumHeight(self.fontMetrics().height() * 3)
        self.list.currentRowChanged.connect(self._row_changed)

        self.details = QGroupBox(self)
        self.details.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)  # never stretched
        box = QVBoxLayout(self.details)
        head = QHBoxLayout()
        self.state_icon = QLabel(self.details)
        head.addWidget(self.state_icon, 0, Qt.AlignmentFlag.AlignVCenter)
        self.state_label = QLabel(self.details)
        self.state_label.setWordWrap(True)
        bold = self.state_label.font()
        bold.setBold(True)
        self.state_label.setFont(bold)
        head.addWidget(self.state_label, 1)
        box.addLayout(head)
        self.last_run_label = self._line(box)
        self.sign_in_label = self._line(box)
        self.next_sync_label = self._line(box)  # "Nästa synk: i morgon 06.00", when the profile has a schedule
        self.waiting_label = self._line(box)
        waiting = QHBoxLayout()
        self.conflicts_button = QPushButton(self.details)
        self.deletions_button = QPushButton(self.details)
        self.matches_button = QPushButton(self.details)
        self.uncertain_button = QPushButton(self.details)
        self.review_buttons = dict(zip(REVIEWS[:3], (self.conflicts_button, self.deletions_button,
                                                     self.matches_button), strict=True))
        self.review_buttons["history"] = self.uncertain_button
        for what, button in self.review_buttons.items():
            button.clicked.connect(lambda _checked=False, what=what: self._review(what))
            waiting.addWidget(button)
        waiting.addStretch(1)
        box.addLayout(waiting)
        actions = QHBoxLayout()
        self.finish_button = QPushButton(self.tr("Fin&ish setting up…"), self.details)
        self.finish_button.clicked.connect(lambda: self._emit(self.edit_requested))
        self.remove_button = QPushButton(self.tr("Remove the &profile…"), self.details)
        self.remove_button.clicked.connect(lambda: self._emit(self.remove_requested))
        self.add_button = QPushButton(self.tr("&New profile…"), self.details)
        self.add_button.clicked.connect(self.add_requested)
        actions.addWidget(self.finish_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        actions.addWidget(self.add_button)
        box.addLayout(actions)
        # Narrow: the list above the details, as tall as its profiles. Wide: the list beside the details.
        self.split = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.split.addWidget(self.list, 10)
        self.split.addWidget(self.details, 0)
        layout.addLayout(self.split, 10)
        layout.addStretch(1)
        self.wide = False

        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.show_states([])
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wide = event.size().width() >= WIDE
        if wide != self.wide:
            self.wide = wide
            self.split.setDirection(QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom)
            self.split.setStretch(0, 2 if wide else 10)
            self.split.setStretch(1, 3 if wide else 0)
            self.split.setAlignment(self.details, Qt.AlignmentFlag.AlignTop if wide else Qt.AlignmentFlag(0))
            self.outer.setStretch(2, 0 if wide else 1)  # the space below: none when the list fills the height
            self._fit_list()

    def _fit_list(self) -> None:
        """Narrow, the list is as tall as its profiles (the details follow right below); wide, it fills the height."""
        if self.wide:
            self.list.setMaximumHeight(QWIDGETSIZE_MAX)
            return
        rows = sum(self.list.sizeHintForRow(r) for r in range(self.list.count()))
        self.list.setMaximumHeight(max(rows, self.list.minimumHeight()) + 2 * self.list.frameWidth() + 4)

    def _line(self, box: QVBoxLayout) -> QLabel:
        label = QLabel(self.details)
        label.setWordWrap(True)
        box.addWidget(label)
        return label

    # --- reading ----------------------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._job is not None and self._job.running

    def refresh(self) -> None:
        """Read every profile's state again (in the background: the keyring can make the GUI thread wait)."""
        if self.loading:
            self._again = True  # the store changed since that read began
            return
        store, secrets = self.store, self.secrets
        self._job = run_in_background(lambda: all_states(store, secrets, env={}), parent=self,
                                      on_success=self.show_states, on_error=self._failed)
        self._job.finished.connect(self._read_again)

    def _read_again(self) -> None:
        if self._again:
            self._again = False
            self.refresh()

    def _failed(self, error: Exception) -> None:
        self.state_label.setText(self.tr("The profiles could not be read ({detail}). Press F5 to try again.").format(
            detail=str(error)))

    # --- showing ----------------------------------------------------------------------------------------------

    def show_states(self, states: Sequence[ProfileState]) -> None:
        self.states = list(states)
        names = [s.profile for s in self.states]
        wanted = self._wanted if self._wanted in names else (self.current or (names[0] if names else None))
        self.list.blockSignals(True)
        self.list.clear()
        for state in self.states:
            level, line = self.line(state)
            title = state.display_name if state.display_name == state.profile else \
                f"{state.display_name} ({state.profile})"
            item = QListWidgetItem(QIcon(status_pixmap(LEVELS[level])), f"{title}\n{line}", self.list)
            item.setData(Qt.ItemDataRole.UserRole, state.profile)
            item.setToolTip(line)
        if wanted in names:
            self.list.setCurrentRow(names.index(wanted))
        self.list.blockSignals(False)
        self._fit_list()
        empty = not self.states
        self.welcome.setVisible(empty)
        self.list.setVisible(not empty)
        self.details.setVisible(not empty)
        self._show_details()

    def line(self, state: ProfileState) -> tuple[str, str]:
        """The profile's one-line state (:func:`fortsync_gui.messages.profile_line`), syncing as this window knows."""
        if state.profile == self.syncing and not state.running and not state.draft:
            return "info", profile_line(_Running(state))[1]
        return profile_line(state)

    @property
    def current(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    @property
    def names(self) -> list[str]:
        return [s.profile for s in self.states]

    def state_of(self, profile: str | None) -> ProfileState | None:
        return next((s for s in self.states if s.profile == profile), None)

    def select(self, profile: str | None) -> None:
        """Show ``profile`` (the main window chose it); no signal."""
        self._wanted = profile
        if profile in self.names and profile != self.current:
            self.list.blockSignals(True)
            self.list.setCurrentRow(self.names.index(profile))
            self.list.blockSignals(False)
            self._show_details()

    def set_syncing(self, profile: str | None) -> None:
        self.syncing = profile
        self.show_states(self.states)

    def _row_changed(self, _row: int) -> None:
        self._wanted = self.current
        self._show_details()
        if self.current is not None:
            self.profile_chosen.emit(self.current)

    def _show_details(self) -> None:
        state = self.state_of(self.current)
        if state is None:
            return
        level, line = self.line(state)
        self.details.setTitle(state.display_name)
        self.state_icon.setPixmap(status_pixmap(LEVELS[level]))
        self.state_label.setText(line)
        self.last_run_label.setText(self._last_run_text(state))
        sign_in = self._sign_in_text(state)
        self.sign_in_label.setText(sign_in)
        self.sign_in_label.setVisible(bool(sign_in))
        self.next_sync_label.setVisible(state.next_sync is not None and not state.draft)
        if state.next_sync is not None:
            self.next_sync_label.setText(self.tr("Next sync: {when}").format(when=when(state.next_sync)))
        waiting = state.waiting
        shown = {
            "conflicts": (waiting.conflicts, self.tr("%n conflict(s) to decide", "", waiting.conflicts)),
            "deletions": (waiting.deletions, self.tr("%n deletion(s) to confirm", "", waiting.deletions)),
            "matches": (waiting.matches, self.tr("%n possible duplicate(s) to review", "", waiting.matches)),
            "history": (waiting.uncertain, self.tr("%n write(s) with an unknown outcome", "", waiting.uncertain)),
        }
        for what, (count, text) in shown.items():
            button = self.review_buttons[what]
            button.setText(text)
            button.setVisible(bool(count) and not state.draft)
        self.waiting_label.setVisible(bool(waiting.total) and not state.draft)
        self.waiting_label.setText(self._waiting_text(state))
        self.finish_button.setVisible(state.draft)

    def _last_run_text(self, state: ProfileState) -> str:
        if state.draft:
            return self.tr("The setup was closed before the settings were finished. What was tested is kept (the "
                           "Upsales API key, the Fortnox sign-in): finish the settings, or remove the draft with "
                           "its saved sign-ins. A draft is never synced.")
        last = state.last_run
        if last is None:
            return self.tr("Not synced yet. Click Sync now for the first sync, or Preview to see what it would do "
                           "without writing anything.")
        done = any(n for per_kind in last.counts.values() for n in per_kind.values())
        if last.ok or done:
            text = self.tr("Last sync ({when}): {what}").format(when=when(last.started_at),
                                                                what=run_in_words(last.counts))
        else:
            text = self.tr("Last sync ({when}): nothing was written.").format(when=when(last.started_at))
        said = run_message(last.message_key, {**last.message_args, "run_id": last.run_id}) if last.message_key else ""
        return f"{text}\n{said}" if said else text

    def _sign_in_text(self, state: ProfileState) -> str:
        sign_in = state.sign_in
        days = int(sign_in.days_left) if sign_in.days_left is not None else None
        if state.draft:
            return ""
        if sign_in.status == "ok" and days is not None:
            return self.tr("The Fortnox sign-in holds for %n more day(s); every sync renews it.", "", days)
        if sign_in.status == "expiring" and days is not None:
            if days < 1:
                return self.tr("The Fortnox sign-in runs out today: sync now, and it is renewed.")
            return self.tr("The Fortnox sign-in runs out in %n day(s): sync before then, and it is renewed.", "",
                           days)
        if sign_in.status == "expired":
            return self.tr("The Fortnox sign-in has expired. Click Change settings… and sign in to Fortnox again.")
        if sign_in.status == "missing":
            return self.tr("The Upsales API key or the Fortnox sign-in is missing on this computer. Click Change "
                           "settings… and add it.")
        if sign_in.status == "keyring_unavailable":
            return self.tr("This computer's password manager cannot be read. Unlock it and press F5.")
        return ""

    def _waiting_text(self, state: ProfileState) -> str:
        if state.waiting.uncertain:
            return self.tr("Waiting for you. Writes with an unknown outcome: the connection broke off during them; "
                           "the next sync checks them before anything is written again.")
        return self.tr("Waiting for you:")

    # --- actions ----------------------------------------------------------------------------------------------

    def _review(self, what: str) -> None:
        if self.current is not None:
            self.review_requested.emit(self.current, what)

    def _emit(self, signal: Signal) -> None:
        if self.current is not None:
            signal.emit(self.current)


class _Running:
    """A state as seen while this window syncs the profile."""

    def __init__(self, state: ProfileState) -> None:
        self.running = True
        self.last_run, self.waiting, self.sign_in = state.last_run, state.waiting, state.sign_in
