"""A run writes while it reads (issue 11's initial import within the rate limits' floor): each document's import is
carried out as soon as the document is read, while the next ones are still being read. Proved with holds, not
timing: a deal is created while a later invoice's read is parked in the sandbox."""

from __future__ import annotations

import sys
from array import array
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from fortsync_gui.engine import apply
from fortsync_gui.engine.api import CancelToken
from fortsync_gui.engine.plan.companies import ImportData
from fortsync_gui.engine.plan.model import CARRIED_OUT, Compact, CompactPart, Fields, Op, Plan, Ref, Step
from fortsync_gui.sandbox.faults import Fault, FaultKind
from fortsync_gui.store import EntityKind, intents, runs

from .conftest import Harness, Recorder

LIMIT = 60.0  # only stops a hang (the old order never creates a deal while a read is parked): no duration is judged
PARKED = 1000  # every attempt to read the held invoice is parked (a client that gave up and asked again included)


def shown(recorder: Recorder) -> Counter[tuple[str, str]]:
    return Counter((str(i.kind), str(i.action)) for i in recorder.items)


def test_a_document_is_imported_while_a_later_one_is_still_read(harness: Harness) -> None:
    h = harness
    numbers = [d.document_number for d in h.conns.fortnox.iter_documents("invoice")]  # type: ignore[arg-type]
    assert len(numbers) >= 2
    preview = Recorder()
    assert h.sync(dry_run=True, observer=preview).status == "ok"
    read = h.sandbox.fortnox.faults.add(Fault(FaultKind.HOLD_BEFORE, method="GET", times=PARKED,
                                              path=rf"^/3/invoices/{numbers[-1]}$"))
    written = h.sandbox.upsales.faults.add(Fault(FaultKind.HOLD_BEFORE, method="POST", path=r"/orders$"))
    recorder = Recorder()
    with ThreadPoolExecutor(1) as pool:
        running = pool.submit(h.sync, observer=recorder)
        try:
            assert read.wait_held(LIMIT)  # the last invoice's read is parked ...
            assert written.wait_held(LIMIT)  # ... and an earlier invoice's deal is being created meanwhile
            assert read.holding == 1 and written.holding == 1
        finally:
            read.release()
            written.release()
        summary = running.result()
    assert summary.status == "ok", summary
    assert summary.count("invoice", "created") >= 1
    assert shown(recorder) == shown(preview)  # the run did what the preview showed
    again = h.sync()
    assert again.status == "ok" and again.count("invoice", "created") == 0


def creates(items: Recorder, kind: str = "invoice") -> int:
    return sum(1 for i in items.items if str(i.kind) == kind and str(i.action) == "create")


def test_a_cancel_stops_reader_and_writer_between_two_steps(harness: Harness) -> None:
    """Cancelled while a deal is being created and a later invoice is read: both threads stop, the deal in flight is
    persisted (no write intent left open), and the next run imports the rest, each invoice once."""
    h = harness
    numbers = [d.document_number for d in h.conns.fortnox.iter_documents("invoice")]  # type: ignore[arg-type]
    full = Recorder()
    assert h.sync(dry_run=True, observer=full).status == "ok"
    read = h.sandbox.fortnox.faults.add(Fault(FaultKind.HOLD_BEFORE, method="GET", times=PARKED,
                                              path=rf"^/3/invoices/{numbers[-1]}$"))
    written = h.sandbox.upsales.faults.add(Fault(FaultKind.HOLD_BEFORE, method="POST", path=r"/orders$"))
    cancel, stopped_items = CancelToken(), Recorder()
    with ThreadPoolExecutor(1) as pool:
        running = pool.submit(h.sync, cancel=cancel, observer=stopped_items)
        try:
            assert read.wait_held(LIMIT) and written.wait_held(LIMIT)
            cancel.cancel()
        finally:
            written.release()
            read.release()
        stopped = running.result()
    assert stopped.status == "stopped", stopped
    assert 1 <= creates(stopped_items) < creates(full)
    with h.store.session() as s:
        assert not intents.pending(s, 1, EntityKind.INVOICE)  # the deal in flight was persisted with its link
    rest = Recorder()
    assert h.sync(observer=rest).status == "ok"
    assert creates(stopped_items) + creates(rest) == creates(full)  # each invoice imported once
    assert h.sync().writes == 0


