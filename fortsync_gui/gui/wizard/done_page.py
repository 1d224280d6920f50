"""Page 6, Klart: a summary of the profile; Slutför stores it (settings only; the secrets are already saved)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLabel, QWidget, QWizard

from ..widgets import HelpLabel
from .context import Module, SetupSession
from .page import SetupPage


class DonePage(SetupPage):
    def __init__(self, session: SetupSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setTitle(self.tr("Done"))
        self.setFinalPage(True)
        group = QGroupBox(self.tr("Summary"), self)
        self.form = QFormLayout(group)
        self.values: dict[str, QLabel] = {}
        for key, label in (("profile", self.tr("Profile:")), ("upsales", self.tr("Upsales:")),
                           ("fortnox", self.tr("Fortnox:")), ("module", self.tr("Module to sync:")),
                           ("fallback_user", self.tr("Fallback user:")), ("won_stage", self.tr("Won order stage:")),
                           ("lost_stage", self.tr("Lost order stage:")), ("offer_stage", self.tr("Offer stage:")),
                           ("price_list", self.tr("Price list:")),
                           ("send_won_since", self.tr("Send won deals from:")),
                           ("matching", self.tr("Duplicate matching:"))):
            value = QLabel(self)
            value.setWordWrap(True)
            self.values[key] = value
            self.form.addRow(label, value)
        self.body.addWidget(group)
        self.start_sync = QCheckBox(self.tr("&Start the first sync now"), self)
        # a new profile (a draft being finished too); a changed one syncs as before
        self.start_sync.setChecked(session.context.profile is None or session.context.finishing_draft)
        self.body.addWidget(self.start_sync)
        self.note = HelpLabel("", self)
        self.body.addWidget(self.note)
        self.body.addStretch(1)

    def first_field(self) -> QWidget | None:
        return self.start_sync

    def initializePage(self) -> None:
        finish = self.wizard().buttonText(QWizard.WizardButton.FinishButton).replace("&", "")
        self.setSubTitle(self.tr("Fortsync is set up. Check the summary and click {finish} to save the profile.")
                         .format(finish=finish))
        s, settings, choices = self.session, self.session.settings, self.session.choices
        assert s.upsales is not None and s.fortnox is not None and settings is not None and choices is not None
        stages = {stage.id: stage for stage in choices.stages}
        users = {user.id: user.name for user in choices.users}
        price_lists = {p.code: p.description for p in choices.price_lists}

        def stage(stage_id: int | None) -> str:
            found = stages.get(stage_id) if stage_id is not None else None
            return f"{found.name} ({found.probability} %)" if found else self.tr("Not used")

        texts = {
            "profile": s.profile_name,
            "upsales": s.upsales.account_name,
            "fortnox": f"{s.fortnox.company_name} ({s.fortnox.organisation_number})",
            "module": Module(settings.module).label,
            "fallback_user": users.get(settings.fallback_user_id or 0, ""),
            "won_stage": stage(settings.won_stage_id),
            "lost_stage": stage(settings.lost_stage_id),
            "offer_stage": stage(settings.offer_stage_id),
            "price_list": f"{settings.price_list} – {price_lists.get(settings.price_list or '', '')}".rstrip(" –"),
            "send_won_since": s.send_won_since.isoformat(),
            "matching": self._matching(),
        }
        for key, text in texts.items():
            self.values[key].setText(text)
        self.note.setText(self.tr(
            "Nothing has been synchronised yet. The first sync imports Fortnox customers, articles and documents into "
            "Upsales; deals won in Upsales before {date} are not sent to Fortnox, as they were sold before Fortsync "
            "and are most likely invoiced already. The profile keeps these settings; the Upsales API key and the "
            "Fortnox authorisation are in this computer's password manager. You can change the settings later with "
            "Change settings…").format(date=s.send_won_since.isoformat()))

    def _matching(self) -> str:
        counts = self.session.counts
        if counts is None or not counts.total:
            return self.tr("Not needed: Upsales has no companies, products or orders yet")
        if self.session.match_duplicates:
            return self.tr("Yes, existing companies and products are matched before the first import")
        return self.tr("No")
