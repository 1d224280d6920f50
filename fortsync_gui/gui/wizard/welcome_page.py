"""Page 1, Välkommen: what Fortsync syncs and in which direction (R4–R14), the profile name, R1, and the terms."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from fortsync_gui.store.profiles import NAME_MAX

from ..widgets import HelpLabel
from .context import SetupSession
from .existing_data import ExistingDataNotice
from .page import SetupPage, rich_list


class WelcomePage(SetupPage):
    def __init__(self, session: SetupSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setTitle(self.tr("Welcome to Fortsync"))
        self.setSubTitle(self.tr("Fortsync keeps Upsales and Fortnox in sync. Read what it does, name the "
                                 "connection and accept the terms to continue."))

        synced = QGroupBox(self.tr("What Fortsync synchronises"), self)
        box = QVBoxLayout(synced)
        box.addWidget(rich_list([
            self.tr("First synchronisation: the customers, articles and documents of the module you choose "
                    "(invoices, orders, or orders and offers) are imported from Fortnox into Upsales."),
            self.tr("Customers and companies: a customer created in Fortnox becomes a company in Upsales "
                    "automatically, with its Fortnox customer number. A company created in Upsales goes to Fortnox "
                    "only when it has a sale at 100 % probability. Once a company has a customer number, changes on "
                    "either side are synced; when both sides changed, you decide."),
            self.tr("Deleted customers: a customer deleted in Fortnox loses its customer number in Upsales, but the "
                    "company is kept. Deleting the company as well is up to you: Fortsync lists it and deletes only "
                    "after you confirm."),
            self.tr("Articles and products: products come from the Fortnox article register, in one direction, "
                    "priced from the one price list you choose. An article removed or made inactive in Fortnox makes "
                    "the product inactive."),
            self.tr("Sales: a deal that is won (100 %) in Upsales creates exactly one invoice or one order in "
                    "Fortnox, depending on the module; with order & offer, a deal in the offer stage creates an "
                    "offer. Invoices, orders and offers created in Fortnox appear in Upsales as orders or "
                    "opportunities, and a cancelled invoice or order moves its Upsales order to the lost stage."),
            self.tr("Our reference: the Fortnox field Vår referens is matched to the Upsales user with exactly that "
                    "full name; documents without a match get the fallback user."),
            self.tr("Upsales orders marked “skip sync” are never sent to Fortnox."),
        ]))
        self.body.addWidget(synced)

        self.body.addWidget(ExistingDataNotice(session, self))

        profile = QGroupBox(self.tr("Profile"), self)
        form = QFormLayout(profile)
        self.name = QLineEdit(session.profile_name, self)
        self.name.setPlaceholderText(self.tr("For example the company's name"))
        self.name.setMaxLength(NAME_MAX)
        self.name.setReadOnly(self.context.editing)
        self.name.textChanged.connect(self._name_changed)
        form.addRow(self.tr("&Profile name:"), self.name)
        self.name_help = HelpLabel(self.tr("One profile connects one Upsales account with one Fortnox company. "
                                           "Accountants create one profile per client company."), self)
        form.addRow(self.name_help)
        self.name_error = QLabel(self)
        self.name_error.setStyleSheet("color: #c62828;")
        self.name_error.hide()
        form.addRow(self.name_error)
        self.body.addWidget(profile)
        session.upsales_changed.connect(self._update_lock)
        session.fortnox_changed.connect(self._update_lock)

        terms = QGroupBox(self.tr("Terms"), self)
        box = QVBoxLayout(terms)
        text = HelpLabel(self.tr(
            "Fortsync reads and changes data in your Upsales account and your Fortnox company on your behalf, as "
            "described above. Nothing is written before you start a synchronisation, and you can preview it first. "
            "The Upsales API key and the Fortnox authorisation are kept in this computer's password manager, never "
            "in files. You can disconnect at any time by removing the integration in Fortnox (Administrera "
            "användare) and the API key in Upsales."), self)
        box.addWidget(text)
        self.accept_terms = QCheckBox(self.tr("I &accept the terms"), self)
        self.accept_terms.setChecked(self.context.editing)
        self.accept_terms.toggled.connect(self.completeChanged)
        box.addWidget(self.accept_terms)
        self.body.addWidget(terms)
        self.body.addStretch(1)

    def first_field(self) -> QWidget | None:
        if not self.name.isReadOnly():
            return self.name
        return None if self.accept_terms.isChecked() else self.accept_terms

    def name_problem(self) -> str | None:
        name = self.name.text().strip()
        if not name:
            return self.tr("Give the profile a name.")
        if ":" in name:
            return self.tr("The name cannot contain a colon (:).")
        if not self.context.editing and name in self.context.existing_names:
            return self.tr("There is already a profile with this name. Choose another name.")
        return None

    def _name_changed(self) -> None:
        if self.session.secrets_saved:
            return  # locked below; the keyring entries are stored under the name
        self.session.profile_name = self.name.text().strip()
        problem = self.name_problem() if self.name.text() else None
        self.name_error.setText(problem or "")
        self.name_error.setVisible(problem is not None)
        self.completeChanged.emit()

    def _update_lock(self) -> None:
        if self.session.secrets_saved and not self.context.editing and not self.name.isReadOnly():
            self.name.setReadOnly(True)
            self.name_help.setText(self.tr("The name cannot be changed once a key has been saved under it. Cancel "
                                           "the wizard to start over with another name."))

    def isComplete(self) -> bool:
        return self.accept_terms.isChecked() and self.name_problem() is None
