"""The setup wizard: one page per module in this package, re-enterable to change an existing profile's settings or to
finish a draft.

Closing it (Esc, Avbryt, the window's close button) never loses work without asking: a new profile whose key or
sign-in was tested and saved can be kept as a draft profile (finished later, or removed with its secrets from the
profile list), since a Fortnox code works only once. The keyboard goes from field to field: each page opens with the
focus in its first field, Enter in a key or code field tests it, and after a test Nästa has the focus.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget, QWizard

from fortsync_gui.clients.redact import redact

from .checks_page import ChecksPage
from .context import Module, ProfileDraft, SetupSession, WizardContext
from .done_page import DonePage
from .fortnox_page import FortnoxPage
from .page import PageId, SetupPage
from .settings_page import SettingsPage
from .upsales_page import UpsalesPage
from .welcome_page import WelcomePage


class Unsaved(Enum):
    """What closing the wizard now would lose."""

    TESTED = "tested"  # a new profile (or a draft) with a key or sign-in tested and saved: keep it as a draft?
    DRAFT_CHANGED = "draft_changed"  # a draft being finished, changed since it was saved
    TYPED = "typed"  # a name typed, nothing tested yet
    CHANGES = "changes"  # a saved profile's settings, changed and not saved


class SetupWizard(QWizard):
    profile_saved = Signal(str, bool)  # the profile's name, after the store accepted it; start its first sync now
    draft_saved = Signal(str)  # closed before the end: what was tested is kept as the draft profile of this name

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.session = SetupSession(context, self)
        if context.finishing_draft:
            self.setWindowTitle(self.tr("Finish setting up – Fortsync"))
        else:
            self.setWindowTitle(self.tr("Change settings – Fortsync") if context.editing else
                                self.tr("Set up Fortsync"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, False)
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("&Cancel"))  # Qt's own Swedish has none
        self.pages_by_id: dict[PageId, SetupPage] = {}
        for page_id, page_type in ((PageId.WELCOME, WelcomePage), (PageId.UPSALES, UpsalesPage),
                                   (PageId.FORTNOX, FortnoxPage), (PageId.SETTINGS, SettingsPage),
                                   (PageId.CHECKS, ChecksPage), (PageId.DONE, DonePage)):
            page = page_type(self.session, self)
            self.pages_by_id[page_id] = page
            self.setPage(page_id, page)
        self.setStartId(PageId.WELCOME)
        self.close_question: QMessageBox | None = None  # asked when closing would lose work (non-blocking)
        self.close_buttons: dict[str, QAbstractButton] = {}
        self.currentIdChanged.connect(self._page_shown)
        self.setMinimumSize(700, 520)  # fits an 800×600 screen; every page scrolls
        self.resize(920, 760)

    def page_of(self, page_id: PageId) -> SetupPage:
        return self.pages_by_id[page_id]

    def _page_shown(self, _page_id: int) -> None:
        """Each page opens with the focus in its first field (after QWizard's own focus handling)."""
        page = self.currentPage()
        if isinstance(page, SetupPage):
            QTimer.singleShot(0, page, page.focus_first_field)

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

    def unfinished_profile(self) -> ProfileDraft:
        """What the wizard holds now, as a draft profile: the settings chosen so far (0 and "" for those not chosen
        yet), the duplicate choice and the day to send won deals from."""
        settings_page = self.pages_by_id[PageId.SETTINGS]
        assert isinstance(settings_page, SettingsPage)
        earlier = self.context.profile
        if settings_page.choices is not None:
            chosen = settings_page.current_settings()
            module, user, won, lost = Module(chosen.module), chosen.fallback_user_id, chosen.won_stage_id, \
                chosen.lost_stage_id
            offer, price_list = chosen.offer_stage_id, chosen.price_list
        elif earlier is not None:
            module, user, won, lost = earlier.module, earlier.fallback_user_id, earlier.won_stage_id, \
                earlier.lost_stage_id
            offer, price_list = earlier.offer_stage_id, earlier.price_list
        else:
            module, user, won, lost, offer, price_list = Module.INVOICE, 0, 0, 0, None, ""
        return ProfileDraft(
            name=self.session.profile_name, endpoints=self.context.endpoints, module=module,
            fallback_user_id=user or 0, won_stage_id=won or 0, lost_stage_id=lost or 0, offer_stage_id=offer,
            price_list=price_list or "", match_duplicates=self.session.match_duplicates,
            send_won_since=self.session.send_won_since, draft=True)

    def accept(self) -> None:
        draft = self.profile_draft()
        try:
            self.context.save_profile(draft)
        except Exception as exc:  # the store's own error: say it and stay, nothing entered is lost
            self._save_failed(exc)
            return
        self._stop_pages()
        done = self.pages_by_id[PageId.DONE]
        assert isinstance(done, DonePage)
        self.profile_saved.emit(draft.name, done.start_sync.isChecked())
        super().accept()

    def _save_failed(self, error: Exception) -> None:
        QMessageBox.critical(self, self.tr("The profile could not be saved"),
                             self.tr("Fortsync could not save the profile: {detail}").format(detail=redact(str(error))))

    # --- closing ------------------------------------------------------------------------------------------------

    def unsaved(self) -> Unsaved | None:
        """What closing now would lose; None: nothing."""
        context, session = self.context, self.session
        if context.finishing_draft:
            changed = bool(session.secrets_saved) or self.unfinished_profile() != context.profile
            return Unsaved.DRAFT_CHANGED if changed else None
        if context.editing:
            if session.settings is not None:
                return Unsaved.CHANGES if self.profile_draft() != context.profile else None
            if session.choices is not None:  # the settings page shows choices that do not hold
                return Unsaved.CHANGES
            assert context.profile is not None
            same = (session.match_duplicates, session.send_won_since) == (context.profile.match_duplicates,
                                                                          context.profile.send_won_since)
            return None if same else Unsaved.CHANGES
        if session.secrets_saved:
            return Unsaved.TESTED
        return Unsaved.TYPED if session.profile_name else None

    def reject(self) -> None:
        """Esc, Avbryt or the window's close button: closes at once when nothing would be lost, else asks."""
        if self.close_question is not None:
            self.close_question.raise_()
            return
        unsaved = self.unsaved()
        if unsaved is None:
            self._close(forget=not self.context.editing)
        else:
            self._ask_before_closing(unsaved)

    def close_without_asking(self) -> None:
        """Close as if the user discarded everything (the app is closing)."""
        if self.close_question is not None:
            self.close_question.done(0)
        self._close(forget=not self.context.editing)

    def _ask_before_closing(self, unsaved: Unsaved) -> None:
        title = self.tr("Close the setup?")
        texts = {
            Unsaved.TESTED: self.tr(
                "The setup is not finished. Save what you have done as a draft? The draft is kept in the profile "
                "list, where you can finish it later or remove it. The Upsales API key and the Fortnox authorisation "
                "you tested stay saved, so you need not approve the integration in Fortnox again."),
            Unsaved.DRAFT_CHANGED: self.tr(
                "Save the changes to the draft? The draft stays in the profile list until you finish or remove it."),
            Unsaved.TYPED: self.tr("Close the setup? The profile name you entered is not saved; nothing has been "
                                   "tested yet."),
            Unsaved.CHANGES: self.tr("Close without saving? Your changes to the settings are not saved; the profile "
                                     "keeps its settings as they were."),
        }
        box = QMessageBox(QMessageBox.Icon.Question, title, texts[unsaved], QMessageBox.StandardButton.NoButton, self)
        buttons: dict[str, QAbstractButton] = {}
        if unsaved is Unsaved.TESTED:
            buttons["save"] = box.addButton(self.tr("&Save as draft"), QMessageBox.ButtonRole.AcceptRole)
            buttons["discard"] = box.addButton(self.tr("Discard &everything"), QMessageBox.ButtonRole.DestructiveRole)
        elif unsaved is Unsaved.DRAFT_CHANGED:
            buttons["save"] = box.addButton(self.tr("&Save the draft"), QMessageBox.ButtonRole.AcceptRole)
            buttons["discard"] = box.addButton(self.tr("Close &without saving"),
                                               QMessageBox.ButtonRole.DestructiveRole)
        elif unsaved is Unsaved.TYPED:
            buttons["discard"] = box.addButton(self.tr("&Close"), QMessageBox.ButtonRole.DestructiveRole)
        else:
            buttons["discard"] = box.addButton(self.tr("Close &without saving"),
                                               QMessageBox.ButtonRole.DestructiveRole)
        buttons["stay"] = box.addButton(self.tr("C&ontinue setting up"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(buttons.get("save") or buttons["stay"])  # type: ignore[arg-type]
        box.setEscapeButton(buttons["stay"])
        box.finished.connect(lambda _result: self._answered(box))
        self.close_question, self.close_buttons = box, buttons
        box.open()

    def _answered(self, box: QMessageBox) -> None:
        chosen = next((name for name, button in self.close_buttons.items() if button is box.clickedButton()), "stay")
        self.close_question, self.close_buttons = None, {}
        box.deleteLater()
        if chosen == "save":
            self.save_draft()
        elif chosen == "discard":
            self._close(forget=not self.context.editing)

    def save_draft(self) -> bool:
        """Keep what the wizard holds as a draft profile (its secrets stay in the keyring) and close."""
        draft = self.unfinished_profile()
        try:
            self.context.save_profile(draft)
        except Exception as exc:  # say it and stay open: nothing is lost
            self._save_failed(exc)
            return False
        self.draft_saved.emit(draft.name)
        self._close(forget=False)
        return True

    def _close(self, *, forget: bool) -> None:
        self._stop_pages()
        if forget:
            self.session.forget_unsaved_profile()
        super().reject()

    def _stop_pages(self) -> None:
        for page in self.pages_by_id.values():
            page.stop()
