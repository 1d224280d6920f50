"""Historik: every run of the profile with its counts; choosing one lists its audit trail, which can be exported as
CSV for Excel (the same file as ``fortsync report RUN_ID --csv``). A large import leaves tens of thousands of audit
lines: they are read on a worker thread and shown through a model, so choosing a run never freezes the window."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Row, select

from fortsync_gui.clients.redact import redact
from fortsync_gui.files import private_file
from fortsync_gui.messages import counted
from fortsync_gui.store import Store, runs
from fortsync_gui.store.models import Run, RunItem

from .names import KINDS, STATUSES, name, reason, run_message, verb
from .rows_model import RowsModel
from .store_view import StoreView, fill, selected_rows, table
from .workers import Job, run_in_background

COUNTED = ("create", "update", "link", "unlink", "delete", "skip", "failed")  # a run's counts, as the store keeps them


def local_time(moment: datetime | None) -> str:
    if moment is None:
        return "–"
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone().strftime("%Y-%m-%d %H:%M")


def counts_text(run: Run) -> str:
    parts = []
    for kind, counts in sorted((run.counts or {}).items()):
        done = {k: n for k, n in counts.items() if n and k in COUNTED}
        if done:  # "1 skapad, 2 borttagna"
            parts.append(f"{name(KINDS, kind)}: " + ", ".join(counted(k, n) for k, n in done.items()))
    return "; ".join(parts) or "–"


def write_csv(store: Store, run_id: int, target: Path) -> Path:
    """The run's audit trail as the CSV ``fortsync report RUN_ID --csv`` writes (a worker thread)."""
    from fortsync_gui.audit_csv import csv_bytes

    with store.session() as session:
        rows = runs.run_items_as_rows(session, run_id)
    target.write_bytes(csv_bytes(rows))
    private_file(target)  # the audit trail names customers and amounts: the user's only
    return target


def item_rows(store: Store, run_id: int) -> list[Row[Any]]:
    """The run's audit trail, plain columns only (a worker thread: its own session; the view renders what it shows)."""
    with store.session() as session:
        return list(session.execute(select(RunItem.at, RunItem.kind, RunItem.action, RunItem.outcome, RunItem.label,
                                           RunItem.upsales_id, RunItem.fortnox_id, RunItem.error_key,
                                           RunItem.error_text).where(RunItem.run_id == run_id).order_by(RunItem.seq)))


def item_texts(item: Row[Any]) -> list[str]:
    return [local_time(item.at)[11:], name(KINDS, item.kind), verb(item.action, item.outcome), item.label or "",
            item.upsales_id or "", item.fortnox_id or "", reason(item.error_key, item.error_text)]


