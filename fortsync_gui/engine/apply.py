"""Carrying out a plan: every step's remote write, followed at once by persisting its result (the link and its sync
state, a stamp written back, a write intent cleared), then its audit line. A dry run does not come here: it renders
the same plan (:func:`render`).

Crash safety: a create is preceded by a committed write intent and followed at once by its link row, so a run that
dies in between leaves an intent, and the next run's facts look the record up by its stamp before anything is
created again. A create whose answer was lost (``UncertainWrite``) is looked up by its stamp right away.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import islice, repeat
from typing import Any

from fortsync_gui.clients import upsales_wire
from fortsync_gui.clients.errors import ApiError, NotFound, UncertainWrite
from fortsync_gui.clients.redact import redact
from fortsync_gui.domain.fortnox import Document
from fortsync_gui.domain.upsales import Order
from fortsync_gui.messages import ReasonKey
from fortsync_gui.store import Action, EntityKind, Outcome, Side, conflicts, cursors, deletions, intents, links, matches
from fortsync_gui.store.errors import LinkConflict

from . import company_map as cmap
from . import document_map as dmap
from .api import MessageKey, Phase, StopRun, Weight
from .context import HEARTBEAT_EVERY_S, Context, custom_value, stop_reason
from .facts import CURSOR_OVERLAP, CUSTOMER_ID, LISTED_AT
from .plan.documents_rules import CUSTOMER_FAILED, DEAL_MISSING, ORDER
from .plan.model import CARRIED_OUT, Op, Plan, Ref, Step
from .plan.product_rules import FIELDS as PRODUCT_FIELDS
from .progress import NO_LOAD, Forecast, Load, plan_weights
from .state import save_values

DEPENDENCY_FAILED = ReasonKey.DEPENDENCY_FAILED
LINK_CONFLICT = ReasonKey.LINK_CONFLICT
CREATES_UPSALES = {Op.COMPANY_IMPORT, Op.PRODUCT_CREATE, Op.DEAL_CREATE}
CREATES_FORTNOX = {Op.COMPANY_EXPORT, Op.DOCUMENT_CREATE}
# The creates that are preceded by a write intent, and where they create. Their intents are committed several at a
# time, ahead of the writes (one commit instead of one per create; an intent committed for a create that is then
# not sent costs the next run a lookup at most, and one this run does not use is taken back).
INTENT_TARGET = {Op.COMPANY_IMPORT: Side.UPSALES, Op.COMPANY_EXPORT: Side.FORTNOX, Op.PRODUCT_CREATE: Side.UPSALES,
                 Op.DEAL_CREATE: Side.UPSALES, Op.DOCUMENT_CREATE: Side.FORTNOX}
INTENTS_AHEAD = 50  # a batch's synced commit is most of its cost: 50 took a sixth off the store's work per record
# Steps of the rest (after the first part) planned and not carried out yet, beyond which the reader waits for the
# writer: a planned step holds what it writes (about 1 kB), and where reading outpaces writing the plan would
# otherwise hold the whole rest (150 000 documents). Where reading is the slower side, as at the services' real rates
# (Fortnox 5 reads a second, Upsales 20 writes), the rest that piles up while the companies are written is what the
# reader reads meanwhile (a first import of 100 000: 25 000 products and about 25 000 documents); the bound leaves
# that alone, so the reader does not wait there.
REST_AHEAD = 50_000
PHASES = {"company": Phase.COMPANIES, "product": Phase.PRODUCTS, "send": Phase.DOCUMENTS,
          "removals": Phase.DELETIONS}


def phase_of(step: Step) -> Phase | None:
    if step.op is Op.SUGGEST_MATCH:
        return Phase.MATCHING
    if step.group.startswith("import:"):
        return Phase.DOCUMENTS
    return PHASES.get(step.group)


@dataclass
class _Done:
    created: Any = None  # the id the step created (a Ref to this step resolves to it)
    action: Action | None = None  # what was really done, when it differs from the plan (a link found instead)


class Created:
    """The id each step created, by the step's index (what a later step's Ref resolves to). A first import creates
    185 000 records: as dict entries their ids cost about 95 B each, here an Upsales id (a number) costs 4 B in an
    array by step index (0: nothing created); other ids (Fortnox numbers, text) are kept in a dict."""

    __slots__ = ("_numbers", "_others")

    def __init__(self) -> None:
        self._numbers = array("I")
        self._others: dict[int, Any] = {}

    def __setitem__(self, index: int, created: Any) -> None:
        if type(created) is int and 0 < created < 2 ** 32:
            if index >= len(self._numbers):
                self._numbers.extend(repeat(0, index + 1 - len(self._numbers)))
            self._numbers[index] = created
        else:
            self._others[index] = created

    def get(self, index: int) -> Any:
        if index < len(self._numbers) and (created := self._numbers[index]):
            return created
        return self._others.get(index)


class SkipStep(Exception):
    """The step cannot be carried out for a reason the plan could not see (e.g. the deal was deleted meanwhile)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def render(ctx: Context, plan: Plan) -> None:
    """A dry run: each step recorded as planned (skips and conflicts as skipped), nothing executed."""
    shown = plan.visible()
    current: Phase | None = None
    for done, step in enumerate(shown, start=1):
        ctx.checkpoint()
        current = _enter(ctx, step, current)
        ctx.observer.on_progress(done, len(shown))
        outcome = Outcome.SKIPPED if step.action in (Action.SKIP, Action.CONFLICT) else Outcome.PLANNED
        if step.op is Op.CONFLICT:
            ctx.conflict_event(None, step)
        ctx.record_step(step, outcome, _shown_id(step.upsales_id), _shown_id(step.fortnox_id))
    _count_unchanged(ctx, plan)


