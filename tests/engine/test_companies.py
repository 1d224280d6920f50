"""Companies against the sandbox: R4/R5 import, duplicate matching, R7 field sync and conflicts, R8 deletions,
the mass-deletion guard, dry run, resume and crash windows, and the run lock."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fortsync_gui.engine import company_map as cmap
from fortsync_gui.engine.api import CancelToken, ItemEvent, MessageKey
from fortsync_gui.engine.context import custom_value
from fortsync_gui.store import (
    DeletionStatus,
    EntityKind,
    MatchStatus,
    Side,
    conflicts,
    deletions,
    intents,
    links,
    locks,
    matches,
    profiles,
)

from .conftest import Harness, Recorder

COMPANY = EntityKind.COMPANY


def company_links(h: Harness) -> dict[str, str]:
    """Fortnox customer number -> Upsales company id."""
    with h.store.session() as s:
        return {link.fortnox_id: link.upsales_id for link in links.links_of_kind(s, 1, COMPANY)}


def customer_id_field(h: Harness) -> int:
    found = h.conns.upsales.find_custom_field("account", "FORTNOX_CUSTOMER_ID")
    assert found is not None
    return found.id


def accounts_carrying(h: Harness, number: str) -> list[int]:
    return [a.id for a in h.conns.upsales.find_accounts_by_custom(customer_id_field(h), number)]


def new_customer(h: Harness, name: str = "Nya Kunden i Köping AB", **fields: str) -> str:
    return h.conns.fortnox.create_customer({"Name": name, **fields}).customer_number


def test_r4_r5_initial_import_creates_a_company_per_customer_carrying_its_number(harness: Harness) -> None:
    summary = harness.sync()
    assert summary.status == "ok", summary
    customers = harness.conns.fortnox.customer_numbers()
    linked = company_links(harness)
    with harness.store.session() as s:
        waiting = {m.fortnox_id for m in matches.list_matches(s, 1, MatchStatus.SUGGESTED)}
    assert set(linked) | waiting == customers  # every customer is linked, or waits for a duplicate decision
    for number, account_id in list(linked.items())[:5]:
        assert accounts_carrying(harness, number) == [int(account_id)]
    assert summary.count("company", "created") + summary.count("company", "linked") == len(linked)


def test_r5_customer_created_later_becomes_a_company(harness: Harness) -> None:
    harness.sync()
    number = new_customer(harness, OrganisationNumber="559012-3456", City="Köping")
    summary = harness.sync()
    assert summary.count("company", "created") == 1
    account = harness.conns.upsales.get_account(accounts_carrying(harness, number)[0])
    assert account.name == "Nya Kunden i Köping AB" and account.org_no == "559012-3456"


def test_second_sync_writes_nothing(harness: Harness) -> None:
    harness.sync()
    second = harness.sync()
    assert second.status == "ok"
    assert second.count("company", "created") == second.count("company", "updated") == 0
    assert second.count("company", "linked") == 0


def test_matching_exact_org_number_links_by_default_suggestions_wait(harness: Harness) -> None:
    preview = harness.sync(dry_run=True)
    with harness.store.session() as s:
        assert matches.list_matches(s, 1) == []  # a dry run writes nothing, not even to the store
    assert preview.suggestions and preview.pending_matches == len(preview.suggestions)
    summary = harness.sync()
    assert summary.suggestions == preview.suggestions
    with harness.store.session() as s:
        suggested = matches.list_matches(s, 1, MatchStatus.SUGGESTED)
    assert {(m.upsales_id, m.fortnox_id) for m in suggested} == {
        (m["upsales_id"], m["fortnox_id"]) for m in preview.suggestions}
    linked = company_links(harness)
    assert summary.count("company", "linked") >= 1  # exact organisation numbers: linked, not duplicated
    for m in suggested:
        assert m.fortnox_id not in linked  # nothing is created while a match decision is open
        assert accounts_carrying(harness, m.fortnox_id) == []


def test_matching_decisions_link_or_create(harness: Harness) -> None:
    harness.sync()
    with harness.store.session() as s:
        suggested = matches.list_matches(s, 1, MatchStatus.SUGGESTED)
        first = suggested[0]
        matches.accept_match(s, first.id)
        for other in suggested[1:]:
            matches.reject_match(s, other.id)
    harness.sync()
    linked = company_links(harness)
    assert linked[first.fortnox_id] == first.upsales_id
    for other in suggested[1:]:
        if other.fortnox_id != first.fortnox_id:
            assert other.fortnox_id in linked and linked[other.fortnox_id] != other.upsales_id  # created new


def test_r7_change_in_fortnox_reaches_upsales_and_back(harness: Harness) -> None:
    harness.sync()
    number, account_id = next(iter(company_links(harness).items()))
    harness.conns.fortnox.update_customer(number, {"Phone1": "021-55 55 55"})
    summary = harness.sync()
    assert summary.count("company", "updated") == 1
    assert harness.conns.upsales.get_account(int(account_id)).phone == "021-55 55 55"
    from fortsync_gui.clients import upsales_wire

    harness.conns.upsales.update_account(int(account_id), upsales_wire.account_payload(webpage="https://nytt.se"))
    summary = harness.sync()
    assert summary.count("company", "updated") == 1
    assert harness.conns.fortnox.get_customer(number).www == "https://nytt.se"
    assert harness.sync().count("company", "updated") == 0


def test_r7_both_sides_changed_is_a_conflict_resolved_by_the_user(harness: Harness) -> None:
    from fortsync_gui.clients import upsales_wire

    harness.sync()
    number, account_id = next(iter(company_links(harness).items()))
    harness.conns.fortnox.update_customer(number, {"Phone1": "111"})
    harness.conns.upsales.update_account(int(account_id), upsales_wire.account_payload(phone="222"))
    seen = Recorder()
    summary = harness.sync(observer=seen)
    assert [(c.field, c.upsales_value, c.fortnox_value) for c in seen.conflicts] == [("phone", "222", "111")]
    assert harness.conns.fortnox.get_customer(number).phone1 == "111"  # never a silent overwrite
    assert harness.conns.upsales.get_account(int(account_id)).phone == "222"
    assert summary.conflicts >= 1
    with harness.store.session() as s:
        conflict = next(c for c in conflicts.open_conflicts(s, 1) if c.field == "phone")
        conflicts.resolve_conflict(s, conflict.id, Side.UPSALES, remember=True)
    harness.sync()
    assert harness.conns.fortnox.get_customer(number).phone1 == "222"
    # the remembered rule settles the next clash on this field by itself
    harness.conns.fortnox.update_customer(number, {"Phone1": "333"})
    harness.conns.upsales.update_account(int(account_id), upsales_wire.account_payload(phone="444"))
    harness.sync()
    assert harness.conns.fortnox.get_customer(number).phone1 == "444"


def test_r8_deleted_fortnox_customer_keeps_company(harness: Harness) -> None:
    harness.sync()
    number = new_customer(harness, "Kortlivade AB")
    harness.sync()
    account_id = int(company_links(harness)[number])
    harness.conns.fortnox.delete_customer(number)
    summary = harness.sync()
    assert summary.pending_deletions == 1 and summary.count("company", "unlinked") == 1
    account = harness.conns.upsales.get_account(account_id)  # the company stays ...
    assert custom_value(account.custom, customer_id_field(harness)) is None  # ... without the number
    assert number not in company_links(harness)
    with harness.store.session() as s:
        (pending,) = deletions.list_deletions(s, 1)
        assert pending.upsales_id == str(account_id) and pending.label == "Kortlivade AB"
        deletions.confirm_deletion(s, pending.id)  # only an explicit confirmation deletes it
    harness.sync()
    assert account_id not in harness.conns.upsales.account_ids()
    with harness.store.session() as s:
        assert deletions.list_deletions(s, 1, (DeletionStatus.EXECUTED,))


def test_r8_kept_company_is_not_deleted(harness: Harness) -> None:
    harness.sync()
    number = new_customer(harness, "Behålls AB")
    harness.sync()
    account_id = int(company_links(harness)[number])
    harness.conns.fortnox.delete_customer(number)
    harness.sync()
    with harness.store.session() as s:
        (pending,) = deletions.list_deletions(s, 1)
        deletions.keep_record(s, pending.id)
    harness.sync()
    assert account_id in harness.conns.upsales.account_ids()


def test_guard_threshold_stops_before_any_write(harness: Harness) -> None:
    harness.configure(deletion_threshold=2)
    harness.sync()
    numbers = [new_customer(harness, f"Massa {i} AB") for i in range(3)]
    harness.sync()
    for number in numbers:
        harness.conns.fortnox.delete_customer(number)
    harness.conns.fortnox.update_customer(next(iter(company_links(harness))), {"Phone1": "999"})
    before = harness.conns.upsales.request_count
    summary = harness.sync()
    assert summary.status == "stopped" and summary.message_key == MessageKey.GUARD_THRESHOLD.value
    assert summary.message_args == {"count": 3, "threshold": 2}
    assert set(numbers) <= set(company_links(harness))  # nothing unlinked
    assert summary.writes == 0 and harness.conns.upsales.request_count - before <= 5  # reads only
    let_through = harness.sync(allow_removals=True)  # the user reviewed it and lets it through once
    assert let_through.status == "ok" and let_through.count("company", "unlinked") == 3


def test_guard_side_empty(harness: Harness) -> None:
    """A Fortnox register that suddenly lists no customers (a swapped or emptied account) stops the run, even when
    the threshold is higher than the number of links."""
    harness.configure(deletion_threshold=10_000)
    harness.sync()
    harness.sandbox.fortnox.store.customers.clear()
    summary = harness.sync()
    assert summary.status == "stopped" and summary.message_key == MessageKey.GUARD_SIDE_EMPTY.value
    assert summary.message_args["side"] == "fortnox" and summary.writes == 0
    assert company_links(harness)  # every link kept


def test_dry_run_writes_nothing_and_predicts_the_run(harness: Harness) -> None:
    accounts_before = harness.conns.upsales.account_ids()
    preview = harness.sync(dry_run=True)
    assert harness.conns.upsales.account_ids() == accounts_before
    assert company_links(harness) == {}
    real = harness.sync()
    for key in ("created", "linked"):
        assert preview.count("company", key) == real.count("company", key)


def test_resume_after_cancel_creates_no_duplicates(harness: Harness) -> None:
    token = CancelToken()

    class CancelAfter(Recorder):
        def on_item(self, item: ItemEvent) -> None:
            super().on_item(item)
            if len(self.items) == 10:
                token.cancel()

    stopped = harness.sync(observer=CancelAfter(), cancel=token)
    assert stopped.status == "stopped" and stopped.message_key == MessageKey.CANCELLED.value
    partial = company_links(harness)
    assert 0 < len(partial) < 40
    harness.sync()
    final = company_links(harness)
    assert set(partial) <= set(final)
    for number in final:
        assert len(accounts_carrying(harness, number)) == 1


def test_crash_between_create_and_link_is_adopted_not_duplicated(harness: Harness) -> None:
    from fortsync_gui.clients import upsales_wire

    harness.sync()
    number = new_customer(harness, "Kraschtest AB")
    field_id = customer_id_field(harness)
    with harness.store.session() as s:  # a run that died right after its POST: intent, company, no link
        intents.begin(s, 1, COMPANY, Side.UPSALES, f"fortnox:{number}")
    made = harness.conns.upsales.create_account(upsales_wire.account_payload(
        name="Kraschtest AB", custom={field_id: number}))
    summary = harness.sync()
    assert summary.count("company", "created") == 0
    assert company_links(harness)[number] == str(made.id)
    assert accounts_carrying(harness, number) == [made.id]
    with harness.store.session() as s:
        assert intents.pending(s, 1, COMPANY) == {}


def test_one_run_per_profile(harness: Harness) -> None:
    with harness.store.session() as s:
        assert locks.acquire(s, profiles.require_profile(s, "demo").id, "another-process")
    summary = harness.sync()
    assert summary.status == "failed" and summary.message_key == MessageKey.LOCKED.value


def test_a_lock_left_by_a_dead_process_on_this_machine_is_taken_over(harness: Harness) -> None:
    """A run killed outright leaves its lock: the next run on this machine sees its process is gone, releases it,
    says so, and runs (its dead run marked interrupted); a live process's lock is left alone."""
    import os
    import socket
    import subprocess
    import sys

    from fortsync_gui.engine.session import Recovered
    from fortsync_gui.store import runs
    from fortsync_gui.store.enums import RunStatus

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    dead_pid = int(gone.stdout)
    with harness.store.session() as s:
        profile_id = profiles.require_profile(s, "demo").id
        owner = f"{socket.gethostname()[:60]}/{dead_pid}/x"
        assert locks.acquire(s, profile_id, owner)
        dead_run = runs.start_run(s, profile_id, owner=owner).id
    told: list[Recovered] = []
    summary = harness.sync(on_recovered=told.append)
    assert summary.status == "ok" and told == [Recovered(dead_pid)]
    with harness.store.session() as s:
        assert runs.get_run(s, dead_run).status == RunStatus.INTERRUPTED
        assert locks.holder(s, profile_id) is None
        assert locks.acquire(s, profile_id, f"{socket.gethostname()[:60]}/{os.getppid()}/y")  # alive: kept
    assert harness.sync(on_recovered=told.append).message_key == MessageKey.LOCKED.value and len(told) == 1


