"""Is anything cut off? Every text a user should read (labels, buttons, tabs, the status bar, the cells of a table
that does not wrap) must have the room it needs, inside the window; in a page that scrolls, nothing may stick out
sideways (pages scroll only up and down). The audit trail (Historik's record list, a model view) may elide its long
reasons: each has its tooltip and the CSV export."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QComboBox,
    QLabel,
    QScrollArea,
    QTabBar,
    QTableWidget,
    QWidget,
)


def _scroll_area_of(widget: QWidget, root: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def cut_off(root: QWidget) -> list[str]:
    problems: list[str] = []
    window = root.rect()
    if root.minimumSizeHint().width() > root.width() or root.minimumSizeHint().height() > root.height():
        problems.append(f"{type(root).__name__} needs {root.minimumSizeHint().toTuple()}, has {root.size().toTuple()}")
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or not widget.isVisibleTo(root):
            continue
        text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
        name = f"{type(widget).__name__} {text!r}"
        area = _scroll_area_of(widget, root)
        if area is not None:
            viewport = area.viewport()
            if not isinstance(area, QScrollArea) or not viewport.isAncestorOf(widget):
                continue  # a table's or a list's own parts, a scroll bar
            left = widget.mapTo(viewport, QPoint(0, 0)).x()
            if left + widget.width() > viewport.width() + 1:
                problems.append(f"{name} sticks out of its page sideways ({left + widget.width()} > "
                                f"{viewport.width()})")
        else:
            rect = QRect(widget.mapTo(root, QPoint(0, 0)), widget.size())
            if not window.contains(rect) and widget.width() and widget.height():
                problems.append(f"{name} lies outside the window: {rect.getRect()} in {window.getRect()}")
        if isinstance(widget, QLabel) and widget.text():
            if widget.wordWrap():
                if widget.heightForWidth(widget.width()) > widget.height() + 1:
                    problems.append(f"{name} is cut off at the bottom")
            elif widget.width() < widget.sizeHint().width():
                problems.append(f"{name} is cut off ({widget.width()} < {widget.sizeHint().width()})")
        elif isinstance(widget, QAbstractButton) and widget.text() and not isinstance(widget.parentWidget(), QTabBar):
            if widget.width() < widget.sizeHint().width():
                problems.append(f"{name} is cut off ({widget.width()} < {widget.sizeHint().width()})")
        elif isinstance(widget, QComboBox) and widget.width() < widget.minimumSizeHint().width():
            problems.append(f"{name} is narrower than its shortest text")
        elif isinstance(widget, QTableWidget) and not widget.wordWrap():
            metrics = widget.fontMetrics()
            for r in range(min(widget.rowCount(), 50)):
                for c in range(widget.columnCount()):
                    item = widget.item(r, c)
                    if item is not None and metrics.horizontalAdvance(item.text()) + 8 > widget.columnWidth(c):
                        problems.append(f"the cell {item.text()!r} is cut off (a table that does not wrap)")
        elif isinstance(widget, QTabBar) and widget.count():
            last = widget.tabRect(widget.count() - 1)
            if last.right() > widget.width():
                problems.append(f"the tabs need {last.right()} pixels, the bar has {widget.width()}")
    return problems
