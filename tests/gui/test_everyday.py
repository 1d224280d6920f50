"""Everyday use, offscreen: the scheduler on an injected clock runs a profile's sync by itself and not again before
its slot, a failed run gives one notification whose click opens the Fel tab, the tray's menu and tooltip (Swedish),
the menus' actions, the schedule dialog, Om Fortsync, one instance at a time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from fortsync_gui.engine.profile_state import SignIn, Status, Waiting
from fortsync_gui.engine.schedule import Every, Schedule, schedule_of
from fortsync_gui.gui.about import AboutDialog
from fortsync_gui.gui.schedule_dialog import ScheduleDialog
from fortsync_gui.gui.single_instance import SingleInstance
from fortsync_gui.gui.tray import Tray, overall
from fortsync_gui.store import Store, profiles
from tests.desktop.scenario import scenario

from .texts import english_left


def test_the_scheduler_the_notification_and_its_click(qtbot: QtBot, sandbox: Any, tmp_path: Path) -> None:
    report = scenario(sandbox, tmp_path, notifications=False, tray=True)
    assert report["menu"] == ["Synka nu", "Öppna Fortsync", "Pausa synkronisering", "Avsluta"]
    assert report["scheduled_runs"] == 1 and report["kund2_runs_before"] == 0  # kund2 has no schedule
    assert report["started_at_5_min"] == []
    assert report["scheduled_runs_after_slot"] == 2
    failed = [n for n in report["notifications"] if n[0] == "kund2"]
    assert failed == [("kund2", "failed", "Synkroniseringen misslyckades: Kund2 AB")]  # one, not one per record
    assert report["tray_state"] == "attention" and "Kund2 AB: senaste synken misslyckades" in report["tooltip"]
    assert report["clicked"] == ("kund2", True)


def _state(name: str, status: Status, *, schedule: Schedule | None = None, running: bool = False) -> Any:
    from fortsync_gui.engine.profile_state import ProfileState

    return ProfileState(name, name.title(), status, None, Waiting(), SignIn("ok", 40.0), running,
                        schedule=schedule or Schedule())


def test_the_tray_icon_shows_the_state(qtbot: QtBot) -> None:
    tray = Tray()
    assert [a.text() for a in tray.menu.actions() if a.text()] == [
        "Synka nu", "Öppna Fortsync", "Pausa synkronisering", "Avsluta"]
    assert tray.icon.toolTip() == "Fortsync: ingen profil än" and not tray.sync_action.isEnabled()
    every = Schedule(Every.INTERVAL, 30)
    cases = [([_state("a", Status.SYNCED)], "synced"), ([_state("a", Status.SYNCING, running=True)], "syncing"),
             ([_state("a", Status.ATTENTION), _state("b", Status.SYNCED)], "attention"),
             ([_state("a", Status.SYNCED, schedule=Schedule(Every.DAILY, paused=True))], "paused"),
             ([_state("a", Status.SYNCED, schedule=every)], "synced")]
    for states, expected in cases:
        assert overall(states) == expected
        tray.show_states(states)
        assert tray.state == expected and not tray.current_icon().isNull()
    tray.show_states([_state("a", Status.SYNCED, schedule=Schedule(Every.DAILY, paused=True))])
    assert tray.pause_action.isChecked() and tray.icon.toolTip().startswith("Fortsync: synkroniseringen är pausad")
    assert "pausad" in tray.icon.toolTip().splitlines()[1]


def test_schedule_dialog_saves_the_schedule(qtbot: QtBot, store: Store) -> None:
    with store.session() as session:
        profiles.create_profile(session, "acme", display_name="Acme AB")
    dialog = ScheduleDialog(store, "acme")
    qtbot.addWidget(dialog)
    assert dialog.off.isChecked() and not dialog.time.isEnabled()
    dialog.every[30].setChecked(True)
    dialog.accept()
    with store.session() as session:
        assert schedule_of(profiles.require_profile(session, "acme").settings) == Schedule(Every.INTERVAL, 30)
    again = ScheduleDialog(store, "acme")
    qtbot.addWidget(again)
    assert again.every[30].isChecked()
    again.daily.setChecked(True)
    assert again.time.isEnabled() and again.chosen().every is Every.DAILY
    assert english_left(again) == []


def test_about_names_the_version_and_licence(qtbot: QtBot) -> None:
    from fortsync_gui import __version__

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Om Fortsync"
    assert "Licens: proprietär" in dialog.body.text() and "developer.fortnox.se" in dialog.body.text()
    assert any(__version__ in label.text() for label in dialog.findChildren(type(dialog.body)))


def test_one_instance_at_a_time(qtbot: QtBot, tmp_path: Path) -> None:
    key = f"fortsync-test-{tmp_path.name}"
    first = SingleInstance(key)
    assert first.claim()
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert not SingleInstance(key).claim()  # the second start asks the first to come forward
    first.release()
    third = SingleInstance(key)
    assert third.claim()  # the first is gone: the next start runs
    third.release()
