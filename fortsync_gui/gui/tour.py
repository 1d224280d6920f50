"""``fortsync-gui --demo --tour DIR``: the app drives itself against the demo sandbox and saves a PNG of every wizard
page and main-window tab into DIR: documentation screenshots, and an end-to-end check anyone can run.

A tour is a list of *stages*. A stage is a function that drives one part of the UI through the controller and
yields a :class:`Shot` whenever something worth a picture is on screen. :data:`STAGES`: the empty main window, the
wizard, the main window (the first sync the wizard started, the overview with what waits, every tab, and after a
second sync a deletion to review and a record that failed), then everything decided and synced, a second profile kept
as a draft, and the window at 800×600 and wide.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QWidget, QWizard

from fortsync_gui.store import Side

from .controller import AppController
from .wizard import Module, PageId, SetupWizard


@dataclass(frozen=True)
class Shot:
    name: str  # the PNG's file name, without ".png"
    widget: QWidget
    dialog: QWidget | None = None  # a question on top of the widget, drawn in its middle as the user sees it

    def picture(self) -> QPixmap:
        picture = self.widget.grab()
        if self.dialog is not None:
            box = self.dialog.grab()
            painter = QPainter(picture)
            painter.fillRect(picture.rect(), QColor(0, 0, 0, 60))  # the window behind a modal question
            painter.drawPixmap((picture.width() - box.width()) // 2, (picture.height() - box.height()) // 3, box)
            painter.end()
        return picture


Stage = Callable[[AppController], Iterator[Shot]]


class TourError(RuntimeError):
    pass


def wait_until(predicate: Callable[[], bool], timeout: float = 30.0, what: str = "") -> None:
    """Process Qt events until ``predicate()`` holds (results of background jobs arrive as events)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TourError(f"timed out waiting for {what or predicate}")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def settle() -> None:
    """Let pending layout and paint events run before a picture is taken."""
    for _ in range(5):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def _next(wizard: SetupWizard) -> None:
    page = wizard.currentPage()
    if not wizard.button(QWizard.WizardButton.NextButton).isEnabled():
        raise TourError(f"the wizard cannot leave {type(page).__name__}")
    wizard.next()
    wait_until(lambda: wizard.currentPage() is not page, what="the next wizard page")


def empty_stage(controller: AppController) -> Iterator[Shot]:
    """The main window before any profile exists: what a new user does first."""
    window = controller.show_main()
    window.resize(1100, 720)
    wait_until(lambda: not window.running, what="the overview")
    yield Shot("oversikt-1-tom", window)


def wizard_stage(controller: AppController) -> Iterator[Shot]:
    """Set up a demo profile with the sandbox's credentials, the way a user would paste them."""
    demo = controller.env.demo
    if demo is None:
        raise TourError("the tour needs the demo environment")
    wizard = controller.open_wizard(None)

    welcome = wizard.page_of(PageId.WELCOME)
    welcome.name.setText("Demo AB")
    welcome.accept_terms.setChecked(True)
    yield Shot("wizard-1-valkommen", wizard)
    _next(wizard)

    upsales = wizard.page_of(PageId.UPSALES)
    upsales.key.setText(demo.upsales_token)
    upsales.test_connection()
    wait_until(upsales.isComplete, what="the Upsales connection test")
    yield Shot("wizard-2-upsales", wizard)
    _next(wizard)

    fortnox = wizard.page_of(PageId.FORTNOX)
    assert fortnox.demo_hint is not None
    fortnox.code.setText(fortnox.demo_hint.value)  # as a user copies it from the demo box
    fortnox.test_connection()
    wait_until(fortnox.isComplete, what="the Fortnox connection test")
    yield Shot("wizard-3-fortnox", wizard)
    fortnox.advanced_box.setChecked(True)  # Avancerat: a bureau's own Fortnox app (left empty: the built-in one)
    yield Shot("wizard-3b-avancerat", wizard)
    fortnox.advanced_box.setChecked(False)
    _next(wizard)

    settings = wizard.page_of(PageId.SETTINGS)
    wait_until(lambda: settings.choices is not None, what="the lists for the settings page")
    settings.module.setCurrentIndex(settings.module.findData(Module.ORDER_OFFER))  # shows every field in use
    wait_until(settings.isComplete, what="valid default settings")
    yield Shot("wizard-4-installningar", wizard)
    _next(wizard)

    checks = wizard.page_of(PageId.CHECKS)
    wait_until(lambda: checks.checks is not None and not checks.busy, what="the pre-flight checks")
    if controller.env.preview is not None:
        wait_until(lambda: checks.preview_shown, timeout=120, what="the preview of the first sync")
    yield Shot("wizard-5-kontroller", wizard)
    _next(wizard)

    yield Shot("wizard-6-klart", wizard)
    wizard.accept()  # "Start the first sync now" is checked
    wait_until(lambda: controller.window is not None and controller.window.isVisible(), what="the main window")


