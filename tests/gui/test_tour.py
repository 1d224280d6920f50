"""``fortsync-gui --demo --tour DIR``: the app drives itself through the wizard and two syncs, and leaves a PNG of
every wizard page and every tab of the main window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from fortsync_gui.gui.app import main

WIZARD_PAGES = ["wizard-1-valkommen", "wizard-2-upsales", "wizard-3-fortnox", "wizard-3b-avancerat",
                "wizard-4-installningar",
                "wizard-5-kontroller", "wizard-6-klart"]
MAIN_WINDOW = ["synk-1-pagar", "synk-2-logg", "synk-3-konflikter", "synk-4-dubbletter", "synk-5-borttagningar",
               "synk-6-historik", "synk-7-fel", "synk-8-profiler"]
EVERYDAY = ["vardag-3-schema", "vardag-4-om-fortsync"]


def test_tour_saves_a_png_of_every_page(tmp_path: Path) -> None:
    assert main(["--demo", "--tour", str(tmp_path)]) == 0
    for name in [*WIZARD_PAGES, *MAIN_WINDOW]:
        image = QImage(str(tmp_path / f"{name}.png"))
        assert not image.isNull(), name
        assert image.width() >= 600 and image.height() >= 400, name
    for name in EVERYDAY:  # dialogs: smaller than a window
        image = QImage(str(tmp_path / f"{name}.png"))
        assert not image.isNull() and image.width() >= 300 and image.height() >= 200, name
