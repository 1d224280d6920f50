"""Fortsync's log file: engine and library logging (httpx, SQLAlchemy, alembic …) go to a rotating file in the
platformdirs log directory (:func:`fortsync_gui.config.log_dir`); the terminal keeps only the Swedish messages the
CLI prints itself. Every line passes the redactor, and the files are readable by the user only.

    with logs.to_file():        # the CLI, around one command
        ...
    logs.setup()                # the app, for the life of the process
    logs.log_files()            # newest first, for "Visa loggar"

``FORTSYNC_LOG_LEVEL`` (DEBUG, INFO, WARNING …; default INFO) sets how much is written.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
from collections.abc import Iterator
from pathlib import Path

from fortsync_gui import config
from fortsync_gui.clients.redact import redact
from fortsync_gui.files import PRIVATE_FILE, private_dir, private_file

__all__ = ["log_files", "log_path", "private_dir", "private_file", "setup", "teardown", "to_file"]

LOG_FILE = "fortsync.log"
MAX_BYTES = 2_000_000  # per file; with the backups at most ~12 MB of logs
BACKUP_COUNT = 5
ENV_LOG_LEVEL = "FORTSYNC_LOG_LEVEL"
FORMAT = "%(asctime)s %(levelname)-7s %(process)d %(threadName)s %(name)s: %(message)s"


class RedactingFormatter(logging.Formatter):
    """Formats the whole record (tracebacks and their values included), then removes every credential."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file handler whose files (the rotated ones too) are created readable by the user only."""

    def _open(self):  # type: ignore[no-untyped-def]
        path = Path(self.baseFilename)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)
        with contextlib.suppress(OSError):
            os.chmod(path, PRIVATE_FILE)  # an older file from before this rule
        return os.fdopen(fd, self.mode, encoding=self.encoding, errors=self.errors)


def log_path() -> Path:
    return config.log_dir() / LOG_FILE


def log_files() -> list[Path]:
    """Fortsync's log files, the current one first, then the rotated ones from newest to oldest."""
    folder = config.log_dir()
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(LOG_FILE + "*") if p.is_file()]

    def order(path: Path) -> int:
        suffix = path.name[len(LOG_FILE):].lstrip(".")
        return int(suffix) if suffix.isdigit() else 0

    return sorted(found, key=order)


def level() -> int:
    name = os.environ.get(ENV_LOG_LEVEL, "").strip().upper()
    value = logging.getLevelName(name) if name else logging.INFO
    return value if isinstance(value, int) else logging.INFO


_handler: logging.Handler | None = None
_previous_level: int | None = None


def setup(log_level: int | None = None) -> Path | None:
    """Send all logging to the log file (replacing an earlier setup of this process); returns the file, or None when
    the log folder cannot be written to (then nothing is logged rather than a line reaching the terminal)."""
    global _handler, _previous_level
    teardown()
    root = logging.getLogger()
    _previous_level = root.level
    path = log_path()
    try:
        private_dir(path.parent)
        handler: logging.Handler = PrivateRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT,
                                                              encoding="utf-8", delay=False)
    except OSError:
        handler = logging.NullHandler()  # no log file; still keeps English lines off the terminal
        path = None  # type: ignore[assignment]
    handler.setFormatter(RedactingFormatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(log_level if log_level is not None else level())
    _handler = handler
    logging.captureWarnings(True)  # library warnings go to the file too, not to stderr
    return path


def teardown() -> None:
    """Remove the handler :func:`setup` added (the CLI, after a command; tests)."""
    global _handler, _previous_level
    if _handler is not None:
        root = logging.getLogger()
        root.removeHandler(_handler)
        _handler.close()
        _handler = None
        if _previous_level is not None:
            root.setLevel(_previous_level)
        _previous_level = None
        logging.captureWarnings(False)


@contextlib.contextmanager
def to_file(log_level: int | None = None) -> Iterator[Path | None]:
    path = setup(log_level)
    try:
        yield path
    finally:
        teardown()
