"""Page 2, Upsales: where to create the API key, the masked field, and "Testa anslutning" off the GUI thread.

The key reaches the keyring only after ``GET /self`` accepted it (DESIGN.md §6); a failed test saves nothing.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from fortsync_gui.secrets import SecretKind

from .. import messages
from ..widgets import HelpLabel, SecretLineEdit, Status, StatusLine
from . import backend
from .context import SetupSession
from .demo_hint import DemoHint
from .existing_data import ExistingDataNotice
from .page import SetupPage, rich_list


class UpsalesPage(SetupPage):
    def __init__(self, session: SetupSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setTitle(self.tr("Connect Upsales"))
        self.setSubTitle(self.tr("Fortsync reads and writes in your Upsales account with an API key."))

        steps = QGroupBox(self.tr("Create an API key in Upsales"), self)
        box = QVBoxLayout(steps)
        box.addWidget(rich_list([
            self.tr("Log in to Upsales as an administrator: only administrators can create API keys."),
            self.tr("Click the settings icon at the top right and open Inställningar → API-nycklar (in the English "
                    "interface: Settings → Account → Security → API keys)."),
            self.tr("Click New API key, give it a name such as “Fortsync” and generate the key."),
            self.tr("Copy the key at once: Upsales shows it only once. Paste it below."),
        ], ordered=True))
        self.body.addWidget(steps)

        if self.context.demo is not None:
            token = self.context.demo.upsales_token
            self.demo_hint: DemoHint | None = DemoHint(
                self.tr("Demo: this is the sandbox's Upsales API key. Copy it and paste it into the field below. In "
                        "the demo, keys are kept in memory only and forgotten when Fortsync closes."),
                lambda: token, parent=self)
            self.body.addWidget(self.demo_hint)
        else:
            self.demo_hint = None

        key_box = QGroupBox(self.tr("Test and save the key"), self)
        box = QVBoxLayout(key_box)
        row = QHBoxLayout()
        caption = QLabel(self.tr("&API key:"), self)
        row.addWidget(caption)
        self.key = SecretLineEdit(self)
        self.key.setPlaceholderText(self.tr("Paste the API key from Upsales"))
        self.key.textChanged.connect(self._key_edited)
        self.key.on_return = self._return_pressed
        caption.setBuddy(self.key.edit)
        row.addWidget(self.key, 1)
        self.test_button = QPushButton(self.tr("&Test connection"), self)
        self.test_button.clicked.connect(self.test_connection)
        row.addWidget(self.test_button)
        box.addLayout(row)
        self.status = StatusLine(self)
        box.addWidget(self.status)
        box.addWidget(HelpLabel(self.tr("The key is saved in this computer's password manager, and only after the "
                                        "test has succeeded."), self))
        self.body.addWidget(key_box)

        self._typed = False
        self.existing = ExistingDataNotice(session, self)
        self.existing.hide()
        self.body.addWidget(self.existing)
        self.body.addStretch(1)

    def initializePage(self) -> None:
        if self.context.editing and self.session.upsales is None and not self.busy:
            self.key.setPlaceholderText(self.tr("A key is saved; paste a new one only to replace it"))
            self._start(None, self.tr("Checking the saved API key…"))

    def first_field(self) -> QWidget | None:
        return self.key

    def _return_pressed(self) -> bool:
        """Enter in the key field tests the key; with the field empty and a connection that works, it goes on."""
        if self.busy:
            return True
        if not self.key.text() and self.isComplete():
            return False  # the wizard's default button: Nästa
        self.test_connection()
        return True

    def test_connection(self) -> None:
        key = self.key.text()
        if not key:
            self.status.show_status(Status.ERROR, self.tr("Paste the API key from Upsales first."))
            return
        self._start(key, self.tr("Testing the connection to Upsales…"))

    def _start(self, key: str | None, busy_text: str) -> None:
        """Test ``key`` and save it once accepted; ``None`` re-tests the key already saved for the profile."""
        self.session.set_upsales(None)
        self.existing.hide()
        self.status.busy(busy_text)
        self.hand_focus_to(self.key, self.test_button)
        self.test_button.setEnabled(False)
        self._typed = key is not None  # the user's own test (not the saved key's, as the page opens)
        url = self.context.endpoints.upsales_url
        session = self.session

        def work() -> tuple[backend.UpsalesConnection, backend.DataCounts] | None:
            token = key or session.context.secrets.get(session.profile_name, SecretKind.UPSALES_TOKEN)
            if not token:
                return None
            connection = backend.connect_upsales(url, token)
            if key:
                session.save_secret(SecretKind.UPSALES_TOKEN, key)
            return connection, backend.count_upsales_data(connection.client)

        self.run(work, self._connected, self._failed)

    def _connected(self, result: tuple[backend.UpsalesConnection, backend.DataCounts] | None) -> None:
        self.test_button.setEnabled(True)
        if result is None:
            self.status.clear()
            self.completeChanged.emit()
            return
        connection, counts = result
        self.session.set_upsales(connection)
        self.session.set_counts(counts)
        self.status.show_status(Status.OK, self.tr("Connected to Upsales ({account}) as {user}. The key is saved in "
                                                   "the password manager.").format(account=connection.account_name,
                                                                                   user=connection.user_name))
        self.existing.show()
        self.completeChanged.emit()
        if self._typed or not self.key.text():  # never away from a key being typed
            self.focus_after_test(True, self.key, self.test_button)

    def _failed(self, error: Exception) -> None:
        self.test_button.setEnabled(True)
        self.status.show_status(Status.ERROR, messages.error_text(messages.Service.UPSALES, error))
        self.completeChanged.emit()
        if self._typed:
            self.focus_after_test(False, self.key, self.test_button)

    def _key_edited(self) -> None:
        if self.session.upsales is not None and not self.busy and self.key.text():
            self.session.set_upsales(None)  # a new key must be tested before it counts
            self.status.clear()
            self.existing.hide()
            self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.session.upsales is not None and not self.busy
