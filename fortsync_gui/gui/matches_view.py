"""Dubbletter: Fortnox customers that may be an existing Upsales company. Nothing is created for a customer while
its suggestion waits; accepting links the pair, rejecting lets the next sync create a new company."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from fortsync_gui.engine import decisions
from fortsync_gui.engine.decisions import DecisionError
from fortsync_gui.store import MatchBasis, MatchStatus, Store, matches
from fortsync_gui.store.models import MatchCandidate

from .conflicts_view import decision_text
from .store_view import StoreView, fill, selected_rows, table


class MatchesView(StoreView):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(store, parent)
        self._rows: list[MatchCandidate] = []
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("These Fortnox customers may already exist as companies in Upsales. Link them, or let "
                               "Fortsync create a new company. Nothing is created while a suggestion waits."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = table([self.tr("Fortnox customer"), self.tr("Upsales company"), self.tr("Why")], self, wrap=True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(self.tr("No possible duplicates to review."), self)
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        self.link_button = QPushButton(self.tr("Same company: &link"), self)
        self.link_button.clicked.connect(lambda: self._decide(accept=True))
        self.new_button = QPushButton(self.tr("Not the same: create a new &company"), self)
        self.new_button.clicked.connect(lambda: self._decide(accept=False))
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.new_button)
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
        return len(self._rows)

    def refresh(self) -> None:
        profile_id = self.profile_id()
        self._rows = []
        if profile_id is not None:
            with self.store.session() as session:
                self._rows = matches.list_matches(session, profile_id, MatchStatus.SUGGESTED)
        fill(self.table, [[f"{m.fortnox_id} {m.fortnox_label or ''}".strip(), m.upsales_label or m.upsales_id,
                           self._why(m)] for m in self._rows])
        self.table.setVisible(bool(self._rows))
        self.empty.setVisible(not self._rows)
        for button in (self.link_button, self.new_button):
            button.setVisible(bool(self._rows))
        layout = self.layout()
        layout.setStretch(layout.count() - 1, 0 if self._rows else 1)
        self._update_buttons()

    def _why(self, m: MatchCandidate) -> str:
        return {MatchBasis.ORG_NO: self.tr("Same organisation number"),
                MatchBasis.FORTNOX_CUSTOMER_ID: self.tr("The company already has this customer number"),
                MatchBasis.EMAIL_DOMAIN: self.tr("Same e-mail domain"),
                MatchBasis.NAME: self.tr("Similar name")}.get(m.basis, str(m.basis))

    def _decide(self, *, accept: bool) -> None:
        chosen = [self._rows[r].id for r in selected_rows(self.table)]
        if not chosen or self.profile is None:
            return
        try:
            decisions.decide_matches(self.store, self.profile, chosen, accept=accept)
        except DecisionError as exc:  # decided meanwhile, or one side is matched with another record already
            self.status.setText(decision_text(exc))
        else:
            self.status.clear()
        self.refresh()
        self.changed.emit()

    def _update_buttons(self) -> None:
        some = bool(selected_rows(self.table))
        self.link_button.setEnabled(some)
        self.new_button.setEnabled(some)
