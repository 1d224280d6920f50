"""Start at login, one interface, a file-level test per system: the XDG autostart entry (Linux), the Run key value
(Windows, on a stand-in registry) and the launch agent (macOS)."""

from __future__ import annotations

import configparser
import plistlib
from pathlib import Path
from typing import Any

from fortsync_gui import autostart

COMMAND = ["/opt/Fortsync/fortsync-gui", "--background"]
SPACED = ["C:\\Program Files\\Fortsync\\fortsync-gui.exe", "--background"]


def test_linux_xdg_autostart_entry(tmp_path: Path) -> None:
    entry = autostart.XdgAutostart(tmp_path)
    assert not entry.enabled()
    entry.enable(["/home/anna/Mina program/fortsync-gui", "--background"])
    path = tmp_path / "autostart" / "se.fortsync.Fortsync.desktop"
    assert entry.enabled() and entry.path == path
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.optionxform = str  # type: ignore[assignment,method-assign]
    parsed.read(path, encoding="utf-8")
    section = parsed["Desktop Entry"]
    assert section["Type"] == "Application" and section["Icon"] == "se.fortsync.Fortsync"
    assert section["Exec"] == '"/home/anna/Mina program/fortsync-gui" --background'
    entry.disable()
    assert not entry.enabled() and not path.exists()
    entry.disable()  # twice: nothing to do


def test_macos_launch_agent(tmp_path: Path) -> None:
    entry = autostart.MacLaunchAgent(tmp_path)
    entry.enable(COMMAND)
    path = tmp_path / "Library" / "LaunchAgents" / "se.fortsync.Fortsync.plist"
    data = plistlib.loads(path.read_bytes())
    assert data == {"Label": "se.fortsync.Fortsync", "ProgramArguments": COMMAND, "RunAtLoad": True,
                    "ProcessType": "Interactive"}
    assert entry.enabled()
    entry.disable()
    assert not path.exists()


class FakeRegistry:
    """The part of ``winreg`` the Run key needs, kept in a dict."""

    HKEY_CURRENT_USER = "HKCU"
    REG_SZ = 1
    KEY_SET_VALUE = 2

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], dict[str, Any]] = {}

    class _Key:
        def __init__(self, values: dict[str, Any]) -> None:
            self.values = values

        def __enter__(self) -> FakeRegistry._Key:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

    def CreateKey(self, root: str, path: str) -> _Key:
        return self._Key(self.values.setdefault((root, path), {}))

    def OpenKey(self, root: str, path: str, *_args: Any) -> _Key:
        if (root, path) not in self.values:
            raise FileNotFoundError(path)
        return self._Key(self.values[(root, path)])

    def QueryValueEx(self, key: _Key, name: str) -> tuple[Any, int]:
        if name not in key.values:
            raise FileNotFoundError(name)
        return key.values[name], self.REG_SZ

    def SetValueEx(self, key: _Key, name: str, _reserved: int, kind: int, value: str) -> None:
        assert kind == self.REG_SZ
        key.values[name] = value

    def DeleteValue(self, key: _Key, name: str) -> None:
        if name not in key.values:
            raise FileNotFoundError(name)
        del key.values[name]


def test_windows_run_key() -> None:
    registry = FakeRegistry()
    entry = autostart.WindowsRunKey(registry)
    assert not entry.enabled()
    entry.enable(SPACED)
    run = registry.values[("HKCU", r"Software\Microsoft\Windows\CurrentVersion\Run")]
    assert run == {"Fortsync": '"C:\\Program Files\\Fortsync\\fortsync-gui.exe" --background'}
    assert entry.enabled()
    entry.disable()
    assert not entry.enabled() and run == {}
    entry.disable()


def test_one_interface_per_system() -> None:
    assert isinstance(autostart.for_this_system("linux"), autostart.XdgAutostart)
    assert isinstance(autostart.for_this_system("darwin"), autostart.MacLaunchAgent)
    assert autostart.launch_command()[-1] == "--background"