def test_write_intents_are_committed_several_creates_ahead_and_the_unused_taken_back(
        make_harness: Callable[..., Harness]) -> None:
    """Each create is preceded by its committed write intent (the crash-safety net), but the intents of the next
    ``INTENTS_AHEAD`` creates are committed at once: one commit instead of one per create. A run that stops takes
    back the ones it did not use; a good run leaves none."""
    from fortsync_gui.engine.apply import INTENTS_AHEAD

    h = make_harness(seed=f"large:{INTENTS_AHEAD + 30}")  # more companies to import than a batch
    preview = Recorder()
    assert h.sync(dry_run=True, observer=preview).status == "ok"
    imports = creates(preview, "company")
    assert imports > INTENTS_AHEAD
    first = h.sandbox.upsales.faults.add(Fault(FaultKind.HOLD_BEFORE, method="POST", path=r"/accounts$"))
    cancel, items = CancelToken(), Recorder()
    with ThreadPoolExecutor(1) as pool:
        running = pool.submit(h.sync, cancel=cancel, observer=items)
        try:
            assert first.wait_held(LIMIT)  # the first company's create is being sent ...
            with h.store.session() as s:  # ... and its intent and the next ones' are committed
                assert len(intents.pending(s, 1, EntityKind.COMPANY)) == INTENTS_AHEAD
            cancel.cancel()
        finally:
            first.release()
        stopped = running.result()
    assert stopped.status == "stopped", stopped
    with h.store.session() as s:  # the company in flight was linked; the creates not sent took theirs back
        assert not intents.pending(s, 1, EntityKind.COMPANY)
    assert creates(items, "company") == 1
    rest = Recorder()
    assert h.sync(observer=rest).status == "ok"
    assert creates(items, "company") + creates(rest, "company") == imports  # each once
    with h.store.session() as s:
        # (an invoice whose import waits for its customer keeps its queue entry, by design)
        assert not intents.pending(s, 1, EntityKind.COMPANY) and not intents.pending(s, 1, EntityKind.PRODUCT)
    assert h.sync().writes == 0


