"""``fortsync profiles``: list, show or remove profiles, with each one's connection health (what the keyring holds,
never the secrets)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from fortsync_gui.cli import EXIT_OK, EXIT_STATUS_HELP, EXIT_STOPPED, UsageError, _err, _local_time, _opened_store, _out
from fortsync_gui.connection_health import REFRESH_TOKEN_DAYS, connection_health
from fortsync_gui.messages import COUNT_NAMES, MODULE_NAMES, STATUS_NAMES

if TYPE_CHECKING:
    from fortsync_gui.secrets import SecretStore
    from fortsync_gui.store import Store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    p.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    from fortsync_gui.secrets import SecretStore
    from fortsync_gui.store import profiles

    action = args.action or "list"
    if action in ("show", "remove") and not args.name:
        raise UsageError(f"Ange profilens namn: fortsync profiles {action} NAMN.")
    if action == "list" and args.name:
        raise UsageError("fortsync profiles list tar inget namn; använd fortsync profiles show NAMN.")
    secrets = SecretStore()
    with _opened_store() as store:
        with store.session() as session:
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
        return _remove_profile(store, args, secrets)


def _remove_profile(store: Store, args: argparse.Namespace, secrets: SecretStore) -> int:
    from fortsync_gui.engine.profiles import remove_profile

    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError("Att ta bort en profil tar bort dess länkar och historik. Bekräfta med --yes.")
        answer = input(f"Ta bort profilen {args.name!r} med länkar, historik och sparade inloggningar? "
                       "Skriv profilens namn för att bekräfta: ")
        if answer.strip() != args.name:
            _err("Inget togs bort.")
            return EXIT_STOPPED
    secrets_removed = remove_profile(store, args.name, secrets)
    keyring_note = "" if secrets_removed else (" Inloggningarna kunde inte tas bort ur nyckelringen (den gick inte "
                                               "att använda); ta bort dem för hand.")
    if args.json:
        print(json.dumps({"removed": args.name, "secrets_removed": secrets_removed}), flush=True)
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
            "send_won_since": settings.send_won_since.isoformat() if settings.send_won_since else None,
            "match_existing": settings.match_existing,
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
    elif health.get("fortnox_refresh_interrupted"):
        fortnox = ("Fortnox: förra förnyelsen av inloggningen avbröts innan den nya sparades – nästa synkronisering "
                   "visar om den gamla fortfarande gäller; annars: Logga in i Fortnox igen")
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
    settings = [
        ("Modul att synka", MODULE_NAMES.get(row["module"], row["module"])),
        ("Uppsamlingsanvändare", s["fallback_user_id"] or "–"),
        ("Vunnen order fas", s["won_stage_id"] or "–"),
        ("Förlorad order fas", s["lost_stage_id"] or "–"),
        ("Offertfas", s["offer_stage_id"] or "–"),
        ("Prislista", s["price_list"] or "–"),
        ("Skicka vunna affärer från", s["send_won_since"] or "–"),
        ("Matcha befintlig data före första importen", "ja" if s["match_existing"] else "nej"),
        ("Borttagningsgräns", s["deletion_threshold"]),
        ("Första importen klar", "ja" if s["initial_import_done"] else "nej"),
        ("Anslutning", _health_text(row["health"])),
    ]
    width = max(len(name) for name, _ in settings) + 1
    lines = [_profile_lines(row).split("\n")[0]]
    lines += [f"  {name + ':':<{width}} {value}" for name, value in settings]
    lines.append("  Senaste körningar:")
    lines += [f"    {_run_text(run)}" for run in row["runs"]] or ["    inga ännu"]
    return "\n".join(lines)
