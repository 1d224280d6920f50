"""Which window is open: the wizard on first start, else the profiles window; the wizard again to add or change a
profile. The same controller runs the real app and the demo; only the :class:`Environment` differs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from fortsync_gui.secrets import SecretKind, SecretStore

from .main_window import ProfilesWindow
from .wizard import DemoHints, Endpoints, PreviewSeam, ProfileDraft, SetupWizard, WizardContext


class ProfileRepository(Protocol):
    def list(self) -> Sequence[ProfileDraft]: ...
    def save(self, draft: ProfileDraft) -> None: ...


@dataclass
class Environment:
    secrets: SecretStore
    profiles: ProfileRepository
    endpoints: Endpoints  # for new profiles
    fortnox_client_secret: str
    own_fortnox_app: bool = False
    demo: DemoHints | None = None
    preview: PreviewSeam | None = None


class AppController(QObject):
    wizard_opened = Signal(object)  # the SetupWizard, e.g. for the tour

    def __init__(self, env: Environment, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.env = env
        self.window: ProfilesWindow | None = None
        self.wizard: SetupWizard | None = None

    def start(self) -> None:
        if self.env.profiles.list():
            self.show_profiles()
        else:
            self.open_wizard(None)

    def show_profiles(self, select: str | None = None) -> None:
        if self.window is None:
            self.window = ProfilesWindow(self.env.profiles.list, self.open_wizard)
        self.window.refresh(select)
        self.window.show()
        self.window.raise_()

    def open_wizard(self, name: str | None) -> SetupWizard:
        if self.wizard is not None:
            self.wizard.raise_()
            return self.wizard
        profiles = {p.name: p for p in self.env.profiles.list()}
        existing = profiles.get(name) if name else None
        secret, own = self.env.fortnox_client_secret, self.env.own_fortnox_app
        if existing is not None and existing.endpoints.fortnox_client_id != self.env.endpoints.fortnox_client_id:
            saved = self.env.secrets.get(existing.name, SecretKind.FORTNOX_CLIENT_SECRET)  # the profile's own app
            secret, own = saved or "", True
        context = WizardContext(
            secrets=self.env.secrets,
            endpoints=existing.endpoints if existing else self.env.endpoints,
            save_profile=self.env.profiles.save,
            fortnox_client_secret=secret,
            own_fortnox_app=own,
            existing_names=frozenset(profiles),
            profile=existing,
            demo=self.env.demo,
            preview=self.env.preview,
        )
        wizard = SetupWizard(context, self.window)
        wizard.profile_saved.connect(self.show_profiles)
        wizard.finished.connect(self._wizard_closed)
        self.wizard = wizard
        wizard.show()
        self.wizard_opened.emit(wizard)
        return wizard

    def close(self) -> None:
        """Close every window this controller opened (the tour, when it is done)."""
        if self.wizard is not None:
            self.wizard.reject()
        if self.window is not None:
            self.window.close()

    def _wizard_closed(self) -> None:
        assert self.wizard is not None
        self.wizard.deleteLater()
        self.wizard = None
        if self.window is None or not self.window.isVisible():
            QApplication.instance().quit()  # the first-run wizard was cancelled: nothing else to show

