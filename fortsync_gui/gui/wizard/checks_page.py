"""Page 5, Kontroller och förhandsgranskning: the pre-flight checks of :mod:`fortsync_gui.preflight`, one row each.

Below them, the preview section is the seam for the sync engine's dry-run plan and duplicate-match review
(:class:`~fortsync_gui.gui.wizard.context.PreviewSeam`); it stays hidden until the app supplies one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from fortsync_gui import preflight
from fortsync_gui.preflight import Check, Level

from .. import check_texts, messages
from ..widgets import CheckRow, Status, StatusLine
from ..workers import Job, run_in_background
from . import backend
from .context import SetupSession
from .page import SetupPage

_STATUS = {Level.OK: Status.OK, Level.INFO: Status.INFO, Level.WARNING: Status.WARNING, Level.ERROR: Status.ERROR}


class ChecksPage(SetupPage):
    def __init__(self, session: SetupSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setTitle(self.tr("Checks and preview"))
        self.setSubTitle(self.tr("Fortsync checks that everything the synchronisation needs is in place before "
                                 "anything is written."))
        self.checks: list[Check] | None = None
        self.rows: list[CheckRow] = []
        self._preview_job: Job | None = None
        self._preview_widget: QWidget | None = None

        self.group = QGroupBox(self.tr("Checks"), self)
        self.rows_layout = QVBoxLayout(self.group)
        self.status = StatusLine(self)
        self.rows_layout.addWidget(self.status)
        self.body.addWidget(self.group)
        row = QHBoxLayout()
        self.rerun = QPushButton(self.tr("&Run the checks again"), self)
        self.rerun.clicked.connect(self._run_checks)
        row.addWidget(self.rerun)
        row.addStretch(1)
        self.body.addLayout(row)

        self.preview = QGroupBox(self.tr("Preview of the first synchronisation"), self)
        self.preview_layout = QVBoxLayout(self.preview)
        self.preview_status = StatusLine(self)
        self.preview_layout.addWidget(self.preview_status)
        self.preview.setVisible(self.context.preview is not None)
        self.body.addWidget(self.preview)
        self.body.addStretch(1)

    def initializePage(self) -> None:
        self._run_checks()

    def first_field(self) -> QWidget | None:
        return None  # nothing to fill in: Nästa, once the checks are through

    def _run_checks(self) -> None:
        upsales, fortnox, settings = self.session.upsales, self.session.fortnox, self.session.settings
        assert upsales is not None and fortnox is not None and settings is not None
        self.checks = None
        self._clear_rows()
        self._clear_preview()
        # "Kör kontrollerna igen" stays enabled (pressing it again restarts the checks): a button disabled under the
        # keyboard focus would hand the focus to "< Tillbaka"
        self.status.busy(self.tr("Checking Upsales and Fortnox…"))
        self.run(lambda: preflight.run_preflight(backend.preflight_sources(upsales, fortnox), settings),
                 self._checked, self._failed)

    def _checked(self, checks: list[Check]) -> None:
        self.checks = checks
        if preflight.blocking(checks):
            self.status.show_status(Status.ERROR, self.tr("Fix the problems marked in red, then run the checks "
                                                          "again."))
        else:
            self.status.show_status(Status.OK, self.tr("Everything is in place."))
        for check in checks:
            row = CheckRow(_STATUS[check.level], check_texts.title(check), check_texts.explanation(check), self)
            self.rows.append(row)
            self.rows_layout.addWidget(row)
        self._start_preview()
        self.completeChanged.emit()
        if self.focus_is_on(self.rerun):
            self.focus_default_button()  # Enter goes on (or, with a red row, Kör kontrollerna igen is the way)

    def _failed(self, error: Exception) -> None:
        self.status.show_status(Status.ERROR, messages.error_text(messages.Service.UPSALES, error))
        self.completeChanged.emit()

    def _clear_rows(self) -> None:
        for row in self.rows:
            row.deleteLater()
        self.rows.clear()

    def _start_preview(self) -> None:
        seam = self.context.preview
        if seam is None or self.checks is None or preflight.blocking(self.checks):
            return
        draft = self.wizard().profile_draft()  # type: ignore[attr-defined]
        self.preview_status.busy(self.tr("Planning the first synchronisation without writing anything…"))
        self._preview_job = run_in_background(lambda: seam.plan(draft), parent=self, on_success=self._show_preview,
                                              on_error=self._preview_failed)

    def _show_preview(self, plan: Any) -> None:
        seam = self.context.preview
        assert seam is not None
        self.preview_status.clear()
        self._preview_widget = seam.render(plan)
        self.preview_layout.addWidget(self._preview_widget)

    @property
    def preview_shown(self) -> bool:
        """The dry run's result (or why it failed) is on the page."""
        return self._preview_widget is not None or self.preview_status.status is not None

    def _clear_preview(self) -> None:
        if self._preview_job is not None:
            self._preview_job.discard()
            self._preview_job = None
        if self._preview_widget is not None:
            self._preview_widget.deleteLater()
            self._preview_widget = None
        self.preview_status.clear()

    def stop(self) -> None:
        self._clear_preview()
        super().stop()

    def _preview_failed(self, error: Exception) -> None:
        self.preview_status.show_status(Status.ERROR, messages.error_text(messages.Service.FORTNOX, error))

    def isComplete(self) -> bool:
        return self.checks is not None and not self.busy and not preflight.blocking(self.checks)
