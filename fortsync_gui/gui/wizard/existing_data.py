"""R1: the warning about data already in Upsales, with the real counts once Upsales is connected."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QLabel, QWidget

from ..widgets import HelpLabel, Status
from ..widgets.status import status_pixmap
from .context import SetupSession


class ExistingDataNotice(QGroupBox):
    """Shown on the welcome and Upsales pages; both follow the session, so the choice is made once."""

    def __init__(self, session: SetupSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setTitle(self.tr("Existing data in Upsales"))
        self.icon = QLabel(self)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.match = QCheckBox(self.tr("&Match existing companies and products against Fortnox before the first "
                                       "import (recommended)"), self)
        self.match.setChecked(session.match_duplicates)
        self.match.toggled.connect(self._set_match)
        self.match_help = HelpLabel(self.tr(
            "Fortsync pairs them by organisation number and existing Fortnox customer number and lets you "
            "confirm suggestions by name or e-mail, instead of creating a second copy of each."), self)
        layout = QGridLayout(self)
        layout.addWidget(self.icon, 0, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 0, 1)
        layout.addWidget(self.match, 1, 1)
        layout.addWidget(self.match_help, 2, 1)
        layout.setColumnStretch(1, 1)
        session.existing_data_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        counts = self.session.counts
        has_data = counts is not None and counts.total > 0
        if counts is None:
            status, text = Status.WARNING, self.tr(
                "If your Upsales account already has companies, products or orders, the first synchronisation may "
                "create duplicates. Fortsync counts them as soon as Upsales is connected and offers to match them "
                "against Fortnox first.")
        elif has_data:
            status, text = Status.WARNING, self.tr(
                "Your Upsales account already has {companies}, {products} and {orders}. Importing from Fortnox "
                "without matching them first may create duplicates.").format(
                companies=self.tr("%n company(ies)", "", counts.companies),
                products=self.tr("%n product(s)", "", counts.products),
                orders=self.tr("%n order(s)", "", counts.orders))
        else:
            status, text = Status.OK, self.tr(
                "Your Upsales account has no companies, products or orders yet, so the first import cannot create "
                "duplicates.")
        self.icon.setPixmap(status_pixmap(status))
        self.text.setText(text)
        self.match.setVisible(has_data)
        self.match_help.setVisible(has_data)
        if self.match.isChecked() != self.session.match_duplicates:
            self.match.setChecked(self.session.match_duplicates)

    def _set_match(self, checked: bool) -> None:
        if self.session.match_duplicates != checked:
            self.session.match_duplicates = checked
            self.session.existing_data_changed.emit()
