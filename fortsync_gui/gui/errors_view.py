"""Fel: what failed in the latest run, each with the reason and what to do; and the run's own message when the
run as a whole stopped (a revoked sign-in, a missing price list)."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget
from sqlalchemy import select

from fortsync_gui.store import Outcome, Store, runs
from fortsync_gui.store.models import RunItem

from .history_view import local_time
from .names import ATTEMPTS, KINDS, name, reason, run_message
from .store_view import StoreView, fill, table


class ErrorsView(StoreView):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self.count = 0
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.table = table([self.tr("Type"), self.tr("Tried to"), self.tr("Name"), self.tr("Reason and what to do")],
                           self)
        self.table.setWordWrap(True)  # the reason wraps; rows grow with the column whenever it changes width
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        profile_id = self.profile_id()
        rows: list[list[str]] = []
        heading = self.tr("No sync has run yet.")
        if profile_id is not None:
            with self.store.session() as session:
                latest = next((run for run in runs.list_runs(session, profile_id, limit=20) if not run.dry_run),
                              None)  # a preview after a failed sync must not hide what failed
                if latest is not None:
                    failed = session.scalars(select(RunItem).where(  # only these: a run can have 10 000s of items
                        RunItem.run_id == latest.id, RunItem.outcome == Outcome.FAILED).order_by(RunItem.seq))
                    rows = [[name(KINDS, i.kind), name(ATTEMPTS, i.action), i.label or i.upsales_id or i.fortnox_id
                             or "", reason(i.error_key, i.error_text)] for i in failed]
                    stopped = run_message(latest.message_key, {**(latest.message_args or {}), "run_id": latest.id})
                    if rows:
                        heading = self.tr("%n record(s) could not be synced in the run of {time}. Correct them in "
                                          "Upsales or Fortnox and sync again.", "", len(rows)).format(
                            time=local_time(latest.started_at))
                    else:
                        heading = self.tr("Nothing failed in the latest run ({time}).").format(
                            time=local_time(latest.started_at))
                    if stopped and latest.message_key != "run.items_failed":
                        heading = f"{stopped}\n\n{heading}"
        self.count = len(rows)
        self.heading.setText(heading)
        fill(self.table, rows)
