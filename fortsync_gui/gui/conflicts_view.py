"""Konflikter: fields both sides changed since the last sync. The user picks the winner per field (optionally for
good: "gör alltid så för det här fältet"); the next sync writes it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from fortsync_gui.store import Side, Store, conflicts, open_store

from .names import FIELDS, KINDS, name
from .store_view import StoreView, fill, selected_rows, table


def shown(value: Any) -> str:
    if value is None or value == "":
        return "–"
    return str(value)


def opened(store_url: Store | str) -> tuple[Store, bool]:
    """The store a view reads: the main window's open :class:`Store` as it is, or one opened from its URL
    (``True``: the view owns it and closes it when destroyed)."""
    if isinstance(store_url, Store):
        return store_url, False
    return open_store(store_url), True


class ConflictsView(StoreView):
    def __init__(self, store_url: Store | str, parent: QWidget | None = None) -> None:
        store, owned = opened(store_url)
        super().__init__(store, parent)
        if owned:
            self.destroyed.connect(lambda *_: store.close())
        self._ids: list[int] = []
        layout = QVBoxLayout(self)
        self.intro = QLabel(self.tr("Both Upsales and Fortnox changed these fields since the last sync. Choose which "
                                    "value is right; the next sync writes it to the other side."), self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = table([self.tr("Record"), self.tr("Field"), self.tr("Value in Upsales"),
                            self.tr("Value in Fortnox")], self)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(self.tr("No conflicts to review."), self)
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        self.take_upsales = QPushButton(self.tr("Use Upsales"), self)
        self.take_upsales.clicked.connect(lambda: self.resolve(Side.UPSALES))
        self.take_fortnox = QPushButton(self.tr("Use Fortnox"), self)
        self.take_fortnox.clicked.connect(lambda: self.resolve(Side.FORTNOX))
        self.remember = QCheckBox(self.tr("Always do this for this field"), self)
        buttons.addWidget(self.take_upsales)
        buttons.addWidget(self.take_fortnox)
        buttons.addWidget(self.remember)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._update_buttons()

    @property
    def count(self) -> int:
        return len(self._ids)

    def refresh(self) -> None:
        profile_id = self.profile_id()
        rows: list[list[str]] = []
        self._ids = []
        if profile_id is not None:
            with self.store.session() as session:
                for c in conflicts.open_conflicts(session, profile_id):
                    self._ids.append(c.id)
                    record = f"{name(KINDS, c.kind)}: {c.label or '–'}"
                    rows.append([record, name(FIELDS, c.field), shown(c.upsales_value), shown(c.fortnox_value)])
        fill(self.table, rows)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self._update_buttons()

    def resolve(self, winner: Side) -> None:
        """The selected conflicts go to ``winner``; with "always", later conflicts of those fields do too."""
        chosen = [self._ids[r] for r in selected_rows(self.table)]
        if not chosen:
            return
        with self.store.session() as session:
            for conflict_id in chosen:
                conflicts.resolve_conflict(session, conflict_id, winner, remember=self.remember.isChecked())
        self.remember.setChecked(False)
        self.refresh()
        self.changed.emit()

    def _update_buttons(self) -> None:
        some = bool(selected_rows(self.table))
        for widget in (self.take_upsales, self.take_fortnox, self.remember):
            widget.setEnabled(some)
