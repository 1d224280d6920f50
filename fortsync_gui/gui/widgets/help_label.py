"""Explanatory text beside a field: wrapped, a little quieter than the field's own label."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget


class HelpLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName("help")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        palette = self.palette()
        fg = palette.color(QPalette.ColorRole.WindowText)
        bg = palette.color(QPalette.ColorRole.Window)
        palette.setColor(QPalette.ColorRole.WindowText, QColor.fromRgbF(
            0.72 * fg.redF() + 0.28 * bg.redF(), 0.72 * fg.greenF() + 0.28 * bg.greenF(),
            0.72 * fg.blueF() + 0.28 * bg.blueF()))
        self.setPalette(palette)
