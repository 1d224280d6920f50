"""A read-only table for long lists (a run's audit trail can hold tens of thousands of lines): the view asks only for
the rows on screen, and a row becomes text (``render``) only when it is first shown, so a list costs the same to show
whatever its length."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    def __init__(self, headers: list[str], render: Callable[[Any], list[str]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = headers
        self._render = render  # one row's cells, in column order
        self._rows: Sequence[Any] = []
        self._texts: dict[int, list[str]] = {}

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._texts = {}
        self.endResetModel()

    def text(self, row: int, column: int) -> str:
        texts = self._texts.get(row)
        if texts is None:
            texts = self._texts[row] = self._render(self._rows[row])
        return texts[column]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) and index.isValid():
            text = self.text(index.row(), index.column())
            return text if role == Qt.ItemDataRole.DisplayRole or len(text) > 40 else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None
