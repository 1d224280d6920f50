"""Fortsync's icons, drawn from the SVG at whatever size the screen asks for (crisp at 200 % scaling): the app and
window icon, and the tray icon per state (a coloured badge: syncing, needs attention, paused).

The SVG here is a copy of ``resources/fortsync.svg`` (the desktop entry's icon); a test keeps the two identical.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

SVG = Path(__file__).resolve().with_name("fortsync.svg")
DESKTOP_FILE_NAME = "se.fortsync.Fortsync"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)

# Badge colours per tray state; "synced" has none (the plain app icon).
BADGES = {"syncing": "#2f80ed", "attention": "#e5484d", "paused": "#8a8f98"}


class _SvgIconEngine(QIconEngine):
    """Paints the SVG (and a badge) at the exact device size asked for, instead of scaling a bitmap."""

    def __init__(self, badge: str | None) -> None:
        super().__init__()
        self._badge = badge

    def paint(self, painter: QPainter, rect: QRectF | object, mode: QIcon.Mode, state: QIcon.State) -> None:
        paint_icon(painter, QRectF(rect), self._badge)  # type: ignore[arg-type]

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRectF(0, 0, size.width(), size.height()), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _SvgIconEngine(self._badge)


@cache
def _renderer() -> QSvgRenderer:
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise FileNotFoundError(f"the app icon is missing or broken: {SVG}")
    return renderer


def paint_icon(painter: QPainter, rect: QRectF, badge: str | None = None) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _renderer().render(painter, rect)
    if badge is None:
        return
    side = rect.width() * 0.46
    dot = QRectF(rect.right() - side, rect.bottom() - side, side, side)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#ffffff"))
    painter.drawEllipse(dot)
    inset = side * 0.14
    painter.setBrush(QColor(BADGES[badge]))
    painter.drawEllipse(dot.adjusted(inset, inset, -inset, -inset))


def app_icon() -> QIcon:
    return QIcon(_SvgIconEngine(None))


def state_icon(state: str) -> QIcon:
    """The tray icon for "synced", "syncing", "attention" or "paused"."""
    return QIcon(_SvgIconEngine(state if state in BADGES else None))


def render_png(path: Path, size: int, badge: str | None = None) -> None:
    """The icon as a PNG of ``size`` pixels (the build makes .ico and .icns from these)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_icon(painter, QRectF(0, 0, size, size), badge)
    painter.end()
    if not pixmap.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