class HistoryView(StoreView):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self._runs: list[Run] = []
        self._job: Job | None = None
        self._export: Job | None = None
        self._columns_pending = False  # rows came while Historik was hidden: their columns are sized once it shows
        layout = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.runs_table = table([self.tr("Run"), self.tr("Started"), self.tr("Result"), self.tr("What was done")],
                                splitter)
        self.runs_table.itemSelectionChanged.connect(self.show_items)
        self.runs_table.setWordWrap(True)  # a first import's counts take two lines
        self.runs_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.items_model = RowsModel([self.tr("Time"), self.tr("Type"), self.tr("Action"), self.tr("Name"),
                                      self.tr("Upsales id"), self.tr("Fortnox id"), self.tr("Reason")], item_texts,
                                     self)
        self.items_table = QTableView(splitter)
        self.items_table.setModel(self.items_model)
        self.items_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items_table.setWordWrap(False)
        self.items_table.verticalHeader().setVisible(False)
        self.items_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.items_table.horizontalHeader().setStretchLastSection(True)
        self.items_table.horizontalHeader().setResizeContentsPrecision(100)
        splitter.addWidget(self.runs_table)
        splitter.addWidget(self.items_table)
        layout.addWidget(splitter, 1)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.export_button = QPushButton(self.tr("E&xport to CSV…"), self)
        self.export_button.clicked.connect(lambda: self.export())  # not clicked(checked) as the path
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.export_button.setEnabled(False)

    def refresh(self) -> None:
        profile_id = self.profile_id()
        self._runs = []
        if profile_id is not None:
            with self.store.session() as session:
                self._runs = runs.list_runs(session, profile_id, limit=200)
        rows = []
        for run in self._runs:
            result = name(STATUSES, run.status) + (self.tr(" (dry run)") if run.dry_run else "")
            rows.append([str(run.id), local_time(run.started_at), result, counts_text(run)])
        fill(self.runs_table, rows)
        self.runs_table.blockSignals(True)  # the newest run is shown below even if row 0 was selected already
        self.runs_table.clearSelection()
        if self._runs:
            self.runs_table.selectRow(0)
        self.runs_table.blockSignals(False)
        self.show_items()

    def selected_run(self) -> Run | None:
        chosen = selected_rows(self.runs_table)
        return self._runs[chosen[0]] if chosen and chosen[0] < len(self._runs) else None

    @property
    def loading(self) -> bool:
        return self._job is not None and self._job.running

    def show_items(self) -> None:
        """List the chosen run's audit trail (read in the background; ``loading`` until it is shown)."""
        run = self.selected_run()
        self.export_button.setEnabled(run is not None)
        if self._job is not None:
            self._job.discard()
            self._job = None
        self.items_model.set_rows([])
        self._columns_pending = False
        if run is None:
            self.message.clear()
            return
        self.message.setText(self.tr("Reading the run's records…"))
        store, run_id = self.store, run.id
        self._job = run_in_background(lambda: item_rows(store, run_id), parent=self,
                                      on_success=lambda rows: self._show_rows(run, rows),
                                      on_error=self._show_error)

    def _show_rows(self, run: Run, rows: list[Row[Any]]) -> None:
        self.items_model.set_rows(rows)
        self._columns_pending = True
        if self.items_table.isVisible():
            self._size_columns()
        self.message.setText(run_message(run.message_key, {**(run.message_args or {}), "run_id": run.id}))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._columns_pending:  # the rows came while Historik was not the open tab
            self._size_columns()

    def _size_columns(self) -> None:
        """Fit the columns to the rows on screen and the next 100. Only while the table is visible: a hidden one
        (Historik is not the open tab when a sync ends) measures every row, on the GUI thread."""
        self._columns_pending = False
        header = self.items_table.horizontalHeader()
        for column in range(self.items_model.columnCount() - 1):
            wanted = max(self.items_table.sizeHintForColumn(column), header.sectionSizeHint(column))
            header.resizeSection(column, min(wanted, 320))
        header.setSectionResizeMode(self.items_model.columnCount() - 1, QHeaderView.ResizeMode.Stretch)

    def _show_error(self, error: Exception) -> None:
        self.message.setText(self.tr("The run's records could not be read ({detail}).").format(
            detail=redact(str(error))))

    @property
    def exporting(self) -> bool:
        return self._export is not None and self._export.running

    def export(self, path: str | None = None) -> None:
        """Save the chosen run's audit trail as CSV for Excel, written in the background (``path`` given: no dialog,
        for tests)."""
        run = self.selected_run()
        if run is None or self.exporting:
            return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the run"), f"fortsync-korning-{run.id}.csv",
                                                  self.tr("CSV files (*.csv)"))
            if not path:
                return
        store, run_id, target = self.store, run.id, Path(path)
        self.message.setText(self.tr("Saving {file}…").format(file=target.name))
        self._export = run_in_background(lambda: write_csv(store, run_id, target), parent=self,
                                         on_success=self._exported, on_error=self._export_failed)

    def _exported(self, target: Path) -> None:
        self.message.setText(self.tr("The run was saved as {file}.").format(file=str(target)))

    def _export_failed(self, error: Exception) -> None:
        self.message.setText(self.tr("The file could not be saved ({detail}). Choose another folder and try "
                                     "again.").format(detail=redact(str(error))))
