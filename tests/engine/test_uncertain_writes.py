"""A write whose answer was lost has an unknown outcome (issue "Never a duplicate"): it is recorded as uncertain, later
runs look it up by its stamp, and it is created again only when a lookup made a settle time after it still finds
nothing. The settle time runs on an injected clock: no test waits for it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from fortsync_gui.cli_output import human_summary
from fortsync_gui.clients import upsales_wire
from fortsync_gui.engine import profile_state, session
from fortsync_gui.engine.api import RunSummary
from fortsync_gui.messages import MessageKey, ReasonKey
from fortsync_gui.sandbox.faults import Fault, FaultKind
from fortsync_gui.store import intents, runs

from .conftest import PROFILE, Clock, Harness, eventually, impatient
from .test_documents import new_deal


def stamps(h: Harness, kind: str = "invoice") -> Counter[str]:
    return Counter(d.stamp for d in h.conns.fortnox.iter_documents(kind)  # type: ignore[arg-type]
                   if (d.stamp or "").startswith("upsales:"))


def reasons(h: Harness, summary: RunSummary) -> Counter[Any]:
    assert summary.run_id is not None
    with h.store.session() as s:
        return Counter(i.error_key for i in runs.run_items(s, summary.run_id) if i.error_key)


@pytest.fixture
def run(harness: Harness) -> Callable[..., RunSummary]:
    conns = impatient(harness)
    clock = Clock()

    def go(**kw: Any) -> RunSummary:
        return session.run(harness.store, PROFILE, connections=conns, clock=clock, **kw)

    go.clock = clock  # type: ignore[attr-defined]
    yield go
    conns.close()


@pytest.mark.parametrize("lands", [True, False], ids=["the slow write lands", "the write never landed"])
def test_a_lost_invoice_answer_is_checked_never_created_twice(harness: Harness, run: Any, lands: bool) -> None:
    h = harness
    hold = h.sandbox.fortnox.faults.add(Fault(FaultKind.HOLD_BEFORE, method="POST", path=r"^/3/invoices$"))
    first = run()
    assert first.status == "failed" and first.uncertain_writes == 1
    assert reasons(h, first)[ReasonKey.UNCERTAIN_WRITE] == 1
    with h.store.session() as s:
        [intent] = intents.uncertain(s, 1)
    deal = intent.key

    again = run()  # at once, while Fortnox may still be writing it: looked up, not created again
    assert reasons(h, again)[ReasonKey.UNCERTAIN_CHECKING] == 1 and again.uncertain_writes == 1
    assert "kom aldrig fram" in human_summary(again)  # the CLI says so until it is settled
    assert stamps(h)[deal] == 0
    assert profile_state.profile_state(h.store, PROFILE, None).waiting.uncertain == 1  # the GUI and CLI show it

    hold.release(drop=not lands)  # the held write lands now, or is dropped unprocessed
    if lands:
        assert eventually(lambda: stamps(h)[deal] == 1)  # the sandbox's own thread finishes the held write
        found = run()  # the lookup finds it: linked, nothing created
        assert found.count("invoice", "linked") == 1 and found.count("invoice", "created") == 0
    else:
        run.clock.advance(5)
        still = run()  # within the settle time a lookup that finds nothing proves nothing yet
        assert reasons(h, still)[ReasonKey.UNCERTAIN_CHECKING] == 1 and stamps(h)[deal] == 0
        run.clock.advance(6)  # 11 minutes after the lost answer: it never landed
        created = run()
        assert created.count("invoice", "created") == 1, created.counts
    assert stamps(h)[deal] == 1 and max(stamps(h).values()) == 1  # one invoice per deal, whatever happened
    final = run()
    assert final.uncertain_writes == 0 and final.writes == 0


def test_a_lost_company_answer_holds_its_invoice_too(harness: Harness, run: Any) -> None:
    """R6: the customer a won deal needs lost its answer; neither it nor the deal's invoice is made again until the
    lookup settles."""
    h = harness
    assert run().status == "ok"
    company = h.conns.upsales.create_account(upsales_wire.account_payload(name="Ny Kund i Arboga AB"))
    deal = new_deal(h, client=company.id)
    hold = h.sandbox.fortnox.faults.add(Fault(FaultKind.HOLD_BEFORE, method="POST", path=r"^/3/customers$"))
    first = run()
    assert first.uncertain_writes == 1 and reasons(h, first)[ReasonKey.UNCERTAIN_WRITE] == 1
    customers = len(h.conns.fortnox.customer_numbers())
    second = run()
    assert reasons(h, second)[ReasonKey.UNCERTAIN_CHECKING] >= 1
    assert len(h.conns.fortnox.customer_numbers()) == customers
    hold.release(drop=True)
    run.clock.advance(11)
    third = run()
    assert third.status == "ok", third
    assert third.count("company", "created") == 1 and third.count("invoice", "created") == 1
    assert stamps(h)[f"upsales:{deal.id}"] == 1 and max(stamps(h).values()) == 1


def test_a_lost_upsales_create_is_checked_never_created_twice(harness: Harness, run: Any) -> None:
    """An Upsales create whose answer was lost (a Fortnox customer imported as a company) no longer stops the run:
    it is looked up by the customer number it carries, and adopted once it is there."""
    h = harness
    assert run().status == "ok"
    number = h.conns.fortnox.create_customer({"Name": "Långsamma Bolaget AB"}).customer_number
    hold = h.sandbox.upsales.faults.add(Fault(FaultKind.HOLD_BEFORE, method="POST", path=r"/accounts$"))
    first = run()
    assert first.uncertain_writes == 1 and reasons(h, first)[ReasonKey.UNCERTAIN_WRITE] == 1
    assert first.message_key == MessageKey.ITEMS_FAILED  # every phase ran: the run went on with the other records
    assert profile_state.profile_state(h.store, PROFILE, None).waiting.uncertain == 1  # the overview shows it too
    again = run()
    assert reasons(h, again)[ReasonKey.UNCERTAIN_CHECKING] == 1
    hold.release()
    field = h.conns.upsales.find_custom_field("account", "FORTNOX_CUSTOMER_ID")
    assert field is not None
    assert eventually(lambda: len(h.conns.upsales.find_accounts_by_custom(field.id, number)) == 1)
    adopted = run()
    assert adopted.count("company", "linked") == 1 and adopted.count("company", "created") == 0
    assert len(h.conns.upsales.find_accounts_by_custom(field.id, number)) == 1 and adopted.uncertain_writes == 0
