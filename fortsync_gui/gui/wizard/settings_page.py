"""Page 4, Inställningar (R3): module, fallback user, stages and price list, filled from the live APIs, and the day
won deals are sent to Fortnox from. "Hämta igen" (or F5) reads the lists again after the user fixed something in
Upsales or Fortnox, keeping the choices that still exist.

Each field carries the explanation of the Upsales Fortnox app's settings table ("Förklaring") beside it, and breaks
of the rules in :func:`fortsync_gui.preflight.settings_problems` are explained under the field.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from fortsync_gui import preflight
from fortsync_gui.domain.upsales import OrderStage
from fortsync_gui.preflight import SyncSettings

from .. import check_texts, messages
from ..widgets import HelpLabel, Status, StatusLine
from . import backend
from .context import Module, SetupSession
from .page import SetupPage

_FIELD_WIDTH = 260


class SettingsPage(SetupPage):
    def __init__(self, session: SetupSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setTitle(self.tr("Settings"))
        self.setSubTitle(self.tr("Choose what to sync and which stages of the Upsales pipeline stand for Fortnox's "
                                 "documents."))
        self.choices: backend.Choices | None = None
        self._kept: SyncSettings | None = None  # the choices to keep over a "Hämta igen"
        self._loaded_for: tuple[int, int] | None = None
        self.errors: dict[str, QLabel] = {}
        self.captions: list[QLabel] = []

        self.load_status = StatusLine(self)
        self.body.addWidget(self.load_status)
        reload_row = QHBoxLayout()
        reload_row.addWidget(HelpLabel(self.tr("Changed a stage, a user or a price list in Upsales or Fortnox? Fetch "
                                               "the lists again; your choices are kept."), self), 1)
        self.reload_button = QPushButton(self.tr("&Fetch again"), self)
        self.reload_button.setToolTip(self.tr("Fetch stages, users and price lists again (F5)"))
        self.reload_button.clicked.connect(self.reload)
        reload_row.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignTop)
        self.body.addLayout(reload_row)
        reload_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        reload_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        reload_key.activated.connect(self.reload)

        orders = QGroupBox(self.tr("Order settings"), self)
        grid = QGridLayout(orders)
        self.module = QComboBox(self)
        for module in Module:
            self.module.addItem(module.label, module)
        self.fallback_user = QComboBox(self)
        self.won_stage = QComboBox(self)
        self.lost_stage = QComboBox(self)
        self.offer_stage = QComboBox(self)
        self._add_row(grid, 0, "module", self.tr("&Module to sync:"), self.module, self.tr(
            "Choose what is synced from Fortnox to Upsales. You can choose invoice only, order only or order & "
            "offer."))
        self._add_row(grid, 1, "fallback_user", self.tr("&Fallback user:"), self.fallback_user, self.tr(
            "Choose the user who is set as reference on an order or invoice when no user is given in Vår Referens."))
        self._add_row(grid, 2, "won_stage", self.tr("&Won order stage:"), self.won_stage, self.tr(
            "Choose the step in the Upsales pipeline where the opportunity is when the invoice/order is created in "
            "Fortnox."))
        self._add_row(grid, 3, "lost_stage", self.tr("&Lost order stage:"), self.lost_stage, self.tr(
            "Choose the step in the Upsales pipeline that corresponds to a cancelled order/invoice in Fortnox."))
        self._add_row(grid, 4, "offer_stage", self.tr("&Offer stage:"), self.offer_stage, self.tr(
            "Choose the step in the Upsales pipeline where the opportunity is when an offer is created in Fortnox. "
            "(Only used when syncing orders & offers)"))
        self.send_won_since = QDateEdit(self)
        self.send_won_since.setCalendarPopup(True)
        self.send_won_since.setDisplayFormat("yyyy-MM-dd")
        self.send_won_since.setDate(_qdate(session.send_won_since))
        self.send_won_since.dateChanged.connect(self._since_changed)
        self._add_row(grid, 5, "send_won_since", self.tr("&Send won deals from:"), self.send_won_since, self.tr(
            "Deals won and offers made before this day are not sent to Fortnox: they are most likely invoiced by "
            "hand already."))
        self.body.addWidget(orders)

        products = QGroupBox(self.tr("Product settings"), self)
        grid = QGridLayout(products)
        self.price_list = QComboBox(self)
        self._add_row(grid, 0, "price_list", self.tr("&Price list:"), self.price_list, self.tr(
            "Choose which price list in Fortnox is synced to the products in Upsales."))
        self.body.addWidget(products)
        self.body.addStretch(1)
        width = max(c.sizeHint().width() for c in self.captions)  # line the two groups' columns up
        for caption in self.captions:
            caption.setMinimumWidth(width)

        self.combos = (self.module, self.fallback_user, self.won_stage, self.lost_stage, self.offer_stage,
                       self.price_list)
        for combo in self.combos:
            combo.currentIndexChanged.connect(self._changed)
        self._set_inputs_enabled(False)

    def _add_row(self, grid: QGridLayout, row: int, name: str, label: str, combo: QWidget, help_text: str) -> None:
        combo.setObjectName(name)
        combo.setMinimumWidth(_FIELD_WIDTH)
        combo.setMaximumWidth(_FIELD_WIDTH)
        if isinstance(combo, QComboBox):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        error = QLabel(self)
        error.setWordWrap(True)
        error.setMaximumWidth(_FIELD_WIDTH)
        error.setStyleSheet("color: #c62828;")
        error.hide()
        self.errors[name] = error
        caption = QLabel(label, self)
        caption.setBuddy(combo)
        caption.setMinimumHeight(combo.sizeHint().height())  # its text centred on the combo's
        caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.captions.append(caption)
        top = Qt.AlignmentFlag.AlignTop
        grid.addWidget(caption, 2 * row, 0, top)
        grid.addWidget(combo, 2 * row, 1, top)
        grid.addWidget(error, 2 * row + 1, 1, top)
        grid.addWidget(HelpLabel(help_text, self), 2 * row, 2, top)
        grid.setColumnStretch(2, 1)
        grid.setVerticalSpacing(14)

    # --- loading ------------------------------------------------------------------------------------------------

    def initializePage(self) -> None:
        key = (id(self.session.upsales), id(self.session.fortnox))
        if key != self._loaded_for and not self.busy:
            self._load()

    def first_field(self) -> QWidget | None:
        return self.module

    def reload(self) -> None:
        """Hämta igen: read stages, users and price lists again; the choices made so far are kept where they still
        exist."""
        if self.busy or self.session.upsales is None or self.session.fortnox is None:
            return
        if self.choices is not None:
            self._kept = self.current_settings()
        self._load()

    def _load(self) -> None:
        upsales, fortnox = self.session.upsales, self.session.fortnox
        assert upsales is not None and fortnox is not None
        self._loaded_for = (id(upsales), id(fortnox))
        self.choices = None
        self.hand_focus_to(self.module, self.reload_button)
        self.reload_button.setEnabled(False)
        self._set_inputs_enabled(False)
        self.load_status.busy(self.tr("Fetching users and stages from Upsales and price lists from Fortnox…"))
        self.run(lambda: backend.load_choices(upsales, fortnox), self._loaded, self._load_failed)

    def _loaded(self, choices: backend.Choices) -> None:
        self.choices = self.session.choices = choices
        self.load_status.clear()
        if self._kept is not None:  # Hämta igen: what was chosen, where it still exists and holds
            current = self._still_there(self._kept, choices, people=False)
            self._kept = None
        else:
            current = self.session.settings or self._defaults(choices)
        self._fill(choices, current)
        self._set_inputs_enabled(True)
        self.reload_button.setEnabled(True)
        self._changed()
        if self.focus_is_on(self.module, self.reload_button):
            self.module.setFocus()

    def _load_failed(self, error: Exception) -> None:
        self._loaded_for = None
        service = messages.Service.FORTNOX if getattr(error, "api", "").lower() == "fortnox" \
            else messages.Service.UPSALES
        self.load_status.show_status(Status.ERROR, messages.error_text(service, error))
        self.reload_button.setEnabled(True)
        self.completeChanged.emit()
        if self.focus_is_on(self.module, self.reload_button):
            self.reload_button.setFocus()

    def _still_there(self, current: SyncSettings, choices: backend.Choices, *, people: bool) -> SyncSettings:
        """``current`` with every choice that no longer exists or no longer holds (a won stage that is not at 100 %
        any more) replaced by the default; the fallback user only with ``people`` (a person the user picks, and an
        inactive one is explained under the field)."""
        broken = preflight.settings_problems(current, choices.stages, choices.users, choices.price_lists)
        won, lost, offer = preflight.default_stages(choices.stages)
        return SyncSettings(
            current.module,
            next((u.id for u in choices.users if u.active), None) if people and "fallback_user" in broken
            else current.fallback_user_id,
            won if "won_stage" in broken else current.won_stage_id,
            lost if "lost_stage" in broken else current.lost_stage_id,
            offer if "offer_stage" in broken else current.offer_stage_id,
            preflight.default_price_list(choices.price_lists) if "price_list" in broken else current.price_list)

    def _defaults(self, choices: backend.Choices) -> SyncSettings:
        draft = self.context.profile
        if draft is not None:
            saved = SyncSettings(draft.module.value, draft.fallback_user_id, draft.won_stage_id, draft.lost_stage_id,
                                 draft.offer_stage_id, draft.price_list)
            # a draft's choices not made yet (0, ""): the defaults, as for a new profile
            return self._still_there(saved, choices, people=True) if draft.draft else saved
        won, lost, offer = preflight.default_stages(choices.stages)
        user_id = next((u.id for u in choices.users if u.active), None)
        return SyncSettings(Module.INVOICE.value, user_id, won, lost, offer,
                            preflight.default_price_list(choices.price_lists))

    def _fill(self, choices: backend.Choices, current: SyncSettings) -> None:
        for combo in self.combos:
            combo.blockSignals(True)  # one validation pass at the end, not one per item
        self.module.setCurrentIndex(max(0, self.module.findData(Module(current.module))))
        self.fallback_user.clear()
        for user in choices.users:
            if user.active or user.id == current.fallback_user_id:
                label = user.name if user.active else self.tr("{name} (inactive)").format(name=user.name)
                self.fallback_user.addItem(label, user.id)
        offer = current.offer_stage_id or preflight.default_stages(choices.stages)[2]  # ready if the module changes
        for combo, chosen in ((self.won_stage, current.won_stage_id), (self.lost_stage, current.lost_stage_id),
                              (self.offer_stage, offer)):
            combo.clear()
            for stage in choices.stages:
                combo.addItem(self._stage_label(stage), stage.id)
            combo.setCurrentIndex(combo.findData(chosen) if chosen is not None else -1)
        self.fallback_user.setCurrentIndex(self.fallback_user.findData(current.fallback_user_id))
        self.price_list.clear()
        for price_list in choices.price_lists:
            label = f"{price_list.code} – {price_list.description}" if price_list.description else price_list.code
            self.price_list.addItem(label, price_list.code)
        self.price_list.setCurrentIndex(self.price_list.findData(current.price_list))
        for combo in self.combos:
            combo.blockSignals(False)

    def _stage_label(self, stage: OrderStage) -> str:
        if stage.exclude:
            return self.tr("{name} ({probability} %, excluded)").format(name=stage.name,
                                                                        probability=stage.probability)
        return self.tr("{name} ({probability} %)").format(name=stage.name, probability=stage.probability)

    # --- validation ---------------------------------------------------------------------------------------------

    def current_settings(self) -> SyncSettings:
        return SyncSettings(self.module.currentData().value, self.fallback_user.currentData(),
                            self.won_stage.currentData(), self.lost_stage.currentData(),
                            self.offer_stage.currentData() if self.module.currentData() is Module.ORDER_OFFER
                            else None, self.price_list.currentData())

    def problems(self) -> dict[str, str]:
        if self.choices is None:
            return {}
        return preflight.settings_problems(self.current_settings(), self.choices.stages, self.choices.users,
                                           self.choices.price_lists)

    def _changed(self) -> None:
        offer = self.module.currentData() is Module.ORDER_OFFER
        self.offer_stage.setEnabled(offer and self.choices is not None)
        if self.choices is None:
            return
        problems = self.problems()
        names = {u.id: u.name for u in self.choices.users}
        for name, label in self.errors.items():
            key = problems.get(name)
            text = check_texts.text(key, {"name": names.get(self.fallback_user.currentData(), "")}) if key else ""
            if name == "won_stage" and not any(s.probability == 100 and not s.exclude for s in self.choices.stages):
                text = self.tr("Upsales has no stage with 100 % probability, and Fortnox gets an invoice or order "
                               "only for deals won in one. Create a 100 % stage in Upsales (for example “Vunnen”), "
                               "then click Fetch again.")
            label.setText(text)
            label.setVisible(bool(text))
        self.session.settings = self.current_settings() if not problems else None
        self.completeChanged.emit()

    def _since_changed(self, chosen: QDate) -> None:
        self.session.send_won_since = chosen.toPython()

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for combo in self.combos:
            combo.setEnabled(enabled)
        self.send_won_since.setEnabled(enabled)
        self.offer_stage.setEnabled(enabled and self.module.currentData() is Module.ORDER_OFFER)

    def isComplete(self) -> bool:
        return self.choices is not None and not self.busy and not self.problems()


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
