"""The installers: the .ico and .icns are made from the SVG (Pillow reads them back with every size), and the
bundle for this system builds (packaging/build.py, PyInstaller) and its programs start: both answer --version, and
the app runs the tour against its built-in sandbox, offscreen. The build takes a minute or two; set
FORTSYNC_SKIP_BUNDLE=1 to leave it out of a quick local run (CI never sets it)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fortsync_gui import __version__

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))


def test_icons_for_windows_and_macos_are_made_from_the_svg(tmp_path: Path) -> None:
    pytest.importorskip("PIL", reason="Pillow comes with the build extra (pip install -e '.[build]')")
    from icons import ICO_SIZES, make_icons  # type: ignore[import-not-found]
    from PIL import Image

    made = make_icons(tmp_path)
    ico = Image.open(made["ico"])
    assert sorted(ico.info["sizes"]) == [(s, s) for s in ICO_SIZES]
    icns = Image.open(made["icns"])
    assert icns.size == (1024, 1024) and (16, 16, 2) in icns.info["sizes"]
    png = Image.open(made["png"])
    assert png.size == (256, 256) and png.getpixel((128, 128))[3] == 255  # drawn, not empty
    assert png.getpixel((1, 1))[3] == 0  # the rounded corner stays transparent


@pytest.mark.slow
def test_the_bundle_builds_and_runs_the_tour(tmp_path: Path) -> None:
    if os.environ.get("FORTSYNC_SKIP_BUNDLE"):
        pytest.skip("FORTSYNC_SKIP_BUNDLE is set: the bundle build (a minute or two) is left out of this run")
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed: pip install -e '.[build]' (python3 run.py test installs it)")
    env = {**os.environ, "FORTSYNC_BUILD_FORTNOX_CLIENT_ID": "bundle-test-id",
           "FORTSYNC_BUILD_FORTNOX_CLIENT_SECRET": "bundle-test-secret"}
    built = subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), "--out", str(tmp_path / "build")],
                           env=env, capture_output=True, text=True, timeout=1200, check=False)
    assert built.returncode == 0, built.stderr[-4000:]
    dist = tmp_path / "build" / "dist" / "fortsync"
    suffix = ".exe" if sys.platform == "win32" else ""
    cli, gui = dist / f"fortsync{suffix}", dist / f"fortsync-gui{suffix}"
    run_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FORTSYNC_DATA_DIR": str(tmp_path / "data")}
    for program, name in ((cli, "fortsync"), (gui, "fortsync-gui")):
        answer = subprocess.run([str(program), "--version"], env=run_env, capture_output=True, text=True,
                                timeout=120, check=False)
        assert answer.returncode == 0 and answer.stdout.strip() == f"{name} {__version__}", answer.stderr
    tour = subprocess.run([str(gui), "--demo", "--tour", str(tmp_path / "tour")], env=run_env, capture_output=True,
                          text=True, timeout=900, check=False)
    assert tour.returncode == 0, tour.stderr[-4000:]
    shots = sorted(p.name for p in (tmp_path / "tour").glob("*.png"))
    assert "oversikt-4-tva-profiler.png" in shots and "vardag-4-om-fortsync.png" in shots and len(shots) >= 17
    registration = next(dist.rglob("fortnox_app.toml")).read_text(encoding="utf-8")
    assert 'client_id = "bundle-test-id"' in registration  # filled in at build time
    assert 'client_id = ""' in (ROOT / "fortsync_gui" / "fortnox_app.toml").read_text(encoding="utf-8")
    if sys.platform.startswith("linux"):
        assert (dist / "share" / "applications" / "se.fortsync.Fortsync.desktop").exists()
        assert (dist / "share" / "icons" / "hicolor" / "256x256" / "apps" / "se.fortsync.Fortsync.png").exists()
