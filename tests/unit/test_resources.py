"""The desktop resources and the PyInstaller build description stay consistent with the package."""

from __future__ import annotations

import configparser
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _scripts() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {**project["scripts"], **project["gui-scripts"]}


def test_icon_is_a_square_svg() -> None:
    root = ET.parse(ROOT / "resources" / "fortsync.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("width") == root.get("height") and root.get("viewBox") == "0 0 256 256"


def test_desktop_entry_starts_the_gui_script() -> None:
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(ROOT / "resources" / "se.fortsync.Fortsync.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Terminal"] == "false"
    assert section["Exec"].split()[0] in _scripts()
    assert section["Categories"].endswith(";") and "Comment[sv]" in section


def test_pyinstaller_entry_points_call_the_console_scripts() -> None:
    scripts = _scripts()
    for entry, script in (("entry_gui.py", "fortsync-gui"), ("entry_cli.py", "fortsync")):
        module, function = scripts[script].split(":")
        assert f"from {module} import {function}" in (ROOT / "packaging" / entry).read_text(encoding="utf-8")
    spec = (ROOT / "packaging" / "fortsync.spec").read_text(encoding="utf-8")
    compile(spec, "fortsync.spec", "exec")
    assert '"entry_gui.py"' in spec and '"entry_cli.py"' in spec and "store/migrations" in spec
