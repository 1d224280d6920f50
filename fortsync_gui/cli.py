"""The headless entry point ``fortsync``.

    fortsync sandbox [--port N] [--seed demo|large:N] [--json] [--time-scale F]
    fortsync demo [--json]
    fortsync sync --profile NAME | --settings FILE [--dry-run] [--json] [--allow-removals]
    fortsync profiles [list | show NAME | remove NAME [--yes]] [--json]
    fortsync report RUN_ID [--csv] [--output FILE] [--delimiter ;|,|tab]

Exit status: 0 ok, 1 failed, 2 usage error (bad arguments, settings file, unknown profile or run), 3 stopped (the
mass-deletion guard, or cancelled with Ctrl+C / SIGTERM). Credentials are never printed: every text passes the
redactor, and ``--json`` is exactly :meth:`RunSummary.to_json` (DESIGN.md §4).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fortsync_gui.audit_csv import csv_bytes
from fortsync_gui.connection_health import REFRESH_TOKEN_DAYS, connection_health
from fortsync_gui.messages import (
    ACTION_NAMES,
    COUNT_NAMES,
    KIND_NAMES,
    MODULE_NAMES,
    OUTCOME_NAMES,
    STATUS_NAMES,
    item_reason,
    message,
    summary_message,
)

if TYPE_CHECKING:  # the heavy modules load in the commands that need them: `fortsync sandbox` starts fast
    from fortsync_gui.engine.api import CancelToken, RunSummary
    from fortsync_gui.engine.connect import Connections
    from fortsync_gui.secrets import SecretStore
    from fortsync_gui.settings_file import SettingsFile
    from fortsync_gui.store import ProfileSettings, Store

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_STOPPED = 0, 1, 2, 3
EXIT_STATUS_HELP = ("exit status: 0 ok, 1 failed (see the message; `fortsync report RUN_ID` lists what failed), "
                    "2 usage error (arguments, settings file, unknown profile or run), 3 stopped (the mass-deletion "
                    "guard, or cancelled with Ctrl+C/SIGTERM: the run stops between actions and resumes next time)")
ENV_SECRETS = ("FORTSYNC_UPSALES_TOKEN", "FORTSYNC_FORTNOX_ACCESS_TOKEN", "FORTSYNC_FORTNOX_CLIENT_SECRET")


class UsageError(Exception):
    """Bad input from the user (exit 2); the message is a Swedish sentence that says what to fix."""


def _err(text: str) -> None:
    from fortsync_gui.cli_output import safe

    print(safe(text), file=sys.stderr, flush=True)


def _out(text: str) -> None:
    from fortsync_gui.cli_output import safe

    print(safe(text), flush=True)


# --- sandbox ------------------------------------------------------------------------------------------------------


def _cmd_sandbox(args: argparse.Namespace) -> int:
    from fortsync_gui.sandbox import Sandbox  # the sandbox is only loaded by the commands that serve it

    try:
        sandbox = Sandbox(seed=args.seed, time_scale=args.time_scale, port=args.port)
    except ValueError as exc:
        print(f"fortsync sandbox: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"fortsync sandbox: kan inte lyssna på port {args.port}: {exc.strerror}", file=sys.stderr)
        return 2
    info = sandbox.info.to_json()
    # The first stdout line is the JSON object (with --json nothing else goes to stdout).
    print(json.dumps(info, ensure_ascii=False), flush=True)
    if not args.json:
        print(_describe(sandbox), file=sys.stderr, flush=True)

    stop = threading.Event()

    def _stop(*_: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    sandbox.start()
    stop.wait()
    sandbox.stop()
    return 0


def _describe(sandbox: object) -> str:
    from fortsync_gui.sandbox import Sandbox

    assert isinstance(sandbox, Sandbox)
    seed = sandbox.seed
    fx, up = seed.fortnox, seed.upsales
    info = sandbox.info
    return "\n".join([
        f"Fortsync-sandlåda ({seed.name}) på {sandbox.url}",
        f"  Fortnox API:   {info.fortnox_url}/3/   (OAuth: {info.fortnox_auth_url}/oauth-v1/)",
        f"  Upsales API:   {info.upsales_url}",
        f"  Fortnox:  {len(fx.customers)} kunder, {len(fx.articles)} artiklar, {len(fx.price_lists)} prislistor, "
        f"{len(fx.invoices)} fakturor, {len(fx.orders)} ordrar, {len(fx.offers)} offerter",
        f"  Upsales:  {len(up.users)} användare, {len(up.stages)} faser, {len(up.accounts)} företag, "
        f"{len(up.orders)} ordrar/affärsmöjligheter",
        f"  API-kod (giltig 10 min): {info.fortnox_api_kod}   (ny kod: POST {sandbox.url}/_sandbox/fortnox/api-kod)",
        "Stoppa med Ctrl+C.",
    ])


# --- demo ---------------------------------------------------------------------------------------------------------


def _cmd_demo(args: argparse.Namespace) -> int:
    from fortsync_gui.demo import run_demo

    return run_demo(as_json=args.json)


# --- sync ---------------------------------------------------------------------------------------------------------


def _cmd_sync(args: argparse.Namespace) -> int:
    from fortsync_gui import settings_file
    from fortsync_gui.clients.redact import register_secret

    for name in ENV_SECRETS:
        register_secret(os.environ.get(name))
    if not args.profile and not args.settings:
        raise UsageError("Ange vilken profil som ska synkas: --profile NAMN eller --settings FIL.")
    file = None
    if args.settings:
        try:
            file = settings_file.load(args.settings)
        except settings_file.SettingsFileError as exc:
            raise UsageError(str(exc)) from None
    name = args.profile or (file.profile_name if file else "")
    try:
        with _opened_store() as store:
            summary = _sync(store, name, file, args)
    except _Failed as failed:
        from fortsync_gui.engine.api import RunSummary

        summary = RunSummary(None, "failed", args.dry_run, message_key=failed.key, message_args=failed.args_)
    return _report_summary(summary, as_json=args.json)


def _sync(store: Store, name: str, file: SettingsFile | None, args: argparse.Namespace) -> RunSummary:
    from fortsync_gui.cli_output import Progress
    from fortsync_gui.engine.api import CancelToken, MessageKey, RunSummary, StopRun
    from fortsync_gui.engine.connect import connect
    from fortsync_gui.secrets import SecretStore, SecretStoreError
    from fortsync_gui.store import ProfileSettings, profiles

    with store.session() as session:
        profile = profiles.get_profile(session, name)
        if profile is None and file is None:
            raise UsageError(f"Profilen {name!r} finns inte. Se vilka som finns med fortsync profiles list, eller "
                             "skapa den med fortsync sync --settings FIL.")
        current = profile.settings if profile is not None else ProfileSettings()
    settings = file.apply(current) if file is not None else current
    secrets = SecretStore()
    try:
        conns = connect(name, settings, secrets)
    except StopRun as stop:
        return RunSummary(None, "failed", args.dry_run, message_key=stop.key.value, message_args=stop.args_)
    except SecretStoreError as exc:
        return RunSummary(None, "failed", args.dry_run, message_key=exc.message_key, message_args={"detail": str(exc)})
    try:
        if file is not None:
            try:
                settings = _filled(settings, conns)
            except StopRun as stop:
                return RunSummary(None, "failed", args.dry_run, message_key=stop.key.value, message_args=stop.args_,
                                  requests=conns.requests())
            _save_profile(store, name, settings, created=profile is None)
        _release_dead_lock(store, name)
        progress = Progress()
        cancel = CancelToken()
        with _cancel_on_signals(cancel, progress.note):
            from fortsync_gui.engine.runner import run_sync

            try:
                return run_sync(store, name, conns, dry_run=args.dry_run, observer=progress, cancel=cancel,
                                allow_removals=args.allow_removals)
            finally:
                progress.close()
    except KeyboardInterrupt:  # a second Ctrl+C: stop at once
        return RunSummary(None, "stopped", args.dry_run, message_key=MessageKey.CANCELLED.value)
    finally:
        conns.close()


def _filled(settings: ProfileSettings, conns: Connections) -> ProfileSettings:
    """``settings`` with every unset choice filled from the APIs (only asked when one is missing)."""
    from fortsync_gui.clients.errors import ApiError
    from fortsync_gui.clients.redact import redact
    from fortsync_gui.engine.api import MessageKey, StopRun
    from fortsync_gui.engine.context import stop_reason
    from fortsync_gui.engine.defaults import with_defaults
    from fortsync_gui.store import Module

    needed = [settings.won_stage_id, settings.lost_stage_id, settings.fallback_user_id, settings.price_list]
    if settings.module is Module.ORDER_OFFER:
        needed.append(settings.offer_stage_id)
    if all(value not in (None, "") for value in needed):
        return settings
    try:
        return with_defaults(settings, conns)
    except ApiError as error:
        raise stop_reason(error) or StopRun(MessageKey.SERVICE, detail=redact(str(error))) from None


def _save_profile(store: Store, name: str, settings: ProfileSettings, *, created: bool) -> None:
    from fortsync_gui.store import profiles

    with store.session() as session:
        if created:
            try:
                profiles.create_profile(session, name, settings)
            except ValueError as exc:
                raise UsageError(f"Profilnamnet {name!r} går inte att använda ({exc}). Byt namn på filen eller "
                                 "ange --profile NAMN.") from None
        else:
            profiles.update_profile(session, name, settings=settings)


@contextmanager
def _cancel_on_signals(cancel: CancelToken, note: Callable[[str], None]) -> Iterator[None]:
    """Ctrl+C (and SIGTERM, e.g. from systemd) cancel the run between actions; a second Ctrl+C stops at once."""
    from fortsync_gui.cli_output import INTERRUPTED_HINT

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
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


def _release_dead_lock(store: Store, name: str) -> None:
    """A run killed outright (power cut, SIGKILL) leaves the profile's run lock behind, and other runs would wait
    minutes for it to go stale. When its owner was a process on this machine that no longer exists, let it go now.
    (Owners are ``host/pid/uuid``, see :func:`fortsync_gui.store.locks.new_owner`.)"""
    from fortsync_gui.store import locks, profiles

    with store.session() as session:
        profile = profiles.get_profile(session, name)
        lock = locks.holder(session, profile.id) if profile is not None else None
        if profile is None or lock is None:
            return
        host, _, rest = lock.owner.partition("/")
        pid_text = rest.partition("/")[0]
        if host != socket.gethostname()[:60] or not pid_text.isdigit() or int(pid_text) == os.getpid():
            return
        if _pid_alive(int(pid_text)):
            return
        if locks.release(session, profile.id, lock.owner):
            _err(f"En tidigare körning av profilen (process {pid_text}) avslutades oväntat; den fortsätter nu.")


def _pid_alive(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill would terminate the process on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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


def exit_status(summary: RunSummary) -> int:
    return {"ok": EXIT_OK, "stopped": EXIT_STOPPED}.get(summary.status, EXIT_FAILED)


@contextmanager
def _opened_store() -> Iterator[Store]:
    from fortsync_gui.store import open_store
    from fortsync_gui.store.errors import StoreError

    try:
        store = open_store()
    except StoreError as exc:
        raise _Failed(exc.message_key, {"detail": str(exc)}) from None
    except Exception as exc:  # a bad URL, a locked or unwritable file, a server that does not answer
        raise _Failed("store.error", {"detail": f"{type(exc).__name__}: {exc}"}) from None
    try:
        yield store
    finally:
        store.close()


class _Failed(Exception):
    """Fails the command (exit 1) with a message key's sentence."""

    def __init__(self, key: str, args: Mapping[str, Any] | None = None) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = dict(args or {})