def test_a_carried_out_step_leaves_only_a_placeholder_in_the_plan(harness: Harness,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A first import of 100 000 customers must not hold every record's step until the run ends: once a step is
    carried out (and persisted: links, sync state, the audit trail) the plan keeps one shared placeholder there."""
    h = harness
    executors: list[apply.Executor] = []
    finish = apply.Executor.finish
    monkeypatch.setattr(apply.Executor, "finish", lambda self: (executors.append(self), finish(self))[1])
    summary = h.sync()
    assert summary.status == "ok" and summary.count("company", "created") >= 1
    (executor,) = executors
    plan = executor.plan
    assert plan.steps and all(s is CARRIED_OUT for s in plan.steps)
    # each step's progress weight is kept to the end too: 8 B each in an array (a float object each costs 32 B)
    assert isinstance(executor._weights, array) and len(executor._weights) == len(plan.steps)
    with h.store.session() as db:
        items = runs.run_items(db, summary.run_id)
    assert any(i.after and i.after.get("name") for i in items)  # what each step wrote is in the audit trail


def test_created_ids_are_held_by_step_index_without_an_object_each() -> None:
    """A first import creates 185 000 records and a later step may refer to any of them: an Upsales id is a number
    in an array by step index (no dict entry and int object each); other ids are kept as they are."""
    created = apply.Created()
    created[3] = 41
    created[7] = "1003"  # a Fortnox number
    created[9] = 2 ** 40  # too big for the array: kept as it is
    assert [created.get(i) for i in (3, 7, 9)] == [41, "1003", 2 ** 40]
    assert created.get(4) is None and created.get(1000) is None  # nothing created there
    assert created._others == {7: "1003", 9: 2 ** 40} and created._numbers.itemsize == 4


def test_a_planned_deal_holds_one_text_and_its_key(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    """Up to REST_AHEAD deals wait for the writer on a first import: each holds its values, what the handler reads
    and what it shows as one compact text (no dicts of its own), and needs the steps that make its company and
    products; the 100 000 companies before them hold their data without a dict's table. The run creates them all
    the same."""
    h = harness
    planned: list[Step] = []
    add = Plan.add

    def added(self: Plan, step: Step) -> Ref:
        if step.op in (Op.DEAL_CREATE, Op.COMPANY_IMPORT, Op.PRODUCT_CREATE):
            planned.append(step)
        return add(self, step)

    monkeypatch.setattr(Plan, "add", added)
    preview = Recorder()
    assert h.sync(dry_run=True, observer=preview).status == "ok"
    companies = [step for step in planned if step.op is Op.COMPANY_IMPORT]
    assert companies
    for step in companies:
        assert isinstance(step.data, ImportData) and step.data["key"] == f"fortnox:{step.fortnox_id}"
        assert set(step.data) == {"values", "user", "key"} and "changes" not in step.data
    products = [step for step in planned if step.op is Op.PRODUCT_CREATE]
    assert products and all(isinstance(step.data, Fields) and set(step.data) == {"values", "key"}
                            and step.data["values"] is step.after for step in products)
    deals = [step for step in planned if step.op is Op.DEAL_CREATE]
    assert deals
    for step in deals:
        assert isinstance(step.data, Fields) and set(step.data) == {"deal", "key"}
        assert isinstance(step.data["deal"], Compact)
        assert isinstance(step.after, CompactPart) and set(step.after) >= {"stage", "company", "rows"}
        opened = step.data["deal"].open()
        assert all(isinstance(row, list) for row in opened["values"]["rows"])  # no field names a row
        refs = [r.index for r in (opened["company"], *opened["products"].values()) if isinstance(r, Ref)]
        assert set(refs) <= set(step.needs)
    assert any(step.needs for step in deals)  # a deal of a company this run creates
    recorder = Recorder()
    assert h.sync(observer=recorder).status == "ok"
    assert shown(recorder) == shown(preview) and all(str(i.outcome) != "failed" for i in recorder.items)


def test_a_run_keeps_no_customer_or_document_once_it_is_planned(harness: Harness,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The customers once the companies are planned, the articles once the products are, each document once its
    import is planned: nothing later reads them (the steps keep the values they write), and a first import reads
    100 000, 25 000 and 150 000."""
    from fortsync_gui.engine.facts import Facts
    from fortsync_gui.engine.plan.run import RestPlanner

    h = harness
    seen: list[Facts] = []
    finish = RestPlanner.finish
    monkeypatch.setattr(RestPlanner, "finish", lambda self, facts: (seen.append(facts), finish(self, facts))[1])
    summary = h.sync()
    assert summary.status == "ok"
    assert summary.count("company", "created") >= 1 and summary.count("invoice", "created") >= 1
    (facts,) = seen
    assert facts.companies.customers == {}
    assert sys.getsizeof(facts.companies.customers) == sys.getsizeof({})  # its table released, not only emptied
    assert (facts.products.articles, facts.products.prices, facts.products.products) == ({}, {}, {})
    assert all(docs == [] for docs in facts.documents.docs.values())


def test_detail_reads_run_only_a_few_ahead_of_the_one_handed_on() -> None:
    """A first import reads 100 000 customers in full, then 150 000 documents: the reads are sent a few at a time
    ahead of the one being planned, not all queued at once (a queued read costs about 2 kB)."""
    import threading

    from fortsync_gui.engine.facts import AHEAD, READERS, Reader

    started: list[int] = []
    lock = threading.Lock()

    def read(item: int) -> int:
        with lock:
            started.append(item)
        return item * 2

    ticks: list[int] = []
    reader = Reader.__new__(Reader)  # only the read-ahead is under test: no session, no clients
    reader.tick = lambda: ticks.append(1)
    results = reader._each_as_read(list(range(1000)), read)
    for handed_on, result in enumerate(results):
        assert result == handed_on * 2  # in order
        with lock:
            assert len(started) <= handed_on + 1 + AHEAD
    assert sorted(started) == list(range(1000)) and len(ticks) == 1000
    assert AHEAD >= READERS  # every reader has a read to send


def test_the_reader_waits_while_the_writer_is_far_behind(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where reading outpaces writing, the plan's rest does not grow without bound (a first import of 150 000
    documents): beyond REST_AHEAD steps not carried out yet, the planner waits for the writer. The run is the same."""
    h = harness
    preview = Recorder()
    assert h.sync(dry_run=True, observer=preview).status == "ok"
    monkeypatch.setattr(apply, "REST_AHEAD", 2)
    publish = apply.Executor.publish
    seen: list[tuple[int, int]] = []  # (steps ahead of the writer when published, when the planner went on)

    def watched(self: apply.Executor, *, complete: bool = False) -> None:
        before = len(self.plan.steps) - max(self._next, self._first if self._first is not None else len(self.plan))
        publish(self, complete=complete)
        if not complete and self._writing:
            seen.append((before, self._ahead_of_writer()))

    monkeypatch.setattr(apply.Executor, "publish", watched)
    recorder = Recorder()
    summary = h.sync(observer=recorder)
    assert summary.status == "ok", summary
    assert any(before > 2 for before, _ in seen)  # the planner had to wait (the products are one part) ...
    assert all(after <= 2 for _, after in seen)  # ... until the writer caught up
    assert shown(recorder) == shown(preview)
    assert h.sync().writes == 0
