"""In ``--demo``: the sandbox's credentials, shown beside the field they belong in, with a copy button."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QFrame, QGridLayout, QLabel, QLineEdit, QPushButton, QWidget


class DemoHint(QFrame):
    def __init__(self, text: str, value: Callable[[], str], *, refreshable: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = value
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("DemoHint { background: #fff8e1; border: 1px solid #e0c060; border-radius: 4px; }")
        label = QLabel(text, self)
        label.setWordWrap(True)
        self.field = QLineEdit(value(), self)
        self.field.setReadOnly(True)
        self.copy = QPushButton(self.tr("&Copy"), self)
        self.copy.clicked.connect(lambda: QApplication.clipboard().setText(self.field.text()))
        layout = QGridLayout(self)
        layout.addWidget(label, 0, 0, 1, 3)
        layout.addWidget(self.field, 1, 0)
        layout.addWidget(self.copy, 1, 1)
        if refreshable:
            renew = QPushButton(self.tr("New &code"), self)
            renew.setToolTip(self.tr("A code can be used once and is valid for 10 minutes"))
            renew.clicked.connect(lambda: self.field.setText(self._value()))
            layout.addWidget(renew, 1, 2)

    @property
    def value(self) -> str:
        return self.field.text()