# --- profiles -----------------------------------------------------------------------------------------------------


def _cmd_profiles(args: argparse.Namespace) -> int:
    from fortsync_gui.secrets import SecretStore
    from fortsync_gui.store import profiles

    action = args.action or "list"
    if action in ("show", "remove") and not args.name:
        raise UsageError(f"Ange profilens namn: fortsync profiles {action} NAMN.")
    if action == "list" and args.name:
        raise UsageError("fortsync profiles list tar inget namn; använd fortsync profiles show NAMN.")
    secrets = SecretStore()
    with _opened_store() as store, store.session() as session:
        if action == "list":
            rows = [_profile_row(session, p, secrets, runs_limit=1) for p in profiles.list_profiles(session)]
            if args.json:
                print(json.dumps(rows, ensure_ascii=False), flush=True)
            elif not rows:
                _out("Inga profiler ännu. Skapa en i Fortsync-appen eller med fortsync sync --settings FIL.")
            else:
                _out("\n".join(_profile_lines(row) for row in rows))
            return EXIT_OK
        profile = profiles.get_profile(session, args.name)
        if profile is None:
            raise UsageError(f"Profilen {args.name!r} finns inte. Se vilka som finns med fortsync profiles list.")
        if action == "show":
            row = _profile_row(session, profile, secrets, runs_limit=5)
            if args.json:
                print(json.dumps(row, ensure_ascii=False), flush=True)
            else:
                _out(_profile_details(row))
            return EXIT_OK
        return _remove_profile(session, args, secrets)


