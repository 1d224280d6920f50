"""Fortsync's log files, in the platform's log directory (:func:`fortsync_gui.config.log_dir`), and the logging set-up
of the two programs: the app writes a rotating ``fortsync.log`` there; ``fortsync`` logs to stderr with ``-v`` and
to a file of your choice with ``--log-file``. Nothing logged carries a secret: every record passes the redactor.

    logs.log_files()                      # what "Visa loggar" shows and "Skapa supportpaket" packs
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from fortsync_gui import config
from fortsync_gui.clients.redact import redact

LOG_FILE_NAME = "fortsync.log"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def log_files() -> list[Path]:
    """Every log file in the log directory, newest first (``fortsync.log``, then its rotated copies)."""
    directory = config.log_dir()
    if not directory.is_dir():
        return []
    found = [p for p in directory.iterdir() if p.is_file() and ".log" in p.name]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def _handler(handler: logging.Handler, level: int) -> logging.Handler:
    handler.setFormatter(RedactingFormatter(FORMAT))
    handler.setLevel(level)
    handler.set_name("fortsync")
    return handler


def _install(handler: logging.Handler) -> logging.Handler:
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(min(root.level if root.level != logging.WARNING else logging.INFO, handler.level))
    return handler


def remove(handlers: list[logging.Handler]) -> None:
    for handler in handlers:
        logging.getLogger().removeHandler(handler)
        handler.close()


def app_logging(level: int = logging.INFO) -> Path | None:
    """The app's rotating log file (1 MB × 5); None when the directory cannot be written (the app runs anyway)."""
    path = config.log_dir() / LOG_FILE_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None
    _install(_handler(handler, level))
    return path


def cli_logging(verbose: int = 0, log_file: str | Path | None = None) -> list[logging.Handler]:
    """``-v`` (INFO) / ``-vv`` (DEBUG) to stderr; ``--log-file FILE`` appends everything from INFO (DEBUG with -vv).
    Returns the handlers installed (:func:`remove` takes them away again)."""
    level = logging.DEBUG if verbose >= 2 else logging.INFO
    installed = []
    if log_file:
        path = Path(log_file).expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
        installed.append(_install(_handler(logging.FileHandler(path, encoding="utf-8"), level)))
    if verbose:
        installed.append(_install(_handler(logging.StreamHandler(), level)))
    return installed
