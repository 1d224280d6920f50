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


def test_icons_are_drawn_at_the_screens_scale(qtbot: QtBot) -> None:
    """At 200 % a 32 px icon is drawn from the SVG at 64 px (not a 32 px bitmap scaled up); the tray's badge
    colours tell the states apart."""
    from PySide6.QtCore import QSize

    from fortsync_gui.gui.icons import BADGES, app_icon, state_icon

    crisp = app_icon().pixmap(QSize(32, 32), 2.0)
    assert crisp.size() == QSize(64, 64) and crisp.devicePixelRatio() == 2.0
    assert crisp.toImage().pixelColor(0, 0).alpha() == 0 and crisp.toImage().pixelColor(32, 6).alpha() == 255
    image = state_icon("attention").pixmap(QSize(22, 22), 2.0).toImage()
    badge = image.pixelColor(44 - 10, 44 - 10)
    assert badge.name() == BADGES["attention"]
    assert state_icon("synced").pixmap(QSize(22, 22), 2.0).toImage().pixelColor(34, 34).name() != badge.name()


def test_closing_the_window_keeps_fortsync_in_the_tray_when_a_schedule_is_on(qtbot: QtBot, tmp_path: Path,
                                                                           monkeypatch: Any) -> None:
    from fortsync_gui.engine.schedule import save_schedule
    from fortsync_gui.gui.controller import AppController, Environment
    from fortsync_gui.gui.desktop import DesktopIntegration, Prefs
    from fortsync_gui.gui.profiles import StoreProfiles
    from fortsync_gui.gui.wizard import Endpoints
    from fortsync_gui.secrets import MemoryKeyring, SecretStore

    repo = StoreProfiles(f"sqlite:///{(tmp_path / 'f.db').as_posix()}")
    with repo.store.session() as session:
        profiles.create_profile(session, "acme", display_name="Acme AB")
    env = Environment(secrets=SecretStore(MemoryKeyring()), profiles=repo,
                      endpoints=Endpoints("http://127.0.0.1:9", "http://127.0.0.1:9", "http://127.0.0.1:9", "x"),
                      fortnox_client_secret="")
    controller = AppController(env)
    quits: list[bool] = []
    desktop = DesktopIntegration(controller, tray=True, notifications=False, prefs=Prefs(tmp_path / "app.json"),
                                 watch_ms=3_600_000, tick_ms=3_600_000)
    monkeypatch.setattr(desktop, "quit", lambda: quits.append(True))
    controller.desktop = desktop
    window = controller.show_main()
    desktop.start()
    qtbot.waitUntil(lambda: bool(desktop.watcher.states), timeout=5000)
    assert [a.text() for a in window.menu("help").actions() if a.text()] == [
        "&Kortkommandon", "Visa &loggar", "Skapa &supportpaket…", "&Om Fortsync"]
    assert [a.text() for a in window.menu("sync").actions() if a.text()][-3:] == [
        "S&chema…", "&Pausa synkronisering", "Synka &alla profiler nu"]
    save_schedule(repo.store, "acme", Schedule(Every.DAILY))
    desktop.watcher.refresh()
    qtbot.waitUntil(lambda: desktop.watcher.states[0].schedule.on, timeout=5000)
    window.close()
    assert not window.isVisible() and quits == []  # hidden in the tray, still running
    assert desktop.prefs.get("told_about_tray") and desktop.told[0] == "Fortsync fortsätter att köra"
    desktop.actions["pause"].trigger()  # Synk → Pausa synkronisering
    qtbot.waitUntil(lambda: desktop.watcher.states[0].paused, timeout=5000)
    assert desktop.tray is not None and desktop.tray.state == "paused"
    save_schedule(repo.store, "acme", Schedule())
    desktop.watcher.refresh()
    qtbot.waitUntil(lambda: not desktop.watcher.states[0].schedule.on, timeout=5000)
    window.show()
    window.close()  # no schedule: closing quits as before
    qtbot.waitUntil(lambda: quits == [True], timeout=5000)
    desktop.stop()
    controller.close()
    repo.store.close()


def test_gui_version_show_logs_and_the_support_bundle(qtbot: QtBot, tmp_path: Path, monkeypatch: Any,
                                                      capsys: Any) -> None:
    import zipfile

    import pytest

    from fortsync_gui import __version__
    from fortsync_gui.gui import support
    from fortsync_gui.gui.app import main
    from fortsync_gui.secrets import MemoryKeyring, SecretStore
    from fortsync_gui.store import open_store

    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0 and capsys.readouterr().out.strip() == f"fortsync-gui {__version__}"
    monkeypatch.setenv("FORTSYNC_DATA_DIR", str(tmp_path / "data"))
    opened: list[Any] = []
    folder = support.show_logs(lambda url: opened.append(url) or True)
    assert folder == tmp_path / "data" / "logs" and folder.is_dir()
    assert opened[0].toLocalFile() == str(folder)
    store = open_store(f"sqlite:///{(tmp_path / 'f.db').as_posix()}")
    made: list[Path] = []
    parent = AboutDialog()
    qtbot.addWidget(parent)
    support.create_bundle(parent, store, SecretStore(MemoryKeyring()), tmp_path / "stöd", done=made.append)
    qtbot.waitUntil(lambda: bool(made), timeout=10_000)
    assert made == [tmp_path / "stöd.zip"] and "runs.json" in zipfile.ZipFile(made[0]).namelist()
    store.close()
