"""The app icon for each system, made from resources/fortsync.svg at build time (a Windows or macOS build cannot use
the SVG itself): Qt draws the SVG at every size the formats hold, Pillow writes ``fortsync.ico`` (Windows: 16 to 256
px) and ``fortsync.icns`` (macOS: 16 to 1024 px), and ``fortsync-256.png`` for Linux desktops without SVG icons.

    python packaging/icons.py OUT_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def make_icons(out: Path) -> dict[str, Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    from fortsync_gui.gui.icons import render_png

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pngs = {}
        for size in sorted(set(ICO_SIZES) | set(ICNS_SIZES)):
            path = Path(tmp) / f"{size}.png"
            render_png(path, size)  # drawn at this size from the SVG: crisp, not a scaled bitmap
            pngs[size] = Image.open(path).convert("RGBA")
            pngs[size].load()
        made = {"ico": out / "fortsync.ico", "icns": out / "fortsync.icns", "png": out / "fortsync-256.png"}
        largest = pngs[max(ICO_SIZES)]
        largest.save(made["ico"], format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                     append_images=[pngs[s] for s in ICO_SIZES if s != max(ICO_SIZES)])
        pngs[1024].save(made["icns"], format="ICNS", append_images=[pngs[s] for s in ICNS_SIZES if s != 1024])
        pngs[256].save(made["png"], format="PNG")
    return made


if __name__ == "__main__":
    for kind, path in make_icons(Path(sys.argv[1] if len(sys.argv) > 1 else "build/icons")).items():
        print(f"{kind}: {path}")
