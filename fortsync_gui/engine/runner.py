"""One sync run of a profile: lock, phases in order, audit trail, summary.

    summary = run_sync(store, "acme", connections, dry_run=False, observer=observer, cancel=token)

Phases: prepare (custom fields, users, full listings, the mass-deletion guard: nothing has been written when it
stops the run) -> duplicate matching (first import) -> companies -> products -> documents -> deletions.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace

from fortsync_gui.clients.errors import ApiError
from fortsync_gui.clients.redact import redact
from fortsync_gui.store import MatchStatus, RunStatus, Store, conflicts, deletions, locks, matches, profiles, runs
from fortsync_gui.store.models import Run

from . import companies, documents, guard, products
from .api import CancelToken, MessageKey, NullObserver, Observer, Phase, RunSummary, StopRun
from .connect import Connections
from .context import Context, load_field_ids, stop_reason

log = logging.getLogger(__name__)

STOPPED_KEYS = {MessageKey.CANCELLED, MessageKey.GUARD_THRESHOLD, MessageKey.GUARD_SIDE_EMPTY}
COUNT_NAMES = {"create": "created", "update": "updated", "link": "linked", "skip": "skipped", "failed": "failed",
               "unlink": "unlinked", "delete": "deleted", "conflict": "skipped", "unchanged": "unchanged"}


def run_sync(store: Store, profile_name: str, conns: Connections, *, dry_run: bool = False,
             observer: Observer | None = None, cancel: CancelToken | None = None,
             allow_removals: bool = False) -> RunSummary:
    """``allow_removals``: the user has reviewed what the mass-deletion guard stopped and lets it through once."""
    observer = observer or NullObserver()
    started = time.monotonic()
    with store.session() as session:
        profile = profiles.require_profile(session, profile_name)
        runs.mark_interrupted(session)
        owner = locks.new_owner()
        if not locks.acquire(session, profile.id, owner):
            return RunSummary(None, "failed", dry_run, message_key=MessageKey.LOCKED.value)
        run = runs.start_run(session, profile.id, owner=owner, dry_run=dry_run)
        requests_before = conns.requests()
        ctx = Context(session, profile.id, profile.settings, run.id, conns, observer, cancel or CancelToken(),
                      dry_run)
        status, key, args = RunStatus.OK, None, {}
        try:
            _phases(ctx, allow_removals)
            if not dry_run and ctx.first_import and not _failed(run):
                profiles.update_profile(session, profile_name,
                                        settings=replace(profile.settings, initial_import_done=True))
        except StopRun as stop:
            session.rollback()
            status = RunStatus.STOPPED if stop.key in STOPPED_KEYS else RunStatus.FAILED
            key, args = stop.key.value, stop.args_
        except ApiError as error:
            session.rollback()
            stop = stop_reason(error) or StopRun(MessageKey.SERVICE, detail=redact(str(error)))
            status, key, args = RunStatus.FAILED, stop.key.value, stop.args_
        except Exception as error:  # a bug: the run is recorded as failed, the lock released, the caller told
            session.rollback()
            log.exception("sync run %s failed", run.id)
            status, key, args = RunStatus.FAILED, MessageKey.SERVICE.value, {"detail": redact(repr(error))}
        finally:
            observer.on_phase(Phase.FINISH)
        session.refresh(run)
        if status is RunStatus.OK and _failed(run):
            status, key = RunStatus.FAILED, "run.items_failed"
        spent = {api: n - requests_before.get(api, 0) for api, n in conns.requests().items()}
        runs.finish_run(session, run.id, status, message_key=key, message_args=args, requests=spent)
        locks.release(session, profile.id, owner)
        return _summary(run, ctx, time.monotonic() - started)


def _phases(ctx: Context, allow_removals: bool) -> None:
    _check_settings(ctx)
    ctx.observer.on_phase(Phase.PREPARE)
    ctx.fields = load_field_ids(ctx.conns, create=not ctx.dry_run)
    ctx.users = ctx.conns.upsales.list_users()
    price_lists = products.price_lists(ctx)  # raises StopRun before anything was written
    listings = guard.read_listings(ctx)
    guard.check(ctx, listings, allow_removals=allow_removals)  # raises StopRun before anything was written
    guard.execute_confirmed(ctx)  # deletions the user confirmed while no run could execute them
    companies.sync(ctx)
    products.sync(ctx, listings, price_lists)
    documents.sync(ctx)
    ctx.observer.on_phase(Phase.DELETIONS)
    guard.apply_removals(ctx, listings)


def _check_settings(ctx: Context) -> None:
    s = ctx.settings
    missing = [name for name in ("won_stage_id", "lost_stage_id", "fallback_user_id", "price_list")
               if getattr(s, name) in (None, "")]
    if s.module == "order_offer" and s.offer_stage_id is None:
        missing.append("offer_stage_id")
    if missing:
        raise StopRun(MessageKey.SETTINGS_INCOMPLETE, missing=missing)


def _failed(run: Run) -> bool:
    return any(counts.get("failed", 0) for counts in (run.counts or {}).values())


def _summary(run: Run, ctx: Context, duration: float) -> RunSummary:
    counts: dict[str, dict[str, int]] = {}
    for kind, by_key in (run.counts or {}).items():
        target = counts.setdefault(kind, {"created": 0, "updated": 0, "linked": 0, "skipped": 0, "failed": 0})
        for key, n in by_key.items():
            name = COUNT_NAMES.get(key, key)
            target[name] = target.get(name, 0) + n
    pending = len(deletions.list_deletions(ctx.session, ctx.profile_id))
    suggested = len(matches.list_matches(ctx.session, ctx.profile_id, MatchStatus.SUGGESTED))
    open_conflicts = ctx.conflicts_found if run.dry_run else len(conflicts.open_conflicts(ctx.session, ctx.profile_id))
    status = {RunStatus.OK: "ok", RunStatus.STOPPED: "stopped"}.get(run.status, "failed")
    return RunSummary(run.id, status, run.dry_run, counts, open_conflicts, pending, suggested,
                      dict(run.requests or {}), round(duration, 3), run.message_key, dict(run.message_args or {}))

