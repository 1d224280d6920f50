"""The main window, for now: the profiles, with "Ny profil…" and "Ändra inställningar…" (both open the wizard).

The sync view (Synka nu, progress, conflicts, deletions, reports) replaces the body of this window later.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .wizard import ProfileDraft


class ProfilesWindow(QMainWindow):
    def __init__(self, profiles: Callable[[], Sequence[ProfileDraft]], open_wizard: Callable[[str | None], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._profiles = profiles
        self._open_wizard = open_wizard
        self.setWindowTitle(self.tr("Fortsync"))
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(QLabel(self.tr("Profiles"), self))
        self.list = QListWidget(self)
        self.list.itemDoubleClicked.connect(lambda _: self.change_settings())
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New profile…"), self)
        self.new_button.clicked.connect(lambda: self._open_wizard(None))
        self.edit_button = QPushButton(self.tr("Change settings…"), self)
        self.edit_button.clicked.connect(self.change_settings)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.setCentralWidget(central)
        self.resize(640, 420)
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        self.list.clear()
        for draft in self._profiles():
            item = QListWidgetItem(self.tr("{name} – {module}, price list {price_list}").format(
                name=draft.name, module=draft.module.label, price_list=draft.price_list))
            item.setData(Qt.ItemDataRole.UserRole, draft.name)
            self.list.addItem(item)
            if draft.name == select or self.list.currentItem() is None:
                self.list.setCurrentItem(item)
        self._update_buttons()

    def selected(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def change_settings(self) -> None:
        name = self.selected()
        if name is not None:
            self._open_wizard(name)

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.selected() is not None)