def _remove_profile(session: Any, args: argparse.Namespace, secrets: SecretStore) -> int:
    from fortsync_gui.secrets import SecretStoreError
    from fortsync_gui.store import profiles

    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError("Att ta bort en profil tar bort dess länkar och historik. Bekräfta med --yes.")
        answer = input(f"Ta bort profilen {args.name!r} med länkar, historik och sparade inloggningar? "
                       "Skriv profilens namn för att bekräfta: ")
        if answer.strip() != args.name:
            _err("Inget togs bort.")
            return EXIT_STOPPED
    profiles.delete_profile(session, args.name)
    keyring_note = ""
    try:
        secrets.delete_profile(args.name)
    except SecretStoreError as exc:
        keyring_note = f" Inloggningarna i nyckelringen kunde inte tas bort ({exc}); ta bort dem för hand."
    if args.json:
        print(json.dumps({"removed": args.name, "secrets_removed": not keyring_note}), flush=True)
    else:
        _out(f"Profilen {args.name!r} är borttagen. Inget ändrades i Upsales eller Fortnox.{keyring_note}")
    return EXIT_OK


def _profile_row(session: Any, profile: Any, secrets: SecretStore, *, runs_limit: int) -> dict[str, Any]:
    from fortsync_gui.store import runs

    settings = profile.settings
    recent = runs.list_runs(session, profile.id, limit=runs_limit)
    return {
        "name": profile.name,
        "display_name": profile.display_name,
        "module": str(settings.module),
        "settings": {
            "fallback_user_id": settings.fallback_user_id, "won_stage_id": settings.won_stage_id,
            "lost_stage_id": settings.lost_stage_id, "offer_stage_id": settings.offer_stage_id,
            "price_list": settings.price_list, "deletion_threshold": settings.deletion_threshold,
            "initial_import_done": settings.initial_import_done,
            "upsales_api_url": settings.upsales_api_url, "fortnox_api_url": settings.fortnox_api_url,
        },
        "last_run": _run_json(recent[0]) if recent else None,
        "runs": [_run_json(run) for run in recent],
        "health": connection_health(secrets, profile.name),
    }


