#!/usr/bin/env python3
"""Update and compile the Swedish translation in one step (see fortsync_gui/gui/i18n.py for the workflow).

    .venv/bin/python scripts/i18n.py            lupdate the .ts from the GUI sources, then lrelease it to the .qm
    .venv/bin/python scripts/i18n.py --check    exit 1 if the .ts lacks strings, has unfinished ones or the .qm is
                                                stale (changes nothing)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "fortsync_gui" / "gui"
TS = ROOT / "translations" / "fortsync_sv.ts"
QM = ROOT / "fortsync_gui" / "i18n" / "fortsync_sv.qm"


def _tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: run this with the project's venv (.venv/bin/python scripts/i18n.py)")
    return found


def lupdate(ts: Path) -> None:
    subprocess.run([_tool("pyside6-lupdate"), "-extensions", "py", "-no-obsolete", "-locations", "none",
                    "-target-language", "sv_SE", "-silent", str(SOURCES), "-ts", str(ts)], check=True)


def lrelease(ts: Path, qm: Path) -> None:
    qm.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def unfinished(ts: Path) -> list[str]:
    """Source texts of entries that are untranslated, unfinished, obsolete or vanished."""
    root = ET.parse(ts).getroot()
    return [f"{ctx.findtext('name')}: {msg.findtext('source')!r}"
            for ctx in root.iter("context") for msg in ctx.iter("message")
            if (msg.find("translation") is None or msg.find("translation").get("type") is not None
                or not "".join(msg.find("translation").itertext()).strip())]


def check() -> list[str]:
    problems = [f"untranslated in {TS.name}: {entry}" for entry in unfinished(TS)]
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / TS.name
        shutil.copy(TS, fresh)
        lupdate(fresh)
        if fresh.read_bytes() != TS.read_bytes():
            problems.append(f"{TS.name} is out of date with the sources: run scripts/i18n.py")
        qm = Path(tmp) / QM.name
        lrelease(TS, qm)
        if not QM.exists() or qm.read_bytes() != QM.read_bytes():
            problems.append(f"{QM.relative_to(ROOT)} is out of date with {TS.name}: run scripts/i18n.py")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="verify only; change nothing")
    if parser.parse_args().check:
        problems = check()
        print("\n".join(problems) or "translations are complete and up to date")
        return 1 if problems else 0
    TS.parent.mkdir(parents=True, exist_ok=True)
    lupdate(TS)
    lrelease(TS, QM)
    todo = unfinished(TS)
    for entry in todo:
        print(f"to translate: {entry}")
    print(f"{TS.relative_to(ROOT)}: {len(todo)} entries to translate; {QM.relative_to(ROOT)} written")
    return 1 if todo else 0


if __name__ == "__main__":
    sys.exit(main())
