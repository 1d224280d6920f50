"""Fortsync's log files and the logging set-up of both programs. Engine and library logging (httpx, SQLAlchemy,
alembic …) go to a rotating ``fortsync.log`` in the platformdirs log directory (:func:`fortsync_gui.config.log_dir`);
the terminal keeps only the Swedish messages the CLI prints itself, unless ``fortsync -v``/``-vv`` asks for the log on
stderr too. ``fortsync --log-file FILE`` also appends the log to a file of your choice. Every line passes the
redactor, and the log files are readable by the user only.

    with logs.to_file():                  # the CLI, around one command (verbose=, log_file= for -v/--log-file)
        ...
    logs.setup()                          # the app, for the life of the process
    logs.log_files()                      # newest first: what "Visa loggar" shows and "Skapa supportpaket" packs

``FORTSYNC_LOG_LEVEL`` (DEBUG, INFO, WARNING …; default INFO) sets how much is written to the log file.
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
# Libraries that log a line per HTTP request at INFO (httpx: "HTTP Request: GET … 200 OK"): 35 000 lines for a first
# import of 10 000 customers, and formatting and redacting them cost 7 % of the sync's CPU.
PER_REQUEST = ("httpx", "httpcore")
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


_handlers: list[logging.Handler] = []
_previous_level: int | None = None


def _formatted(handler: logging.Handler, handler_level: int) -> logging.Handler:
    handler.setFormatter(RedactingFormatter(FORMAT))
    handler.setLevel(handler_level)
    handler.set_name("fortsync")
    return handler


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def setup(log_level: int | None = None, *, verbose: int = 0, log_file: str | Path | None = None) -> Path | None:
    """Send all logging to the log file (replacing an earlier setup of this process); returns the file, or None when
    the log folder cannot be written to (then nothing is logged rather than a line reaching the terminal).

    The CLI's options add to it: ``verbose`` 1 (``-v``, INFO) or 2 (``-vv``, DEBUG) logs to stderr as well, and
    ``log_file`` (``--log-file``) appends the same lines to that file too (at INFO, DEBUG with ``-vv``). A
    ``log_file`` that cannot be opened raises :class:`OSError` after the set-up is undone."""
    global _previous_level
    teardown()
    root = logging.getLogger()
    _previous_level = root.level
    file_level = log_level if log_level is not None else level()
    extra_level = logging.DEBUG if verbose >= 2 else logging.INFO
    path: Path | None = log_path()
    try:
        private_dir(path.parent)  # type: ignore[union-attr]
        handler: logging.Handler = PrivateRotatingFileHandler(path, maxBytes=MAX_BYTES,  # type: ignore[arg-type]
                                                              backupCount=BACKUP_COUNT, encoding="utf-8",
                                                              delay=False)
    except OSError:
        handler = logging.NullHandler()  # no log file; still keeps English lines off the terminal
        path = None
    _handlers.append(_formatted(handler, file_level))
    root.addHandler(handler)
    levels = [file_level]
    try:
        if log_file:
            chosen = Path(log_file).expanduser()
            if path is None or not _same_file(chosen, path):  # the log file itself: never two handlers on one file
                chosen.parent.mkdir(parents=True, exist_ok=True)
                extra = _formatted(logging.FileHandler(chosen, encoding="utf-8"), extra_level)
                _handlers.append(extra)
                root.addHandler(extra)
                levels.append(extra_level)
        if verbose:
            stream = _formatted(logging.StreamHandler(), extra_level)
            _handlers.append(stream)
            root.addHandler(stream)
            levels.append(extra_level)
    except OSError:
        teardown()
        raise
    root.setLevel(min(levels))
    for name in PER_REQUEST:  # below DEBUG only: Fortsync's own line per request says it then, redacted
        logging.getLogger(name).setLevel(logging.NOTSET if min(levels) <= logging.DEBUG else logging.WARNING)
    logging.captureWarnings(True)  # library warnings go to the file too, not to stderr
    return path


def teardown() -> None:
    """Remove the handlers :func:`setup` added (the app at exit, the CLI after a command; tests)."""
    global _previous_level
    if not _handlers:
        return
    root = logging.getLogger()
    while _handlers:
        handler = _handlers.pop()
        root.removeHandler(handler)
        handler.close()
    if _previous_level is not None:
        root.setLevel(_previous_level)
    for name in PER_REQUEST:
        logging.getLogger(name).setLevel(logging.NOTSET)
    _previous_level = None
    logging.captureWarnings(False)


@contextlib.contextmanager
def to_file(log_level: int | None = None, *, verbose: int = 0,
            log_file: str | Path | None = None) -> Iterator[Path | None]:
    path = setup(log_level, verbose=verbose, log_file=log_file)
    try:
        yield path
    finally:
        teardown()
