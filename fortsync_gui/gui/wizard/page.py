"""What every wizard page shares: the session, one background job at a time, a scrollable body, and where the keyboard
focus goes when the page opens (its first field, never the scroll area around it)."""

from __future__ import annotations

import html
from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget, QWizard, QWizardPage

from ..workers import Job, run_in_background
from .context import SetupSession


class PageId(IntEnum):
    WELCOME = 0
    UPSALES = 1
    FORTNOX = 2
    SETTINGS = 3
    CHECKS = 4
    DONE = 5


class SetupPage(QWizardPage):
    def __init__(self, session: SetupSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.context = session.context
        self._job: Job | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field, never to the invisible frame
        body = QWidget(scroll)
        scroll.setWidget(body)
        outer.addWidget(scroll)
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(0, 0, 8, 0)

    def run(self, fn: Callable[[], Any], on_success: Callable[[Any], None],
            on_error: Callable[[Exception], None]) -> Job:
        """Run ``fn`` off the GUI thread; a result from an earlier run of this page is dropped."""
        self.cancel_job()
        self._job = run_in_background(fn, parent=self, on_success=on_success, on_error=on_error)
        self._job.finished.connect(self.completeChanged)
        self.completeChanged.emit()
        return self._job

    def cancel_job(self) -> None:
        if self._job is not None and self._job.running:
            self._job.discard()
        self._job = None

    def stop(self) -> None:
        """The wizard is closing: drop pending results (pages with more to stop extend this)."""
        self.cancel_job()

    @property
    def busy(self) -> bool:
        return self._job is not None and self._job.running

    def cleanupPage(self) -> None:
        """Going back keeps what the user entered and tested (QWizard's default would reset the fields)."""

    def first_field(self) -> QWidget | None:
        """Where the keyboard focus goes when the page opens; None: the wizard's default button (Nästa, Färdig)."""
        return None

    def focus_first_field(self) -> None:
        """Put the focus on :meth:`first_field`, or on the default button when the page has no field to fill."""
        target = self.first_field()
        if target is not None and target.isEnabled() and target.isVisibleTo(self):
            target.setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self.focus_default_button()

    def focus_default_button(self) -> None:
        """Focus Nästa (Färdig on the last page) when it can be pressed: Enter and Space then go on."""
        wizard = self.wizard()
        if wizard is None or wizard.currentPage() is not self:
            return
        for which in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.NextButton):
            button = wizard.button(which)
            if button.isVisible() and button.isEnabled():
                button.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def hand_focus_to(self, field: QWidget, *buttons: QWidget) -> None:
        """About to disable ``buttons`` (a test starts): a focused one hands the focus to ``field``. Qt would pass it to
        the next button in the chain, "< Tillbaka", and Enter would then go back a page."""
        wizard = self.wizard()
        focused = wizard.focusWidget() if wizard is not None else None
        if focused is not None and any(focused is button for button in buttons):
            field.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_after_test(self, ok: bool, field: QWidget, *buttons: QWidget) -> None:
        """A test the user started is over: on success Nästa has the focus (Enter goes on), else the field (to correct
        it). Focus the user moved elsewhere meanwhile stays where it is."""
        if not self.focus_is_on(field, *buttons):
            return
        if ok:
            self.focus_default_button()
        else:
            field.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_is_on(self, *widgets: QWidget) -> bool:
        """The focus is on one of ``widgets`` (or inside one), or nowhere in particular."""
        wizard = self.wizard()
        focused = wizard.focusWidget() if wizard is not None else None
        return focused is None or not focused.isEnabled() or any(w is focused or w.isAncestorOf(focused)
                                                                  for w in widgets)


def rich_list(items: list[str], ordered: bool = False) -> QLabel:
    """A wrapped label showing plain-text ``items`` as a bulleted (or numbered) list; in a bulleted list a short
    lead ending in a colon ("Kunder och företag:") is set in bold."""
    tag = "ol" if ordered else "ul"
    rows = []
    for item in items:
        lead, sep, rest = item.partition(": ")
        if sep and len(lead) <= 40 and not ordered:
            rows.append(f"<li><b>{html.escape(lead, quote=False)}:</b> {html.escape(rest, quote=False)}</li>")
        else:
            rows.append(f"<li>{html.escape(item, quote=False)}</li>")
    label = QLabel(f"<{tag} style='margin-left:-20px'>{''.join(rows)}</{tag}>")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label
