"""``fortsync sync --all [--jobs N] [--processes P]``: every profile in the store, N at a time, against one database.

Each profile's run is the same :func:`fortsync_gui.engine.session.run` as ``fortsync sync --profile NAME``, in a
thread of its own with its own clients, so each is bounded by its own credentials' rate limits (Fortnox counts per
client id + tenant, Upsales per API key) and not by the others'; most of a run is waiting for those limits, so one
process drives many. Many at once are spread over processes, one per ten profiles up to the cores (on Linux:
:mod:`fortsync_gui.cli.spread`): their bursts, which start together, need more than one interpreter. The per-profile
run lock in the database keeps two processes (or machines sharing a PostgreSQL) from running one profile at once:
the second is told the profile is locked and goes on with the others.

Credentials come from the keyring per profile. The environment's per-company overrides (an Upsales key, a Fortnox
access token or tenant id) would give every profile the same company's credentials, so with more than one profile
they are refused; the Fortnox app registration (``FORTSYNC_FORTNOX_CLIENT_ID``/``_CLIENT_SECRET``) is one for all,
with each profile's own tenant id (a service account per company).

Past one machine, run one job per profile on the scheduler you have (systemd timers, Kubernetes CronJobs; README).
"""

from __future__ import annotations

import argparse
import json
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from fortsync_gui.cli import UsageError, _err, _Failed, _opened_store, exit_status

if TYPE_CHECKING:
    from fortsync_gui.engine.api import CancelToken, RunSummary
    from fortsync_gui.secrets import SecretStore
    from fortsync_gui.store import Store

# One company's credentials: wrong for every other profile of a --all run.
PER_COMPANY_ENV = ("FORTSYNC_UPSALES_TOKEN", "FORTSYNC_FORTNOX_ACCESS_TOKEN", "FORTSYNC_FORTNOX_TENANT_ID")


def sync_all(store: Store, names: Sequence[str], jobs: int, *, dry_run: bool = False,
             secrets: SecretStore | None = None, env: Mapping[str, str] | None = None,
             cancel: CancelToken | None = None, allow_removals: bool = False, take_over: bool = False,
             on_done: Callable[[str, RunSummary], None] | None = None) -> list[tuple[str, RunSummary]]:
    """Sync ``names``, at most ``jobs`` at a time; the summaries in the order of ``names``. ``on_done`` is called
    (from the run's thread) as each finishes; ``cancel`` stops them all between actions."""
    from fortsync_gui.engine import session
    from fortsync_gui.engine.api import CancelToken

    if jobs < 1:
        raise ValueError("jobs must be at least 1")
    cancel = cancel or CancelToken()
    told = threading.Lock()

    def one(name: str) -> RunSummary:
        summary = session.run(store, name, dry_run=dry_run, secrets=secrets, env=env, cancel=cancel,
                              allow_removals=allow_removals, take_over=take_over)
        if on_done is not None:
            with told:
                on_done(name, summary)
        return summary

    with ThreadPoolExecutor(max_workers=min(jobs, max(1, len(names))), thread_name_prefix="fortsync-sync") as pool:
        summaries = list(pool.map(one, names))
    return list(zip(names, summaries, strict=True))


def overall_status(summaries: Sequence[RunSummary]) -> str:
    """failed if any failed, else stopped if any stopped, else ok."""
    statuses = {s.status for s in summaries}
    return "failed" if "failed" in statuses else "stopped" if "stopped" in statuses else "ok"


def command_all(args: argparse.Namespace) -> int:
    """``fortsync sync --all``: the hook :mod:`fortsync_gui.cli.sync` calls."""
    from fortsync_gui.cli.spread import processes_for, spread
    from fortsync_gui.cli.sync import _cancel_on_signals
    from fortsync_gui.cli_output import human_summary
    from fortsync_gui.engine.api import CancelToken, RunSummary
    from fortsync_gui.engine.runner import SESSIONS_PER_RUN
    from fortsync_gui.messages import MessageKey
    from fortsync_gui.store import profiles

    if args.profile or args.settings:
        raise UsageError("--all synkar alla profiler: ange inte --profile eller --settings samtidigt.")
    jobs = args.jobs or 1
    if jobs < 1:
        raise UsageError("--jobs måste vara minst 1.")
    if args.processes is not None and args.processes < 1:
        raise UsageError("--processes måste vara minst 1.")
    try:
        with _opened_store(connections=SESSIONS_PER_RUN * jobs + 1) as store:
            with store.session() as db:
                names = [p.name for p in profiles.list_profiles(db) if not p.settings.draft]  # drafts never sync
            if not names:
                raise UsageError("Det finns inga profiler att synka. Skapa en med fortsync sync --settings FIL.")
            shared = [name for name in PER_COMPANY_ENV if os.environ.get(name, "").strip()]
            if shared and len(names) > 1:
                raise UsageError(f"{', '.join(shared)} gäller ett enda företag; med --all hämtas varje profils "
                                 "nycklar från nyckelringen. Ta bort variablerna eller synka en profil i taget.")
            cancel = CancelToken()

            def done(name: str, summary: RunSummary) -> None:
                if not args.json:
                    _err(f"{name}: " + human_summary(summary).splitlines()[0])

            def group(part: list[str], share: int,
                      report: Callable[[str, RunSummary], None] | None) -> list[tuple[str, RunSummary]]:
                def finished(name: str, summary: RunSummary) -> None:
                    done(name, summary)
                    if report is not None:  # a child process: the summary goes to the parent at once
                        report(name, summary)

                return sync_all(store, part, share, dry_run=args.dry_run, cancel=cancel, on_done=finished,
                                allow_removals=args.allow_removals, take_over=args.take_over)

            def lost(name: str) -> RunSummary:
                return RunSummary(None, "failed", args.dry_run, message_key=MessageKey.INTERRUPTED)

            processes = processes_for(min(jobs, len(names)), args.processes)
            with _cancel_on_signals(cancel, _err):  # before the fork: the children stop on the same signals
                results = spread(names, jobs, processes, group, in_child=lambda: store.engine.dispose(close=False),
                                 lost=lost)
    except _Failed as failed:
        results = [("", RunSummary(None, "failed", args.dry_run, message_key=failed.key, message_args=failed.args_))]
        processes = 1
    summaries = [summary for _, summary in results]
    status = overall_status(summaries)
    if args.json:
        from fortsync_gui.cli_output import safe

        print(safe(json.dumps({"status": status, "processes": processes,
                               "profiles": [{"profile": name, **summary.to_json()} for name, summary in results]},
                              ensure_ascii=False, default=str)), flush=True)
    else:
        for name, summary in results:
            print(f"== {name}\n{human_summary(summary)}", flush=True)
        ok = sum(1 for s in summaries if s.status == "ok")
        print(f"Klart: {ok} av {len(results)} profiler synkades utan fel.", flush=True)
    worst = next((s for s in summaries if s.status == status), summaries[0])
    return exit_status(worst)