def test_the_first_import_marks_itself_done_on_the_settings_as_they_are_then(harness: Harness) -> None:
    """A setting the user changes while the first import runs (the GUI saves it meanwhile) stays: the run's end sets
    only its own flag, on the settings read afresh."""
    from fortsync_gui.engine.api import Phase

    assert harness.settings().initial_import_done is False

    class ChangedMeanwhile(Recorder):
        def on_phase(self, phase: Phase) -> None:
            super().on_phase(phase)
            if phase is Phase.PREPARE:
                harness.configure(deletion_threshold=7)

    assert harness.sync(observer=ChangedMeanwhile()).status == "ok"
    settings = harness.settings()
    assert settings.initial_import_done and settings.deletion_threshold == 7


def test_field_map_covers_the_design_fields() -> None:
    assert {"name", "org_no", "phone", "website", "email", "vat_number", "mail_address", "visit_address",
            "delivery_address"} <= set(cmap.FIELDS)


def test_large_registers_are_listed_for_deletions_at_a_cadence(harness: Harness,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import timedelta

    from fortsync_gui.engine import facts as guard

    harness.sync()
    number = new_customer(harness, "Kadens AB")
    harness.sync()
    monkeypatch.setattr(guard, "CHEAP_LISTING_LINKS", 0)  # pretend the register is large
    harness.conns.fortnox.delete_customer(number)
    assert harness.sync().count("company", "unlinked") == 0  # listed less than an hour ago: not looked for yet
    monkeypatch.setattr(guard, "LISTING_EVERY", timedelta(0))
    assert harness.sync().count("company", "unlinked") == 1


def test_r8_a_confirmed_deletion_takes_the_companys_deals_with_it_in_the_preview_as_in_the_run(
        harness: Harness) -> None:
    """The company is deleted first and Upsales takes its deals with it: the preview does not plan them either (the
    real run reads them while the deletion is written, so whether it still saw them was timing)."""
    from tests.engine.test_documents import new_deal
    from tests.signature import plan_signature

    harness.sync()
    number = new_customer(harness, "Sista Affären AB")
    harness.sync()
    account_id = int(company_links(harness)[number])
    harness.conns.fortnox.delete_customer(number)
    harness.sync()
    deal = new_deal(harness, client=account_id, description="Affär hos ett bolag som tas bort")
    with harness.store.session() as s:
        (pending,) = deletions.list_deletions(s, 1)
        deletions.confirm_deletion(s, pending.id)
    preview, real = harness.sync(dry_run=True), harness.sync()
    assert plan_signature(harness.store, preview.run_id) == plan_signature(harness.store, real.run_id)
    assert all(str(deal.id) != key[2] for key in plan_signature(harness.store, preview.run_id) if len(key) == 5)
    assert account_id not in harness.conns.upsales.account_ids()


def test_a_run_holds_at_most_its_two_store_sessions_at_once(make_harness: Callable[..., Harness]) -> None:
    """``sync --all --jobs N`` sizes the store's pool as N runs × ``SESSIONS_PER_RUN`` (the run's own session and
    the one reading the rest while the first part is written): a run that held more would wait for connections
    others hold (20 jobs used to exhaust SQLAlchemy's default 15 and fail after 30 s)."""
    from sqlalchemy import event

    from fortsync_gui.engine.runner import SESSIONS_PER_RUN

    harness = make_harness()
    out, most = [0], [0]

    def checkout(*_: object) -> None:
        out[0] += 1
        most[0] = max(most[0], out[0])

    def checkin(*_: object) -> None:
        out[0] -= 1

    event.listen(harness.store.engine, "checkout", checkout)
    event.listen(harness.store.engine, "checkin", checkin)
    assert harness.sync().status == "ok"
    assert most[0] == SESSIONS_PER_RUN  # the first part was written while the rest was read
