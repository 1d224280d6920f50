"""Start Fortsync at login (opt-in), behind one interface for the three systems:

- Linux: an XDG autostart entry, ``~/.config/autostart/se.fortsync.Fortsync.desktop``;
- Windows: the value ``Fortsync`` under ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``;
- macOS: a launch agent, ``~/Library/LaunchAgents/se.fortsync.Fortsync.plist``.

Each starts ``fortsync-gui --background``: the app opens in the tray (the window when there is no tray).

    entry = autostart.for_this_system()
    entry.enable(autostart.launch_command());  entry.enabled()  # True
"""

from __future__ import annotations

import os
import plistlib
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any, Protocol

APP_ID = "se.fortsync.Fortsync"
BACKGROUND_FLAG = "--background"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "Fortsync"


class Autostart(Protocol):
    def enabled(self) -> bool: ...
    def enable(self, command: list[str]) -> None: ...
    def disable(self) -> None: ...


def launch_command() -> list[str]:
    """How this installation starts the app: the bundle's ``fortsync-gui`` (PyInstaller), else this Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable, BACKGROUND_FLAG]
    return [sys.executable, "-m", "fortsync_gui.gui.app", BACKGROUND_FLAG]


class XdgAutostart:
    def __init__(self, config_home: Path | None = None) -> None:
        base = config_home or Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        self.path = base / "autostart" / f"{APP_ID}.desktop"

    def enabled(self) -> bool:
        return self.path.is_file()

    def enable(self, command: list[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text("\n".join([
            "[Desktop Entry]", "Type=Application", "Version=1.5", "Name=Fortsync",
            "Comment=Keeps Upsales CRM and Fortnox accounting in sync",
            "Comment[sv]=Håller Upsales CRM och Fortnox bokföring synkroniserade",
            f"Exec={_desktop_exec(command)}", f"Icon={APP_ID}", "Terminal=false",
            "X-GNOME-Autostart-enabled=true", "",
        ]), encoding="utf-8")

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)


def _desktop_exec(command: list[str]) -> str:
    """The Exec key's quoting (Desktop Entry Specification): arguments with reserved characters in double quotes."""
    def quoted(arg: str) -> str:
        if arg and not any(c in arg for c in ' \t\n"\'\\><~|&;$*?#()`'):
            return arg.replace("%", "%%")
        return '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg).replace("%", "%%") + '"'

    return " ".join(quoted(arg) for arg in command)


class MacLaunchAgent:
    def __init__(self, home: Path | None = None) -> None:
        self.path = (home or Path.home()) / "Library" / "LaunchAgents" / f"{APP_ID}.plist"

    def enabled(self) -> bool:
        return self.path.is_file()

    def enable(self, command: list[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("wb") as file:
            plistlib.dump({"Label": APP_ID, "ProgramArguments": list(command), "RunAtLoad": True,
                           "ProcessType": "Interactive"}, file)

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)


class WindowsRunKey:
    """``registry``: the ``winreg`` module (a stand-in in tests)."""

    def __init__(self, registry: Any = None) -> None:
        if registry is None:
            import winreg as registry  # type: ignore[import-not-found,no-redef]
        self.reg = registry

    def enabled(self) -> bool:
        try:
            with self.reg.OpenKey(self.reg.HKEY_CURRENT_USER, RUN_KEY) as key:
                self.reg.QueryValueEx(key, RUN_VALUE)
            return True
        except OSError:
            return False

    def enable(self, command: list[str]) -> None:
        with self.reg.CreateKey(self.reg.HKEY_CURRENT_USER, RUN_KEY) as key:
            self.reg.SetValueEx(key, RUN_VALUE, 0, self.reg.REG_SZ, subprocess.list2cmdline(command))

    def disable(self) -> None:
        try:
            with self.reg.OpenKey(self.reg.HKEY_CURRENT_USER, RUN_KEY, 0, self.reg.KEY_SET_VALUE) as key:
                self.reg.DeleteValue(key, RUN_VALUE)
        except OSError:
            pass  # not there


def for_this_system(platform: str = sys.platform) -> Autostart:
    if platform == "win32":
        return WindowsRunKey()
    if platform == "darwin":
        return MacLaunchAgent()
    return XdgAutostart()


def describe(command: list[str]) -> str:
    return shlex.join(command)
