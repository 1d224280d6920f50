"""A masked field for API keys and codes, with a show/hide toggle; whitespace the user pastes along is dropped. Enter
in the field is handed to :attr:`on_return` (the page tests the key): when it takes it, the wizard does not also see
it (Enter would press Nästa as well)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QWidget


class SecretLineEdit(QWidget):
    textChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)  # also disables copy and cut
        self.edit.setClearButtonEnabled(True)
        self.toggle = QToolButton(self)
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._set_visible)
        self._set_visible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.toggle)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self._drop_whitespace)
        self.edit.textChanged.connect(self.textChanged)
        self.on_return: Callable[[], bool] | None = None  # Enter in the field; True: handled, the dialog ignores it
        self.edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.on_return is not None):
            return self.on_return()
        return super().eventFilter(watched, event)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        self.edit.setText("".join(text.split()))

    def clear(self) -> None:
        self.edit.clear()

    def setPlaceholderText(self, text: str) -> None:
        self.edit.setPlaceholderText(text)

    def revealed(self) -> bool:
        return self.edit.echoMode() == QLineEdit.EchoMode.Normal

    def _set_visible(self, visible: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password)
        self.toggle.setText(self.tr("&Hide") if visible else self.tr("&Show"))
        self.toggle.setToolTip(self.tr("Hide the text") if visible else self.tr("Show the text"))

    def _drop_whitespace(self, text: str) -> None:
        """Keys and codes never contain whitespace; a paste often brings a space or line break along."""
        cleaned = "".join(text.split())
        if cleaned != text:
            cursor = self.edit.cursorPosition() - (len(text) - len(cleaned))
            self.edit.setText(cleaned)
            self.edit.setCursorPosition(max(0, cursor))
