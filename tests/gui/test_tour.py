"""``fortsync-gui --demo --tour DIR``: the app drives itself through the wizard and its syncs, and leaves a PNG of
every wizard page, every tab of the main window, the overview (empty, with things waiting, all synced, with a draft)
and the narrow (800×600) and wide layouts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from fortsync_gui.gui.app import main

WIZARD_PAGES = ["wizard-1-valkommen", "wizard-2-upsales", "wizard-3-fortnox", "wizard-3b-avancerat",
                "wizard-4-installningar", "wizard-5-kontroller", "wizard-6-klart", "wizard-7-utkast"]
MAIN_WINDOW = ["synk-1-pagar", "synk-2-logg", "synk-3-konflikter", "synk-4-dubbletter", "synk-5-borttagningar",
               "synk-6-historik", "synk-7-fel"]
OVERVIEW = ["oversikt-1-tom", "oversikt-2-vantar", "oversikt-3-synkat", "oversikt-4-tva-profiler"]
SIZES = {"smal-oversikt": (800, 600), "smal-konflikter": (800, 600), "smal-historik": (800, 600),
         "bred-oversikt": (1600, 900)}
EVERYDAY = ["vardag-3-schema", "vardag-4-om-fortsync"]


def test_tour_saves_a_png_of_every_page(tmp_path: Path) -> None:
    assert main(["--demo", "--tour", str(tmp_path)]) == 0
    for name in [*WIZARD_PAGES, *MAIN_WINDOW, *OVERVIEW, *SIZES]:
        image = QImage(str(tmp_path / f"{name}.png"))
        assert not image.isNull(), name
WIZARD_PAGES = ["wizard-1-valkommen", "wizard-2-upsales", "wizard-3-fortnox", "wizard-3b-avancerat",
                "wizard-4-installningar", "wizard-5-kontroller", "wizard-6-klart", "wizard-7-utkast"]
MAIN_WINDOW = ["synk-1-pagar", "synk-2-logg", "synk-3-konflikter", "synk-4-dubbletter", "synk-5-borttagningar",
               "synk-6-historik", "synk-7-fel"]
OVERVIEW = ["oversikt-1-tom", "oversikt-2-vantar", "oversikt-3-synkat", "oversikt-4-tva-profiler"]
SIZES = {"smal-oversikt": (800, 600), "smal-konflikter": (800, 600), "smal-historik": (800, 600),
         "bred-oversikt": (1600, 900)}
EVERYDAY = ["vardag-3-schema", "vardag-4-om-fortsync"]
