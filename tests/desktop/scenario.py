"""The everyday scenario on a desktop, run by tests/gui/test_everyday.py: offscreen in-process, and under a real X
server with a tray host and a notification daemon (tests/desktop/test_tray_desktop.py runs this file as a script
there). Two profiles in the sandbox: "demo" syncs every 15 minutes, "kund2" has a broken Upsales key. On a clock the
test moves: the tray shows its menu; demo's scheduled sync runs by itself; it does not run again before its next
slot; kund2's sync fails and one notification says so; clicking it opens kund2's Fel tab.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint
from PySide6.QtWidgets import QApplication

from fortsync_gui.engine.schedule import Every, Schedule, save_schedule
from fortsync_gui.gui import tour
from fortsync_gui.gui.controller import AppController, Environment
from fortsync_gui.gui.desktop import DesktopIntegration, Prefs
from fortsync_gui.gui.profiles import StoreProfiles
from fortsync_gui.gui.wizard import Endpoints
from fortsync_gui.secrets import MemoryKeyring, SecretKind, SecretStore
from fortsync_gui.store import profiles as stored
from fortsync_gui.store import runs

TIME_SCALE = 0.02


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __call__(self) -> datetime:
        return self.now


def wait_until(predicate: Any, timeout: float = 120.0, what: str = "") -> None:
    """The tour's wait, with room for a whole sync by default."""
    tour.wait_until(predicate, timeout, what)


def let_it_draw() -> None:
    """Half a second of the event loop before a screenshot (a sleep alone would leave layouts undone)."""
    for _ in range(25):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.02)


def run_count(store: Any, name: str) -> int:
    with store.session() as session:
        return len(runs.list_runs(session, stored.require_profile(session, name).id))


def scenario(sandbox: Any, tmp: Path, *, notifications: bool | None, tray: bool | None,
             shots: Path | None = None) -> dict[str, Any]:
    from tests.gui.driver import add_profile

    secrets = SecretStore(MemoryKeyring())
    repo = StoreProfiles(f"sqlite:///{(tmp / 'fortsync.db').as_posix()}")
    store = repo.store
    add_profile(store, sandbox, secrets, name="demo")
    add_profile(store, sandbox, secrets, name="kund2")
    secrets.set("kund2", SecretKind.UPSALES_TOKEN, "a-key-upsales-no-longer-accepts")
    save_schedule(store, "demo", Schedule(Every.INTERVAL, 15))
    info = sandbox.info
    env = Environment(secrets=secrets, profiles=repo,
                      endpoints=Endpoints(info.upsales_url, info.fortnox_url, info.fortnox_auth_url,
                                          info.fortnox_client_id),
                      fortnox_client_secret=info.fortnox_client_secret, own_fortnox_app=True,
                      sync_env={"FORTSYNC_RATE_SCALE": str(TIME_SCALE)})
    controller = AppController(env)
    clock = Clock()
    desktop = DesktopIntegration(controller, clock=clock, tray=tray, notifications=notifications,
                                 prefs=Prefs(tmp / "app.json"), watch_ms=3_600_000, tick_ms=3_600_000)
    controller.desktop = desktop
    report: dict[str, Any] = {}
    try:
        window = controller.show_main("kund2")
        desktop.start()
        report["tray"] = desktop.tray is not None and desktop.tray.icon.isVisible()
        if desktop.tray is not None:
            menu = desktop.tray.menu
            report["menu"] = [a.text() for a in menu.actions() if a.text()]
            if shots is not None:
                # below the icon, where a click on it opens the menu (trayer sits at the top right)
                screen_rect = QApplication.primaryScreen().geometry()
                menu.popup(screen_rect.topRight() - QPoint(menu.sizeHint().width() + 4, -34))
                wait_until(menu.isVisible, 10, "the tray menu")
                let_it_draw()
                menu.grab().save(str(shots / "tray-menu.png"))
                screen = QApplication.primaryScreen()
                screen.grabWindow(0).save(str(shots / "desktop-tray.png"))
                menu.hide()
        # the scheduled sync of demo starts by itself (demo never synced, its schedule is on)
        wait_until(lambda: run_count(store, "demo") >= 1 and desktop.scheduler.idle, what="the scheduled sync")
        report["scheduled_runs"] = run_count(store, "demo")
        report["kund2_runs_before"] = run_count(store, "kund2")
        # five minutes later: nothing is due
        clock.now += timedelta(minutes=5)
        desktop.watcher.refresh()
        wait_until(lambda: not desktop.watcher._reading, 30, "a reading")
        report["started_at_5_min"] = [j.profile for j in desktop.scheduler.tick()]
        # kund2: the user asks for a sync from the tray; it fails: one notification
        desktop.scheduler.sync_now(["kund2"])
        wait_until(lambda: run_count(store, "kund2") >= 1 and desktop.scheduler.idle, what="kund2's sync")
        wait_until(lambda: any(n.profile == "kund2" for n, _, _ in desktop.notifier.shown), 30, "the notification")
        report["notifications"] = [(n.profile, n.kind.value, title) for n, title, _ in desktop.notifier.shown]
        report["tray_state"] = desktop.tray.state if desktop.tray is not None else None
        report["tooltip"] = desktop.tray.icon.toolTip() if desktop.tray is not None else ""
        if shots is not None:
            let_it_draw()  # the daemon draws the notification; the window lays out its new status texts
            QApplication.primaryScreen().grabWindow(0).save(str(shots / "desktop-notification.png"))
        # sixteen minutes after the first: demo's next slot has come
        clock.now += timedelta(minutes=11)
        desktop.watcher.refresh()
        wait_until(lambda: run_count(store, "demo") >= 2 and desktop.scheduler.idle, what="the second slot")
        report["scheduled_runs_after_slot"] = run_count(store, "demo")
        # clicking the notification opens kund2 on its Fel tab
        window.tabs.setCurrentWidget(window.history)
        failed = next(n for n, _, _ in desktop.notifier.shown if n.profile == "kund2")
        if desktop.notifier.dbus is not None:
            report["dbus"] = True
        desktop.open_notice(failed)
        report["clicked"] = (window.profile, window.tabs.currentWidget() is window.errors)
    finally:
        desktop.stop()
        controller.close()
        repo.store.close()
    return report


def main() -> int:
    """Under the tray desktop: print the report as JSON (and screenshots into argv[1] if given)."""
    from fortsync_gui.gui.i18n import install_translators
    from fortsync_gui.sandbox import Sandbox

    app = QApplication(sys.argv[:1])
    install_translators(app)
    shots = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    import tempfile

    with Sandbox(seed="demo", time_scale=TIME_SCALE) as sandbox, tempfile.TemporaryDirectory() as tmp:
        report = scenario(sandbox, Path(tmp), notifications=None, tray=None, shots=shots)
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