def _run_json(run: Any) -> dict[str, Any]:
    return {
        "run_id": run.id, "status": str(run.status), "dry_run": run.dry_run,
        "started_at": run.started_at.isoformat() if run.started_at else None,
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "counts": dict(run.counts or {}), "requests": dict(run.requests or {}), "message_key": run.message_key,
    }


def _health_text(health: Mapping[str, Any]) -> str:
    if health["status"] == "keyring_unavailable":
        return "nyckelringen kan inte läsas"
    upsales = "Upsales-nyckel finns" if health["upsales_token"] else "Upsales-nyckel saknas"
    age = health.get("fortnox_refresh_age_days")
    if not health["fortnox_tokens"]:
        fortnox = "Fortnox: inte inloggad"
    elif health["status"] == "expired":
        fortnox = f"Fortnox: inloggningen har gått ut ({age:.0f} dagar) – logga in igen"
    elif health["status"] == "expiring":
        fortnox = f"Fortnox: inloggningen går snart ut ({age:.0f} av {REFRESH_TOKEN_DAYS} dagar) – synka eller " \
                  "logga in igen"
    else:
        fortnox = "Fortnox: inloggad" + (f" (förnyad för {age:.0f} dagar sedan)" if age is not None else "")
    text = f"{upsales} · {fortnox}"
    if health.get("env_overrides"):
        text += f" · miljövariabler används: {', '.join(health['env_overrides'])}"
    return text


def _run_text(run: Mapping[str, Any]) -> str:

    when = _local_time(run["started_at"])
    totals: dict[str, int] = {}
    for counts in run["counts"].values():
        for key, n in counts.items():
            name = {"create": "created", "update": "updated", "link": "linked", "skip": "skipped",
                    "unlink": "unlinked", "delete": "deleted"}.get(key, key)
            totals[name] = totals.get(name, 0) + n
    parts = [f"{n} {COUNT_NAMES.get(k, k)}" for k, n in totals.items() if n and k != "unchanged"]
    kind = " (provkörning)" if run["dry_run"] else ""
    return (f"{when} {STATUS_NAMES.get(run['status'], run['status'])}{kind}, körning {run['run_id']}"
            + (f": {', '.join(parts)}" if parts else ""))


