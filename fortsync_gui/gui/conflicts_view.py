"""Konflikter: fields both sides changed since the last sync. The user picks the winner per field (optionally for
good: "gör alltid så för det här fältet"); the next sync writes it. Below the open conflicts: the decisions that wait
for the next sync, and the remembered per-field rules, which can be forgotten again.

Only what the user selected (and so saw) is decided: after a decision nothing is selected and the buttons wait for a
new selection, so a second click never decides the next conflict unseen; the status line says what was decided."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from fortsync_gui.engine import decisions
from fortsync_gui.engine.decisions import DecisionError
from fortsync_gui.messages import field_label, message
from fortsync_gui.store import EntityKind, Side, Store, conflicts, open_store
from fortsync_gui.store.models import Conflict

from .names import KINDS, name
from .store_view import StoreView, fill, selected_rows, table

SIDES = {Side.UPSALES: "Upsales", Side.FORTNOX: "Fortnox"}
FIELD_SYNCED = (EntityKind.COMPANY, EntityKind.PRODUCT)  # the kinds whose fields sync (and so can conflict)


def opened(store_url: Store | str) -> tuple[Store, bool]:
    """The store a view reads: the main window's open :class:`Store` as it is, or one opened from its URL
    (``True``: the view owns it and closes it when destroyed)."""
    if isinstance(store_url, Store):
        return store_url, False
    return open_store(store_url), True


def decision_text(error: DecisionError) -> str:
    """The Swedish sentence for a decision the engine refused (the messages catalogue's, a field by its label)."""
    return message(error.key, dict(error.args_)) or ""


def field_name(field: str) -> str:
    """A synced field as users see it in Fortnox (the label the CLI uses too); an unknown one is shown as it is."""
    return field_label(field)


def shown(value: Any) -> str:
    """A field's value as the user reads it: empty as "(tomt)", yes/no in Swedish."""
    if value is None or value == "":
        return QCoreApplication.translate("ConflictsView", "(empty)")
    if value is True:
        return QCoreApplication.translate("ConflictsView", "Yes")
    if value is False:
        return QCoreApplication.translate("ConflictsView", "No")
    if isinstance(value, list | dict):
        return ", ".join(str(v) for v in (value.values() if isinstance(value, dict) else value))
    return str(value)


class ConflictsView(StoreView):
    def __init__(self, store_url: Store | str, parent: QWidget | None = None) -> None:
        store, owned = opened(store_url)
        super().__init__(store, parent)
        if owned:
            self.destroyed.connect(lambda *_: store.close())
        self._ids: list[int] = []
        self._decided: list[int] = []
        self._rules: list[tuple[EntityKind, str]] = []
        layout = QVBoxLayout(self)
        self.intro = QLabel(self.tr("Both Upsales and Fortnox changed these fields since the last sync. Select one or "
                                    "more rows and choose which value is right; the next sync writes it to the other "
                                    "side."), self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = table([self.tr("Record"), self.tr("Field"), self.tr("Value in Upsales"),
                            self.tr("Value in Fortnox")], self, wrap=True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 3)
        self.empty = QLabel(self.tr("No conflicts to review."), self)
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        self.select_all = QPushButton(self.tr("Select &all"), self)
        self.select_all.clicked.connect(self.table.selectAll)
        self.take_upsales = QPushButton(self.tr("Use &Upsales"), self)
        self.take_upsales.clicked.connect(lambda: self.resolve(Side.UPSALES))
        self.take_fortnox = QPushButton(self.tr("Use Fort&nox"), self)
        self.take_fortnox.clicked.connect(lambda: self.resolve(Side.FORTNOX))
        self.remember = QCheckBox(self.tr("Al&ways do this for this field"), self)
        self.remember.setToolTip(self.tr("Later conflicts in the same field are decided the same way without asking. "
                                         "You can forget the rule below."))
        for widget in (self.select_all, self.take_upsales, self.take_fortnox, self.remember):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self.decided_title = QLabel(self.tr("Decided, written at the next sync"), self)
        layout.addWidget(self.decided_title)
        self.decided_table = table([self.tr("Record"), self.tr("Field"), self.tr("Value to keep")], self, wrap=True)
        layout.addWidget(self.decided_table, 1)

        self.rules_title = QLabel(self.tr("Fields that are always decided the same way"), self)
        layout.addWidget(self.rules_title)
        for title in (self.decided_title, self.rules_title):
            font = title.font()
            font.setBold(True)
            title.setFont(font)
        self.rules_table = table([self.tr("Kind"), self.tr("Field"), self.tr("Always use")], self, wrap=True)
        self.rules_table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.rules_table, 1)
        rule_buttons = QHBoxLayout()
        self.forget_rule = QPushButton(self.tr("Forget the &rule"), self)
        self.forget_rule.clicked.connect(self.forget_selected_rules)
        rule_buttons.addWidget(self.forget_rule)
        rule_buttons.addStretch(1)
        layout.addLayout(rule_buttons)
        layout.addStretch(0)  # takes the space the hidden tables leave (see refresh)
        self._update_buttons()

    @property
    def count(self) -> int:
        """Open conflicts (the tab's title shows it)."""
        return len(self._ids)

    def set_profile(self, name: str | None) -> None:
        self.status.clear()
        super().set_profile(name)

    def refresh(self) -> None:
        profile_id = self.profile_id()
        rows: list[list[str]] = []
        decided_rows: list[list[str]] = []
        rule_rows: list[list[str]] = []
        self._ids, self._decided, self._rules = [], [], []
        self._labels: list[str] = []
        if profile_id is not None:
            with self.store.session() as session:
                for c in conflicts.open_conflicts(session, profile_id):
                    self._ids.append(c.id)
                    self._labels.append(c.label or "–")
                    rows.append([self._record(c), field_name(c.field), shown(c.upsales_value),
                                 shown(c.fortnox_value)])
                for kind in FIELD_SYNCED:
                    for c in conflicts.resolutions_to_apply(session, profile_id, kind):
                        self._decided.append(c.id)
                        value = c.upsales_value if c.resolution is Side.UPSALES else c.fortnox_value
                        decided_rows.append([self._record(c), field_name(c.field), self.tr("{value} (from {side})")
                                             .format(value=shown(value), side=SIDES.get(c.resolution, "–"))])
                    for field, winner in sorted(conflicts.field_rules(session, profile_id, kind).items()):
                        self._rules.append((kind, field))
                        rule_rows.append([name(KINDS, kind), field_name(field), SIDES[winner]])
        fill(self.table, rows)
        fill(self.decided_table, decided_rows)
        fill(self.rules_table, rule_rows)
        self.table.setVisible(bool(rows))
        for widget in (self.select_all, self.take_upsales, self.take_fortnox, self.remember):
            widget.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        layout = self.layout()
        layout.setStretch(layout.count() - 1, 0 if rows or decided_rows or rule_rows else 1)
        for widget in (self.decided_title, self.decided_table):
            widget.setVisible(bool(decided_rows))
        for widget in (self.rules_title, self.rules_table, self.forget_rule):
            widget.setVisible(bool(rule_rows))
        self._update_buttons()

    def resolve(self, winner: Side) -> None:
        """The selected conflicts go to ``winner``; with "always", later conflicts of those fields do too."""
        rows = selected_rows(self.table)
        chosen = [self._ids[r] for r in rows]
        if not chosen or self.profile is None:
            return
        # what the user saw: the record, the field and both values
        seen = [[self._labels[r], *(self.table.item(r, c).text() for c in range(1, 4))] for r in rows]
        remember = self.remember.isChecked()
        try:
            decisions.resolve_conflicts(self.store, self.profile, chosen, winner, remember=remember)
        except DecisionError as exc:  # a sync changed one meanwhile (link removed, value written)
            self._refused(exc)
            return
        self.remember.setChecked(False)
        self.refresh()  # nothing is selected now: the next conflict waits until the user chooses it
        if len(seen) == 1:
            record, field, upsales, fortnox = seen[0]
            text = self.tr("Decided: {field} of {record} keeps the value from {side}, {value}. The change is made at "
                           "the next sync.").format(field=field, record=record, side=SIDES[winner],
                                                    value=upsales if winner is Side.UPSALES else fortnox)
        else:
            text = self.tr("Decided %n conflict(s): the values from {side} are kept. The changes are made at the "
                           "next sync.", "", len(seen)).format(side=SIDES[winner])
        if remember:
            text += " " + self.tr("Later conflicts in the same field are decided the same way.")
        self.status.setText(text)
        self.changed.emit()

    def forget_selected_rules(self) -> None:
        """Conflicts of the selected fields are asked about again (decisions already made stay)."""
        chosen = [self._rules[r] for r in selected_rows(self.rules_table)]
        if not chosen or self.profile is None:
            return
        try:
            for kind, field in chosen:
                decisions.forget_rule(self.store, self.profile, kind, field)
        except DecisionError as exc:
            self._refused(exc)
            return
        self.refresh()
        self.status.setText(self.tr("The rule is forgotten: you decide later conflicts in that field yourself."))
        self.changed.emit()

    def _refused(self, error: DecisionError) -> None:
        """Say why the decision could not be made (the engine's Swedish sentence) and show the list as it is now."""
        self.remember.setChecked(False)
        self.refresh()
        self.status.setText(decision_text(error))
        self.changed.emit()

    def _record(self, c: Conflict) -> str:
        return f"{name(KINDS, c.kind)}: {c.label or '–'}"

    def _update_buttons(self) -> None:
        some = bool(selected_rows(self.table))
        for widget in (self.take_upsales, self.take_fortnox, self.remember):
            widget.setEnabled(some)
        self.forget_rule.setEnabled(bool(selected_rows(self.rules_table)))
