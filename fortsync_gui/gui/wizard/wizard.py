"""The setup wizard: one page per module in this package, re-enterable to change an existing profile's settings."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard

from fortsync_gui.clients.redact import redact

from .checks_page import ChecksPage
from .context import Module, ProfileDraft, SetupSession, WizardContext
from .done_page import DonePage
from .fortnox_page import FortnoxPage
from .page import PageId, SetupPage
from .settings_page import SettingsPage
from .upsales_page import UpsalesPage
from .welcome_page import WelcomePage


class SetupWizard(QWizard):
    profile_saved = Signal(str, bool)  # the profile's name, after the store accepted it; start its first sync now

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.session = SetupSession(context, self)
        self.setWindowTitle(self.tr("Change settings – Fortsync") if context.editing else
                            self.tr("Set up Fortsync"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, False)
        self.pages_by_id: dict[PageId, SetupPage] = {}
        for page_id, page_type in ((PageId.WELCOME, WelcomePage), (PageId.UPSALES, UpsalesPage),
                                   (PageId.FORTNOX, FortnoxPage), (PageId.SETTINGS, SettingsPage),
                                   (PageId.CHECKS, ChecksPage), (PageId.DONE, DonePage)):
            page = page_type(self.session, self)
            self.pages_by_id[page_id] = page
            self.setPage(page_id, page)
        self.setStartId(PageId.WELCOME)
        self.setMinimumSize(760, 600)
        self.resize(920, 760)

    def page_of(self, page_id: PageId) -> SetupPage:
        return self.pages_by_id[page_id]

    def profile_draft(self) -> ProfileDraft:
        settings = self.session.settings
        assert settings is not None and settings.fallback_user_id is not None
        assert settings.won_stage_id is not None and settings.lost_stage_id is not None
        assert settings.price_list is not None
        return ProfileDraft(
            name=self.session.profile_name, endpoints=self.context.endpoints, module=Module(settings.module),
            fallback_user_id=settings.fallback_user_id, won_stage_id=settings.won_stage_id,
            lost_stage_id=settings.lost_stage_id, offer_stage_id=settings.offer_stage_id,
            price_list=settings.price_list, match_duplicates=self.session.match_duplicates,
            send_won_since=self.session.send_won_since)

    def accept(self) -> None:
        draft = self.profile_draft()
        try:
            self.context.save_profile(draft)
        except Exception as exc:  # the store's own error: say it and stay, nothing entered is lost
            QMessageBox.critical(self, self.tr("The profile could not be saved"),
                                 self.tr("Fortsync could not save the profile: {detail}").format(
                                     detail=redact(str(exc))))
            return
        self._stop_pages()
        done = self.pages_by_id[PageId.DONE]
        assert isinstance(done, DonePage)
        self.profile_saved.emit(draft.name, done.start_sync.isChecked())
        super().accept()

    def reject(self) -> None:
        self._stop_pages()
        self.session.forget_unsaved_profile()
        super().reject()

    def _stop_pages(self) -> None:
        for page in self.pages_by_id.values():
            page.stop()
