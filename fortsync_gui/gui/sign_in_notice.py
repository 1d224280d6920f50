"""When the Fortnox sign-in needs the user (issue 9, items 2 and 4), one small dialog with the one button that fixes
it, kept apart from the main window:

- the sign-in was renewed but the password manager refused the new one: **Försök spara igen** saves the set Fortsync
  keeps in memory (:func:`fortsync_gui.engine.connect.retry_token_save`);
- a renewal was interrupted (the app was killed between receiving and saving, or Fortnox's answer was lost), found
  at start or by a sync: **Logga in i Fortnox** signs in again in the browser, in one click;
- the computer's keyring would keep secrets in clear (or not at all): :func:`offer_session_only` offers to keep them
  for this session only, before anything is saved.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from fortsync_gui.clients.fortnox_auth import DEFAULT_SCOPES, REFRESHING_KEY
from fortsync_gui.clients.fortnox_loopback import LoopbackReceiver
from fortsync_gui.secrets import SecretKind, SecretStore, SecretStoreError

from . import messages
from .wizard import backend
from .wizard.backend import Endpoints
from .workers import run_in_background

UNSAVED = "fortnox.tokens_unsaved"  # the reasons of a FORTNOX_AUTH stop this dialog answers
LOST = "fortnox.refresh_lost"
LOGIN_TIMEOUT = 300.0  # seconds the browser sign-in waits, as the wizard's


def interrupted_profiles(secrets: SecretStore, names: Iterable[str]) -> list[str]:
    """The profiles whose saved Fortnox sign-in carries the mark of a renewal that never finished (a worker thread:
    reading the keyring may wait on the password manager)."""
    found = []
    for name in names:
        try:
            saved = secrets.get(name, SecretKind.FORTNOX_TOKENS)
            data = json.loads(saved) if saved else None
        except (SecretStoreError, ValueError):
            continue
        if isinstance(data, dict) and data.get(REFRESHING_KEY):
            found.append(name)
    return found


def reason_of(summary: Any) -> str | None:
    """UNSAVED or LOST when a run stopped for one of them, else None."""
    args: Mapping[str, Any] = getattr(summary, "message_args", None) or {}
    if getattr(summary, "message_key", None) == "auth.fortnox" and args.get("reason") in (UNSAVED, LOST):
        return str(args["reason"])
    return None


class SignInNotice(QDialog):
    """The notice for one profile; ``done_ok`` is emitted once the sign-in is saved again."""

    done_ok = Signal(str)

    def __init__(self, reason: str, profile: str, secrets: SecretStore, *, endpoints: Endpoints | None = None,
                 client_secret: str = "", open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reason, self.profile, self._secrets = reason, profile, secrets
        self._endpoints, self._client_secret, self._open_url = endpoints, client_secret, open_url
        self._receiver: LoopbackReceiver | None = None
        self.setWindowTitle(self.tr("Fortnox sign-in"))
        layout = QVBoxLayout(self)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.action = QPushButton(self)
        self.action.setDefault(True)
        row.addWidget(self.action)
        self.close_button = QPushButton(self.tr("Later"), self)
        self.close_button.clicked.connect(self.reject)
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        if reason == UNSAVED:
            self.text.setText(self.tr(
                "The Fortnox sign-in of {profile} was renewed, but the computer's password manager did not accept the "
                "new one. Unlock the password manager and click Try saving again. Fortsync keeps the new sign-in in "
                "memory until then: do not close Fortsync before it is saved.").format(profile=profile))
            self.action.setText(self.tr("Try saving again"))
            self.action.clicked.connect(self.save_again)
        else:
            self.text.setText(self.tr(
                "Fortsync was stopped while the Fortnox sign-in of {profile} was being renewed, so the new sign-in "
                "was never saved and the old one may no longer work. Log in to Fortnox again: one click opens the "
                "browser.").format(profile=profile))
            self.action.setText(self.tr("Log in to Fortnox"))
            self.action.clicked.connect(self.sign_in)

    def save_again(self) -> None:
        from fortsync_gui.engine.connect import retry_token_save

        if retry_token_save(self.profile, self._secrets):
            self._succeeded(self.tr("The sign-in is saved in the password manager. You can sync again."))
        else:
            self.status.setText(self.tr("The password manager still does not accept it. Unlock it and try again."))

    def sign_in(self) -> None:
        if self._endpoints is None or not self._client_secret:
            self.status.setText(self.tr("Fortsync has no Fortnox app registration for this profile: open Settings "
                                        "→ Fortnox and log in there."))
            return
        self._cancel()
        endpoints, secret, profile, secrets = self._endpoints, self._client_secret, self.profile, self._secrets
        receiver = LoopbackReceiver()
        oauth = backend.fortnox_oauth(endpoints, secret)
        url = oauth.authorization_url(state=receiver.state, redirect_uri=receiver.redirect_uri, scopes=DEFAULT_SCOPES)
        if not self._open_url(QUrl(url)):
            receiver.close()
            oauth.close()
            self.status.setText(self.tr("Fortsync could not open the browser. Open Settings → Fortnox and paste the "
                                        "API code there."))
            return
        self._receiver = receiver
        self.action.setEnabled(False)
        self.status.setText(self.tr("Waiting for you to approve Fortsync in the browser…"))

        def work() -> str:
            from fortsync_gui.engine.connect import forget_unsaved

            code = receiver.wait(LOGIN_TIMEOUT)
            connection, keeper = backend.connect_fortnox(
                endpoints, oauth, code, receiver.redirect_uri,
                lambda tokens_json: secrets.set(profile, SecretKind.FORTNOX_TOKENS, tokens_json))
            keeper.confirm()  # the test call succeeded: saved, without the mark of the lost renewal
            forget_unsaved(profile)
            connection.client.close()
            oauth.close()
            return connection.company_name

        run_in_background(work, parent=self, on_success=self._signed_in, on_error=self._failed)

    def _signed_in(self, company: str) -> None:
        self._receiver = None
        self._succeeded(self.tr("Logged in to Fortnox: {company}. The sign-in is saved; you can sync again.")
                        .format(company=company))

    def _failed(self, error: Exception) -> None:
        self._receiver = None
        self.action.setEnabled(True)
        self.status.setText(messages.error_text(messages.Service.FORTNOX, error))

    def _succeeded(self, text: str) -> None:
        self.status.setText(text)
        self.action.setEnabled(False)
        self.close_button.setText(self.tr("Close"))
        self.done_ok.emit(self.profile)

    def _cancel(self) -> None:
        if self._receiver is not None:
            self._receiver.cancel()
            self._receiver = None

    def done(self, result: int) -> None:
        self._cancel()
        super().done(result)


def offer_session_only(secrets: SecretStore, parent: QWidget | None = None,
                       ask: Callable[[QMessageBox], int] | None = None) -> bool:
    """When the keyring would keep secrets in clear or not at all: explain, and offer to keep them for this session
    only. True when Fortsync may go on (the keyring is secure, or the user chose this session only)."""
    reason = secrets.insecure_reason()
    if reason is None:
        return True
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("SignInNotice", "Password manager"))
    box.setText(QCoreApplication.translate(
        "SignInNotice",
        "This computer has no secure password manager that Fortsync can use ({detail}), and Fortsync never saves "
        "keys in an ordinary file. Install and unlock one (GNOME Keyring or KWallet on Linux) and start Fortsync "
        "again, or keep the keys for this session only: you enter them again next time.").format(detail=reason))
    session = box.addButton(QCoreApplication.translate("SignInNotice", "Keep for this session only"),
                            QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QCoreApplication.translate("SignInNotice", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(session)
    (ask or QMessageBox.exec)(box)
    if box.clickedButton() is session:
        secrets.keep_in_memory()
        return True
    return False