def _shown_id(value: Any) -> Any:
    return None if isinstance(value, Ref) else value


def _enter(ctx: Context, step: Step, current: Phase | None) -> Phase | None:
    phase = phase_of(step)
    if phase is not None and phase is not current:
        ctx.observer.on_phase(phase)
        return phase
    return current


def _count_unchanged(ctx: Context, plan: Plan) -> None:
    for kind, n in plan.unchanged.items():
        ctx.count_unchanged(kind, n)


class Executor:
    """A real run: the steps in order. An API error on one record fails that step (and the steps that need it);
    errors that concern every record (sign-in, licence, network) stop the run."""

    def __init__(self, ctx: Context, plan: Plan) -> None:
        self.ctx, self.plan = ctx, plan
        self.results = Created()
        self.failed: set[int] = set()
        self.failed_groups: set[str] = set()
        self._phase: Phase | None = None
        self.halt = threading.Event()  # set by the run when reading the rest failed: stop before the next step
        # What the planner has published so far (:meth:`publish`, :meth:`follow`), under ``_published``.
        self._published = threading.Condition()
        self._planned = 0  # steps that may be carried out
        self._complete = False  # the plan has every step
        self._first: int | None = None  # steps in the first part (the first publish)
        self._next = 0  # the step the writer is at (set by the writer only)
        self._writing = False  # the writer follows the plan (from the first publish until :meth:`follow` ends)
        self._held = False  # the reader waits for the writer to catch up (:data:`REST_AHEAD`)
        # Progress, under ``_progress``: it comes from the writer and the reader of the rest alike.
        self._progress = threading.Lock()
        # each planned step's progress weight, counted once (plans grow); 8 B each, where a list of floats costs
        # 32 B a step (a first import plans 300 000)
        self._weights = array("d")
        self._visible = 0  # visible steps among them
        self._shown = 0  # visible steps carried out so far
        self._done_weight = 0.0  # the expected seconds of the run behind it (progress.step_weight, Forecast)
        self._written = 0.0  # the expected seconds of the steps carried out
        self._total_weight = 0.0
        self._whole = True  # the weights are the whole plan's (else the forecast's, or the plan's so far)
        self.forecast: Forecast | None = None  # while the plan is being read and planned
        self._ahead: set[tuple[EntityKind, str]] = set()  # write intents committed ahead of their creates, unused yet

    def run(self) -> None:
        self.run_steps(0, len(self.plan.steps))
        self.finish()

    def forecast_first(self) -> None:
        """The plan is carried out while the rest is read and planned (:meth:`follow`): until it is complete the
        progress weights are a :class:`~fortsync_gui.engine.progress.Forecast` of the whole run, which the reader
        of the rest feeds (this executor is its :class:`~fortsync_gui.engine.progress.Reading`)."""
        with self._progress:
            self.forecast, self._whole = Forecast(), False

    def run_steps(self, start: int, stop: int, complete: bool = True) -> None:
        """Steps ``start`` to ``stop`` (a run may carry out the plan while the rest is planned: ``complete`` False;
        the progress weights are then the forecast of :meth:`forecast_first`, or without one the plan's so far).
        Once the whole plan is known the weight done so far carries over."""
        ctx = self.ctx
        with self._progress:
            self._count(stop)
            if complete and self.forecast is not None:  # the rest is planned: its weights replace the forecast
                self._done_weight, self._written = self.forecast.overlap_done(), self.forecast.first_done.seconds
                self._total_weight = self._done_weight + sum(self._weights[start:])
                self.forecast = None
            self._whole = complete
        try:
            for index in range(start, stop):  # not a slice of the plan: it would hold every step to its end
                step = self.plan.steps[index]
                if self.halt.is_set():
                    raise StopRun(MessageKey.CANCELLED)
                ctx.checkpoint()
                self._phase = _enter(ctx, step, self._phase)
                if step.visible:
                    with self._progress:
                        self._shown += 1
                        self._report()
                self._intents_ahead(step.index, stop)
                self._step(step)
                self._take_back(step)
                self._progressed(step)
                self.plan.steps[index] = CARRIED_OUT
                self._next = step.index + 1
                if self._held and self._ahead_of_writer() <= REST_AHEAD // 2:
                    with self._published:
                        self._published.notify_all()
        finally:
            if self._ahead:
                self._take_back_all()
        if not complete and stop > start:
            with self._progress:
                self._report()  # this part is written: when, tells the writes' pace (the reading goes on)

    def _progressed(self, step: Step) -> None:
        with self._progress:
            if self.forecast is not None:
                self.forecast.step_done(step)
            else:
                self._done_weight += self._weights[step.index]
                self._written += self._weights[step.index]

    # --- write intents, several at a time ------------------------------------------------------------------------

    def _intents_ahead(self, index: int, stop: int) -> None:
        """Before a create whose intent is not written yet: the intents of it and the next creates up to
        ``INTENTS_AHEAD`` (those planned so far), in one commit."""
        step = self.plan.steps[index]
        if step.op not in INTENT_TARGET or (step.kind, step.data["key"]) in self._ahead:
            return
        steps = self.plan.steps  # looked at only up to the batch's last create: a first part has 100 000 steps
        batch = list(islice((steps[i] for i in range(index, stop) if steps[i].op in INTENT_TARGET
                             and not any(n in self.failed for n in steps[i].needs)), INTENTS_AHEAD))
        self._ahead |= intents.begin_many(self.ctx.session, self.ctx.profile_id,
                                          [(s.kind, INTENT_TARGET[s.op], s.data["key"]) for s in batch])

    def _take_back(self, step: Step) -> None:
        """An intent written ahead for ``step`` that its handler did not use (the step failed before, or was
        skipped): taken back, as if it had never been written."""
        if step.op in INTENT_TARGET and (step.kind, step.data["key"]) in self._ahead:
            self._ahead.discard((step.kind, step.data["key"]))
            intents.done(self.ctx.session, self.ctx.profile_id, step.kind, step.data["key"])

    def _take_back_all(self) -> None:
        """The run stops (cancelled, an error that stops it): the intents written ahead for creates it did not get
        to are taken back (a kill leaves them, and the next run looks those records up before creating them)."""
        with suppress(Exception):  # the run is stopping anyway; left behind, they cost the next run a lookup
            self.ctx.session.rollback()
            for kind, key in sorted(self._ahead):
                intents.done(self.ctx.session, self.ctx.profile_id, kind, key, commit=False)
            self.ctx.session.commit()
        self._ahead.clear()

    def _count(self, stop: int) -> None:
        """The progress totals of the first ``stop`` steps (only the steps not counted yet are looked at; the caller
        holds ``_progress``)."""
        new = self.plan.steps[len(self._weights):stop]
        weights = plan_weights(new)
        self._weights.extend(weights)
        self._visible += sum(1 for step in new if step.visible)
        if self.forecast is not None:
            self.forecast.planned(new)
        else:
            self._total_weight += sum(weights)

    def _report(self) -> None:
        """One progress event (the caller holds ``_progress``)."""
        if self.forecast is not None:
            weight = self.forecast.weight()
        else:  # everything left is the writer's
            weight = Weight(self._done_weight, self._total_weight, self._whole, written=self._written,
                            ahead=self._total_weight - self._done_weight)
        self.ctx.observer.on_progress(self._shown, max(self._visible, self._shown), weight)

    # --- the reading of the rest (progress.Reading), from the reader's threads ---------------------------------------

    def expect(self, reads: Load = NO_LOAD, writes: Mapping[Op, int] | None = None) -> None:
        self._forecast(lambda f: f.expect(reads, writes))

    def read(self, done: Load) -> None:
        self._forecast(lambda f: f.read(done))

    def sized(self) -> None:
        self._forecast(Forecast.size)

    def _forecast(self, change: Callable[[Forecast], None]) -> None:
        with self._progress:
            if self.forecast is not None:
                change(self.forecast)
                self._report()

    # --- carrying out a plan while it is planned (the runner's writer thread) ---------------------------------------

    def publish(self, *, complete: bool = False) -> None:
        """Called by the planner (another thread): every step in the plan so far may be carried out; ``complete``:
        there will be no more. Steps are only ever appended, and a published step is not changed again. While more
        than :data:`REST_AHEAD` steps of the rest wait for the writer, the planner waits here (not for the first
        part: the writer starts on it while the rest is read)."""
        with self._published:
            self._planned = len(self.plan.steps)
            self._complete = complete
            if self._first is None:  # the first part: the writer follows from here until it stops
                self._first, self._writing = self._planned, True
            self._published.notify_all()
            while (not complete and self._writing and not self.halt.is_set()
                   and self._ahead_of_writer() > REST_AHEAD):
                self._held = True
                self._published.wait(HEARTBEAT_EVERY_S)
            self._held = False

    def _ahead_of_writer(self) -> int:
        return self._planned - max(self._next, self._first or 0)

    def stop(self) -> None:
        """The planner failed or was cancelled: the writer stops before its next step (or its wait)."""
        with self._published:
            self.halt.set()
            self._published.notify_all()

    def follow(self) -> None:
        """The writer: the published steps in order, as they are published, until the plan is complete. Each step is
        carried out and persisted exactly as by :meth:`run_steps` (one thread: this one, with the run's session)."""
        try:
            self._follow()
        finally:  # a planner waiting for the writer to catch up goes on (and finds out why it stopped)
            with self._published:
                self._writing = False
                self._published.notify_all()

    def _follow(self) -> None:
        done = 0
        while True:
            self.ctx.checkpoint()  # also while waiting: the cancel token, and the run lock kept alive
            with self._published:
                if not self.halt.is_set() and self._planned == done and not self._complete:
                    self._published.wait(HEARTBEAT_EVERY_S)
                    continue
                planned, complete = self._planned, self._complete
            if self.halt.is_set():
                raise StopRun(MessageKey.CANCELLED)
            if planned == done and not (complete and self.forecast is not None):
                return
            self.run_steps(done, planned, complete)
            done = planned
            if complete:
                return

    def finish(self) -> None:
        _count_unchanged(self.ctx, self.plan)

    def _step(self, step: Step) -> None:
        if any(n in self.failed for n in step.needs):
            self._fail(step, CUSTOMER_FAILED if step.op is Op.DOCUMENT_CREATE else DEPENDENCY_FAILED, None)
            return
        try:
            done = HANDLERS[step.op](self, step)
        except SkipStep as skip:
            self.ctx.session.rollback()
            self._mark_failed(step)
            if step.visible:
                self.ctx.record_step(step, Outcome.SKIPPED, self._id(step.upsales_id), self._id(step.fortnox_id),
                                     action=Action.SKIP, reason=skip.reason)
            return
        except UncertainWrite as error:  # sent, answer lost, and not found by its stamp (yet): never repeated blindly
            self.ctx.session.rollback()
            if "key" in step.data:
                intents.mark_uncertain(self.ctx.session, self.ctx.profile_id, step.kind, step.data["key"],
                                       self.ctx.clock())
            self._fail(step, ReasonKey.UNCERTAIN_WRITE, redact(str(error)))
            return
        except LinkConflict:
            self.ctx.session.rollback()
            self._mark_failed(step)
            if step.visible:
                self.ctx.record_step(step, Outcome.SKIPPED, self._id(step.upsales_id), self._id(step.fortnox_id),
                                     action=Action.SKIP, reason=LINK_CONFLICT)
            return
        except ApiError as error:
            stop = stop_reason(error)
            if stop is not None:
                raise stop from error
            self.ctx.session.rollback()
            self._fail(step, error.message_key, redact(str(error)))
            return
        done = done or _Done()
        if done.created is not None:  # what a later step's Ref reads
            self.results[step.index] = done.created
        if step.visible:
            upsales_id, fortnox_id = self._id(step.upsales_id), self._id(step.fortnox_id)
            if step.op in CREATES_UPSALES:
                upsales_id = done.created
            elif step.op in CREATES_FORTNOX:
                fortnox_id = done.created
            outcome = Outcome.SKIPPED if step.action in (Action.SKIP, Action.CONFLICT) else Outcome.OK
            self.ctx.record_step(step, outcome, upsales_id, fortnox_id, action=done.action)

    def _mark_failed(self, step: Step) -> None:
        self.failed.add(step.index)
        self.failed_groups.add(step.group)

    def _fail(self, step: Step, key: str | None, text: str | None) -> None:
        self._mark_failed(step)
        if step.visible:
            self.ctx.record_step(step, Outcome.FAILED, self._id(step.upsales_id), self._id(step.fortnox_id),
                                 error_key=key, error_text=text)

    def _id(self, value: Any) -> Any:
        return self.results.get(value.index) if isinstance(value, Ref) else value

    def resolve(self, value: Any) -> Any:
        """``value`` with every Ref replaced by the id its step created."""
        if isinstance(value, Ref):
            return self.results.get(value.index)
        if isinstance(value, dict):
            return {k: self.resolve(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(self.resolve(v) for v in value)
        return value

    # --- shared ----------------------------------------------------------------------------------------------------

    def _save(self, step: Step, upsales_id: Any, fortnox_id: Any, *, upsales: Mapping[str, Any] | None = None,
              fortnox: Mapping[str, Any] | None = None, done: tuple[str, ...] = (), fresh: bool = False) -> None:
        """The link and its sync state, and the write intents ``done`` cleared, in one commit (``fresh``: the Upsales
        record was created by this step's answer, not found after a lost one, so it cannot be linked yet)."""
        ctx = self.ctx
        save_values(ctx.session, ctx.profile_id, step.kind, upsales_id, fortnox_id, upsales=upsales, fortnox=fortnox,
                    done=done, fresh=fresh)

    def _intent(self, step: Step, target: Side) -> str:
        key = step.data["key"]
        if (step.kind, key) in self._ahead:  # committed already (:meth:`_intents_ahead`): now in use
            self._ahead.discard((step.kind, key))
        else:
            intents.begin(self.ctx.session, self.ctx.profile_id, step.kind, target, key)
        return key

    def _done(self, kind: EntityKind, *keys: str) -> None:
        for key in keys:
            intents.done(self.ctx.session, self.ctx.profile_id, kind, key)

    def _customer_field(self) -> int | None:
        return self.ctx.fields.account.get(CUSTOMER_ID)

    # --- companies -------------------------------------------------------------------------------------------------

    def company_import(self, step: Step) -> _Done:
        ctx, values = self.ctx, cmap.unpacked(step.data["values"])
        number = str(step.fortnox_id)
        key = self._intent(step, Side.UPSALES)
        payload = cmap.upsales_changes(values, values, (), ctx.fields)
        payload.pop("custom", None)
        custom = {fid: v for name, alias in cmap.CUSTOM_FIELDS.items()
                  if (fid := ctx.fields.account.get(alias)) is not None and (v := values.get(name))}
        if (field_id := self._customer_field()) is not None:
            custom[field_id] = number
        user = step.data["user"] or ctx.settings.fallback_user_id
        fresh = True
        try:
            account = ctx.conns.upsales.create_account(upsales_wire.account_payload(
                **payload, custom=custom, users=[user] if user else []))
        except UncertainWrite:
            found = ctx.conns.upsales.find_accounts_by_custom(field_id, number) if field_id is not None else []
            if not found:
                raise
            account, fresh = found[0], False
        self._save(step, account.id, number, upsales=cmap.from_account(account, ctx.fields), fortnox=values,
                   done=(key,), fresh=fresh)
        return _Done(account.id)

    def company_export(self, step: Step) -> _Done:
        """R6: the customer, then its number on the company (a crash after that is adopted by the field)."""
        ctx, values = self.ctx, cmap.unpacked(step.data["values"])
        account_id = int(step.upsales_id)  # type: ignore[arg-type]
        key = self._intent(step, Side.FORTNOX)
        body = {**cmap.fortnox_fields({k: v for k, v in values.items() if v is not None}), "ExternalReference": key}
        try:
            customer = ctx.conns.fortnox.create_customer(body)
        except UncertainWrite:
            number = self._find_exported(key)
            if number is None:
                raise
            customer = ctx.conns.fortnox.get_customer(number)
        if (field_id := self._customer_field()) is not None:
            ctx.conns.upsales.update_account(account_id, upsales_wire.account_payload(
                custom={field_id: customer.customer_number}))
        self._save(step, account_id, customer.customer_number, upsales=values, fortnox=cmap.from_customer(customer),
                   done=(key,))
        return _Done(customer.customer_number)

    def _find_exported(self, key: str) -> str | None:
        ctx = self.ctx
        since = self.ctx.clock() - timedelta(minutes=5)
        for item in ctx.conns.fortnox.iter_customers(lastmodified=since):
            customer = ctx.conns.fortnox.get_customer(item.customer_number)
            if (customer.external_reference or "").strip() == key:
                return customer.customer_number
        return None

    def company_link(self, step: Step) -> None:
        ctx = self.ctx
        links.upsert_link(ctx.session, ctx.profile_id, step.kind, str(step.upsales_id), str(step.fortnox_id))
        if step.data["write_back"] and (field_id := self._customer_field()) is not None:
            ctx.conns.upsales.update_account(int(step.upsales_id), upsales_wire.account_payload(  # type: ignore[arg-type]
                custom={field_id: str(step.fortnox_id)}))
        self._done(step.kind, *step.data["keys"])

    def company_to_fortnox(self, step: Step) -> None:
        changes = step.data["changes"]
        customer = self.ctx.conns.fortnox.update_customer(str(step.fortnox_id), cmap.fortnox_fields(changes))
        written = cmap.from_customer(customer)
        self._save(step, step.upsales_id, step.fortnox_id, upsales=changes,
                   fortnox={name: written.get(name) for name in changes})
        self._applied(step.data["applied"])

    def company_to_upsales(self, step: Step) -> None:
        ctx, changes = self.ctx, step.data["changes"]
        payload = cmap.upsales_changes(changes, step.data["merged"], step.data["addresses"], ctx.fields)
        if step.data["write_back"] and (field_id := self._customer_field()) is not None:
            payload["custom"] = {**payload.get("custom", {}), field_id: str(step.fortnox_id)}
        account = ctx.conns.upsales.update_account(int(step.upsales_id), upsales_wire.account_payload(**payload))  # type: ignore[arg-type]
        written = cmap.from_account(account, ctx.fields)
        self._save(step, step.upsales_id, step.fortnox_id, upsales={name: written.get(name) for name in changes},
                   fortnox=changes)
        self._applied(step.data["applied"])

    def _applied(self, conflict_ids: list[int]) -> None:
        for conflict_id in conflict_ids:
            conflicts.mark_applied(self.ctx.session, conflict_id)

    def save_state(self, step: Step) -> None:
        data, session = step.data, self.ctx.session
        self._save(step, self._id(step.upsales_id), step.fortnox_id, upsales=data.get("upsales"),
                   fortnox=data.get("fortnox"))
        for conflict_id, (up, fx) in data.get("refreshed", {}).items():
            conflicts.refresh_conflict(session, int(conflict_id), up, fx)
        for conflict_id in data.get("closed", []):
            conflicts.close_agreed(session, conflict_id)
        self._applied(data.get("applied", []))

    def conflict(self, step: Step) -> None:
        ctx, data = self.ctx, step.data
        link = links.by_upsales(ctx.session, ctx.profile_id, step.kind, str(step.upsales_id))
        assert link is not None  # the pair's link step ran first (needs)
        row = conflicts.record_conflict(ctx.session, link, data["field"], data["upsales"], data["fortnox"],
                                        run_id=ctx.run_id, label=step.label)
        ctx.conflict_event(row.id, step)

    def company_unlink(self, step: Step) -> None:
        """R8: the number goes, the company stays and waits in the review queue."""
        ctx = self.ctx
        if step.data["company_exists"] and (field_id := self._customer_field()) is not None:
            with suppress(NotFound):  # gone too: nothing to clear
                ctx.conns.upsales.update_account(int(step.upsales_id), upsales_wire.account_payload(  # type: ignore[arg-type]
                    custom={field_id: ""}))
        links.unlink(ctx.session, step.data["link"])
        if step.data["company_exists"]:
            deletions.propose_deletion(ctx.session, ctx.profile_id, EntityKind.COMPANY,
                                       reason_key=str(step.reason), upsales_id=str(step.upsales_id),
                                       fortnox_id=str(step.fortnox_id), label=step.label, run_id=ctx.run_id)

    def company_forget(self, step: Step) -> None:
        """The company was deleted in Upsales: the link goes (the customer stays, part of the books), and the
        deletion is remembered so later runs do not make the company again."""
        ctx = self.ctx
        links.unlink(ctx.session, step.data["link"])
        deletions.record_gone(ctx.session, ctx.profile_id, step.kind, reason_key=str(step.reason),
                              upsales_id=str(step.upsales_id), fortnox_id=str(step.fortnox_id), label=step.label,
                              run_id=ctx.run_id)

    def company_delete(self, step: Step) -> None:
        if step.upsales_id is not None:
            self.ctx.conns.upsales.delete_account(int(step.upsales_id))  # type: ignore[arg-type]  # False: gone
        deletions.mark_executed(self.ctx.session, step.data["deletion"])

    def suggest_match(self, step: Step) -> None:
        data = step.data
        matches.suggest_match(self.ctx.session, self.ctx.profile_id, str(step.upsales_id), str(step.fortnox_id),
                              basis=data["basis"], score=data["score"], upsales_label=data["upsales_label"],
                              fortnox_label=data["fortnox_label"])

    # --- products --------------------------------------------------------------------------------------------------

    def _product_payload(self, values: Mapping[str, Any], stamp: str | None) -> dict[str, Any]:
        fields: dict[str, Any] = {name: values[name] for name in ("name", "article_no", "active") if name in values}
        for name in ("purchase_cost", "list_price"):
            if name in values:
                fields[name] = _decimal(values[name])
        field_id = self.ctx.fields.product.get("FORTNOX_ID")
        if stamp is not None and field_id is not None:
            fields["custom"] = {field_id: stamp}
        return upsales_wire.product_payload(**fields)

    def _prices(self, values: Mapping[str, Any]) -> dict[int, Any] | None:
        list_id = self.ctx.upsales_price_list
        if list_id is None or "list_price" not in values:
            return None
        return {list_id: _decimal(values["list_price"])}

    def product_create(self, step: Step) -> _Done:
        values, number = step.data["values"], str(step.fortnox_id)
        key = self._intent(step, Side.UPSALES)
        product = self.ctx.conns.upsales.create_product(self._product_payload(values, number),
                                                        prices=self._prices(values))
        self._save(step, product.id, number, fortnox=values, done=(key,), fresh=True)
        return _Done(product.id)

    def product_link(self, step: Step) -> None:
        number = str(step.fortnox_id)
        if step.data["stamp"]:
            self.ctx.conns.upsales.update_product(int(step.upsales_id), self._product_payload({}, number))  # type: ignore[arg-type]
        self._save(step, step.upsales_id, number, fortnox=step.data["state"], done=(step.data["key"],))

    def product_update(self, step: Step) -> None:
        changes = step.data["changes"]
        self.ctx.conns.upsales.update_product(int(step.upsales_id), self._product_payload(changes, None),  # type: ignore[arg-type]
                                              prices=self._prices(changes))
        self._save(step, step.upsales_id, step.fortnox_id,
                   fortnox={k: v for k, v in step.data["state"].items() if k in PRODUCT_FIELDS})

    def product_deactivate(self, step: Step) -> None:
        if step.data["deactivate"]:
            self.ctx.conns.upsales.set_product_inactive(int(step.upsales_id))  # type: ignore[arg-type]
        links.unlink(self.ctx.session, step.data["link"])

    # --- documents: Fortnox -> Upsales ------------------------------------------------------------------------------

    def _order_field(self, kind: EntityKind) -> int | None:
        return self.ctx.fields.order.get(dmap.CUSTOM_ALIAS[kind])

    def _write_back(self, deal_id: int, kind: EntityKind, number: str) -> None:
        field_id = self._order_field(kind)
        if field_id is not None:
            self.ctx.conns.upsales.update_order(deal_id, upsales_wire.order_payload(custom={field_id: number}))

    def deal_create(self, step: Step) -> _Done:
        ctx, data = self.ctx, self.resolve(step.data["deal"].open())
        held, number, kind, after = data["values"], str(step.fortnox_id), step.kind, data["after"]
        values = {**held, "rows": [dict(zip(dmap.ROW_FIELDS, row, strict=True)) for row in held["rows"]]}
        key = self._intent(step, Side.UPSALES)
        rows = dmap.upsales_rows(values["rows"], data["products"])
        notes = rows.notes(data["doc_kind"], number)
        field_id = self._order_field(kind)
        day = date.fromisoformat(values["date"]) if values["date"] else None
        payload = upsales_wire.order_payload(
            description=dmap.description(data["doc_kind"], number), date=day or date.today(),
            close_date=day if after["probability"] in (0, 100) else upsales_wire.UNSET, user_id=after["user"],
            client_id=data["company"], stage_id=after["stage"], probability=after["probability"],
            currency=values["currency"], notes=notes if notes else upsales_wire.UNSET, rows=rows.rows,
            custom={field_id: number} if field_id is not None else upsales_wire.UNSET)
        fresh = True
        try:
            deal = ctx.conns.upsales.create_order(payload)
        except UncertainWrite:
            found = self._deals_carrying(kind, number)
            if not found:
                raise
            deal, fresh = found[0], False
        self._save(step, deal.id, number, fortnox=values, done=(key,), fresh=fresh)
        return _Done(deal.id)

    def _deals_carrying(self, kind: EntityKind, number: str) -> list[Order]:
        field_id = self._order_field(kind)
        if field_id is None or "," in number:
            return []
        found = self.ctx.conns.upsales.iter_orders(custom=f"eq:{field_id}:{number}")
        return [d for d in found if custom_value(d.custom, field_id) == number]

    def deal_update(self, step: Step) -> None:
        ctx, data = self.ctx, self.resolve(step.data)
        deal_id, number = int(step.upsales_id), str(step.fortnox_id)  # type: ignore[arg-type]
        changes = dict(data["changes"])
        if "date" in changes:
            changes["date"] = date.fromisoformat(changes["date"])
        if data["rows"]:
            mapped = dmap.upsales_rows(data["values"]["rows"], data["products"])
            try:
                current = ctx.conns.upsales.get_order(deal_id)
            except NotFound:
                raise SkipStep(DEAL_MISSING) from None
            mapped = dmap.merge_rows(mapped, current, {int(k): v for k, v in data["articles"].items()})
            if mapped.rows:
                changes["rows"] = mapped.rows
                if notes := mapped.notes(data["doc_kind"], number):
                    changes["notes"] = notes
        if changes:
            try:
                ctx.conns.upsales.update_order(deal_id, upsales_wire.order_payload(**changes))
            except NotFound:
                raise SkipStep(DEAL_MISSING) from None
        self._save(step, deal_id, number, fortnox=data["values"])

    def link_document(self, step: Step) -> None:
        """A deal and a document that belong together (Fortsync's own document found by its stamp, a deal carrying
        the document's number, an order made from the deal's offer): link, repair the number on the deal."""
        deal_id, number = int(step.upsales_id), str(step.fortnox_id)  # type: ignore[arg-type]
        values = step.data["values"] or dmap.document_values(
            self.ctx.conns.fortnox.get_document(dmap.DOC_KIND[step.kind], number))
        self._save(step, deal_id, number, fortnox=values)
        if step.data["write_back"]:
            self._write_back(deal_id, step.kind, number)
        self._done(step.kind, *step.data["keys"])

    def deal_from_offer(self, step: Step) -> None:
        """An order made in Fortnox from a linked offer: the offer's deal is won and carries the order number."""
        data = step.data
        deal_id, number = int(self._id(step.upsales_id)), str(step.fortnox_id)
        field_id = self._order_field(ORDER)
        self.ctx.conns.upsales.update_order(deal_id, upsales_wire.order_payload(
            stage_id=data["stage"], probability=data["probability"], close_date=data["date"] or date.today(),
            custom={field_id: number} if field_id is not None else upsales_wire.UNSET))
        self._save(step, deal_id, number, fortnox=data["values"], done=(data["key"],))

    # --- documents: Upsales -> Fortnox ------------------------------------------------------------------------------

    def document_create(self, step: Step) -> _Done:
        data = self.resolve(step.data)
        deal: Order = data["deal"]
        kind = step.kind
        key = self._intent(step, Side.FORTNOX)
        doc, created = self._create_document(kind, deal, str(data["customer"]), data["from_offer"],
                                             {int(k): v for k, v in data["articles"].items()},
                                             data["our_reference"])
        number = doc.document_number
        self._save(step, deal.id, number, fortnox=dmap.document_values(doc))
        self._write_back(deal.id, kind, number)
        self._done(kind, key)
        return _Done(number, None if created else Action.LINK)

    def _create_document(self, kind: EntityKind, deal: Order, customer: str, offer_number: str | None,
                         article_of_product: dict[int, str], our_reference: str | None) -> tuple[Document, bool]:
        """An order from the deal's offer (createorder; the offer's order reference is read again first and after a
        lost answer), else a new document stamped with the deal id. (document, made by this call)."""
        fortnox = self.ctx.conns.fortnox
        doc_kind = dmap.DOC_KIND[kind]
        if kind is ORDER and offer_number is not None:
            offer = _or_none(lambda: fortnox.get_offer(offer_number))
            if offer is not None and offer.order_reference:
                return fortnox.get_order(offer.order_reference), False
            if offer is not None and not offer.cancelled:
                try:
                    return fortnox.create_order_from_offer(offer_number), True
                except UncertainWrite:
                    offer = fortnox.get_offer(offer_number)
                    if offer.order_reference:
                        return fortnox.get_order(offer.order_reference), True
                    raise
        payload = dmap.fortnox_payload(doc_kind, deal, customer, article_of_product=article_of_product,
                                       our_reference=our_reference)
        try:
            return fortnox.create_document(doc_kind, payload), True
        except UncertainWrite:
            found = fortnox.find_documents_by_stamp(doc_kind, dmap.stamp(deal.id), customer_number=customer)
            if not found:
                raise
            return fortnox.get_document(doc_kind, found[0].document_number), True

    def document_write_back(self, step: Step) -> None:
        self._write_back(int(step.upsales_id), step.kind, str(step.fortnox_id))  # type: ignore[arg-type]
        self._done(step.kind, step.data["key"])

    # --- bookkeeping -------------------------------------------------------------------------------------------------

    def skip(self, step: Step) -> None:
        pass

    def queue(self, step: Step) -> None:
        intents.begin(self.ctx.session, self.ctx.profile_id, step.kind, Side.UPSALES, step.data["key"])

    def unqueue(self, step: Step) -> None:
        self._done(step.kind, *step.data["keys"])

    def cursor(self, step: Step) -> None:
        ctx = self.ctx
        if "listed_at" in step.data:
            ctx.remember(LISTED_AT, step.data["listed_at"].isoformat())
            return
        if step.group in self.failed_groups:
            return  # what failed is read again next time
        started: datetime = step.data["read_started"]
        cursors.set_cursor(ctx.session, ctx.profile_id, step.kind, Side(step.data["side"]),
                           (started - CURSOR_OVERLAP).isoformat())


def _decimal(value: Any) -> Any:
    from decimal import Decimal

    return Decimal(str(value))


def _or_none(read: Callable[[], Any]) -> Any:
    try:
        return read()
    except NotFound:
        return None


HANDLERS: dict[Op, Callable[[Executor, Step], _Done | None]] = {
    Op.COMPANY_IMPORT: Executor.company_import,
    Op.COMPANY_EXPORT: Executor.company_export,
    Op.COMPANY_LINK: Executor.company_link,
    Op.COMPANY_TO_FORTNOX: Executor.company_to_fortnox,
    Op.COMPANY_TO_UPSALES: Executor.company_to_upsales,
    Op.COMPANY_UNLINK: Executor.company_unlink,
    Op.COMPANY_FORGET: Executor.company_forget,
    Op.COMPANY_DELETE: Executor.company_delete,
    Op.CONFLICT: Executor.conflict,
    Op.PRODUCT_CREATE: Executor.product_create,
    Op.PRODUCT_LINK: Executor.product_link,
    Op.PRODUCT_UPDATE: Executor.product_update,
    Op.PRODUCT_DEACTIVATE: Executor.product_deactivate,
    Op.DEAL_CREATE: Executor.deal_create,
    Op.DEAL_UPDATE: Executor.deal_update,
    Op.DEAL_LINK: Executor.link_document,
    Op.DEAL_FROM_OFFER: Executor.deal_from_offer,
    Op.DOCUMENT_CREATE: Executor.document_create,
    Op.DOCUMENT_LINK: Executor.link_document,
    Op.DOCUMENT_WRITE_BACK: Executor.document_write_back,
    Op.SKIP: Executor.skip,
    Op.SUGGEST_MATCH: Executor.suggest_match,
    Op.SAVE_STATE: Executor.save_state,
    Op.QUEUE: Executor.queue,
    Op.UNQUEUE: Executor.unqueue,
    Op.CURSOR: Executor.cursor,
}
