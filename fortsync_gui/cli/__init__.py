"""The headless entry point ``fortsync``.

    fortsync sandbox [--port N] [--seed demo|large:N] [--json] [--time-scale F] [--tenants M]
    fortsync demo [--json]
    fortsync sync --profile NAME | --settings FILE | --all [--jobs N] [--dry-run] [--json] [--allow-removals]
                  [--take-over]
    fortsync profiles [list | show NAME | remove NAME [--yes]] [--json]
    fortsync report RUN_ID [--csv | --json] [--output FILE] [--delimiter ;|,|tab]
    fortsync conflicts|matches|deletions list|resolve --profile NAME [ID...] [...]
    fortsync [-v|-vv] [--log-file FILE] COMMAND ...     fortsync --version

Exit status: 0 ok, 1 failed, 2 usage error (bad arguments, settings file, unknown profile or run), 3 stopped (the
mass-deletion guard, or cancelled with Ctrl+C / SIGTERM). Credentials are never printed: every text passes the
redactor, and ``--json`` is exactly :meth:`RunSummary.to_json` (DESIGN.md §4).

One module per command (``sandbox``, ``demo``, ``sync``, ``profiles``, ``report``, ``decisions``), each with
``register`` (its arguments and help) and ``command`` (what it does); this module assembles the parser and holds
what the commands share. The heavy modules load inside the commands that need them, so ``fortsync sandbox`` starts fast.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fortsync_gui.audit_csv import csv_bytes
from fortsync_gui.connection_health import REFRESH_TOKEN_DAYS, connection_health
from fortsync_gui.messages import MessageKey, message

if TYPE_CHECKING:
    from fortsync_gui.engine.api import RunSummary
    from fortsync_gui.store import Store

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_STATUS_HELP", "EXIT_STOPPED", "EXIT_USAGE", "REFRESH_TOKEN_DAYS",
           "UsageError", "build_parser", "connection_health", "csv_bytes", "exit_status", "main"]

log = logging.getLogger("fortsync.cli")

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_STOPPED = 0, 1, 2, 3
EXIT_STATUS_HELP = ("exit status: 0 ok, 1 failed (see the message; `fortsync report RUN_ID` lists what failed), "
                    "2 usage error (arguments, settings file, unknown profile or run), 3 stopped (the mass-deletion "
                    "guard, or cancelled with Ctrl+C/SIGTERM: the run stops between actions and resumes next time)")


class UsageError(Exception):
    """Bad input from the user (exit 2); the message is a Swedish sentence that says what to fix."""


class _Failed(Exception):
    """Fails the command (exit 1) with a message key's sentence."""

    def __init__(self, key: str, args: Mapping[str, Any] | None = None) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = dict(args or {})


def _err(text: str) -> None:
    from fortsync_gui.cli_output import safe

    print(safe(text), file=sys.stderr, flush=True)


def _out(text: str) -> None:
    from fortsync_gui.cli_output import safe

    print(safe(text), flush=True)


def exit_status(summary: RunSummary) -> int:
    return {"ok": EXIT_OK, "stopped": EXIT_STOPPED}.get(summary.status, EXIT_FAILED)


@contextmanager
def _opened_store(connections: int | None = None) -> Iterator[Store]:
    from fortsync_gui.store import open_store
    from fortsync_gui.store.db import failure
    from fortsync_gui.store.errors import StoreError

    try:
        store = open_store() if connections is None else open_store(connections=connections)
    except StoreError as exc:
        log.warning("the database could not be opened", exc_info=True)
        raise _Failed(exc.message_key, {"detail": str(exc)}) from None
    except Exception as exc:  # a bad URL, a locked or unwritable file, a server that does not answer
        log.warning("the database could not be opened", exc_info=True)
        key, detail = failure(exc) or (MessageKey.STORE_ERROR.value, f"{type(exc).__name__}: {str(exc)[:160]}")
        raise _Failed(key, {"detail": detail}) from None
    if store.adopted_unversioned and store.backup is not None:
        _err(message(MessageKey.STORE_UNVERSIONED, {"backup": str(store.backup)}) or "")
    try:
        yield store
    finally:
        store.close()


def _local_time(iso: str | None) -> str:
    if not iso:
        return "?"
    return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")


def build_parser() -> argparse.ArgumentParser:
    from fortsync_gui import __version__
    from fortsync_gui.cli import decisions, demo, profiles, report, sandbox, sync

    parser = argparse.ArgumentParser(prog="fortsync", description="Fortsync: Upsales ↔ Fortnox, headless.",
                                     epilog=EXIT_STATUS_HELP)
    parser.add_argument("--version", action="version", version=f"fortsync {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="log what happens to stderr as well as to the log file (-vv: every request, redacted)")
    parser.add_argument("--log-file", metavar="FILE", help="append the log to FILE (secrets are never logged)")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in (sandbox, demo, sync, profiles, report, decisions):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Logging (the engine's and the libraries') goes to the log file, and to the terminal only
    with ``-v``/``-vv`` (``--log-file`` adds a file of your choice); files the command writes are readable by the
    user only."""
    from fortsync_gui import logs

    args = build_parser().parse_args(argv)
    umask = os.umask(0o077)
    try:
        try:
            logs.setup(verbose=args.verbose, log_file=args.log_file)
        except OSError as exc:  # only --log-file FILE can fail here; the log folder's failure is silent
            _err(f"fortsync: loggfilen {args.log_file} kan inte skrivas ({exc.strerror}).")
            return EXIT_USAGE
        try:
            return _run(args)
        finally:
            logs.teardown()
    finally:
        os.umask(umask)


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args))
    except UsageError as exc:
        _err(f"fortsync {args.command}: {exc}")
        return EXIT_USAGE
    except _Failed as exc:
        _fail_json(args, exc.key, exc.args_)
        _err(message(exc.key, exc.args_) or exc.key)
        return EXIT_FAILED
    except KeyboardInterrupt:
        _err("Avbrutet.")
        return 130
    except Exception as exc:  # never a traceback on the terminal: the details go to the log file
        from fortsync_gui.store.db import failure

        log.exception("fortsync %s failed", args.command)
        key, detail = failure(exc) or (MessageKey.SERVICE.value, f"{type(exc).__name__}: {str(exc)[:160]}")
        _fail_json(args, key, {"detail": detail})
        _err(message(key, {"detail": detail}) or key)
        return EXIT_FAILED


def _fail_json(args: argparse.Namespace, key: str, message_args: Mapping[str, Any]) -> None:
    """With ``--json`` a failure is a JSON object on stdout too: its status, message key and sentence."""
    if getattr(args, "json", False) and args.command != "sync":  # sync prints its RunSummary itself
        from fortsync_gui.cli_output import safe

        print(safe(json.dumps({"status": "failed", "message_key": key, "message_args": dict(message_args),
                               "message": message(key, message_args)}, ensure_ascii=False, default=str)),
              flush=True)
