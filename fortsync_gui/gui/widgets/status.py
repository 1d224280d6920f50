"""Status feedback: a line with spinner/icon and text, and a row per pre-flight check."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QWidget

from .busy import BusyIndicator
from .help_label import HelpLabel


class Status(Enum):
    OK = "ok"
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


_COLORS = {Status.OK: "#2e7d32", Status.INFO: "#1565c0", Status.WARNING: "#b26a00", Status.ERROR: "#c62828"}


def status_pixmap(status: Status, size: int = 18) -> QPixmap:
    """A filled circle in the status colour with a white check, i, ! or cross (drawn, so no icon theme is needed)."""
    ratio = 2.0
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(_COLORS[status]))
    p.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1))
    pen = QPen(QColor("white"), size / 9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    s = size
    if status is Status.OK:
        path = QPainterPath(QPointF(s * 0.28, s * 0.52))
        path.lineTo(s * 0.44, s * 0.68)
        path.lineTo(s * 0.72, s * 0.34)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
    elif status is Status.ERROR:
        p.drawLine(QPointF(s * 0.33, s * 0.33), QPointF(s * 0.67, s * 0.67))
        p.drawLine(QPointF(s * 0.67, s * 0.33), QPointF(s * 0.33, s * 0.67))
    else:
        top, bottom = (0.44, 0.74) if status is Status.INFO else (0.24, 0.56)
        dot = 0.28 if status is Status.INFO else 0.74
        p.drawLine(QPointF(s / 2, s * top), QPointF(s / 2, s * bottom))
        p.drawPoint(QPointF(s / 2, s * dot))
    p.end()
    return pixmap


class StatusLine(QWidget):
    """"Testar anslutningen…" with a spinner, then a coloured result with an icon; empty and hidden at first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spinner = BusyIndicator(self)
        self.icon = QLabel(self)
        self.icon.hide()
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.spinner, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        self.status: Status | None = None
        self.hide()

    def busy(self, text: str) -> None:
        self.status = None
        self.icon.hide()
        self.spinner.start()
        self._show_text(text, None)

    def show_status(self, status: Status, text: str) -> None:
        self.status = status
        self.spinner.stop()
        self.icon.setPixmap(status_pixmap(status))
        self.icon.show()
        self._show_text(text, _COLORS[status] if status is Status.ERROR else None)

    def clear(self) -> None:
        self.status = None
        self.spinner.stop()
        self.label.clear()
        self.hide()

    def text(self) -> str:
        return self.label.text()

    def _show_text(self, text: str, color: str | None) -> None:
        self.label.setText(text)
        self.label.setStyleSheet(f"color: {color};" if color else "")
        self.show()


class CheckRow(QWidget):
    """One pre-flight check: a status icon, a bold title and a Swedish explanation below it."""

    def __init__(self, status: Status, title: str, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = status
        icon = QLabel(self)
        icon.setPixmap(status_pixmap(status))
        self.title = QLabel(title, self)
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.explanation = HelpLabel(explanation, self)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setHorizontalSpacing(8)
        layout.setVerticalSpacing(1)
        layout.addWidget(icon, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.title, 0, 1)
        layout.addWidget(self.explanation, 1, 1)
        layout.setColumnStretch(1, 1)
        self.explanation.setVisible(bool(explanation))
