"""``fortsync-gui --demo --tour DIR``: the app drives itself through the wizard and leaves a PNG per page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from fortsync_gui.gui.app import main

WIZARD_PAGES = ["wizard-1-valkommen", "wizard-2-upsales", "wizard-3-fortnox", "wizard-4-installningar",
                "wizard-5-kontroller", "wizard-6-klart"]


def test_tour_saves_a_png_of_every_page(tmp_path: Path) -> None:
    assert main(["--demo", "--tour", str(tmp_path)]) == 0
    for name in [*WIZARD_PAGES, "profiler"]:
        image = QImage(str(tmp_path / f"{name}.png"))
        assert not image.isNull(), name
        assert image.width() >= 600 and image.height() >= 400, name
