"""Synk → Schema…: when a profile syncs by itself while Fortsync is open (also from the tray): off, every 15 / 30 /
60 minutes, or daily at a time. Saved in the profile (:mod:`fortsync_gui.engine.schedule`)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from fortsync_gui.engine.schedule import Every, Schedule, save_schedule, schedule_of
from fortsync_gui.store import Store, profiles

from .widgets import HelpLabel


class ScheduleDialog(QDialog):
    def __init__(self, store: Store, profile: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.profile = profile
        with store.session() as session:
            found = profiles.require_profile(session, profile)
            self.original = schedule_of(found.settings)
            display = found.display_name
        self.setWindowTitle(self.tr("Sync schedule"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("When should {profile} sync by itself?").format(profile=display), self))
        self.group = QButtonGroup(self)
        self.off = QRadioButton(self.tr("Off: only when I click Sync now"), self)
        self.every = {15: QRadioButton(self.tr("Every 15 minutes"), self),
                      30: QRadioButton(self.tr("Every 30 minutes"), self),
                      60: QRadioButton(self.tr("Every hour"), self)}
        self.daily = QRadioButton(self.tr("Every day at"), self)
        self.time = QTimeEdit(self)
        self.time.setDisplayFormat("HH:mm")
        for button in (self.off, *self.every.values(), self.daily):
            self.group.addButton(button)
        layout.addWidget(self.off)
        for button in self.every.values():
            layout.addWidget(button)
        row = QHBoxLayout()
        row.addWidget(self.daily)
        row.addWidget(self.time)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(HelpLabel(self.tr(
            "Scheduled syncs run while Fortsync is open, also when only its icon in the system tray is left. A sync "
            "that is due while the computer sleeps runs once when it wakes. On a server, schedule fortsync sync --all "
            "instead (see the README)."), self))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.daily.toggled.connect(self.time.setEnabled)
        self.show_schedule(self.original)

    def show_schedule(self, schedule: Schedule) -> None:
        self.time.setTime(QTime(schedule.at.hour, schedule.at.minute))
        if schedule.every is Every.INTERVAL:
            self.every[schedule.minutes].setChecked(True)
        elif schedule.every is Every.DAILY:
            self.daily.setChecked(True)
        else:
            self.off.setChecked(True)
        self.time.setEnabled(self.daily.isChecked())

    def chosen(self) -> Schedule:
        at = self.time.time().toPython()
        for minutes, button in self.every.items():
            if button.isChecked():
                return replace(self.original, every=Every.INTERVAL, minutes=minutes)
        if self.daily.isChecked():
            return replace(self.original, every=Every.DAILY, at=at)
        return replace(self.original, every=Every.OFF)

    def accept(self) -> None:
        save_schedule(self.store, self.profile, self.chosen())
        super().accept()
