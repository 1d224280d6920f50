"""``fortsync demo``: dry run, sync and a second sync with nothing to do, against an in-process sandbox."""

from __future__ import annotations

import json
import os

import pytest

from fortsync_gui.cli import main


def test_demo_json(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("FORTSYNC_DB_URL", "sqlite:////nonexistent/must-not-be-used.db")
    assert main(["demo", "--json"]) == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) == 1
    result = json.loads(out)
    assert set(result) == {"dry_run", "first", "second"}
    assert result["dry_run"]["dry_run"] is True and result["first"]["status"] == "ok"
    assert result["first"]["counts"]["company"]["created"] > 0
    second = result["second"]
    assert second["status"] == "ok"
    assert sum(c[k] for c in second["counts"].values() for k in ("created", "updated", "linked")) == 0
    assert os.environ["FORTSYNC_DB_URL"] == "sqlite:////nonexistent/must-not-be-used.db"


def test_demo_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "5 gånger snabbare" in out
    assert "1. Provkörning" in out and "Andra synkroniseringen: inget att göra" in out
    assert "Demot gick igenom." in out