def sync_stage(controller: AppController) -> Iterator[Shot]:
    """The first sync the wizard started, the overview with what waits, every tab, and after a second sync a deletion
    in Fortnox to review and a record Fortnox refused."""
    window = controller.window
    if window is None:
        raise TourError("the main window is not open")
    window.resize(1100, 720)
    wait_until(lambda: window.running, timeout=10, what="the first sync to start")
    wait_until(lambda: window.sync.log.blockCount() > 25 or not window.running, timeout=60, what="the first log lines")
    yield Shot("synk-1-pagar", window)
    wait_until(lambda: not window.running, timeout=300, what="the first sync to finish")
    yield Shot("synk-2-logg", window)
    window.tabs.setCurrentWidget(window.overview)
    yield Shot("oversikt-2-vantar", window)
    for tab, shot in ((window.conflicts, "synk-3-konflikter"), (window.matches, "synk-4-dubbletter")):
        window.tabs.setCurrentWidget(tab)
        yield Shot(shot, window)
    window.tabs.setCurrentWidget(window.conflicts)
    window.resize(800, 600)  # the conflicts, side by side, on the smallest screen Fortsync is made for
    yield Shot("smal-konflikter", window)
    window.resize(1100, 720)

    # As if someone deleted a linked customer in Fortnox and typed the city into a postal code in Upsales.
    for action in ("delete_customer", "mistype_postal_code"):
        controller.env.demo_actions[action]()
    window.start_sync()
    wait_until(lambda: not window.running, timeout=300, what="the second sync to finish")
    window.tabs.setCurrentWidget(window.deletions)
    yield Shot("synk-5-borttagningar", window)
    window.tabs.setCurrentWidget(window.history)
    window.history.runs_table.selectRow(min(1, window.history.runs_table.rowCount() - 1))
    wait_until(lambda: not window.history.loading, what="the first run's records")
    yield Shot("synk-6-historik", window)
    window.tabs.setCurrentWidget(window.errors)
    yield Shot("synk-7-fel", window)


def settled_stage(controller: AppController) -> Iterator[Shot]:
    """Everything decided (the conflicts, the duplicate, the deletion) and the postal code corrected: after one more
    sync the overview says that all is synced. Then a second client company, left as a draft, and the window at
    800×600 and wide."""
    window = controller.window
    if window is None:
        raise TourError("the main window is not open")
    controller.env.demo_actions["fix_postal_code"]()
    for _ in range(3):  # a duplicate linked at one sync may bring conflicts of its own to the next
        if window.conflicts.count:
            window.conflicts.table.selectAll()
            window.conflicts.resolve(Side.FORTNOX)
        if window.matches.count:
            window.matches.table.selectAll()
            window.matches.link_button.click()
        if window.deletions.count:
            window.deletions.table.selectAll()
            window.deletions.keep_selected()
        window.start_sync()
        wait_until(lambda: not window.running, timeout=300, what="the sync after the decisions")
        if not (window.conflicts.count or window.matches.count or window.deletions.count):
            break
    window.tabs.setCurrentWidget(window.overview)
    wait_until(lambda: not window.overview.loading, what="the overview")
    yield Shot("oversikt-3-synkat", window)

    # A second client company: the user tests its Upsales key, then closes the wizard and keeps a draft.
    demo = controller.env.demo
    assert demo is not None
    wizard = controller.open_wizard(None)
    wizard.page_of(PageId.WELCOME).name.setText("Kund 2 AB")
    wizard.page_of(PageId.WELCOME).accept_terms.setChecked(True)
    _next(wizard)
    upsales = wizard.page_of(PageId.UPSALES)
    upsales.key.setText(demo.upsales_token)
    upsales.test_connection()
    wait_until(upsales.isComplete, what="the second profile's Upsales test")
    wizard.reject()  # Avbryt: Fortsync asks, and the user keeps what was tested
    question = wizard.close_question
    if question is None:
        raise TourError("closing the wizard did not ask")
    settle()
    yield Shot("wizard-7-utkast", wizard, question)
    wizard.close_buttons["save"].click()  # "Spara som utkast"
    wait_until(lambda: controller.wizard is None, what="the wizard to close")
    window.refresh("Demo AB")
    window.tabs.setCurrentWidget(window.overview)
    wait_until(lambda: not window.running, what="the overview")
    yield Shot("oversikt-4-tva-profiler", window)

    window.resize(800, 600)  # the smallest screen Fortsync is made for: nothing may be cut off
    window.overview.list.setCurrentRow(window.overview.names.index("Kund 2 AB"))  # the draft: finish or remove
    yield Shot("smal-oversikt", window)
    window.overview.list.setCurrentRow(window.overview.names.index("Demo AB"))
    window.tabs.setCurrentWidget(window.history)
    yield Shot("smal-historik", window)
    window.resize(1600, 900)  # wide: the profiles beside the details
    window.tabs.setCurrentWidget(window.overview)
    yield Shot("bred-oversikt", window)


def everyday_stage(controller: AppController) -> Iterator[Shot]:
    """The schedule setting, the Hjälp menu and Om Fortsync (the tray and notifications need a real desktop:
    tests/desktop/ takes their pictures)."""
    from .about import AboutDialog
    from .desktop import DesktopIntegration, Prefs
    from .schedule_dialog import ScheduleDialog

    window = controller.window
    if window is None:
        raise TourError("the main window is not open")
    if controller.desktop is None:
        import tempfile

        prefs = Prefs(Path(tempfile.mkdtemp(prefix="fortsync-tour-")) / "app.json")
        controller.desktop = DesktopIntegration(controller, tray=False, notifications=False, prefs=prefs)
        controller.desktop.attach(window)
    if window.profile is None:
        raise TourError("no profile to schedule")
    schedule = ScheduleDialog(controller.env.profiles.store, window.profile, window)
    schedule.every[30].setChecked(True)
    schedule.show()
    yield Shot("vardag-3-schema", schedule)
    schedule.reject()
    about = AboutDialog(window)
    about.show()
    yield Shot("vardag-4-om-fortsync", about)
    about.reject()


STAGES: list[Stage] = [empty_stage, wizard_stage, sync_stage, settled_stage, everyday_stage]


def run_tour(controller: AppController, directory: Path, stages: Sequence[Stage] = STAGES) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    for stage in stages:
        for shot in stage(controller):
            settle()
            path = directory / f"{shot.name}.png"
            if not shot.picture().save(str(path)):
                raise TourError(f"could not write {path}")
            saved.append(path)
    return saved
