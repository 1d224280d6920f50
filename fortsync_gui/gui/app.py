"""``fortsync-gui``: the desktop app.

    fortsync-gui                      the setup wizard when no profile exists yet, else the main window; the tray
                                      icon, the schedule and notifications run alongside
    fortsync-gui --background         start in the system tray (start at login uses it)
    fortsync-gui --demo               the same against a sandbox started in this process, with demo credentials
    fortsync-gui --demo --tour DIR    drive the wizard and two syncs by itself, save a PNG of every wizard page
                                      and main-window tab into DIR, exit 0
    fortsync-gui --version

One Fortsync runs at a time: a second start brings the first one's window forward and exits.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication

from fortsync_gui import __version__

from .i18n import install_translators


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fortsync-gui", description="Fortsync: Upsales ↔ Fortnox.")
    parser.add_argument("--version", action="version", version=f"fortsync-gui {__version__}")
    parser.add_argument("--demo", action="store_true", help="run against a built-in sandbox with demo data")
    parser.add_argument("--tour", type=Path, metavar="DIR",
                        help="with --demo: drive the wizard and a sync by itself and save a PNG of every page and "
                             "tab into DIR")
    parser.add_argument("--background", action="store_true",
                        help="start in the system tray without opening the window (used by start at login)")
    return parser


def _application() -> QApplication:
    from .icons import DESKTOP_FILE_NAME, app_icon

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Fortsync")
    app.setOrganizationName("Fortsync")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_FILE_NAME)  # Wayland and the task bars find the icon and name by this
    app.setWindowIcon(app_icon())
    install_translators(app)
    return app


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.tour is not None and not args.demo:
        parser.error("--tour needs --demo")
    import os

    from fortsync_gui import logs

    umask = os.umask(0o077)  # every file the app writes (database, logs, exported CSV) is the user's only
    logs.setup()  # engine and library logging go to the log file, never to the terminal
    try:
        return _run(args)
    finally:
        logs.teardown()
        os.umask(umask)


def _run(args: argparse.Namespace) -> int:
    app = _application()
    if args.demo:
        from . import demo

        return demo.run(app, args.tour)
    from .controller import AppController
    from .desktop import DesktopIntegration
    from .profiles import default_environment
    from .sign_in_notice import offer_session_only
    from .single_instance import SingleInstance

    instance = SingleInstance()
    if not instance.claim():
        print("Fortsync is already running: its window was brought forward.", file=sys.stderr)
        return 0
    try:
        env = default_environment()
        if not offer_session_only(env.secrets):  # an insecure keyring: this session only, or quit
            return 1
        controller = AppController(env)
        desktop = DesktopIntegration(controller)
        controller.desktop = desktop
        instance.activated.connect(lambda: desktop.open_window())
        desktop.start()
        if not (args.background and desktop.tray is not None and controller.env.profiles.list()):
            controller.start()
        code = app.exec()
        desktop.stop()
        return code
    finally:
        instance.release()


if __name__ == "__main__":
    sys.exit(main())
