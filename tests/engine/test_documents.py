"""Invoices, orders and offers against the sandbox: R11 import per module, R12 cancellations, R13 users both ways,
R10 won deals and offers, R14 SKIP_SYNC, and the hard requirement: one Fortnox document per won deal however often
a run is interrupted or retried (lost answers, intents left behind, lost write-backs)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from fortsync_gui.clients import upsales_wire
from fortsync_gui.domain.fortnox import Document
from fortsync_gui.domain.upsales import Order, OrderRow
from fortsync_gui.engine.context import custom_value
from fortsync_gui.engine.plan.documents_rules import (
    CUSTOMER_WAITING,
    EXCLUDED_STAGE,
    SKIP_SYNC,
    WON_BEFORE_CUTOFF,
)
from fortsync_gui.sandbox.faults import Fault, FaultKind
from fortsync_gui.store import (
    Action,
    EntityKind,
    MatchStatus,
    Outcome,
    Side,
    cursors,
    intents,
    links,
    matches,
    runs,
)

from .conftest import Harness, Recorder

INVOICE, ORDER, OFFER, PRODUCT = EntityKind.INVOICE, EntityKind.ORDER, EntityKind.OFFER, EntityKind.PRODUCT
ALIAS = {INVOICE: "FORTNOX_ID", ORDER: "FORTNOX_ORDER_ID", OFFER: "FORTNOX_OFFER_ID"}
DOC_KINDS = ("invoice", "order", "offer")
SELLER = 2  # Erik Sjöberg, whose name is also a Fortnox "Vår referens"
EXCLUDED_STAGE_ID = 14  # "Order (ej Fortnox)"


# --- helpers -----------------------------------------------------------------------------------------------------


def field_id(h: Harness, alias: str) -> int:
    found = h.conns.upsales.find_custom_field("order", alias)
    assert found is not None, alias
    return found.id


def number_on(h: Harness, deal_id: int, kind: EntityKind) -> str | None:
    return custom_value(h.conns.upsales.get_order(deal_id).custom, field_id(h, ALIAS[kind]))


def doc_links(h: Harness, kind: EntityKind) -> dict[str, str]:
    """Fortnox document number -> Upsales deal id."""
    with h.store.session() as s:
        return {link.fortnox_id: link.upsales_id for link in links.links_of_kind(s, 1, kind)}


def linked_products(h: Harness) -> dict[int, str]:
    with h.store.session() as s:
        return {int(link.upsales_id): link.fortnox_id for link in links.links_of_kind(s, 1, PRODUCT)}


def stamped(h: Harness, kind: str, deal_id: int) -> list[Document]:
    return h.conns.fortnox.find_documents_by_stamp(kind, f"upsales:{deal_id}")  # type: ignore[arg-type]


def all_stamps(h: Harness) -> list[str]:
    fx = h.conns.fortnox
    out = [d.stamp or "" for kind in ("invoice", "order") for d in fx.iter_documents(kind)]
    out += [fx.get_offer(d.document_number).stamp or "" for d in fx.iter_documents("offer")]
    return [s for s in out if s.startswith("upsales:")]


def unlinked_product(h: Harness) -> int:
    """An Upsales product without a Fortnox article (the seed's "Montering")."""
    linked = linked_products(h)
    for product in h.conns.upsales.iter_products():
        if product.id not in linked and product.active:
            return product.id
    return h.conns.upsales.create_product(upsales_wire.product_payload(
        name="Montering", list_price=650, active=True)).id


def new_deal(h: Harness, *, client: int = 1, stage: int | None = None, probability: int = 100,
             user: int = SELLER, custom: dict[int, str] | None = None, description: str = "Nya stolar") -> Order:
    settings = h.settings()
    article_product = next(iter(linked_products(h)))
    rows = [OrderRow(None, article_product, Decimal(4), Decimal(2795), Decimal(2995), sort_id=0),
            OrderRow(None, unlinked_product(h), Decimal(2), Decimal(650), sort_id=1)]
    return h.conns.upsales.create_order(upsales_wire.order_payload(
        description=description, date=date(2026, 10, 20), user_id=user, client_id=client,
        stage_id=stage or settings.won_stage_id, probability=probability, rows=rows,
        custom=custom if custom is not None else upsales_wire.UNSET))


def doc_counts(summary: object, kinds: tuple[str, ...] = DOC_KINDS) -> dict[str, dict[str, int]]:
    counts = getattr(summary, "counts", {})
    return {k: {n: counts.get(k, {}).get(n, 0) for n in ("created", "updated", "linked")} for k in kinds}


def nothing_written(summary: object) -> bool:
    return all(not any(v.values()) for v in doc_counts(summary).values())


# --- R11 / R12: the first import and the second run --------------------------------------------------------------


@pytest.mark.parametrize("module", ["invoice", "order", "order_offer"])
def test_r11_first_sync_imports_the_module_documents_second_sync_writes_nothing(make_harness, module: str) -> None:
    h: Harness = make_harness(module=module)
    recorder = Recorder()
    first = h.sync(observer=recorder)
    assert first.status == "ok", first
    fx = h.conns.fortnox
    kinds = {"invoice": (INVOICE,), "order": (ORDER,), "order_offer": (OFFER, ORDER)}[module]
    for kind in kinds:
        numbers = {d.document_number for d in fx.iter_documents(kind.value)}  # type: ignore[arg-type]
        linked = doc_links(h, kind)
        waiting = {i.fortnox_id for i in recorder.items
                   if i.kind is kind and i.action is Action.SKIP and i.error_key == CUSTOMER_WAITING}
        assert set(linked) | waiting == numbers  # every document is in Upsales, or waits for its customer
        for number, deal_id in list(linked.items())[:4]:
            assert number_on(h, int(deal_id), kind) == number
    # Kinds outside the module are left alone.
    for kind in {INVOICE, ORDER, OFFER} - set(kinds):
        assert doc_links(h, kind) == {}
        assert first.count(kind.value, "created") == 0
    if module == "order_offer":  # the four orders made from offers won their offers' deals: no second deal
        assert first.count("order", "updated") == 4
        both = set(doc_links(h, ORDER).values()) & set(doc_links(h, OFFER).values())
        assert len(both) >= 4
    second = h.sync()
    assert second.status == "ok", second
    assert nothing_written(second), second.counts


def test_r12_cancelled_documents_import_in_the_lost_stage(harness: Harness) -> None:
    harness.sync()
    settings = harness.settings()
    linked = doc_links(harness, INVOICE)
    cancelled = [d.document_number for d in harness.conns.fortnox.iter_documents("invoice", filter="cancelled")]
    assert len(cancelled) == 3
    imported = [n for n in cancelled if n in linked]  # one customer waits for a duplicate decision
    assert len(imported) >= 2
    for number in imported:
        deal = harness.conns.upsales.get_order(int(linked[number]))
        assert deal.stage_id == settings.lost_stage_id and deal.probability == 0
    live = next(n for n in linked if n not in cancelled)
    deal = harness.conns.upsales.get_order(int(linked[live]))
    assert deal.stage_id == settings.won_stage_id and deal.probability == 100


def test_r12_cancelled_invoice_moves_order_to_lost(harness: Harness) -> None:
    harness.sync()
    fx = harness.conns.fortnox
    number = fx.create_invoice({"CustomerNumber": "1003", "InvoiceRows": [
        {"ArticleNumber": "STOL-101", "DeliveredQuantity": "2"}]}).document_number
    harness.sync()
    deal_id = int(doc_links(harness, INVOICE)[number])
    assert harness.conns.upsales.get_order(deal_id).probability == 100
    fx.cancel_invoice(number)
    summary = harness.sync()
    assert summary.count("invoice", "updated") == 1 and summary.count("invoice", "created") == 0
    deal = harness.conns.upsales.get_order(deal_id)
    assert deal.stage_id == harness.settings().lost_stage_id and deal.probability == 0
    assert nothing_written(harness.sync())


def test_r12_cancelled_order_moves_order_to_lost(make_harness) -> None:
    h: Harness = make_harness(module="order")
    h.sync()
    number = h.conns.fortnox.create_order({"CustomerNumber": "1004", "OrderRows": [
        {"ArticleNumber": "BORD-201", "OrderedQuantity": "1"}]}).document_number
    h.sync()
    h.conns.fortnox.cancel_order(number)
    h.sync()
    deal = h.conns.upsales.get_order(int(doc_links(h, ORDER)[number]))
    assert deal.stage_id == h.settings().lost_stage_id and deal.probability == 0


def test_r11_document_changed_in_fortnox_updates_its_deal(harness: Harness) -> None:
    harness.sync()
    fx = harness.conns.fortnox
    invoice = fx.create_invoice({"CustomerNumber": "1003", "InvoiceDate": "2026-10-01", "InvoiceRows": [
        {"ArticleNumber": "STOL-101", "DeliveredQuantity": "2", "Price": 2995}]})
    harness.sync()
    deal_id = int(doc_links(harness, INVOICE)[invoice.document_number])
    fx.update_invoice(invoice.document_number, {"InvoiceDate": "2026-10-05", "InvoiceRows": [
        {"ArticleNumber": "STOL-101", "DeliveredQuantity": "3", "Price": 2995, "Discount": 10,
         "DiscountType": "PERCENT"}]})
    summary = harness.sync()
    assert summary.count("invoice", "updated") == 1
    deal = harness.conns.upsales.get_order(deal_id)
    assert deal.date == date(2026, 10, 5)
    (row,) = deal.rows
    assert row.quantity == 3 and row.list_price == 2995 and row.price == Decimal("2695.50")
    assert nothing_written(harness.sync())


def test_r11_row_without_article_goes_to_the_notes(harness: Harness) -> None:
    harness.sync()
    number = harness.conns.fortnox.create_invoice({"CustomerNumber": "1003", "InvoiceRows": [
        {"ArticleNumber": "TJ-701", "DeliveredQuantity": "2"},
        {"Description": "Parkeringsavgift", "DeliveredQuantity": "1", "Price": 120}]}).document_number
    harness.sync()
    deal = harness.conns.upsales.get_order(int(doc_links(harness, INVOICE)[number]))
    assert len(deal.rows) == 1
    assert "Parkeringsavgift: 1 × 120" in (deal.notes or "")


def test_r11_document_waiting_for_its_customer_is_imported_once_decided(harness: Harness) -> None:
    recorder = Recorder()
    harness.sync(observer=recorder)
    waiting = {i.fortnox_id for i in recorder.items if i.error_key == CUSTOMER_WAITING}
    assert waiting
    with harness.store.session() as s:  # the cursor moved on; the waiting documents are queued by number
        assert cursors.get_cursor(s, 1, INVOICE, Side.FORTNOX) is not None
        assert {f"fortnox:{n}" for n in waiting} <= set(intents.pending(s, 1, INVOICE))
        for match in matches.list_matches(s, 1, MatchStatus.SUGGESTED):
            matches.reject_match(s, match.id)  # the user: not the same company
    summary = harness.sync()
    assert summary.count("invoice", "created") == len(waiting)
    assert waiting <= set(doc_links(harness, INVOICE))
    with harness.store.session() as s:
        assert intents.pending(s, 1, INVOICE) == {}  # the queue is empty once everything is imported
    assert nothing_written(harness.sync())


def test_r11_changed_rows_keep_the_deal_rows_without_article(harness: Harness) -> None:
    harness.sync()
    deal = new_deal(harness)
    harness.sync()
    (invoice,) = stamped(harness, "invoice", deal.id)
    article = harness.conns.fortnox.get_invoice(invoice.document_number).rows[0].article_number
    harness.conns.fortnox.update_invoice(invoice.document_number, {"InvoiceRows": [
        {"ArticleNumber": article, "DeliveredQuantity": "6", "Price": 2995},
        {"Description": "Montering", "DeliveredQuantity": "2", "Price": 650}]})
    assert harness.sync().count("invoice", "updated") == 1
    rows = sorted(harness.conns.upsales.get_order(deal.id).rows, key=lambda r: r.sort_id)
    assert [(r.product_id, r.quantity) for r in rows] == [(deal.rows[0].product_id, 6), (deal.rows[1].product_id, 2)]


# --- R13 ---------------------------------------------------------------------------------------------------------


def test_r13_our_reference_maps_to_user_or_fallback(harness: Harness) -> None:
    harness.configure(fallback_user_id=5)  # Per Hägglund, so a fallback is told apart from a match
    harness.sync()
    fx, up = harness.conns.fortnox, harness.conns.upsales
    expected = {"Erik Sjöberg": 2, "Maria Åkesson": 3, "Johan Öberg": 4, "Lena Björklund": 6,
                "Anna-Karin Lund": 5, "Johan Oberg": 5, "Kalle Nilsson": 5, "": 5}
    seen: set[str] = set()
    for number, deal_id in doc_links(harness, INVOICE).items():
        reference = fx.get_invoice(number).our_reference or ""
        if reference in expected and reference not in seen:
            seen.add(reference)
            assert up.get_order(int(deal_id)).user_id == expected[reference], reference
    assert {"Erik Sjöberg", "Anna-Karin Lund", "Johan Oberg", ""} <= seen
    # The other direction: the deal's user's name becomes "Vår referens".
    deal = new_deal(harness, user=3)
    harness.sync()
    (invoice,) = stamped(harness, "invoice", deal.id)
    assert fx.get_invoice(invoice.document_number).our_reference == "Maria Åkesson"


# --- R10 ---------------------------------------------------------------------------------------------------------


def test_r10_won_deal_creates_one_invoice(harness: Harness) -> None:
    first = harness.sync()
    # The seed's won deal (company 1, R6) went to Fortnox on the first run.
    (seeded,) = stamped(harness, "invoice", 1)
    assert number_on(harness, 1, INVOICE) == seeded.document_number
    assert first.count("invoice", "created") >= 1
    deal = new_deal(harness)
    summary = harness.sync()
    assert summary.count("invoice", "created") == 1, summary.counts
    (invoice,) = stamped(harness, "invoice", deal.id)
    full = harness.conns.fortnox.get_invoice(invoice.document_number)
    assert full.customer_number == "1003" and full.our_reference == "Erik Sjöberg"
    article_row, free_row = full.rows
    assert article_row.article_number == linked_products(harness)[deal.rows[0].product_id]
    assert article_row.quantity == 4 and article_row.price == 2995 and article_row.total == Decimal(4 * 2795)
    assert free_row.article_number is None and free_row.quantity == 2 and free_row.total == 1300
    assert number_on(harness, deal.id, INVOICE) == invoice.document_number
    assert doc_links(harness, INVOICE)[invoice.document_number] == str(deal.id)
    assert nothing_written(harness.sync())
    assert len(stamped(harness, "invoice", deal.id)) == 1


def test_r10_won_deal_creates_one_order_in_module_order(make_harness) -> None:
    h: Harness = make_harness(module="order")
    h.sync()
    deal = new_deal(h)
    assert h.sync().count("order", "created") == 1
    (order,) = stamped(h, "order", deal.id)
    assert number_on(h, deal.id, ORDER) == order.document_number
    assert stamped(h, "invoice", deal.id) == []


def test_r6_r10_deal_on_a_company_without_customer_creates_both(harness: Harness) -> None:
    harness.sync()
    company = harness.conns.upsales.create_account(upsales_wire.account_payload(name="Ny Kund i Arboga AB"))
    deal = new_deal(harness, client=company.id)
    summary = harness.sync()
    assert summary.count("company", "created") >= 1 and summary.count("invoice", "created") == 1
    (invoice,) = stamped(harness, "invoice", deal.id)
    customer = harness.conns.fortnox.get_customer(invoice.customer_number or "")
    assert customer.name == "Ny Kund i Arboga AB"


def test_r10_excluded_stage_and_r14_skip_sync_never_sent(harness: Harness) -> None:
    recorder = Recorder()
    harness.sync()
    skip = field_id(harness, "SKIP_SYNC")
    flagged = new_deal(harness, custom={skip: "1"}, description="Får ej synkas")
    excluded = new_deal(harness, stage=EXCLUDED_STAGE_ID, description="Order (ej Fortnox)")
    harness.sync(observer=recorder)
    harness.sync()
    for deal_id in (flagged.id, excluded.id, 5):  # 5: the seed's won deal in the excluded stage
        assert stamped(harness, "invoice", deal_id) == []
        assert number_on(harness, deal_id, INVOICE) is None
    reasons = {(i.upsales_id, i.error_key) for i in recorder.items if i.action is Action.SKIP}
    assert (str(flagged.id), SKIP_SYNC) in reasons and (str(excluded.id), EXCLUDED_STAGE) in reasons
    # Unticked, the deal goes.
    harness.conns.upsales.update_order(flagged.id, upsales_wire.order_payload(custom={skip: "0"}))
    harness.sync()
    assert len(stamped(harness, "invoice", flagged.id)) == 1


def test_r14_skip_sync_true_text_never_sent(harness: Harness) -> None:
    harness.sync()
    deal = new_deal(harness, custom={field_id(harness, "SKIP_SYNC"): "true"})
    harness.sync()
    assert stamped(harness, "invoice", deal.id) == []


def test_r10_order_offer_offer_stage_creates_offer_then_won_creates_order_from_it(make_harness) -> None:
    h: Harness = make_harness(module="order_offer")
    first = h.sync()
    assert first.status == "ok"
    (seeded_offer,) = stamped(h, "offer", 2)  # the seed's deal in the offer stage (company 5, created by R6)
    assert number_on(h, 2, OFFER) == seeded_offer.document_number
    settings = h.settings()
    deal = new_deal(h, stage=settings.offer_stage_id, probability=50)
    assert h.sync().count("offer", "created") == 1
    (offer,) = stamped(h, "offer", deal.id)
    assert offer.your_reference_number == f"upsales:{deal.id}" and offer.our_reference == "Erik Sjöberg"
    assert number_on(h, deal.id, OFFER) == offer.document_number
    assert stamped(h, "order", deal.id) == []
    h.conns.upsales.update_order(deal.id, upsales_wire.order_payload(stage_id=settings.won_stage_id,
                                                                      probability=100))
    summary = h.sync()
    assert summary.count("order", "created") == 1
    order_number = h.conns.fortnox.get_offer(offer.document_number).order_reference
    assert order_number is not None
    assert h.conns.fortnox.get_order(order_number).offer_reference == offer.document_number
    assert number_on(h, deal.id, ORDER) == order_number and number_on(h, deal.id, OFFER) == offer.document_number
    assert nothing_written(h.sync())
    orders_of_offer = [d for d in h.conns.fortnox.iter_documents("order")
                       if h.conns.fortnox.get_order(d.document_number).offer_reference == offer.document_number]
    assert len(orders_of_offer) == 1


def test_r11_order_made_in_fortnox_from_a_linked_offer_wins_its_deal(make_harness) -> None:
    h: Harness = make_harness(module="order_offer")
    h.sync()
    settings = h.settings()
    deal = new_deal(h, stage=settings.offer_stage_id, probability=50)
    h.sync()
    (offer,) = stamped(h, "offer", deal.id)
    order = h.conns.fortnox.create_order_from_offer(offer.document_number)
    summary = h.sync()
    assert summary.count("order", "updated") == 1 and summary.count("order", "created") == 0
    won = h.conns.upsales.get_order(deal.id)
    assert won.stage_id == settings.won_stage_id and won.probability == 100
    assert number_on(h, deal.id, ORDER) == order.document_number
    assert nothing_written(h.sync())


# --- idempotency: one document per deal, whatever happens --------------------------------------------------------


def test_idempotent_document_after_uncertain_write(harness: Harness) -> None:
    harness.sync()
    deal = new_deal(harness)
    harness.sandbox.fortnox.faults.add(Fault(FaultKind.DROP_AFTER, method="POST", path=r"^/3/invoices$"))
    summary = harness.sync()
    assert harness.sandbox.fortnox.faults.pending() == 0  # the fault fired
    assert summary.status == "ok", summary
    (invoice,) = stamped(harness, "invoice", deal.id)
    assert number_on(harness, deal.id, INVOICE) == invoice.document_number
    harness.sync()
    assert len(stamped(harness, "invoice", deal.id)) == 1


def test_idempotent_document_after_a_post_that_never_arrived(harness: Harness) -> None:
    harness.sync()
    deal = new_deal(harness)
    harness.sandbox.fortnox.faults.add(Fault(FaultKind.DROP_BEFORE, method="POST", path=r"^/3/invoices$"))
    failed = harness.sync()
    assert failed.status == "failed" and stamped(harness, "invoice", deal.id) == []
    with harness.store.session() as s:
        assert f"upsales:{deal.id}" in intents.pending(s, 1, INVOICE)
    checking = harness.sync()  # the answer was lost: it may have landed; looked up, not created again yet
    assert checking.uncertain_writes == 1 and stamped(harness, "invoice", deal.id) == []
    later = datetime.now(UTC) + timedelta(minutes=11)  # past the settle time: nothing found means it never landed
    assert harness.sync(clock=lambda: later).status == "ok"
    assert len(stamped(harness, "invoice", deal.id)) == 1
    with harness.store.session() as s:
        assert f"upsales:{deal.id}" not in intents.pending(s, 1, INVOICE)


def test_idempotent_document_when_an_intent_was_left_behind(harness: Harness) -> None:
    """A run died between the POST and the link: the invoice exists, nothing in the store knows it."""
    harness.sync()
    deal = new_deal(harness)
    made = harness.conns.fortnox.create_invoice({"CustomerNumber": "1003", "ExternalInvoiceReference1":
                                                 f"upsales:{deal.id}", "InvoiceRows": [
                                                     {"ArticleNumber": "STOL-101", "DeliveredQuantity": "4"}]})
    with harness.store.session() as s:
        intents.begin(s, 1, INVOICE, Side.FORTNOX, f"upsales:{deal.id}")
    summary = harness.sync()
    assert summary.count("invoice", "created") == 0 and summary.count("invoice", "linked") == 1
    assert [d.document_number for d in stamped(harness, "invoice", deal.id)] == [made.document_number]
    assert number_on(harness, deal.id, INVOICE) == made.document_number
    with harness.store.session() as s:
        assert f"upsales:{deal.id}" not in intents.pending(s, 1, INVOICE)


def test_intent_of_a_create_that_never_happened_is_dropped_when_the_deal_moved_on(harness: Harness) -> None:
    harness.sync()
    deal = new_deal(harness)
    with harness.store.session() as s:
        intents.begin(s, 1, INVOICE, Side.FORTNOX, f"upsales:{deal.id}")
    harness.conns.upsales.update_order(deal.id, upsales_wire.order_payload(
        stage_id=harness.settings().lost_stage_id, probability=0))  # lost before the next run
    assert harness.sync().status == "ok"
    assert stamped(harness, "invoice", deal.id) == []
    with harness.store.session() as s:
        assert f"upsales:{deal.id}" not in intents.pending(s, 1, INVOICE)


def test_idempotent_document_lost_write_back_is_repaired(harness: Harness) -> None:
    harness.sync()
    deal = new_deal(harness)
    harness.sync()
    (invoice,) = stamped(harness, "invoice", deal.id)
    fid = field_id(harness, "FORTNOX_ID")
    harness.conns.upsales.update_order(deal.id, upsales_wire.order_payload(custom={fid: ""}))  # the write-back lost
    summary = harness.sync()
    assert summary.count("invoice", "created") == 0
    assert number_on(harness, deal.id, INVOICE) == invoice.document_number
    assert len(stamped(harness, "invoice", deal.id)) == 1


def test_idempotent_createorder_after_uncertain_write(make_harness) -> None:
    h: Harness = make_harness(module="order_offer")
    h.sync()
    settings = h.settings()
    deal = new_deal(h, stage=settings.offer_stage_id, probability=50)
    h.sync()
    (offer,) = stamped(h, "offer", deal.id)
    h.conns.upsales.update_order(deal.id, upsales_wire.order_payload(stage_id=settings.won_stage_id,
                                                                      probability=100))
    h.sandbox.fortnox.faults.add(Fault(FaultKind.DROP_AFTER, method="PUT", path=r"/createorder$"))
    assert h.sync().status == "ok"
    order_number = h.conns.fortnox.get_offer(offer.document_number).order_reference
    assert order_number is not None and number_on(h, deal.id, ORDER) == order_number
    assert doc_links(h, ORDER)[order_number] == str(deal.id)
    h.sync()
    orders_of_offer = [d for d in h.conns.fortnox.iter_documents("order")
                       if h.conns.fortnox.get_order(d.document_number).offer_reference == offer.document_number]
    assert len(orders_of_offer) == 1


def test_idempotent_import_after_lost_upsales_answer(harness: Harness) -> None:
    harness.sync()
    number = harness.conns.fortnox.create_invoice({"CustomerNumber": "1004", "InvoiceRows": [
        {"ArticleNumber": "BORD-201", "DeliveredQuantity": "1"}]}).document_number
    harness.sandbox.upsales.faults.add(Fault(FaultKind.DROP_AFTER, method="POST", path=r"/orders$"))
    assert harness.sync().status == "ok"
    harness.sync()
    fid = field_id(harness, "FORTNOX_ID")
    carrying = list(harness.conns.upsales.iter_orders(custom=f"eq:{fid}:{number}"))
    assert len(carrying) == 1 and doc_links(harness, INVOICE)[number] == str(carrying[0].id)


def test_no_document_stamped_twice_after_many_runs(make_harness) -> None:
    h: Harness = make_harness(module="order_offer")
    h.sync()
    settings = h.settings()
    for stage, probability in ((settings.won_stage_id, 100), (settings.offer_stage_id, 50)):
        new_deal(h, stage=stage, probability=probability)
    h.sync()
    h.sync()
    stamps = all_stamps(h)
    assert stamps and len(stamps) == len(set(stamps))


# --- dry run -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["invoice", "order_offer"])
def test_dry_run_writes_nothing_and_counts_like_a_real_run(make_harness, module: str) -> None:
    h: Harness = make_harness(module=module)
    fx = h.conns.fortnox
    before = {k: len(list(fx.iter_documents(k))) for k in DOC_KINDS}  # type: ignore[arg-type]
    deals_before = len(list(h.conns.upsales.iter_orders()))
    recorder = Recorder()
    plan = h.sync(dry_run=True, observer=recorder)
    assert plan.status == "ok", plan
    assert {k: len(list(fx.iter_documents(k))) for k in DOC_KINDS} == before  # type: ignore[arg-type]
    assert len(list(h.conns.upsales.iter_orders())) == deals_before
    for kind in (INVOICE, ORDER, OFFER):
        assert doc_links(h, kind) == {}
    assert all(i.outcome in (Outcome.PLANNED, Outcome.SKIPPED) for i in recorder.items)
    real = h.sync()
    assert doc_counts(plan) == doc_counts(real)


def test_r10_deals_won_before_the_cutoff_day_are_not_sent(make_harness) -> None:
    """A new profile sends the deals won from the day it was set up: earlier sales were invoiced by hand."""
    h: Harness = make_harness(send_won_since=None)  # a new profile: send_won_since = today
    assert h.settings().send_won_since == date.today()
    first = h.sync()
    assert stamped(h, "invoice", 1) == []  # the seed's deal won on 2026-10-11
    assert number_on(h, 1, INVOICE) is None
    with h.store.session() as s:
        reasons = {item.error_key for item in runs.run_items(s, first.run_id) if item.upsales_id == "1"}
    assert WON_BEFORE_CUTOFF in reasons
    deal = h.conns.upsales.create_order(upsales_wire.order_payload(
        description="Vunnen i dag", date=date.today(), close_date=date.today(), user_id=SELLER, client_id=1,
        stage_id=h.settings().won_stage_id, probability=100,
        rows=[OrderRow(None, next(iter(linked_products(h))), Decimal(1), Decimal(2995), sort_id=0)]))
    assert h.sync().count("invoice", "created") == 1
    assert len(stamped(h, "invoice", deal.id)) == 1 and stamped(h, "invoice", 1) == []
