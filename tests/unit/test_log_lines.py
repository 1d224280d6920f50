"""What the log file gets: a line per HTTP request only at DEBUG (Fortsync's own, redacted), never httpx's INFO line
per request (35 000 lines for a first import of 10 000 customers, and 7 % of the sync's CPU to format them)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from fortsync_gui import logs


@pytest.fixture(autouse=True)
def _log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORTSYNC_DATA_DIR", str(tmp_path / "data"))


def test_httpx_request_lines_stay_out_of_the_log_at_info() -> None:
    with logs.to_file(logging.INFO) as path:
        logging.getLogger("httpx").info('HTTP Request: GET https://api.fortnox.se/3/customers/1 "HTTP/1.1 200 OK"')
        logging.getLogger("fortsync.sync").info("a sync line")
        logging.getLogger("httpx").warning("a warning still counts")
    assert path is not None
    text = path.read_text(encoding="utf-8")
    assert "a sync line" in text and "a warning still counts" in text and "HTTP Request" not in text
    assert logging.getLogger("httpx").level == logging.NOTSET  # as it was, once the set-up is undone


def test_at_debug_every_request_is_logged() -> None:
    with logs.to_file(logging.DEBUG) as path:
        logging.getLogger("httpx").info("HTTP Request: GET https://api.upsales.com/api/v2/accounts")
    assert path is not None and "HTTP Request" in path.read_text(encoding="utf-8")
