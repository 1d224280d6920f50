#!/usr/bin/env python3
"""Build the self-contained Fortsync for the system this runs on (PyInstaller does not cross-compile):

    .venv/bin/pip install -e '.[build]'
    .venv/bin/python packaging/build.py [--out build]      -> build/dist/fortsync/ (fortsync-gui and fortsync)

1. the icons from resources/fortsync.svg (packaging/icons.py): .ico for Windows, .icns for macOS, a PNG for Linux;
2. the app registration: a copy of fortsync_gui/fortnox_app.toml with the vendor's Fortnox client id and secret from
   FORTSYNC_BUILD_FORTNOX_CLIENT_ID / FORTSYNC_BUILD_FORTNOX_CLIENT_SECRET (without them the bundle keeps the empty
   placeholder: its users enter their own app under Avancerat); the file in git is never changed;
3. PyInstaller with packaging/fortsync.spec;
4. on Linux, the desktop entry and icons beside the programs (share/applications, share/icons), ready to install.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def registration(out: Path) -> Path:
    source = (ROOT / "fortsync_gui" / "fortnox_app.toml").read_text(encoding="utf-8")
    client_id = os.environ.get("FORTSYNC_BUILD_FORTNOX_CLIENT_ID", "")
    secret = os.environ.get("FORTSYNC_BUILD_FORTNOX_CLIENT_SECRET", "")
    if not (client_id and secret):
        print("note: FORTSYNC_BUILD_FORTNOX_CLIENT_ID/_SECRET not set; the bundle has no built-in Fortnox app",
              file=sys.stderr)
    for key, value in (("client_id", client_id), ("client_secret", secret)):
        source = re.sub(rf'^{key} = ".*"$', f'{key} = "{value}"', source, count=1, flags=re.MULTILINE)
    path = out / "fortnox_app.toml"
    path.write_text(source, encoding="utf-8")
    return path


def linux_desktop_files(dist: Path, icons: dict[str, Path]) -> None:
    share = dist / "share"
    (share / "applications").mkdir(parents=True, exist_ok=True)
    entry = (ROOT / "resources" / "se.fortsync.Fortsync.desktop").read_text(encoding="utf-8")
    (share / "applications" / "se.fortsync.Fortsync.desktop").write_text(entry, encoding="utf-8")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "resources" / "fortsync.svg", scalable / "se.fortsync.Fortsync.svg")
    raster = share / "icons" / "hicolor" / "256x256" / "apps"
    raster.mkdir(parents=True, exist_ok=True)
    shutil.copy(icons["png"], raster / "se.fortsync.Fortsync.png")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "build", help="build folder (default: build/)")
    args = parser.parse_args()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT / "packaging"))
    from icons import make_icons

    icons = make_icons(out / "icons")
    registration(out)
    env = {**os.environ, "FORTSYNC_BUILD_DIR": str(out)}
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath",
                    str(out / "dist"), "--workpath", str(out / "work"), str(ROOT / "packaging" / "fortsync.spec")],
                   check=True, cwd=ROOT, env=env)
    dist = out / "dist" / "fortsync"
    if sys.platform.startswith("linux"):
        linux_desktop_files(dist, icons)
    print(dist)
    return 0


if __name__ == "__main__":
    sys.exit(main())
