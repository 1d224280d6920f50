"""The five defects of the engine's first edition (issue "Engine, second edition"), each reproduced against the
sandbox as a user met it, and what must hold instead."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from fortsync_gui.clients import upsales_wire
from fortsync_gui.engine import company_map as cmap
from fortsync_gui.engine import decisions, session
from fortsync_gui.engine import document_map as dmap
from fortsync_gui.engine.api import MessageKey, RunSummary
from fortsync_gui.messages import ReasonKey
from fortsync_gui.store import Action, ConflictStatus, EntityKind, Side, links, profiles, runs
from fortsync_gui.store.models import Conflict
from tests.signature import plan_signature

from .conftest import PROFILE, Harness

COMPANY = EntityKind.COMPANY
AKERLUNDS = "1001"  # Fortnox customer "Åkerlunds Elektriska AB"


def company_links(h: Harness) -> dict[str, int]:
    with h.store.session() as s:
        return {link.fortnox_id: int(link.upsales_id) for link in links.links_of_kind(s, 1, COMPANY)}


def phones(h: Harness, number: str) -> tuple[str | None, str | None]:
    account = h.conns.upsales.get_account(company_links(h)[number])
    return account.phone, h.conns.fortnox.get_customer(number).phone1


def all_conflicts(h: Harness) -> list[Conflict]:
    with h.store.session() as s:
        return list(s.query(Conflict).order_by(Conflict.id))


def written(summary: RunSummary) -> int:
    return sum(summary.count(kind, key) for kind in summary.counts for key in ("created", "updated", "linked"))


def items(h: Harness, run_id: int | None) -> list[Any]:
    assert run_id is not None
    with h.store.session() as s:
        return runs.run_items(s, run_id)


# --- 1. a recorded conflict is overwritten by the next sync -------------------------------------------------------


def test_defect1_a_recorded_conflict_holds_until_the_user_decides_and_then_applies_once(harness: Harness) -> None:
    h = harness
    assert h.sync().status == "ok"
    account_id = company_links(h)[AKERLUNDS]
    h.conns.upsales.update_account(account_id, upsales_wire.account_payload(phone="0221-111 11"))
    h.conns.fortnox.update_customer(AKERLUNDS, {"Phone1": "0221-222 22"})

    detected = h.sync()
    assert detected.status == "ok" and phones(h, AKERLUNDS) == ("0221-111 11", "0221-222 22")  # nothing written
    [conflict] = [c for c in all_conflicts(h) if c.field == "phone" and c.status is ConflictStatus.OPEN]
    assert (conflict.upsales_value, conflict.fortnox_value) == ("0221-111 11", "0221-222 22")

    again = h.sync()  # nothing touched: the conflict holds, in both directions
    assert phones(h, AKERLUNDS) == ("0221-111 11", "0221-222 22")
    assert written(again) == 0
    with h.store.session() as s:
        assert s.get(Conflict, conflict.id).status is ConflictStatus.OPEN

    h.conns.upsales.update_account(account_id, upsales_wire.account_payload(phone="0221-444 44"))
    edited = h.sync()  # one side edited again while the conflict is open: still frozen, the values refreshed
    assert phones(h, AKERLUNDS) == ("0221-444 44", "0221-222 22") and written(edited) == 0
    with h.store.session() as s:
        refreshed = s.get(Conflict, conflict.id)
        assert (refreshed.status, refreshed.upsales_value) == (ConflictStatus.OPEN, "0221-444 44")

    decisions.resolve_conflicts(h.store, PROFILE, [conflict.id], Side.FORTNOX)  # "Använd Fortnox"
    h.conns.fortnox.update_customer(AKERLUNDS, {"Phone1": "0221-333 33"})  # and Fortnox moves on meanwhile
    applied = h.sync()
    assert phones(h, AKERLUNDS) == ("0221-333 33", "0221-333 33")  # the winner's value as it is now
    with h.store.session() as s:
        assert s.get(Conflict, conflict.id).applied_at is not None
    [audit] = [i for i in items(h, applied.run_id) if i.error_key == ReasonKey.RESOLUTION_APPLIED]
    assert (audit.action, audit.before, audit.after) == (Action.UPDATE, {"phone": "0221-444 44"},
                                                         {"phone": "0221-333 33"})  # what was really replaced

    assert written(h.sync()) == 0  # applied once: nothing left to do


def test_defect1_first_link_differences_are_conflicts_that_a_later_sync_never_overwrites(harness: Harness) -> None:
    h = harness
    first = h.sync()
    opened = [c for c in all_conflicts(h) if c.status is ConflictStatus.OPEN]
    assert first.conflicts == len(opened) >= 3  # Mälardalens, Bergström, Öhmans: names and fields that differ
    with h.store.session() as s:
        pairs = {c.id: links.get_link(s, c.link_id) for c in opened}
    before = {c.id: (c.upsales_value, c.fortnox_value) for c in opened}
    assert written(h.sync()) == 0 and written(h.sync()) == 0
    for c in opened:
        link = pairs[c.id]
        assert link is not None
        up = cmap.from_account(h.conns.upsales.get_account(int(link.upsales_id)), _fields(h))[c.field]
        fx = cmap.from_customer(h.conns.fortnox.get_customer(link.fortnox_id))[c.field]
        assert (up, fx) == before[c.id]  # neither side overwritten


def _fields(h: Harness) -> Any:
    from fortsync_gui.engine.context import load_field_ids

    return load_field_ids(h.conns, create=False)


# --- 2. the preview under-reports ----------------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["invoice", "order", "order_offer"])
def test_defect2_the_preview_is_the_run(make_harness: Any, module: str) -> None:
    h: Harness = make_harness(module=module)
    preview = h.sync(dry_run=True)
    real = h.sync()
    assert preview.status == real.status == "ok", (preview, real)
    assert preview.counts == real.counts  # every kind: created, updated, linked, skipped, failed
    assert preview.conflicts == real.conflicts > 0
    assert preview.pending_matches == real.pending_matches
    assert plan_signature(h.store, preview.run_id) == plan_signature(h.store, real.run_id)
    second_preview = h.sync(dry_run=True)
    assert written(second_preview) == 0 and written(h.sync()) == 0


# --- 3. send_won_since depends on how complete the settings are ------------------------------------------------------


def test_defect3_send_won_since_is_one_rule_however_complete_the_settings_file(make_harness: Any) -> None:
    h: Harness = make_harness()
    complete = h.settings()  # every choice set, as a complete TOML file has them
    with h.store.session() as s:
        profiles.delete_profile(s, PROFILE)

    def from_file(current: Any) -> Any:
        return replace(current, module=complete.module, won_stage_id=complete.won_stage_id,
                       lost_stage_id=complete.lost_stage_id, fallback_user_id=complete.fallback_user_id,
                       price_list=complete.price_list)

    summary = session.run(h.store, PROFILE, connections=h.conns, configure=from_file)
    assert summary.status == "ok", summary
    assert h.settings().send_won_since == date.today()  # the day the profile was made, not "everything"
    assert summary.to_json()["send_won_since"] == date.today().isoformat()
    reasons = {i.error_key for i in items(h, summary.run_id) if i.kind is EntityKind.INVOICE}
    assert ReasonKey.WON_BEFORE_CUTOFF in reasons and summary.count("invoice", "created") >= 1  # imports still come
    assert not any(d.stamp for d in h.conns.fortnox.iter_documents("invoice") if (d.stamp or "").startswith("upsales:"))


def test_defect3_old_open_offers_are_not_sent_and_create_no_customer(make_harness: Any) -> None:
    h: Harness = make_harness(module="order_offer", send_won_since=date.today() + timedelta(days=1))
    customers = len(h.conns.fortnox.customer_numbers())
    summary = h.sync()
    assert summary.status == "ok", summary
    reasons = Counter(i.error_key for i in items(h, summary.run_id) if i.kind is EntityKind.OFFER)
    assert reasons[ReasonKey.OFFER_BEFORE_CUTOFF] >= 1
    assert len(h.conns.fortnox.customer_numbers()) == customers  # no customer made for an old offer
    assert not [s for kind in ("order", "offer") for d in h.conns.fortnox.iter_documents(kind)  # type: ignore[arg-type]
                if (s := dmap.deal_of_stamp(d.stamp)) is not None]


# --- 4. settings are not checked before writing, headless -----------------------------------------------------------


def world(h: Harness) -> tuple[int, ...]:
    fx, up = h.conns.fortnox, h.conns.upsales
    return (len(fx.customer_numbers()), len(up.account_ids()), len(list(up.iter_orders())),
            len(list(up.iter_products())), len(list(fx.iter_documents("invoice"))),
            len(up.list_custom_fields("account")), len(up.list_custom_fields("order")))


@pytest.mark.parametrize("change, setting", [
    ({"won_stage_id": 99999}, "won_stage_id"),
    ({"fallback_user_id": 99999}, "fallback_user_id"),  # a user deleted in Upsales
    ({"lost_stage_id": 99999}, "lost_stage_id"),
])
def test_defect4_settings_are_checked_before_anything_is_written(harness: Harness, change: dict[str, Any],
                                                                 setting: str) -> None:
    h = harness
    h.configure(**change)
    before = world(h)
    summary = h.sync()
    assert (summary.status, summary.message_key) == ("failed", MessageKey.SETTINGS_INVALID)
    assert summary.message_args["setting"] == setting
    assert world(h) == before and company_links(h) == {}  # nothing written, nothing linked
    preview = h.sync(dry_run=True)
    assert preview.message_key == MessageKey.SETTINGS_INVALID  # the preview says the same


def test_defect4_a_deleted_price_list_stops_before_anything_is_written(harness: Harness) -> None:
    harness.configure(price_list="ZZ")
    before = world(harness)
    summary = harness.sync()
    assert (summary.status, summary.message_key) == ("failed", MessageKey.PRICE_LIST_MISSING)
    assert world(harness) == before


# --- 5. the "match existing data" choice is stored and never read ---------------------------------------------------


def test_defect5_matching_off_creates_suggested_customers_exact_org_numbers_still_link(make_harness: Any) -> None:
    on: Harness = make_harness()
    held = on.sync()
    assert held.pending_matches >= 1
    waiting = {m["fortnox_id"] for m in held.suggestions}
    assert not waiting & set(company_links(on))

    off: Harness = make_harness(match_existing=False)
    summary = off.sync()
    assert summary.status == "ok" and summary.pending_matches == 0 and summary.suggestions == []
    linked = company_links(off)
    assert waiting <= set(linked)  # created as companies of their own
    assert summary.count("company", "linked") == held.count("company", "linked") >= 1  # exact links either way
