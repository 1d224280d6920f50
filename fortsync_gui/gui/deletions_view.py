"""Borttagningar: records deleted on one side whose counterpart only the user may delete (R8), and the explanation
when the mass-deletion guard stopped a run before it wrote anything."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from fortsync_gui.engine import decisions
from fortsync_gui.engine.decisions import DecisionError
from fortsync_gui.messages import counted_kind
from fortsync_gui.store import DeletionStatus, Store, deletions
from fortsync_gui.store.models import PendingDeletion

from .conflicts_view import decision_text, opened
from .names import KINDS, name
from .store_view import StoreView, fill, selected_rows, table

SHOWN = (DeletionStatus.PENDING, DeletionStatus.CONFIRMED)


class DeletionsView(StoreView):
    allow_once_requested = Signal()  # the user reviewed the guard's stop and lets one run through

    def __init__(self, store_url: Store | str, parent: QWidget | None = None) -> None:
        store, owned = opened(store_url)
        super().__init__(store, parent)
        if owned:
            self.destroyed.connect(lambda *_: store.close())
        self._rows: list[PendingDeletion] = []
        layout = QVBoxLayout(self)
        self.banner = QFrame(self)
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setStyleSheet("QFrame { background: #fff4e5; border: 1px solid #e0a040; border-radius: 4px; }"
                                  "QLabel { border: none; }")
        banner_layout = QVBoxLayout(self.banner)
        self.banner_text = QLabel(self.banner)
        self.banner_text.setWordWrap(True)
        self.allow_once = QPushButton(self.tr("Allow &once and sync…"), self.banner)
        self.allow_once.clicked.connect(self._confirm_allow_once)
        banner_layout.addWidget(self.banner_text)
        banner_layout.addWidget(self.allow_once)
        self.banner.hide()
        layout.addWidget(self.banner)
        intro = QLabel(self.tr("A record deleted on one side is never deleted on the other by itself. Decide here; "
                               "the next sync carries out what you confirm."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = table([self.tr("Status"), self.tr("What happened")], self)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        # the explanations wrap: their rows grow again whenever the column's width changes (shown, resized)
        self.table.horizontalHeader().sectionResized.connect(
            lambda *_: QTimer.singleShot(0, self.table, self.table.resizeRowsToContents))
        layout.addWidget(self.table, 1)
        self.empty = QLabel(self.tr("No deletions to review."), self)
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        self.delete_button = QPushButton(self.tr("Delete in &Upsales too…"), self)
        self.delete_button.clicked.connect(self.confirm_selected)
        self.keep_button = QPushButton(self.tr("&Keep"), self)
        self.keep_button.clicked.connect(self.keep_selected)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.keep_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addStretch(0)  # takes the space the hidden table leaves (see refresh)
        self._update_buttons()

    def set_profile(self, name: str | None) -> None:
        self.status.clear()
        super().set_profile(name)

    @property
    def count(self) -> int:
        return sum(1 for d in self._rows if d.status is DeletionStatus.PENDING)

    def refresh(self) -> None:
        profile_id = self.profile_id()
        self._rows = []
        if profile_id is not None:
            with self.store.session() as session:
                self._rows = deletions.list_deletions(session, profile_id, SHOWN)
        fill(self.table, [[self._status(d), self.describe(d)] for d in self._rows], wrap=True)
        self.table.setVisible(bool(self._rows))
        self.empty.setVisible(not self._rows)
        for button in (self.delete_button, self.keep_button):
            button.setVisible(bool(self._rows))
        layout = self.layout()
        layout.setStretch(layout.count() - 1, 0 if self._rows else 1)
        self._update_buttons()

    def describe(self, d: PendingDeletion) -> str:
        label = d.label or self.tr("(no name)")
        if d.reason_key == "deletion.fortnox_customer_deleted":
            return self.tr("Customer {number} was deleted in Fortnox — the customer number has been removed from the "
                           "company {name}. Delete the company in Upsales too?").format(number=d.fortnox_id,
                                                                                       name=label)
        if d.reason_key == "deletion.upsales_company_deleted":
            return self.tr("The company {name} was deleted in Upsales — the link to customer {number} has been "
                           "removed. The customer stays in Fortnox: a sync never deletes customers from the books."
                           ).format(name=label, number=d.fortnox_id or "–")
        return self.tr("{kind} {name} was deleted on the other side. Delete it here too?").format(
            kind=name(KINDS, d.kind), name=label)

    def deletable(self, d: PendingDeletion) -> bool:
        """Only a company whose Fortnox customer is gone can be deleted (in Upsales); nothing is ever deleted in
        Fortnox."""
        return d.status is DeletionStatus.PENDING and d.reason_key != "deletion.upsales_company_deleted"

    def _status(self, d: PendingDeletion) -> str:
        if d.status is DeletionStatus.CONFIRMED:
            return self.tr("Confirmed: deleted at the next sync")
        return self.tr("Waiting for your decision")

    def show_guard_stop(self, key: str | None, args: dict[str, Any] | None = None) -> None:
        """Explain a run the mass-deletion guard stopped (``guard.threshold`` / ``guard.side_empty`` with the run's
        message arguments), or hide the explanation (``key`` None or another key)."""
        args = args or {}
        if key == "guard.threshold":
            count = args.get("count")
            text = self.tr("The last sync stopped before writing anything: it would have removed or unlinked "
                           "{records}, more than the limit of {threshold}. This can mean that the wrong account is "
                           "connected or that many records were deleted by mistake. Check in Fortnox and Upsales; "
                           "if the deletions are right, allow them once.").format(
                records=counted_kind("record", count) if isinstance(count, int) else "?",
                threshold=args.get("threshold", "?"))
        elif key == "guard.side_empty":
            fortnox = args.get("side") == "fortnox"
            if args.get("kind") == "product":
                records = self.tr("articles")
            elif fortnox:
                records = self.tr("customers")
            else:
                records = self.tr("companies")
            linked = args.get("linked")
            text = self.tr("The last sync stopped before writing anything: {service} lists no {records} at all, "
                           "although {linked}. Check that the right account is connected and that "
                           "Fortsync still has access; allow the sync once only if the account really was emptied."
                           ).format(service="Fortnox" if fortnox else "Upsales", records=records,
                                    linked=self.tr("%n are linked", "", linked) if isinstance(linked, int) else "?")
        else:
            self.banner.hide()
            return
        self.banner_text.setText(text)
        self.banner.show()

    def confirm_selected(self) -> None:
        chosen = [self._rows[r] for r in selected_rows(self.table) if self.deletable(self._rows[r])]
        if not chosen:
            return
        if len(chosen) == 1:
            question = self.tr("The company {name} will be deleted in Upsales at the next sync, with its history "
                               "there.\n\nThis cannot be undone. Delete it?").format(
                name=chosen[0].label or chosen[0].upsales_id)
        else:
            names = "\n".join(f"• {d.label or d.upsales_id}" for d in chosen)
            question = self.tr("These companies will be deleted in Upsales at the next sync, with their history "
                               "there:\n\n{names}\n\nThis cannot be undone. Delete them?").format(names=names)
        answer = QMessageBox.warning(
            self, self.tr("Delete in Upsales"), question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        if not self._decide(chosen, delete=True):
            return
        self.status.setText(self.tr("Confirmed: the change is made at the next sync, which deletes the company in "
                                    "Upsales. Until then you can still keep it."))
        self.changed.emit()

    def keep_selected(self) -> None:
        chosen = [self._rows[r] for r in selected_rows(self.table)]
        if not chosen:
            return
        if not self._decide(chosen, delete=False):
            return
        self.status.setText(self.tr("Kept: nothing is deleted. The company stays in Upsales without a customer number "
                                    "and gets a new customer in Fortnox at its next won sale."))
        self.changed.emit()

    def _decide(self, chosen: list[PendingDeletion], *, delete: bool) -> bool:
        """Confirm (``delete``) or keep the chosen deletions and reload; False, with the reason, when a sync had
        changed one of them meanwhile."""
        if self.profile is None:
            return False
        try:
            decisions.decide_deletions(self.store, self.profile, [d.id for d in chosen], delete=delete)
        except DecisionError as exc:
            self.refresh()
            self.status.setText(decision_text(exc))
            self.changed.emit()
            return False
        self.refresh()
        return True

    def _confirm_allow_once(self) -> None:
        answer = QMessageBox.warning(
            self, self.tr("Allow the deletions"),
            self.tr("The next sync will remove the links (and customer numbers) the guard stopped. Companies are "
                    "still never deleted without your confirmation here. Continue?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self.banner.hide()
            self.allow_once_requested.emit()

    def _update_buttons(self) -> None:
        rows = [self._rows[r] for r in selected_rows(self.table)] if self._rows else []
        self.delete_button.setEnabled(any(self.deletable(d) for d in rows))
        self.keep_button.setEnabled(bool(rows))
