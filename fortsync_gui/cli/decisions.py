"""``fortsync conflicts|matches|deletions list/resolve``: what a run left for a person to decide, without the app
(a server user acts on what a scheduled run found). Decisions go through :mod:`fortsync_gui.engine.decisions`, the
same as the app's tabs; the next run carries them out in Upsales or Fortnox.

    fortsync conflicts list --profile acme [--json]
    fortsync conflicts resolve --profile acme 12 14 --use fortnox [--remember]
    fortsync matches resolve --profile acme 3 --link | --keep-apart
    fortsync deletions resolve --profile acme 7 --delete | --keep
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from typing import Any

from fortsync_gui.cli import EXIT_OK, EXIT_STATUS_HELP, UsageError, _Failed, _local_time, _opened_store, _out
from fortsync_gui.messages import KIND_NAMES

SUBJECTS = ("conflicts", "matches", "deletions")
HELP = {
    "conflicts": "fields changed on both sides: list them, choose the side that wins (--use upsales|fortnox)",
    "matches": "possible duplicates found before an import: link them (--link) or keep them apart (--keep-apart)",
    "deletions": "customers deleted in Fortnox: delete their companies in Upsales too (--delete) or keep (--keep)",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for subject in SUBJECTS:
        p = sub.add_parser(subject, help=HELP[subject], description=HELP[subject].capitalize() + ". The next sync "
                           "carries the decision out.", epilog=EXIT_STATUS_HELP)
        actions = p.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="what waits for a decision, with the ids to resolve")
        resolve = actions.add_parser("resolve", help="decide the given ids")
        resolve.add_argument("ids", nargs="+", type=int, metavar="ID", help="the ids `list` shows")
        for each in (listing, resolve):
            each.add_argument("--profile", metavar="NAME", required=True)
            each.add_argument("--json", action="store_true", help="JSON instead of text")
            each.set_defaults(func=command, subject=subject)
        if subject == "conflicts":
            resolve.add_argument("--use", choices=("upsales", "fortnox"), help="the side whose value wins")
            resolve.add_argument("--remember", action="store_true",
                                 help="this side also wins the field in every later conflict (a field rule)")
        elif subject == "matches":
            choice = resolve.add_mutually_exclusive_group()
            choice.add_argument("--link", action="store_true", help="the same company: link the two")
            choice.add_argument("--keep-apart", action="store_true", help="different companies: create a new one")
        else:
            choice = resolve.add_mutually_exclusive_group()
            choice.add_argument("--delete", action="store_true", help="delete the company in Upsales too")
            choice.add_argument("--keep", action="store_true", help="keep the company (only the link goes)")


def command(args: argparse.Namespace) -> int:
    with _opened_store() as store:
        if args.action == "list":
            rows = _list(store, args.subject, args.profile)
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, default=str), flush=True)
            else:
                _out(_table(args.subject, rows))
            return EXIT_OK
        return _resolve(store, args)


def _profile_id(session: Any, name: str) -> int:
    from fortsync_gui.store import profiles

    found = profiles.get_profile(session, name)
    if found is None:
        raise UsageError(f"Profilen {name!r} finns inte. Se vilka som finns med fortsync profiles list.")
    return found.id


def _list(store: Any, subject: str, profile: str) -> list[dict[str, Any]]:
    from fortsync_gui.store import MatchStatus, conflicts, deletions, matches

    with store.session() as session:
        pid = _profile_id(session, profile)
        if subject == "conflicts":
            return [{"id": c.id, "kind": str(c.kind), "label": c.label, "field": c.field,
                     "upsales": c.upsales_value, "fortnox": c.fortnox_value,
                     "detected_at": c.detected_at.isoformat() if c.detected_at else None}
                    for c in conflicts.open_conflicts(session, pid)]
        if subject == "matches":
            return [{"id": m.id, "upsales_id": m.upsales_id, "upsales": m.upsales_label, "fortnox_id": m.fortnox_id,
                     "fortnox": m.fortnox_label, "basis": str(m.basis), "score": round(m.score, 2)}
                    for m in matches.list_matches(session, pid, MatchStatus.SUGGESTED)]
        return [{"id": d.id, "kind": str(d.kind), "label": d.label, "upsales_id": d.upsales_id,
                 "fortnox_id": d.fortnox_id, "reason": d.reason_key,
                 "detected_at": d.detected_at.isoformat() if d.detected_at else None}
                for d in deletions.list_deletions(session, pid)]


def _table(subject: str, rows: Sequence[Mapping[str, Any]]) -> str:
    if not rows:
        return {"conflicts": "Inga konflikter väntar.", "matches": "Inga möjliga dubbletter väntar.",
                "deletions": "Inga borttagningar väntar."}[subject]
    lines = []
    for r in rows:
        if subject == "conflicts":
            lines.append(f"{r['id']:>6}  {KIND_NAMES.get(r['kind'], r['kind'])} · {r['label'] or ''} · {r['field']}: "
                         f"Upsales {_shown(r['upsales'])} / Fortnox {_shown(r['fortnox'])}")
        elif subject == "matches":
            lines.append(f"{r['id']:>6}  Upsales {r['upsales_id']} {r['upsales'] or ''} ↔ Fortnox {r['fortnox_id']} "
                         f"{r['fortnox'] or ''} ({r['basis']}, {r['score']})")
        else:
            lines.append(f"{r['id']:>6}  {KIND_NAMES.get(r['kind'], r['kind'])} · {r['label'] or ''} (Upsales "
                         f"{r['upsales_id'] or '–'}, Fortnox {r['fortnox_id'] or '–'}), upptäckt "
                         f"{_local_time(r['detected_at'])}")
    hint = {"conflicts": "Välj sida: fortsync conflicts resolve --profile NAMN ID... --use upsales|fortnox",
            "matches": "Avgör: fortsync matches resolve --profile NAMN ID... --link | --keep-apart",
            "deletions": "Avgör: fortsync deletions resolve --profile NAMN ID... --delete | --keep"}[subject]
    return "\n".join([*lines, "", hint])


def _shown(value: Any) -> str:
    return "(tomt)" if value in (None, "") else repr(value) if not isinstance(value, str) else f"”{value}”"


def _resolve(store: Any, args: argparse.Namespace) -> int:
    from fortsync_gui.engine import decisions
    from fortsync_gui.store import Side

    try:
        if args.subject == "conflicts":
            if not args.use:
                raise UsageError("Ange vilken sida som gäller: --use upsales eller --use fortnox.")
            done = decisions.resolve_conflicts(store, args.profile, args.ids, Side(args.use), remember=args.remember)
        elif args.subject == "matches":
            if not (args.link or args.keep_apart):
                raise UsageError("Ange --link (samma företag) eller --keep-apart (olika företag).")
            done = decisions.decide_matches(store, args.profile, args.ids, accept=args.link)
        else:
            if not (args.delete or args.keep):
                raise UsageError("Ange --delete (ta bort företaget i Upsales också) eller --keep (behåll det).")
            done = decisions.decide_deletions(store, args.profile, args.ids, delete=args.delete)
    except decisions.DecisionError as error:
        raise _Failed(error.key, error.args_) from None
    if args.json:
        print(json.dumps({"subject": done.subject, "ids": list(done.ids), "choice": done.choice,
                          "labels": list(done.labels)}, ensure_ascii=False), flush=True)
    else:
        names = ", ".join(label or str(i) for i, label in zip(done.ids, done.labels, strict=False))
        _out(f"Avgjort ({done.choice}): {names}. Nästa synkronisering för över det till Upsales och Fortnox.")
    return EXIT_OK
