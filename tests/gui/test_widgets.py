"""The small widgets and the background-job helper."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from fortsync_gui.gui.widgets import BusyIndicator, SecretLineEdit, Status, StatusLine
from fortsync_gui.gui.workers import Job, run_in_background


def test_secret_line_edit_is_masked_until_shown(qtbot: QtBot) -> None:
    field = SecretLineEdit()
    qtbot.addWidget(field)
    assert field.edit.echoMode() == QLineEdit.EchoMode.Password
    assert field.toggle.text() == "&Visa"  # Alt+V
    field.toggle.click()
    assert field.revealed() and field.toggle.text() == "&Dölj"
    field.toggle.click()
    assert not field.revealed()


def test_secret_line_edit_drops_pasted_whitespace(qtbot: QtBot) -> None:
    field = SecretLineEdit()
    qtbot.addWidget(field)
    QApplication.clipboard().setText("  abc-123\n")
    field.edit.paste()
    assert field.text() == "abc-123"
    qtbot.keyClicks(field.edit, " x")
    assert field.text() == "abc-123x"
    field.setText(" typed in code\t")
    assert field.text() == "typedincode"


def test_status_line_and_spinner(qtbot: QtBot) -> None:
    status = StatusLine()
    qtbot.addWidget(status)
    status.show()
    status.busy("Testar…")
    assert status.spinner.is_running() and status.text() == "Testar…"
    status.show_status(Status.ERROR, "Fel")
    assert not status.spinner.is_running() and status.status is Status.ERROR
    status.clear()
    assert status.isHidden()
    spinner = BusyIndicator()
    qtbot.addWidget(spinner)
    assert spinner.isHidden()


def test_jobs_run_off_the_gui_thread_and_report_on_it(qtbot: QtBot) -> None:
    gui = QThread.currentThread()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.current_thread() is not threading.main_thread()
        return 42

    job = run_in_background(work, parent=QApplication.instance(),
                            on_success=lambda value: seen.update(value=value, gui=QThread.currentThread() is gui))
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert seen == {"worker": True, "value": 42, "gui": True}


def test_job_errors_arrive_as_exceptions(qtbot: QtBot) -> None:
    def fail() -> None:
        raise ValueError("boom")

    job = Job(fail, QApplication.instance())
    with qtbot.waitSignal(job.failed, timeout=5000) as blocker:
        job.start()
    assert isinstance(blocker.args[0], ValueError)


def test_discarded_job_reports_nothing(qtbot: QtBot) -> None:
    release = threading.Event()
    job = Job(lambda: release.wait(5), QApplication.instance())
    results: list[object] = []
    job.succeeded.connect(results.append)
    job.start()
    job.discard()
    release.set()
    qtbot.waitUntil(lambda: not job.running, timeout=5000)
    assert results == []

