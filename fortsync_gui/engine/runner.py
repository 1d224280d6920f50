"""One run of a profile over connected clients: lock, facts, plan, then render (dry run) or execute, audit trail,
summary. Callers go through :func:`fortsync_gui.engine.session.run`, which connects, fills and checks the settings
and turns every error into a summary.

Phases: prepare (the tenant's stages, users and price list; the settings checked; the id fields; full listings and
the mass-deletion guard: nothing has been written when any of it stops the run) -> read the changes of both sides ->
plan (pure) -> apply or render: confirmed deletions, companies, products, documents, deletions. A real run applies
while it reads: the companies once they are read and planned, the rest part by part as it is read and planned.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from datetime import date, datetime

from fortsync_gui.clients.errors import ApiError
from fortsync_gui.clients.redact import redact
from fortsync_gui.store import (
    MatchStatus,
    RunStatus,
    Store,
    locks,
    matches,
    profiles,
    runs,
)
from fortsync_gui.store.models import Run

from . import apply, installation, validate
from .api import CancelToken, MessageKey, NullObserver, Observer, Phase, RunSummary, StopRun
from .connect import Connections
from .context import Context, load_field_ids, stop_reason
from .facts import Facts, Reader
from .facts import now as facts_now
from .plan.model import Op, Plan
from .plan.removals import guard
from .plan.run import RestPlanner, plan_first

log = logging.getLogger(__name__)

SESSIONS_PER_RUN = 2  # store sessions a run holds at once: its own and the one reading while the first part is written
STOPPED_KEYS = {MessageKey.CANCELLED, MessageKey.GUARD_THRESHOLD, MessageKey.GUARD_SIDE_EMPTY}
COUNT_NAMES = {"create": "created", "update": "updated", "link": "linked", "skip": "skipped", "failed": "failed",
               "unlink": "unlinked", "delete": "deleted", "conflict": "skipped", "unchanged": "unchanged"}


def run_sync(store: Store, profile_name: str, conns: Connections, *, dry_run: bool = False,
             observer: Observer | None = None, cancel: CancelToken | None = None,
             allow_removals: bool = False, clock: Callable[[], datetime] | None = None,
             take_over: bool = False) -> RunSummary:
    """``allow_removals``: the user has reviewed what the mass-deletion guard stopped and lets it through once."""
    observer = observer or NullObserver()
    started = time.monotonic()
    with store.held_session() as session:
        profile = profiles.require_profile(session, profile_name)
        runs.mark_interrupted(session)
        owner = locks.new_owner()
        if not locks.acquire(session, profile.id, owner):
            return RunSummary(None, "failed", dry_run, message_key=MessageKey.LOCKED.value)
        run = runs.start_run(session, profile.id, owner=owner, dry_run=dry_run)
        requests_before = conns.requests()
        settings = profile.settings
        ctx = Context(session, profile.id, settings, run.id, conns, observer, cancel or CancelToken(),
                      clock=clock or facts_now)
        status, key, args = RunStatus.OK, None, {}
        plan = Plan()
        try:
            plan = _run(store, ctx, dry_run, allow_removals, profile.created_at.date(),
                        take_over=take_over, installation_id=installation.own_id(session))
            if not dry_run and settings.initial_import_done is False and not _failed(run):
                profiles.mark_initial_import_done(session, profile.id)  # committed as the run finishes
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
            status, key = RunStatus.FAILED, MessageKey.ITEMS_FAILED.value
        spent = {api: n - requests_before.get(api, 0) for api, n in conns.requests().items()}
        locks.release(session, profile.id, owner, commit=False)  # with the run's end: one commit, never one alone
        runs.finish_run(session, run.id, status, message_key=key, message_args=args, requests=spent)
        runs.prune_items(session)  # the audit trail's retention (FORTSYNC_AUDIT_RETENTION_DAYS, two years)
        summary = _summary(ctx, run, plan, time.monotonic() - started)
        summary.send_won_since = (settings.send_won_since or profile.created_at.date()).isoformat()
        return summary


def _run(store: Store, ctx: Context, dry_run: bool, allow_removals: bool, created_on: date, *, take_over: bool,
         installation_id: str) -> Plan:
    ctx.observer.on_phase(Phase.PREPARE)
    validate.check_complete(ctx.settings)
    reader = Reader(ctx.session, ctx.profile_id, ctx.settings, ctx.conns, created_on, tick=ctx.checkpoint,
                    clock=ctx.clock)
    setup = reader.setup()
    validate.check_against(ctx.settings, setup)  # before anything is written, the id fields included
    installation.check(ctx.conns, installation_id, take_over=take_over, write=not dry_run)
    fields = load_field_ids(ctx.conns, create=not dry_run)
    setup = replace(setup, fields=fields)
    ctx.fields, ctx.upsales_price_list = fields, setup.upsales_price_list
    listings = reader.listings()
    guard(listings, ctx.settings.deletion_threshold, allow_removals=allow_removals)  # StopRun: nothing written
    companies = reader.companies(setup, listings)
    deletions_ = reader.deletions(listings)
    plan, overlay = plan_first(setup, listings, deletions_, companies)  # (the customers are dropped as planned)

    def plan_rest(rest: Reader, planned: Callable[[], None]) -> None:
        """Read the rest and plan it as it is read: ``planned`` after each part (the products, each document)."""
        planner = RestPlanner(plan, overlay, setup, deletions_, companies, planned)
        products = rest.products(setup, listings)
        planner.products(products)
        documents = rest.documents(setup, companies.links, [li.upsales_id for li in deletions_.fortnox_gone],
                                   planner=planner)
        planner.finish(Facts(ctx.settings, setup, listings, deletions_, companies, products, documents))

    if dry_run:
        plan_rest(reader, lambda: None)  # the same plan, in the same order
        apply.render(ctx, plan)
        return plan
    executor = apply.Executor(ctx, plan)
    executor.forecast_first()  # the progress forecasts the whole run from the reading of the rest
    with store.held_session() as other, ThreadPoolExecutor(1, thread_name_prefix="fortsync-apply") as pool:
        # Both APIs at once: one thread (the writer) carries out the plan in order while this one reads the rest of
        # the facts (mostly Fortnox) on a session of its own and plans it part by part. The companies are written
        # while products and documents are read, the products while documents are read, and each document's
        # import as soon as it and the imports before it are read and written. Only the writer writes (remotely
        # and to the run's session), one step after another, each persisted before the next: a kill anywhere
        # leaves what a kill between two steps always left. The writer keeps the run lock alive.
        executor.publish()  # the first part
        writing = pool.submit(executor.follow)
        rest = Reader(other, ctx.profile_id, ctx.settings, ctx.conns, created_on, clock=ctx.clock,
                      tick=lambda: _stop_if(ctx, writing), reading=executor)
        try:
            plan_rest(rest, executor.publish)
            executor.publish(complete=True)
        except BaseException:
            executor.stop()  # the writer stops before its next step
            failure = writing.exception()  # waits for it; a writer's error is the news, a halt is not
            if failure is not None and not (isinstance(failure, StopRun) and failure.key is MessageKey.CANCELLED
                                            and executor.halt.is_set() and not ctx.cancel.cancelled):
                raise failure from None
            raise
        writing.result()  # the writer's StopRun or error, if it had one
    executor.finish()
    return plan


def _stop_if(ctx: Context, writing: Future[None]) -> None:
    """Between reads while the plan is being carried out: stop reading when the run is cancelled or the writer
    stopped (its error is raised where the reader joins it)."""
    if ctx.cancel.cancelled or (writing.done() and writing.exception() is not None):
        raise StopRun(MessageKey.CANCELLED)


def _failed(run: Run) -> bool:
    return any(counts.get("failed", 0) for counts in (run.counts or {}).values())


def _summary(ctx: Context, run: Run, plan: Plan, duration: float) -> RunSummary:
    counts: dict[str, dict[str, int]] = {}
    for kind, by_key in (run.counts or {}).items():
        target = counts.setdefault(kind, {"created": 0, "updated": 0, "linked": 0, "skipped": 0, "failed": 0})
        for key, n in by_key.items():
            name = COUNT_NAMES.get(key, key)
            target[name] = target.get(name, 0) + n
    session, profile_id = ctx.session, ctx.profile_id
    open_conflicts, pending, uncertain = runs.waiting(session, profile_id)
    suggested = matches.list_matches(session, profile_id, MatchStatus.SUGGESTED) if ctx.settings.match_existing else []
    suggestions = [{"upsales_id": m.upsales_id, "fortnox_id": m.fortnox_id, "basis": str(m.basis),
                    "upsales_label": m.upsales_label, "fortnox_label": m.fortnox_label} for m in suggested]
    if run.dry_run:  # what the run would leave waiting
        steps = plan.steps
        open_conflicts += sum(1 for s in steps if s.op is Op.CONFLICT) - sum(
            len(s.data.get("closed", ())) for s in steps if s.op is Op.SAVE_STATE)
        pending += sum(1 for s in steps if s.op is Op.COMPANY_UNLINK and s.data["company_exists"])
        suggestions += [{"upsales_id": str(s.upsales_id), "fortnox_id": str(s.fortnox_id), "basis": s.data["basis"],
                         "upsales_label": s.data["upsales_label"], "fortnox_label": s.data["fortnox_label"]}
                        for s in steps if s.op is Op.SUGGEST_MATCH]
    if not ctx.settings.match_existing:
        suggestions = []
    status = {RunStatus.OK: "ok", RunStatus.STOPPED: "stopped"}.get(run.status, "failed")
    return RunSummary(run.id, status, run.dry_run, counts, open_conflicts, pending, len(suggestions),
                      dict(run.requests or {}), round(duration, 3), run.message_key, dict(run.message_args or {}),
                      suggestions=suggestions, uncertain_writes=uncertain)