def _local_time(iso: str | None) -> str:
    if not iso:
        return "?"
    return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")


def _profile_lines(row: Mapping[str, Any]) -> str:
    last = _run_text(row["last_run"]) if row["last_run"] else "aldrig synkad"
    title = row["name"] + (f" ({row['display_name']})" if row["display_name"] != row["name"] else "")
    return "\n".join([
        title,
        f"  Modul:          {MODULE_NAMES.get(row['module'], row['module'])}",
        f"  Senaste körning: {last}",
        f"  Anslutning:     {_health_text(row['health'])}",
    ])


def _profile_details(row: Mapping[str, Any]) -> str:
    s = row["settings"]
    lines = [
        _profile_lines(row).split("\n")[0],
        f"  Modul att synka:      {MODULE_NAMES.get(row['module'], row['module'])}",
        f"  Uppsamlingsanvändare: {s['fallback_user_id'] or '–'}",
        f"  Vunnen order fas:     {s['won_stage_id'] or '–'}",
        f"  Förlorad order fas:   {s['lost_stage_id'] or '–'}",
        f"  Offertfas:            {s['offer_stage_id'] or '–'}",
        f"  Prislista:            {s['price_list'] or '–'}",
        f"  Borttagningsgräns:    {s['deletion_threshold']}",
        f"  Första importen klar: {'ja' if s['initial_import_done'] else 'nej'}",
        f"  Anslutning:           {_health_text(row['health'])}",
        "  Senaste körningar:",
    ]
    lines += [f"    {_run_text(run)}" for run in row["runs"]] or ["    inga ännu"]
    return "\n".join(lines)


# --- report -------------------------------------------------------------------------------------------------------

DELIMITERS = {";": ";", ",": ",", "tab": "\t"}
REPORT_HEADERS = {"seq": "Nr", "at": "Tid", "kind": "Typ", "action": "Åtgärd", "outcome": "Utfall",
                  "upsales_id": "Upsales-id", "fortnox_id": "Fortnox-id", "label": "Namn", "error_text": "Orsak"}


def _cmd_report(args: argparse.Namespace) -> int:
    from fortsync_gui.store import runs
    from fortsync_gui.store.models import Profile

    with _opened_store() as store, store.session() as session:
        run = runs.get_run(session, args.run_id)
        if run is None:
            raise UsageError(f"Körning {args.run_id} finns inte. Se körningarnas nummer med fortsync profiles show "
                             "NAMN.")
        rows = runs.run_items_as_rows(session, run.id)
        profile = session.get(Profile, run.profile_id)
        if args.csv:
            data = csv_bytes(rows, DELIMITERS[args.delimiter])
            if args.output:
                try:
                    Path(args.output).write_bytes(data)
                except OSError as exc:
                    raise UsageError(f"Rapporten kunde inte sparas i {args.output} ({exc.strerror}).") from None
                _err(f"Rapporten för körning {run.id} ({len(rows)} rader) är sparad i {args.output}.")
            else:
                sys.stdout.flush()
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
            return EXIT_OK
        text = _report_table(run, profile.name if profile else "?", rows)
        if args.output:
            Path(args.output).write_text(text + "\n", encoding="utf-8")
        else:
            _out(text)
        return EXIT_OK


