"""Base of the main window's tabs that show one profile's state from the store (conflicts, deletions, duplicates,
history, errors). Reads are short single-session queries of the local database; syncs run elsewhere."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from fortsync_gui.store import Store, profiles


class StoreView(QWidget):
    changed = Signal()  # the user decided something: counts elsewhere (tab titles) are stale

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.profile: str | None = None

    def set_profile(self, name: str | None) -> None:
        self.profile = name
        self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError

    def profile_id(self) -> int | None:
        if self.profile is None:
            return None
        with self.store.session() as session:
            found = profiles.get_profile(session, self.profile)
            return None if found is None else found.id


def table(headers: list[str], parent: QWidget, *, wrap: bool = False) -> QTableWidget:
    """A read-only table with whole-row selection whose last column takes the spare width. ``wrap``: long values
    wrap onto more lines (the rows grow whenever a column's width changes) instead of being cut off in a narrow
    window."""
    widget = QTableWidget(0, len(headers), parent)
    widget.setHorizontalHeaderLabels(headers)
    widget.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    widget.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    widget.verticalHeader().setVisible(False)
    widget.setWordWrap(False)
    header = widget.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setResizeContentsPrecision(100)  # size columns by the first rows: long audit trails stay quick
    if wrap:  # the columns share the width, whatever the window's; the rows grow with what they hold
        widget.setWordWrap(True)
        widget.setProperty("wraps", True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        widget.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return widget


def fill(widget: QTableWidget, rows: list[list[str]], *, wrap: bool = False) -> None:
    """``wrap``: long texts in the last column wrap onto more lines instead of being cut off. Nothing is selected
    afterwards (rows are new): a decision made on a selection never carries over to the row that took its place."""
    widget.clearSelection()
    widget.selectionModel().clearCurrentIndex()
    widget.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text if len(text) > 40 else "")
            widget.setItem(r, c, item)
    if not widget.property("wraps"):
        widget.resizeColumnsToContents()
        for c in range(widget.columnCount() - 1):
            widget.setColumnWidth(c, min(widget.columnWidth(c), 320))
    widget.clearSelection()
    widget.selectionModel().clearCurrentIndex()
    if wrap:
        widget.setWordWrap(True)
        widget.resizeRowsToContents()


def selected_rows(widget: QTableWidget) -> list[int]:
    return sorted({index.row() for index in widget.selectionModel().selectedRows()})
