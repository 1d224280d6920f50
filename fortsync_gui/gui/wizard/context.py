"""What the setup wizard is given (:class:`WizardContext`) and what it collects on the way (:class:`SetupSession`)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from fortsync_gui.preflight import SyncSettings
from fortsync_gui.secrets import SecretKind, SecretStore

from .backend import Choices, DataCounts, Endpoints, FortnoxConnection, UpsalesConnection


class Module(Enum):
    """Modul att synka (R3); the values are the settings-file values of DESIGN.md §4."""

    INVOICE = "invoice"
    ORDER = "order"
    ORDER_OFFER = "order_offer"

    @property
    def label(self) -> str:
        """"Bara faktura" / "Bara order" / "Order & offert"."""
        return QCoreApplication.translate("Module", _MODULE_LABELS[self.value])


_MODULE_LABELS = {
    "invoice": QT_TRANSLATE_NOOP("Module", "Invoice only"),
    "order": QT_TRANSLATE_NOOP("Module", "Order only"),
    "order_offer": QT_TRANSLATE_NOOP("Module", "Order & offer"),
}


@dataclass(frozen=True)
class ProfileDraft:
    """Everything the wizard stores for a profile: settings only, never a secret (those go to the keyring)."""

    name: str
    endpoints: Endpoints
    module: Module
    fallback_user_id: int
    won_stage_id: int
    lost_stage_id: int
    offer_stage_id: int | None
    price_list: str
    match_duplicates: bool
    # Won deals (and offers made) from this day go to Fortnox; None: the day the profile is saved.
    send_won_since: date | None = None
    # Saved when the wizard was closed before the end, with what was tested so far (ids of 0 and an empty price
    # list: not chosen yet). A draft is listed, finished in the wizard or removed, and never synced.
    draft: bool = False


@dataclass(frozen=True)
class DemoHints:
    """Shown on the Upsales and Fortnox pages in ``--demo`` so the user can paste the sandbox's credentials."""

    upsales_token: str
    fortnox_api_kod: Callable[[], str]  # a fresh code each time: a code is single use and valid for 10 minutes


@dataclass(frozen=True)
class PreviewSeam:
    """Where the sync engine's dry-run plan and duplicate-match review plug into the checks page.

    ``plan`` runs off the GUI thread with the profile being set up (its secrets are already in the keyring) and
    returns whatever ``render`` needs; ``render`` runs on the GUI thread and returns the widget shown in the page's
    preview section. Without a seam the section stays hidden: the wizard never shows made-up numbers.
    """

    plan: Callable[[ProfileDraft], Any]
    render: Callable[[Any], QWidget]


@dataclass
class WizardContext:
    """The wizard's dependencies, supplied by the app (or a test)."""

    secrets: SecretStore
    endpoints: Endpoints
    save_profile: Callable[[ProfileDraft], None]
    fortnox_client_secret: str  # of the Fortnox app registration in use
    own_fortnox_app: bool = False  # True when the profile overrides the built-in registration: its secret is saved
    existing_names: frozenset[str] = frozenset()
    profile: ProfileDraft | None = None  # set when re-entering the wizard to change an existing profile's settings
    send_won_since: date | None = None  # a new profile's suggested day to send won deals from (None: today)
    demo: DemoHints | None = None
    preview: PreviewSeam | None = None
    open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl
    login_timeout: float = 300.0  # seconds "Logga in i Fortnox" waits for the browser
    loopback_port: int = 0  # where the browser comes back after "Logga in i Fortnox" (0: any free port)

    @property
    def editing(self) -> bool:
        """Changing a saved profile (a draft too): its name is fixed and its secrets are in the keyring already."""
        return self.profile is not None

    @property
    def finishing_draft(self) -> bool:
        return self.profile is not None and self.profile.draft


class SetupSession(QObject):
    """The connections and choices made so far. Pages read it; the signals tell the other pages what changed."""

    upsales_changed = Signal()
    fortnox_changed = Signal()
    existing_data_changed = Signal()

    def __init__(self, context: WizardContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.profile_name = context.profile.name if context.profile else ""
        self.upsales: UpsalesConnection | None = None
        self.fortnox: FortnoxConnection | None = None
        self.counts: DataCounts | None = None
        self.choices: Choices | None = None
        self.settings: SyncSettings | None = None  # valid choices of the settings page, else None
        self.match_duplicates = context.profile.match_duplicates if context.profile else True
        self.send_won_since = (context.profile.send_won_since if context.profile else None) \
            or context.send_won_since or date.today()
        self._saved: set[SecretKind] = set()
        self._lock = threading.Lock()

    @property
    def secrets_saved(self) -> frozenset[SecretKind]:
        with self._lock:
            return frozenset(self._saved)

    def save_secret(self, kind: SecretKind, value: str) -> None:
        """Write to the keyring (callable from a worker thread); only ever called after a successful test."""
        with self._lock:
            self.context.secrets.set(self.profile_name, kind, value)
            self._saved.add(kind)

    def set_upsales(self, connection: UpsalesConnection | None) -> None:
        self.upsales = connection
        self.upsales_changed.emit()

    def set_fortnox(self, connection: FortnoxConnection | None) -> None:
        self.fortnox = connection
        self.fortnox_changed.emit()

    def set_counts(self, counts: DataCounts | None) -> None:
        self.counts = counts
        self.existing_data_changed.emit()

    def forget_unsaved_profile(self) -> None:
        """Cancelled before a new profile was stored: remove the secrets this session wrote for it."""
        if self.context.editing or not self.profile_name:
            return
        for kind in self.secrets_saved:
            self.context.secrets.delete(self.profile_name, kind)
        self._saved.clear()
