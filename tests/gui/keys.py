"""Driving the app with the keyboard alone: keys go to whatever has the focus, as a user's would; and the check that
every button and field label on screen has an accelerator (&) of its own."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from .driver import WAIT_MS

NONE = Qt.KeyboardModifier.NoModifier


def activate(qtbot: QtBot, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = NONE) -> None:
    """One key press, to the widget with the focus (shortcuts and mnemonics go through the window's shortcut map)."""
    QTest.keyClick(focused(), key, modifier)


def type_text(text: str) -> None:
    QTest.keyClicks(focused(), text)


def tab_to(qtbot: QtBot, widget: QWidget, limit: int = 40) -> None:
    """Press Tab until ``widget`` has the focus."""
    for _ in range(limit):
        if QApplication.focusWidget() is widget:
            return
        press(Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget!r}; the focus is on {QApplication.focusWidget()!r}")


def mnemonic(text: str) -> str | None:
    """The accelerator of a text ("&Synka nu": "s"), None without one ("&&" is a literal ampersand)."""
    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _is_input(widget: QWidget) -> bool:
    if isinstance(widget, QLineEdit):
        parent = widget.parentWidget()
        return not widget.isReadOnly() and not isinstance(parent, QComboBox | QAbstractSpinBox)
    return isinstance(widget, QComboBox | QAbstractSpinBox)


def mnemonic_problems(root: QWidget) -> list[str]:
    """Every button and field label visible in ``root`` (with the menu bar's titles and the tabs) has an accelerator,
    no two the same; every input has a label that names it (its buddy)."""
    problems: list[str] = []
    seen: dict[str, str] = {}

    def letter_of(text: str, what: str) -> None:
        letter = mnemonic(text)
        if letter is None:
            problems.append(f"no accelerator: {what} {text!r}")
        elif letter in seen:
            problems.append(f"Alt+{letter.upper()} twice: {seen[letter]!r} and {text!r}")
        else:
            seen[letter] = text

    if isinstance(root, QMainWindow) and root.menuBar().isVisible():
        for action in root.menuBar().actions():
            letter_of(action.text(), "menu")
    widgets = [w for w in root.findChildren(QWidget) if w.isVisibleTo(root)]
    labelled = {id(label.buddy()) for label in widgets if isinstance(label, QLabel) and label.buddy() is not None}
    for widget in widgets:
        if isinstance(widget, QTabBar):
            for index in range(widget.count()):
                letter_of(widget.tabText(index), "tab")
        elif isinstance(widget, QAbstractButton) and widget.text() and not isinstance(widget.parentWidget(), QTabBar):
            letter_of(widget.text(), "button")
        elif isinstance(widget, QLabel) and widget.buddy() is not None and not isinstance(widget.buddy(), QLabel):
            letter_of(widget.text(), "label")  # a field's label (QFormLayout also pairs labels with read-only values)
        elif _is_input(widget) and id(widget) not in labelled:
            problems.append(f"no label names the field {widget.objectName() or type(widget).__name__}")
    return problems
