"""The sync view: **Synka nu** / Provkör / Avbryt, the phase, a progress bar with counts and ETA, the run's result, and
the live log (the main window shows it as its Logg tab). A run goes to a :class:`SyncWorker` thread; this only reacts
to its signals, so the window never waits on the network or the database.

The log follows new lines (wrapped ones too) until the user scrolls up to read, and follows again once they scroll
back to the end. A draft profile (the wizard was closed before the end) cannot be synced.

    view = SyncView(store_url, secrets, sync_env, parent=window)
    view.set_profile("acme")
    view.started.connect(...)     # a run began
    view.finished.connect(...)    # RunSummary, once the worker thread is over
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fortsync_gui.engine.api import ConflictEvent, ItemEvent, Phase, RunSummary, Weight
from fortsync_gui.engine.progress import Estimator
from fortsync_gui.messages import counted
from fortsync_gui.secrets import SecretStore
from fortsync_gui.store import Action

from .names import KINDS, PHASES, field, name, reason, run_message, verb
from .sync_worker import SyncRequest, SyncWorker

LOG_LINES = 5000  # the live log keeps the latest lines; the full trail is in Historik
BAR_STEPS = 1000  # the bar's range while it follows the run's weights
SHOWN_COUNTS = ("created", "updated", "linked", "unlinked", "deleted", "failed")


class SyncView(QWidget):
    started = Signal()
    finished = Signal(object)  # RunSummary

    def __init__(self, store_url: str, secrets: SecretStore, sync_env: Mapping[str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store_url = store_url
        self._secrets = secrets
        self._sync_env = dict(sync_env or {})
        self.profile: str | None = None
        self.draft = False  # the profile is a draft: never synced
        self.worker: SyncWorker | None = None
        self._estimate = Estimator()  # the time left, from the engine's progress weights
        self._weight: Weight | None = None  # the latest, sent just before its progress
        self._share = 0.0  # the share of the run's weight the bar shows (it never goes back)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        actions = QHBoxLayout()
        self.sync_button = QPushButton(self.tr("&Sync now"), self)
        self.sync_button.setDefault(True)
        self.sync_button.setToolTip(self.tr("Sync the profile now (Ctrl+R)"))
        self.sync_button.clicked.connect(lambda: self.start())
        self.preview_button = QPushButton(self.tr("Pre&view (writes nothing)"), self)
        self.preview_button.setToolTip(self.tr("See what a sync would do, without writing anything (Ctrl+Shift+R)"))
        self.preview_button.clicked.connect(lambda: self.start(dry_run=True))
        self.cancel_button = QPushButton(self.tr("Can&cel"), self)
        self.cancel_button.clicked.connect(self.cancel)
        for button in (self.sync_button, self.preview_button, self.cancel_button):
            actions.addWidget(button)
        self.phase_label = QLabel(self)
        self.phase_label.setWordWrap(True)  # a long phase takes two lines in a narrow window, never cut off
        self.phase_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        actions.addWidget(self.phase_label, 1)
        layout.addLayout(actions)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.progress.hide()  # shown from a run's start: an empty bar means nothing to a new user
        layout.addWidget(self.progress)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.hide()  # no empty line where a result goes
        layout.addWidget(self.result_label)
        self.log = QPlainTextEdit(self)  # placed by the main window, as its Logg tab
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(LOG_LINES)
        self.following = True  # the log shows its newest line until the user scrolls up to read
        bar = self.log.verticalScrollBar()
        bar.actionTriggered.connect(lambda _action: QTimer.singleShot(0, self, self._user_scrolled))
        bar.sliderReleased.connect(self._user_scrolled)
        self.log.installEventFilter(self)
        self._update_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.log and event.type() == QEvent.Type.KeyPress:  # PageUp, Ctrl+Home, arrows
            QTimer.singleShot(0, self, self._user_scrolled)
        return super().eventFilter(watched, event)

    def _user_scrolled(self) -> None:
        """The user moved the log: it follows new lines again only once they are back at the end."""
        bar = self.log.verticalScrollBar()
        self.following = bar.value() >= bar.maximum()

    def set_profile(self, profile: str | None, *, draft: bool = False) -> None:
        """Show ``profile``: an empty log and no result (not during a run, which keeps its profile)."""
        if self.worker is not None:
            return
        self.profile, self.draft = profile, draft and profile is not None
        self.log.clear()
        self.following = True
        self.result_label.clear()
        self.result_label.setVisible(self.draft)
        self.phase_label.clear()
        self.progress.reset()
        self.progress.hide()
        if self.draft:
            self.result_label.setText(self.tr(
                "This profile is a draft: the setup was closed before its settings were finished, and a draft is "
                "never synced. Finish them with Change settings…, or remove the draft in the overview."))
        self._update_buttons()

    def start(self, *, dry_run: bool = False, allow_removals: bool = False) -> bool:
        """Start a sync (a preview with ``dry_run``) of the profile; False when one runs already, none is chosen or
        the profile is a draft."""
        if self.worker is not None or self.profile is None or self.draft:
            return False
        self.log.clear()
        self.following = True
        self.result_label.clear()
        self.result_label.hide()
        self.progress.setRange(0, 0)  # busy until the first phase reports its size
        self.progress.show()
        self._estimate.reset()
        self._weight = None
        self._share = 0.0
        request = SyncRequest(self._store_url, self.profile, self._secrets, dry_run=dry_run,
                              allow_removals=allow_removals, env=self._sync_env)
        worker = SyncWorker(request, self)
        worker.phase_changed.connect(self._on_phase)
        worker.weighed.connect(self._on_weight)
        worker.progressed.connect(self._on_progress)
        worker.item.connect(self._on_item)
        worker.conflict.connect(self._on_conflict)
        worker.done.connect(self._on_done)
        self.worker = worker
        self._append(self.tr("Preview started: nothing is written.") if dry_run else self.tr("Sync started."))
        self._update_buttons()
        self.started.emit()
        worker.start()
        return True

    def cancel(self) -> None:
        """Stop the run between two actions (what is written stays written)."""
        if self.worker is not None:
            self.worker.cancel()
            self.cancel_button.setEnabled(False)
            self.phase_label.setText(self.tr("Cancelling after the current step…"))

    def _update_buttons(self) -> None:
        idle = self.worker is None and self.profile is not None and not self.draft
        self.sync_button.setEnabled(idle)
        self.preview_button.setEnabled(idle)
        self.cancel_button.setEnabled(self.worker is not None)

    def _on_phase(self, phase: Phase) -> None:
        self.phase_label.setText(name(PHASES, phase))
        self._set_bar(0, 0)

    def _on_progress(self, done: int, total: int) -> None:
        weight = self._weight
        whole = weight is not None and weight.whole and weight.total > 0
        if total <= 0 and not whole:
            return
        left = None
        if whole:  # the engine's weights (engine/progress.py): each action, and the reading of the rest, by its cost
            assert weight is not None
            # the bar follows the expected time, and never goes back when the plan replaces the forecast
            self._share = max(self._share, min(1.0, weight.done / weight.total))
            self._set_bar(0, BAR_STEPS, round(self._share * BAR_STEPS))
            seconds = self._estimate.of(time.monotonic(), weight)
            if seconds is not None and weight.done < weight.total:
                left = round(seconds)
        elif weight is not None:  # the rest is still being listed: how far the run is, is not known yet
            self._estimate.of(time.monotonic(), weight)  # the clock starts at the first action
            self._set_bar(0, 0)
        else:  # a preview: its actions
            self._set_bar(0, total, done)
        parts = [self.tr("%v of %m").replace("%v", str(done)).replace("%m", str(total))] if total > 0 else []
        if left is not None:
            parts.append(self.tr("about %n seconds left", "", left) if left < 120 else
                         self.tr("about %n minutes left", "", round(left / 60)))
        self.progress.setFormat(" – ".join(parts))

    def _set_bar(self, minimum: int, maximum: int, value: int | None = None) -> None:
        """QProgressBar repaints itself there and then when its value moves (or a new range resets it): on the GUI
        thread, for each of a run's hundreds of progress signals. With updates off it skips that, and turning them
        on again queues one ordinary update, painted with the rest of the window."""
        self.progress.setUpdatesEnabled(False)
        self.progress.setRange(minimum, maximum)
        if value is not None:
            self.progress.setValue(value)
        self.progress.setUpdatesEnabled(True)

    def _on_weight(self, weight: Weight) -> None:
        self._weight = weight

    def _on_item(self, item: ItemEvent) -> None:
        if item.action is Action.CONFLICT:
            return  # _on_conflict has logged it, with the field and both values
        ids = " / ".join(x for x in (item.upsales_id and f"Upsales {item.upsales_id}",
                                     item.fortnox_id and f"Fortnox {item.fortnox_id}") if x)
        line = f"{name(KINDS, item.kind)} · {item.label or ids}: {verb(item.action, item.outcome)}"
        if item.error_key or item.error_text:
            line += f" – {reason(item.error_key, item.error_text)}"
        self._append(line)

    def _on_conflict(self, conflict: ConflictEvent) -> None:
        def shown(value: Any) -> str:
            return self.tr("(empty)") if value in (None, "") else str(value)

        self._append(f"{name(KINDS, conflict.kind)} · {conflict.label or ''}: " + self.tr(
            "conflict in the field {field} – Upsales: {upsales}, Fortnox: {fortnox}").format(
            field=field(conflict.field), upsales=shown(conflict.upsales_value),
            fortnox=shown(conflict.fortnox_value)))

    def _append(self, line: str) -> None:
        self.log.appendPlainText(f"{time.strftime('%H:%M:%S')}  {line}")
        if self.following:  # QPlainTextEdit alone stops following once the last line wraps
            bar = self.log.verticalScrollBar()
            bar.setValue(bar.maximum())

    def _on_done(self, summary: RunSummary) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.wait()  # already over: ``done`` comes after the thread's last signal
            worker.deleteLater()
        self._set_bar(0, 1, 1)
        self.progress.setFormat("")
        self.phase_label.setText(self._result_title(summary))
        self.result_label.setText(self._result_text(summary))
        self.result_label.show()
        self._append(self.result_label.text())
        self._update_buttons()
        self.finished.emit(summary)

    def _result_title(self, summary: RunSummary) -> str:
        if summary.status == "ok":
            return self.tr("Preview done") if summary.dry_run else self.tr("Sync done")
        if summary.status == "stopped":
            return self.tr("Stopped")
        return self.tr("Failed")

    def _result_text(self, summary: RunSummary) -> str:
        planned = {"created": self.tr("to create"), "updated": self.tr("to update"), "linked": self.tr("to link")}
        parts = []
        for kind, counts in sorted(summary.counts.items()):
            done = [(k, n) for k, n in counts.items() if n and k in SHOWN_COUNTS]
            if done:  # "1 skapad, 2 borttagna"; in a preview "3 att skapa"
                parts.append(f"{name(KINDS, kind)}: " + ", ".join(
                    f"{n} {planned[k]}" if summary.dry_run and k in planned else counted(k, n) for k, n in done))
        if parts:
            text = "; ".join(parts) + "."
        elif summary.status == "ok":
            text = self.tr("Nothing to do: everything was already in sync.")
        else:  # a run that failed or was stopped before it wrote anything says so, not that all is in sync
            text = self.tr("Nothing was written.")
        if summary.status == "ok" and summary.run_id is not None:
            text = self.tr("{counts} Took {seconds} s.").format(counts=text, seconds=round(summary.duration_s))
        message = run_message(summary.message_key, {**dict(summary.message_args), "run_id": summary.run_id})
        return f"{message}\n{text}" if message else text
