"""``fortsync report RUN_ID``: a run's audit trail as a readable table, or as CSV for Excel."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from fortsync_gui.audit_csv import csv_bytes
from fortsync_gui.cli import EXIT_OK, EXIT_STATUS_HELP, UsageError, _err, _local_time, _opened_store, _out
from fortsync_gui.files import private_file
from fortsync_gui.messages import ACTION_NAMES, KIND_NAMES, OUTCOME_NAMES, STATUS_NAMES, item_reason, message

DELIMITERS = {";": ";", ",": ",", "tab": "\t"}
REPORT_HEADERS = {"seq": "Nr", "at": "Tid", "kind": "Typ", "action": "Åtgärd", "outcome": "Utfall",
                  "upsales_id": "Upsales-id", "fortnox_id": "Fortnox-id", "label": "Namn", "error_text": "Orsak"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("report", help="a run's audit trail: a table, or CSV for Excel",
                       description="Without --csv a readable table. With --csv: the columns of the audit trail "
                                   f"({', '.join(('run_id', 'seq', 'at', 'kind', 'action', 'outcome', 'upsales_id'))}"
                                   ", fortnox_id, label, before, after, error_key, error_text), UTF-8 with BOM, "
                                   "';'-separated (Swedish Excel opens it with åäö right), CRLF line ends; times in "
                                   "UTC ISO 8601; before/after as JSON.",
                       epilog=EXIT_STATUS_HELP)
    p.add_argument("run_id", type=int, metavar="RUN_ID")
    form = p.add_mutually_exclusive_group()
    form.add_argument("--csv", action="store_true", help="CSV instead of a table")
    form.add_argument("--json", action="store_true",
                      help="one JSON object: the run (status, counts, requests, message) and its audit trail")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--delimiter", choices=tuple(DELIMITERS), default=";",
                   help="CSV field separator (default ';', for Excel with Swedish settings)")
    p.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    from fortsync_gui.store import runs
    from fortsync_gui.store.models import Profile

    with _opened_store() as store, store.session() as session:
        run = runs.get_run(session, args.run_id)
        if run is None:
            raise UsageError(f"Körning {args.run_id} finns inte. Se körningarnas nummer med fortsync profiles show "
                             "NAMN.")
        rows = runs.run_items_as_rows(session, run.id)
        profile = session.get(Profile, run.profile_id)
        if args.json:
            text = json.dumps(_report_json(run, profile.name if profile else None, rows), ensure_ascii=False,
                              default=str)
            if args.output:
                Path(args.output).write_text(text + "\n", encoding="utf-8")
            else:
                print(text, flush=True)
            return EXIT_OK
        if args.csv:
            data = csv_bytes(rows, DELIMITERS[args.delimiter])
            if args.output:
                try:
                    Path(args.output).write_bytes(data)
                    private_file(Path(args.output))
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
            try:
                Path(args.output).write_text(text + "\n", encoding="utf-8")
                private_file(Path(args.output))
            except OSError as exc:
                raise UsageError(f"Rapporten kunde inte sparas i {args.output} ({exc.strerror}).") from None
        else:
            _out(text)
        return EXIT_OK


def _report_json(run: Any, profile: str | None, rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    args = {**(run.message_args or {}), "run_id": run.id}
    return {
        "run_id": run.id, "profile": profile, "status": str(run.status), "dry_run": run.dry_run,
        "started_at": run.started_at.isoformat() if run.started_at else None,
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "counts": dict(run.counts or {}), "requests": dict(run.requests or {}), "message_key": run.message_key,
        "message": message(run.message_key, args) if run.message_key else None,
        "items": [dict(row) for row in rows],
    }


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
