"""``fortsync sync``: sync one profile now, from a saved profile or a settings file; a progress bar on stderr, the
summary (or ``--json``) on stdout, Ctrl+C and SIGTERM stop between actions."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING

from fortsync_gui.cli import EXIT_STATUS_HELP, UsageError, _err, _Failed, _opened_store, _out, exit_status
from fortsync_gui.messages import MessageKey, summary_message

if TYPE_CHECKING:  # the heavy modules load in the command itself
    from fortsync_gui.engine.api import CancelToken, RunSummary
    from fortsync_gui.settings_file import SettingsFile
    from fortsync_gui.store import Store

log = logging.getLogger("fortsync.cli")

ENV_SECRETS = ("FORTSYNC_UPSALES_TOKEN", "FORTSYNC_FORTNOX_ACCESS_TOKEN", "FORTSYNC_FORTNOX_CLIENT_SECRET")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "sync", help="sync one profile now",
        description="Sync a profile: --profile NAME uses a saved profile; --settings FILE creates or updates the "
                    "profile named after the file (or --profile) from a TOML settings file (module, "
                    "fallback_user_id, won_stage_id, lost_stage_id, offer_stage_id, price_list, deletion_threshold; "
                    "choices left out are filled from the APIs). Credentials come from the keyring or from "
                    "FORTSYNC_UPSALES_URL/_TOKEN, FORTSYNC_FORTNOX_URL/_AUTH_URL and FORTSYNC_FORTNOX_ACCESS_TOKEN "
                    "or FORTSYNC_FORTNOX_CLIENT_ID/_CLIENT_SECRET/_TENANT_ID; the database from FORTSYNC_DB_URL. "
                    "A progress bar goes to stderr when it is a terminal. Ctrl+C stops between actions.",
        epilog=EXIT_STATUS_HELP)
    p.add_argument("--profile", metavar="NAME", help="the profile to sync")
    p.add_argument("--all", action="store_true",
                   help="sync every profile in the database (credentials from the keyring, one summary each)")
    p.add_argument("--jobs", type=int, metavar="N", default=None,
                   help="with --all: run N profiles at a time, each limited by its own credentials (default 1)")
    p.add_argument("--processes", type=int, metavar="P", default=None,
                   help="with --all, on Linux: spread those N over P processes, each using a core (default: one per "
                        "10 profiles at a time, up to the cores this process may use)")
    p.add_argument("--settings", metavar="FILE", help="TOML settings file (see --help above)")
    p.add_argument("--dry-run", action="store_true", help="plan only: write nothing, print what would be done")
    p.add_argument("--json", action="store_true", help="print one JSON object (the run summary) on stdout")
    p.add_argument("--allow-removals", action="store_true",
                   help="let this run through the mass-deletion guard after you reviewed what it stopped")
    p.add_argument("--take-over", action="store_true",
                   help="another installation's marker is on these accounts and this installation takes over (a new "
                        "computer, or a lost database): links are adopted, nothing is created twice")
    p.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    from fortsync_gui import settings_file
    from fortsync_gui.clients.redact import register_secret

    for name in ENV_SECRETS:
        register_secret(os.environ.get(name))
    if args.all:
        from fortsync_gui.cli.sync_all import command_all

        return command_all(args)
    if args.jobs is not None or args.processes is not None:
        raise UsageError("--jobs och --processes gäller bara med --all.")
    if not args.profile and not args.settings:
        raise UsageError("Ange vilken profil som ska synkas: --profile NAMN eller --settings FIL.")
    file = None
    if args.settings:
        try:
            file = settings_file.load(args.settings)
        except settings_file.SettingsFileError as exc:
            raise UsageError(str(exc)) from None
    name = args.profile or (file.profile_name if file else "")
    from fortsync_gui.engine.api import RunSummary

    try:
        with _opened_store() as store:
            summary = _sync(store, name, file, args)
    except _Failed as failed:
        summary = RunSummary(None, "failed", args.dry_run, message_key=failed.key, message_args=failed.args_)
    except UsageError:
        raise
    except Exception as error:  # e.g. a read-only database: the JSON object and a sentence, the details in the log
        from fortsync_gui.store.db import failure

        log.exception("fortsync sync %s failed", name)
        key, detail = failure(error) or (MessageKey.SERVICE.value, f"{type(error).__name__}: {str(error)[:160]}")
        summary = RunSummary(None, "failed", args.dry_run, message_key=key, message_args={"detail": detail})
    code = _report_summary(summary, as_json=args.json)
    if not args.json and sys.stdin.isatty():
        offer_token_save(name)
    return code


def offer_token_save(name: str, ask: Callable[[str], str] = input) -> None:
    """The keyring refused the renewed Fortnox sign-in, which now lives only in this process: ask the user to unlock
    it and try again, before the process (and the sign-in with it) is gone."""
    from fortsync_gui.engine import connect

    while name in connect.unsaved_profiles():
        try:
            answer = ask("Lås upp lösenordshanteraren och tryck Enter för att spara den nya inloggningen i Fortnox "
                         "(skriv q för att låta bli; då behöver du logga in i Fortnox igen): ")
        except EOFError:
            answer = "q"
        if answer.strip().lower() == "q":
            _err("Den nya inloggningen sparades inte. Logga in i Fortnox igen i Fortsync-appen "
                 "(Inställningar → Fortnox), eller ge servern ett Fortnox-tjänstekonto (se README).")
            return
        if connect.retry_token_save(name):
            _err("Den nya inloggningen i Fortnox är sparad. Synka igen.")
            return
        _err("Lösenordshanteraren tog fortfarande inte emot den.")


def _sync(store: Store, name: str, file: SettingsFile | None, args: argparse.Namespace) -> RunSummary:
    from fortsync_gui.cli_output import Progress
    from fortsync_gui.engine import session
    from fortsync_gui.engine.api import CancelToken
    from fortsync_gui.store import profiles

    with store.session() as db:
        if profiles.get_profile(db, name) is None and file is None:
            raise UsageError(f"Profilen {name!r} finns inte. Se vilka som finns med fortsync profiles list, eller "
                             "skapa den med fortsync sync --settings FIL.")
    progress = Progress()
    cancel = CancelToken()

    def recovered(lock: session.Recovered) -> None:
        _err(f"En tidigare körning av profilen (process {lock.pid}) avslutades oväntat; den fortsätter nu.")

    with _cancel_on_signals(cancel, progress.note):
        try:
            return session.run(store, name, dry_run=args.dry_run, allow_removals=args.allow_removals,
                               observer=progress, cancel=cancel, configure=file.apply if file else None,
                               on_recovered=recovered, take_over=args.take_over)
        finally:
            progress.close()


@contextmanager
def _cancel_on_signals(cancel: CancelToken, note: Callable[[str], None]) -> Iterator[None]:
    """Ctrl+C (and SIGTERM, e.g. from systemd) cancel the run between actions; a second Ctrl+C stops at once."""
    from fortsync_gui.cli_output import INTERRUPTED_HINT

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame: object) -> None:
        if cancel.cancelled and signum == signal.SIGINT:
            raise KeyboardInterrupt
        cancel.cancel()
        with suppress(RuntimeError, OSError):  # the stream was busy writing: the hint is not worth a crash
            note(INTERRUPTED_HINT)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _report_summary(summary: RunSummary, *, as_json: bool) -> int:
    from fortsync_gui.cli_output import human_summary, safe

    text = summary_message(summary)
    if as_json:
        print(safe(json.dumps(summary.to_json(), ensure_ascii=False, default=str)), flush=True)
        if text and summary.status != "ok":
            _err(text)
    elif summary.run_id is None:  # nothing ran: only the reason
        _err(text or "Synkroniseringen kunde inte starta.")
    elif summary.status == "ok":
        _out(human_summary(summary))
    else:
        _out(human_summary(summary).removesuffix(text or "").rstrip())
        _err(text or "")
    return exit_status(summary)
