"""Hjälp → Visa loggar (the log folder in the file manager) and Skapa supportpaket… (a zip to send to whoever helps:
logs, secret-free settings and the last runs; :mod:`fortsync_gui.support_bundle`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from fortsync_gui import config, support_bundle
from fortsync_gui.secrets import SecretStore
from fortsync_gui.store import Store

from .workers import run_in_background


def show_logs(open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl) -> Path:
    """Open the log folder (made if it does not exist yet); returns it."""
    directory = config.log_dir()
    directory.mkdir(parents=True, exist_ok=True)
    open_url(QUrl.fromLocalFile(str(directory)))
    return directory


def ask_bundle_path(parent: QWidget) -> Path | None:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DesktopLocation) or str(Path.home())
    title = QCoreApplication.translate("Support", "Create support bundle")
    kinds = QCoreApplication.translate("Support", "Zip archives (*.zip)")
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(Path(folder) / support_bundle.default_name()), kinds)
    return Path(chosen) if chosen else None


def create_bundle(parent: QWidget, store: Store, secrets: SecretStore, path: Path | None = None,
                  done: Callable[[Path], None] | None = None) -> None:
    """Write the bundle in the background, then say where it is (the zip holds no password or key)."""
    path = path or ask_bundle_path(parent)
    if path is None:
        return
    if path.suffix.lower() != ".zip":
        path = path.with_suffix(".zip")

    def finished(made: Path) -> None:
        if done is not None:
            done(made)
            return
        text = QCoreApplication.translate(
            "Support", "The support bundle is saved as {path}. It holds the logs, the profiles' settings and the "
            "latest runs, but no password, API key or sign-in.")
        QMessageBox.information(parent, QCoreApplication.translate("Support", "Support bundle"), text.format(path=made))

    def failed(error: Exception) -> None:
        text = QCoreApplication.translate("Support", "The support bundle could not be saved: {error}")
        QMessageBox.warning(parent, QCoreApplication.translate("Support", "Support bundle"), text.format(error=error))

    run_in_background(lambda: support_bundle.create(store, path, secrets=secrets), parent=parent,
                      on_success=finished, on_error=failed)
