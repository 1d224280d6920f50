"""Which window is open: the wizard on first start, else the main window; the wizard again to add or change a
profile. The same controller runs the real app and the demo; only the :class:`Environment` differs."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from fortsync_gui.secrets import SecretKind, SecretStore
from fortsync_gui.store import Store

from .main_window import MainWindow
from .wizard import DemoHints, Endpoints, PreviewSeam, ProfileDraft, SetupWizard, WizardContext


class ProfileRepository(Protocol):
    store: Store

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
    sync_env: Mapping[str, str] = field(default_factory=dict)  # FORTSYNC_* overrides for syncs (the demo's rates)
    demo_actions: Mapping[str, Callable[[], Any]] = field(default_factory=dict)  # the tour's changes to the sandbox
    send_won_since: date | None = None  # suggested to new profiles: send the deals won from this day (None: today)
    loopback_port: int = 0  # "Logga in i Fortnox" comes back here (the app registration's fixed port; 0: any)


class AppController(QObject):
    wizard_opened = Signal(object)  # the SetupWizard, e.g. for the tour

    def __init__(self, env: Environment, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.env = env
        self.window: MainWindow | None = None
        self.wizard: SetupWizard | None = None
        self.desktop: Any = None  # the tray, schedule and menus (gui/desktop.py), when the app runs with them

    def start(self) -> None:
        if self.env.profiles.list():
            self.show_main()
        else:
            self.open_wizard(None)

    def show_main(self, select: str | None = None, *, sync_now: bool = False) -> MainWindow:
        if self.window is None:
            self.window = MainWindow(self.env.profiles.store, self.env.secrets, self.open_wizard,
                                     sync_env=self.env.sync_env)
            if self.desktop is not None:
                self.desktop.attach(self.window)
        self.window.refresh(select)
        self.window.show()
        self.window.raise_()
        if sync_now:
            self.window.start_sync()
        return self.window

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
            send_won_since=self.env.send_won_since,
            loopback_port=self.env.loopback_port,
        )
        wizard = SetupWizard(context, self.window)
        wizard.profile_saved.connect(lambda saved, sync_now: self.show_main(saved, sync_now=sync_now))
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
            if self.window.sync.worker is not None:
                self.window.sync.worker.cancel()
                self.window.sync.worker.wait()
            self.window.close()

    def _wizard_closed(self) -> None:
        assert self.wizard is not None
        self.wizard.deleteLater()
        self.wizard = None
        if (self.window is None or not self.window.isVisible()) and (
                self.desktop is None or not self.desktop.keeps_running()):
            QApplication.instance().quit()  # the first-run wizard was cancelled: nothing else to show
