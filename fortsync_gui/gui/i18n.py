"""Swedish UI: Qt's own strings (``qtbase_sv``) and Fortsync's (``fortsync_gui/i18n/fortsync_sv.qm``).

Source strings in the code are English (``self.tr(...)``, ``QCoreApplication.translate(...)``,
``QT_TRANSLATE_NOOP(...)``). The Swedish text lives in ``translations/fortsync_sv.ts``, the committed source of
truth. After adding or changing a UI string run, from the repository root::

    .venv/bin/python scripts/i18n.py

It runs ``pyside6-lupdate`` (adds new strings to the .ts, drops vanished ones) and ``pyside6-lrelease`` (compiles
``fortsync_gui/i18n/fortsync_sv.qm``, shipped as package data) and lists the entries still untranslated. Translate
those in the .ts (by hand or with ``pyside6-linguist``), using the terms in ``translations/glossary_sv.md``, run the
script again and commit both files. ``tests/gui/test_translations.py`` fails on unfinished or obsolete entries, on a
stale .qm and on English text left visible in the wizard.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

SWEDISH = QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden)
QM_FILE = Path(__file__).resolve().parent.parent / "i18n" / "fortsync_sv.qm"


def install_translators(app: QCoreApplication) -> None:
    """Install Qt's and Fortsync's Swedish translators on ``app`` (once; later calls do nothing)."""
    if app.property("fortsync_translators_installed"):
        return
    QLocale.setDefault(SWEDISH)
    qt = QTranslator(app)  # parented to the app, so Qt keeps it alive as long as the app
    if not qt.load(SWEDISH, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        raise FileNotFoundError("Qt's Swedish translation (qtbase_sv.qm) is missing from the PySide6 installation")
    ours = QTranslator(app)
    if not ours.load(str(QM_FILE)):
        raise FileNotFoundError(f"Fortsync's Swedish translation is missing: {QM_FILE}")
    app.installTranslator(qt)
    app.installTranslator(ours)
    app.setProperty("fortsync_translators_installed", True)