def _report_table(run: Any, profile: str, rows: Sequence[Mapping[str, Any]]) -> str:

    started = _local_time(run.started_at.isoformat() if run.started_at else None)
    head = [f"Körning {run.id} · profil {profile} · {STATUS_NAMES.get(str(run.status), str(run.status))}"
            f"{' (provkörning)' if run.dry_run else ''} · startad {started} · {len(rows)} rader"]
    if run.message_key:
        head.append(message(run.message_key, {**(run.message_args or {}), "run_id": run.id}) or "")
    table = [[REPORT_HEADERS[c] for c in REPORT_HEADERS]]
    for row in rows:
        cells = dict(row)
        cells["at"] = _local_time(row.get("at"))[11:] if row.get("at") else ""
        cells["kind"] = KIND_NAMES.get(str(row.get("kind")), row.get("kind"))
        cells["action"] = ACTION_NAMES.get(str(row.get("action")), row.get("action"))
        cells["outcome"] = OUTCOME_NAMES.get(str(row.get("outcome")), row.get("outcome"))
        cells["error_text"] = item_reason(row.get("error_key"), row.get("error_text"))
        table.append([_shorten(cells.get(c)) for c in REPORT_HEADERS])
    widths = [max(len(r[i]) for r in table) for i in range(len(REPORT_HEADERS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if len(table) == 1:
        lines.append("(inga åtgärder)")
    return "\n".join([*head, "", *lines])


def _shorten(value: Any, width: int = 40) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


# --- the parser ---------------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fortsync", description="Fortsync: Upsales ↔ Fortnox, headless.",
                                     epilog=EXIT_STATUS_HELP)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("sandbox", help="run the local Fortnox and Upsales simulators until stopped")
    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free port)")
    p.add_argument("--seed", default="demo", help="demo (default) or large:N")
    p.add_argument("--json", action="store_true", help="print only the JSON line on stdout")
    p.add_argument("--time-scale", type=float, default=1.0, help="rate-limit windows × this factor (tests)")
    p.set_defaults(func=_cmd_sandbox)

    p = sub.add_parser("demo", help="run a complete demo sync against an in-process sandbox",
                       description="Starts the simulators in this process (rate limits at 0.2 × time: 5 times "
                                   "faster than the real services allow), a throw-away profile and database, then "
                                   "a dry run, a sync, and a second sync that must have nothing to do.",
                       epilog="exit status: 0 when all three runs went well and the second wrote nothing, else 1")
    p.add_argument("--json", action="store_true",
                   help='print one JSON object {"dry_run": ..., "first": ..., "second": ...} instead of a report')
    p.set_defaults(func=_cmd_demo)

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
    p.add_argument("--settings", metavar="FILE", help="TOML settings file (see --help above)")
    p.add_argument("--dry-run", action="store_true", help="plan only: write nothing, print what would be done")
    p.add_argument("--json", action="store_true", help="print one JSON object (the run summary) on stdout")
    p.add_argument("--allow-removals", action="store_true",
                   help="let this run through the mass-deletion guard after you reviewed what it stopped")
    p.set_defaults(func=_cmd_sync)

    p = sub.add_parser("profiles", help="list, show or remove profiles",
                       description="list: every profile with its module, last run and connection health (what the "
                                   "keyring holds; never the secrets). show NAME: settings and recent runs. remove "
                                   "NAME: deletes the profile, its links and history, and its keyring entries "
                                   "(nothing in Upsales or Fortnox); asks for the name, or needs --yes.",
                       epilog=EXIT_STATUS_HELP)
    p.add_argument("action", nargs="?", choices=("list", "show", "remove"), default="list")
    p.add_argument("name", nargs="?", help="the profile (show, remove)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--yes", action="store_true", help="remove without asking")
    p.set_defaults(func=_cmd_profiles)

    p = sub.add_parser("report", help="a run's audit trail: a table, or CSV for Excel",
                       description="Without --csv a readable table. With --csv: the columns of the audit trail "
                                   f"({', '.join(('run_id', 'seq', 'at', 'kind', 'action', 'outcome', 'upsales_id'))}"
                                   ", fortnox_id, label, before, after, error_key, error_text), UTF-8 with BOM, "
                                   "';'-separated (Swedish Excel opens it with åäö right), CRLF line ends; times in "
                                   "UTC ISO 8601; before/after as JSON.",
                       epilog=EXIT_STATUS_HELP)
    p.add_argument("run_id", type=int, metavar="RUN_ID")
    p.add_argument("--csv", action="store_true", help="CSV instead of a table")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--delimiter", choices=tuple(DELIMITERS), default=";",
                   help="CSV field separator (default ';', for Excel with Swedish settings)")
    p.set_defaults(func=_cmd_report)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except UsageError as exc:
        _err(f"fortsync {args.command}: {exc}")
        return EXIT_USAGE
    except _Failed as exc:
        _err(message(exc.key, exc.args_) or exc.key)
        return EXIT_FAILED
    except KeyboardInterrupt:
        _err("Avbrutet.")
        return 130


if __name__ == "__main__":
    sys.exit(main())
