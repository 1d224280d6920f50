"""What a user sees: every visible text of a window, and which of it is still English (a source of the .ts)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QProgressBar,
    QTabBar,
    QWidget,
    QWizard,
)

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "translations" / "fortsync_sv.ts"
# Qt's own English wizard buttons: their Swedish comes from qtbase_sv, not from our .ts.
QT_ENGLISH = {"< Back", "Next >", "Finish", "Cancel", "Commit", "Help", "Done", "Continue", "Go Back"}


def messages() -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(TS).getroot()
    return [(ctx.findtext("name") or "", msg.findtext("source") or "", msg)
            for ctx in root.iter("context") for msg in ctx.iter("message")]


def english_patterns() -> list[re.Pattern[str]]:
    """Every English source whose Swedish differs, as a pattern that also matches it with arguments filled in."""
    patterns = []
    for _, source, msg in messages():
        translation = msg.find("translation")
        if msg.get("numerus") == "yes" or (translation is not None and translation.text == source):
            continue  # numerus sources never show as such; identical ones are names ("Fortnox", "Upsales:")
        parts = re.split(r"(\{\w+\})", source.replace("&", ""))  # visible texts are read without mnemonics
        patterns.append(re.compile("".join(".+" if re.fullmatch(r"\{\w+\}", p) else re.escape(p) for p in parts)))
    return patterns


def item_texts(view: QAbstractItemView, rows: int = 200) -> list[str]:
    """A table's column headers and the text of its first ``rows`` rows."""
    model = view.model()
    if isinstance(view, QListView):  # a list's items may take two lines ("Demo AB\nAllt är synkat · senast 10.42")
        return [line for r in range(min(model.rowCount(QModelIndex()), rows))
                for line in str(model.data(model.index(r, 0)) or "").splitlines()]
    texts = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(model.columnCount())]
    for r in range(min(model.rowCount(), rows)):
        texts += [str(model.data(model.index(r, c)) or "") for c in range(model.columnCount())]
    return texts


def visible_texts(root: QWidget) -> list[str]:
    texts = [root.windowTitle()]
    if isinstance(root, QWizard):
        page = root.currentPage()
        texts += [page.title(), page.subTitle()]
        texts += [root.button(b).text() for b in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                                                  QWizard.WizardButton.FinishButton,
                                                  QWizard.WizardButton.CancelButton) if root.button(b).isVisible()]
        root = page
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root):
            continue
        texts.append(widget.toolTip())
        if isinstance(widget, QLabel):
            if widget.textFormat() == Qt.TextFormat.RichText or "<" in widget.text():
                doc = QTextDocument()
                doc.setHtml(widget.text())
                texts += doc.toPlainText().splitlines()
            else:
                texts.append(widget.text())
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QProgressBar):
            texts.append(widget.text())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            texts += item_texts(widget)
        elif isinstance(widget, QPlainTextEdit):
            for line in widget.toPlainText().splitlines():  # the log: "12:00:01  Företag · Namn AB: skapad – …"
                texts += [line, *re.split(r"  | · |: | – ", line)]
    return [t.replace("&", "").strip() for t in texts if t and t.strip()]


def english_left(widget: QWidget) -> list[str]:
    patterns = english_patterns()
    return [text for text in visible_texts(widget)
            if text in QT_ENGLISH or any(p.fullmatch(text) for p in patterns)]
