"""Which window is open: the wizard on first start, else the main window; the wizard again to add or change a
profile. The same controller runs the real app and the demo; only the :class:`Environment` differs."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from fortsync_gui.secrets import SecretKind, SecretStore
from fortsync_gui.store import Store

from .main_window import MainWindow
from .sign_in_notice import SignInNotice, interrupted_profiles, reason_of
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
        self.notices: dict[str, SignInNotice] = {}  # open Fortnox sign-in notices, by profile
        self.open_url = QDesktopServices.openUrl  # the browser, for the one-click sign-in

    def start(self) -> None:
        if self.env.profiles.list():
            self.show_main()
            self.check_sign_ins()
        else:
            self.open_wizard(None)

    # --- the Fortnox sign-in needs the user (issue 9, item 2) -------------------------------------------------------

    def check_sign_ins(self) -> None:
        """At start: a renewal of a profile's sign-in that never finished (the app was killed between receiving and
        saving) is told at once, with the one-click sign-in; the keyring is read in the background."""
        from .workers import run_in_background

        secrets, names = self.env.secrets, [p.name for p in self.env.profiles.list()]
        run_in_background(lambda: interrupted_profiles(secrets, names), parent=self,
                          on_success=lambda found: [self.show_sign_in_notice("fortnox.refresh_lost", name)
                                                    for name in found])

    def show_sign_in_notice(self, reason: str, profile: str) -> SignInNotice:
        notice = self.notices.get(profile)
        if notice is not None and notice.reason == reason:
            notice.raise_()
            return notice
        if notice is not None:
            notice.close()
        endpoints, secret = self._fortnox_app(profile)
        notice = SignInNotice(reason, profile, self.env.secrets, endpoints=endpoints, client_secret=secret,
                              open_url=self.open_url, parent=self.window)
        notice.finished.connect(lambda _result, name=profile: self.notices.pop(name, None))
        self.notices[profile] = notice
        notice.show()
        return notice

    def _sync_finished(self, summary: Any) -> None:
        reason = reason_of(summary)
        if reason is not None and self.window is not None and self.window.profile is not None:
            self.show_sign_in_notice(reason, self.window.profile)

    def _fortnox_app(self, name: str) -> tuple[Endpoints | None, str]:
        """The Fortnox app registration a profile signs in with: its endpoints and client secret."""
        existing = {p.name: p for p in self.env.profiles.list()}.get(name)
        if existing is None:
            return None, ""
        if existing.endpoints.fortnox_client_id != self.env.endpoints.fortnox_client_id:
            return existing.endpoints, self.env.secrets.get(name, SecretKind.FORTNOX_CLIENT_SECRET) or ""
        return existing.endpoints, self.env.fortnox_client_secret

    def show_main(self, select: str | None = None, *, sync_now: bool = False) -> MainWindow:
        if self.window is None:
            self.window = MainWindow(self.env.profiles.store, self.env.secrets, self.open_wizard,
                                     sync_env=self.env.sync_env)
            self.window.sync.finished.connect(self._sync_finished)
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
        wizard.draft_saved.connect(lambda saved: self.show_main(saved))  # in the overview: finish it, or remove it
        wizard.finished.connect(self._wizard_closed)
        self.wizard = wizard
        wizard.show()
        self.wizard_opened.emit(wizard)
        return wizard

    def close(self) -> None:
        """Close every window this controller opened (the tour, when it is done)."""
        if self.wizard is not None:
            self.wizard.close_without_asking()
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
