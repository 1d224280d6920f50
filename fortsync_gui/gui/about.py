"""Hjälp → Om Fortsync: the version, the licence, the components and their licences, and links."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fortsync_gui import __version__, config

from .icons import app_icon


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Fortsync"))
        layout = QHBoxLayout(self)
        icon = QLabel(self)
        icon.setPixmap(app_icon().pixmap(96, 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(icon)
        text = QVBoxLayout()
        layout.addLayout(text)
        title = QLabel(f"<h2>Fortsync {__version__}</h2>", self)
        text.addWidget(title)
        self.body = QLabel(self)
        self.body.setWordWrap(True)
        self.body.setOpenExternalLinks(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.body.setText("".join([
            "<p>", self.tr("Keeps Upsales CRM and Fortnox accounting in sync: customers and companies, articles and "
                           "products, won deals and invoices, orders and offers."), "</p>",
            "<p>", self.tr("Licence: proprietary. © Fortsync."), "</p>",
            "<p>", self.tr("Built with Python {python}, Qt {qt} and PySide6 {pyside} (LGPLv3), httpx, SQLAlchemy, "
                           "Alembic, keyring and truststore.").format(
                python=platform.python_version(), qt=qVersion(), pyside=pyside_version), "</p>",
            "<p>", self.tr("Upsales: <a href=\"https://www.upsales.com\">upsales.com</a> · Fortnox: "
                           "<a href=\"https://www.fortnox.se\">fortnox.se</a> · Fortnox developer portal: "
                           "<a href=\"https://developer.fortnox.se\">developer.fortnox.se</a>"), "</p>",
            "<p>", self.tr("Logs: {path}").format(path=config.log_dir()), "</p>",
        ]))
        text.addWidget(self.body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        text.addWidget(buttons)
        self.resize(520, 300)
