"""The log file (issue 9, items 6 and 10): engine and library logging go to a rotating file in the log folder, the
terminal keeps only Swedish messages, and the files are the user's only."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest

from fortsync_gui import config, logs
from fortsync_gui.sandbox.faults import Fault, FaultKind
from tests.cli.conftest import CliEnv


def test_retries_and_library_lines_go_to_the_log_file_not_to_stderr(cli_env: CliEnv) -> None:
    cli_env.sandbox.upsales.faults.add(Fault(FaultKind.DROP_BEFORE, method="GET", times=2))
    settings = cli_env.settings()
    process = cli_env.popen("sync", "--settings", str(settings), "--json",
                            FORTSYNC_DATA_DIR=str(cli_env.tmp / "data"))
    _out, err = process.communicate(timeout=240)  # a hang guard
    assert process.returncode == 0, err
    assert err == ""  # before: "upsales GET /... failed: RemoteProtocolError" (English) reached the terminal
    log_file = cli_env.tmp / "data" / "logs" / logs.LOG_FILE
    text = log_file.read_text(encoding="utf-8")
    assert "failed: RemoteProtocolError" in text and " alembic." in text  # a library's lines (the migrations)
    assert "HTTP Request" not in text  # httpx's line per request only at DEBUG (tests/unit/test_log_lines.py)
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600


def test_the_log_rotates_and_log_files_lists_the_newest_first(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.ENV_DATA_DIR, str(tmp_path))
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    with logs.to_file(logging.INFO) as path:
        assert path == tmp_path / "logs" / "fortsync.log"
        for n in range(200):
            logging.getLogger("fortsync.test").info("rad %d %s", n, "x" * 40)
    files = logs.log_files()
    assert files[0] == path and [p.name for p in files[1:]] == [f"fortsync.log.{i}" for i in
                                                                range(1, logs.BACKUP_COUNT + 1)]
    assert "rad 199" in files[0].read_text(encoding="utf-8")
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
    assert stat.S_IMODE((tmp_path / "logs").stat().st_mode) == 0o700
    assert logging.getLogger().handlers == [h for h in logging.getLogger().handlers
                                            if not isinstance(h, logs.PrivateRotatingFileHandler)]


def test_log_lines_are_redacted_tracebacks_included(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fortsync_gui.clients.redact import register_secret

    monkeypatch.setenv(config.ENV_DATA_DIR, str(tmp_path))
    register_secret("refresh-token-in-a-traceback")
    with logs.to_file(logging.DEBUG) as path:
        try:
            raise ValueError("refresh-token-in-a-traceback")
        except ValueError:
            logging.getLogger("fortsync.test").exception("Authorization: Bearer abc.def.ghi failed")
    assert path is not None
    text = path.read_text(encoding="utf-8")
    assert "refresh-token-in-a-traceback" not in text and "abc.def.ghi" not in text and "ValueError" in text


def test_without_a_writable_log_folder_nothing_reaches_the_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(config.ENV_DATA_DIR, str(blocker))
    with logs.to_file() as path:
        assert path is None
        logging.getLogger("fortsync.test").warning("an English line")
    assert "an English line" not in capsys.readouterr().err


def test_httpx_request_lines_stay_out_of_the_log_at_info(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx logs a line per request at INFO: 35 000 for a first import of 10 000 customers, 7 % of the sync's CPU to
    format them. Below DEBUG they stay out (Fortsync's own redacted line per request says it at DEBUG)."""
    monkeypatch.setenv(config.ENV_DATA_DIR, str(tmp_path))
    with logs.to_file(logging.INFO) as path:
        logging.getLogger("httpx").info('HTTP Request: GET https://api.fortnox.se/3/customers/1 "HTTP/1.1 200 OK"')
        logging.getLogger("fortsync.sync").info("a sync line")
        logging.getLogger("httpx").warning("a warning still counts")
    assert path is not None
    text = path.read_text(encoding="utf-8")
    assert "a sync line" in text and "a warning still counts" in text and "HTTP Request" not in text
    assert logging.getLogger("httpx").level == logging.NOTSET  # as it was, once the set-up is undone


def test_at_debug_every_request_is_logged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.ENV_DATA_DIR, str(tmp_path))
    with logs.to_file(logging.DEBUG) as path:
        logging.getLogger("httpx").info("HTTP Request: GET https://api.upsales.com/api/v2/accounts")
    assert path is not None and "HTTP Request" in path.read_text(encoding="utf-8")
