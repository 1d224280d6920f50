"""Page 3, Fortnox: approve the integration and hand over the code (API-kod), pasted or captured by a browser sign-in.

"Logga in i Fortnox" opens the browser on Fortnox's consent page with a loopback redirect
(:mod:`fortsync_gui.clients.fortnox_loopback`); the wait, the code exchange and the test call
(``company_information``) run off the GUI thread. The token set reaches the keyring only after the test call
succeeded.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from fortsync_gui.clients.fortnox_auth import DEFAULT_SCOPES
from fortsync_gui.clients.fortnox_loopback import LoopbackCancelled, LoopbackReceiver
from fortsync_gui.secrets import SecretKind

from .. import messages
from ..widgets import HelpLabel, SecretLineEdit, Status, StatusLine
from . import backend
from .context import SetupSession
from .demo_hint import DemoHint
from .page import SetupPage, rich_list


class FortnoxPage(SetupPage):
    def __init__(self, session: SetupSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._receiver: LoopbackReceiver | None = None
        self.setTitle(self.tr("Connect Fortnox"))
        self.setSubTitle(self.tr("Approve Fortsync as an integration in Fortnox; Fortsync then receives a code, the "
                                 "API code, that gives it access."))

        login_box = QGroupBox(self.tr("Log in to Fortnox"), self)
        box = QVBoxLayout(login_box)
        box.addWidget(HelpLabel(self.tr("Quickest: click Log in to Fortnox. The browser opens Fortnox; log in and "
                                        "click Godkänn. Fortsync receives the code by itself."), self))
        row = QHBoxLayout()
        self.login_button = QPushButton(self.tr("&Log in to Fortnox"), self)
        self.login_button.clicked.connect(self.log_in)
        row.addWidget(self.login_button)
        self.cancel_button = QPushButton(self.tr("Cancel &sign-in"), self)
        self.cancel_button.clicked.connect(self.cancel_login)
        self.cancel_button.hide()
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        box.addLayout(row)
        self.body.addWidget(login_box)

        paste_box = QGroupBox(self.tr("Or paste the API code"), self)
        box = QVBoxLayout(paste_box)
        box.addWidget(rich_list([
            self.tr("In Fortnox, click your user id at the top right and choose Administrera användare."),
            self.tr("Click the Lägg till integration button. The window Ny integration opens."),
            self.tr("Search for Fortsync and click on it."),
            self.tr("Approve the integration by clicking Godkänn."),
            self.tr("Fortnox shows your API code (API-kod). Copy it and paste it below. The code is valid for 10 "
                    "minutes and can be used once."),
        ], ordered=True))
        if self.context.demo is not None:
            self.demo_hint: DemoHint | None = DemoHint(
                self.tr("Demo: this is an API code from the sandbox's Fortnox. Copy it and paste it into the field "
                        "below, or click Log in to Fortnox."),
                self.context.demo.fortnox_api_kod, refreshable=True, parent=self)
            box.addWidget(self.demo_hint)
        else:
            self.demo_hint = None
        row = QHBoxLayout()
        caption = QLabel(self.tr("&API code:"), self)
        row.addWidget(caption)
        self.code = SecretLineEdit(self)
        self.code.setPlaceholderText(self.tr("Paste the API code from Fortnox"))
        self.code.textChanged.connect(self._code_edited)
        self.code.on_return = self._return_pressed
        caption.setBuddy(self.code.edit)
        row.addWidget(self.code, 1)
        self.test_button = QPushButton(self.tr("&Test connection"), self)
        self.test_button.clicked.connect(self.test_connection)
        row.addWidget(self.test_button)
        box.addLayout(row)
        self.body.addWidget(paste_box)

        self._typed = False
        self._advanced()

        self.status = StatusLine(self)
        self.body.addWidget(self.status)
        self.body.addWidget(HelpLabel(self.tr("The authorisation is saved in this computer's password manager, and "
                                              "only after the test has succeeded."), self))
        self.body.addStretch(1)

    def initializePage(self) -> None:
        if self.context.editing and self.session.fortnox is None and not self.busy and self._registered():
            self._start(None, None, self.tr("Checking the saved Fortnox authorisation…"))

    def first_field(self) -> QWidget | None:
        return self.code

    def _return_pressed(self) -> bool:
        """Enter in the code field tests the code; with the field empty and a connection that works, it goes on."""
        if self.busy:
            return True
        if not self.code.text() and self.isComplete():
            return False  # the wizard's default button: Nästa
        self.test_connection()
        return True

    def test_connection(self) -> None:
        code = self.code.text()
        if not code:
            self.status.show_status(Status.ERROR, self.tr("Paste the API code from Fortnox first."))
            return
        if not self._registered():
            return
        self._start(code, None, self.tr("Exchanging the API code with Fortnox…"))

    def _registered(self) -> bool:
        """Whether a Fortnox app registration (client id and secret) is configured; says what to do if not. The
        bureau's own registration under Avancerat, when filled in, replaces the built-in one for this profile."""
        own_id, own_secret = self.own_client_id.text().strip(), self.own_client_secret.text().strip()
        if own_id or own_secret:
            if not (own_id and own_secret):
                self.status.show_status(Status.ERROR, self.tr(
                    "Under Advanced, fill in both the client id and the client secret of your own Fortnox app, or "
                    "neither."))
                self.advanced_box.setChecked(True)
                return False
            self.context.endpoints = replace(self.context.endpoints, fortnox_client_id=own_id)
            self.context.fortnox_client_secret = own_secret
            self.context.own_fortnox_app = True
        if self.context.endpoints.fortnox_client_id and self.context.fortnox_client_secret:
            return True
        self.status.show_status(Status.ERROR, self.tr(
            "This copy of Fortsync has no Fortnox app registration built in. Under Advanced, enter the client id "
            "and client secret of your own app from Fortnox's developer portal."))
        self.advanced_box.setChecked(True)
        return False

    def _advanced(self) -> None:
        """Avancerat: an accounting bureau's own Fortnox app registration (client id and secret)."""
        self.advanced_box = QGroupBox(self.tr("Advanced: your own Fortnox app"), self)
        self.advanced_box.setCheckable(True)
        self.advanced_box.setChecked(False)
        inner = QWidget(self.advanced_box)
        box = QVBoxLayout(self.advanced_box)
        box.addWidget(inner)
        form = QVBoxLayout(inner)
        form.setContentsMargins(0, 0, 0, 0)
        form.addWidget(HelpLabel(self.tr(
            "Only for accounting bureaus with their own app registration in Fortnox's developer portal. Leave empty "
            "to use Fortsync's built-in app. The client secret is saved in the password manager."), inner))
        self.own_client_id = QLineEdit(inner)
        self.own_client_id.setPlaceholderText(self.tr("Client ID"))
        self.own_client_secret = SecretLineEdit(inner)
        self.own_client_secret.setPlaceholderText(self.tr("Client secret"))
        for label, field in ((self.tr("Client ID:"), self.own_client_id),
                             (self.tr("Client secret:"), self.own_client_secret)):
            row = QHBoxLayout()
            caption = QLabel(label, inner)
            caption.setMinimumWidth(110)
            row.addWidget(caption)
            row.addWidget(field, 1)
            form.addLayout(row)
        self.redirect_note = HelpLabel(self.tr(
            "Register this redirect address with your app: {uri}").format(uri=self.redirect_uri()), inner)
        self.redirect_note.setVisible(bool(self.context.loopback_port))
        form.addWidget(self.redirect_note)
        self.advanced_box.toggled.connect(inner.setVisible)
        self.advanced_box.toggled.connect(lambda _on: self.redirect_note.setVisible(bool(self.context.loopback_port)))
        inner.setVisible(False)
        self._advanced_inner = inner
        self.body.addWidget(self.advanced_box)

    def redirect_uri(self) -> str:
        from fortsync_gui.app_registration import CALLBACK

        return f"http://127.0.0.1:{self.context.loopback_port or 0}{CALLBACK}"

    def log_in(self) -> None:
        self.cancel_login()
        if not self._registered():
            return
        try:
            receiver = LoopbackReceiver(port=self.context.loopback_port)
        except OSError:
            self.status.show_status(Status.ERROR, self.tr(
                "Another program on this computer uses port {port}, where Fortnox sends you back after the sign-in. "
                "Paste the API code below instead, or close that program and try again.").format(
                port=self.context.loopback_port))
            return
        oauth = backend.fortnox_oauth(self.context.endpoints, self.context.fortnox_client_secret)
        url = oauth.authorization_url(state=receiver.state, redirect_uri=receiver.redirect_uri, scopes=DEFAULT_SCOPES)
        oauth.close()  # only the consent page's address was needed here
        if not self.context.open_url(QUrl(url)):
            receiver.close()
            self.status.show_status(Status.ERROR, self.tr("Fortsync could not open the browser. Paste the API code "
                                                          "instead."))
            return
        self._receiver = receiver
        timeout = self.context.login_timeout
        self._start(lambda: receiver.wait(timeout), receiver.redirect_uri,
                    self.tr("Waiting for you to approve Fortsync in the browser…"))
        self.cancel_button.show()

    def cancel_login(self) -> None:
        if self._receiver is not None:
            self._receiver.cancel()
            self._receiver = None

    def stop(self) -> None:
        self.cancel_login()
        super().stop()

    def _start(self, code: str | backend.CodeSource | None, redirect_uri: str | None, busy_text: str) -> None:
        """Exchange ``code`` (a pasted code, or a callable that waits for one) and test the result; ``None``
        re-tests the token set already saved for the profile. A connection that works stays until a new one does: a
        failed attempt (a code used twice) leaves the saved authorisation as it was, and the page says so."""
        self.status.busy(busy_text)
        self._typed = code is not None
        self.hand_focus_to(self.code, self.test_button, self.login_button)
        self._set_buttons_enabled(False)
        self.completeChanged.emit()  # Nästa waits for the attempt
        endpoints = self.context.endpoints
        secret = self.context.fortnox_client_secret
        session = self.session

        def save(tokens_json: str) -> None:
            session.save_secret(SecretKind.FORTNOX_TOKENS, tokens_json)

        def work() -> backend.FortnoxConnection | None:
            oauth = backend.fortnox_oauth(endpoints, secret)
            if code is None:
                saved = session.context.secrets.get(session.profile_name, SecretKind.FORTNOX_TOKENS)
                return backend.reconnect_fortnox(endpoints, oauth, saved, save) if saved else None
            pasted = code if isinstance(code, str) else code()
            connection, keeper = backend.connect_fortnox(endpoints, oauth, pasted, redirect_uri, save)
            if session.context.own_fortnox_app:
                session.save_secret(SecretKind.FORTNOX_CLIENT_SECRET, secret)
            keeper.confirm()  # the test call succeeded: from now on every token set goes to the keyring
            return connection

        self.run(work, self._connected, self._failed)

    def _connected(self, connection: backend.FortnoxConnection | None) -> None:
        self._finish_attempt()
        if connection is None:
            self.status.clear()
            self.completeChanged.emit()
            return
        self.session.set_fortnox(connection)
        self.code.clear()
        self.status.show_status(Status.OK, self.tr("Connected to Fortnox: {company} ({org_no}). The authorisation is "
                                                   "saved in the password manager.").format(
            company=connection.company_name, org_no=connection.organisation_number))
        self.completeChanged.emit()
        if self._typed or not self.code.text():
            self.focus_after_test(True, self.code, self.test_button, self.login_button)

    def _failed(self, error: Exception) -> None:
        self._finish_attempt()
        said = messages.error_text(messages.Service.FORTNOX, error)
        kept = self.session.fortnox
        if kept is not None:  # the saved authorisation still works: keep it, and say so
            self.status.show_status(Status.WARNING, self.tr(
                "{error} The connection saved before still works: Fortsync keeps using it ({company}). You can go "
                "on.").format(error=said, company=kept.company_name))
        elif isinstance(error, LoopbackCancelled):
            self.status.show_status(Status.INFO, said)
        else:
            self.status.show_status(Status.ERROR, said)
        self.completeChanged.emit()
        if self._typed:
            self.focus_after_test(kept is not None, self.code, self.test_button, self.login_button)

    def _finish_attempt(self) -> None:
        self._receiver = None
        self.cancel_button.hide()
        self._set_buttons_enabled(True)

    def _set_buttons_enabled(self, enabled: bool) -> None:
        self.login_button.setEnabled(enabled)
        self.test_button.setEnabled(enabled)

    def _code_edited(self) -> None:
        if self.status.status is Status.ERROR and self.code.text():
            self.status.clear()

    def isComplete(self) -> bool:
        return self.session.fortnox is not None and not self.busy
