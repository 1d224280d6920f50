"""Pure planning for invoices, orders and offers (R10-R14) and their field map: no I/O."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from fortsync_gui.domain.fortnox import Document, DocumentRow
from fortsync_gui.domain.upsales import Order, OrderRow, User
from fortsync_gui.domain.users import match_user
from fortsync_gui.engine import document_map as dmap
from fortsync_gui.engine.plan.documents_rules import (
    CREDIT_INVOICE,
    CUSTOMER_NOT_LINKED,
    CUSTOMER_WAITING,
    EXCLUDED_STAGE,
    NO_ROWS,
    OFFER_BEFORE_CUTOFF,
    OTHER_DOCUMENT,
    SKIP_SYNC,
    STAMP_DEAL_MISSING,
    STAMP_TAKEN,
    WON_BEFORE_CUTOFF,
    DocAction,
    DocFacts,
    Stage,
    before_cutoff,
    module_kinds,
    plan_deal,
    plan_document,
    stage_for,
    won_kind,
)
from fortsync_gui.engine.plan.model import Compact, Ref
from fortsync_gui.store import EntityKind, Module

INVOICE, ORDER, OFFER = EntityKind.INVOICE, EntityKind.ORDER, EntityKind.OFFER
WON, OFFER_STAGE, LOST, QUALIFY, NEGOTIATE, NOT_FORTNOX, DELIVERED = 12, 10, 7, 9, 11, 14, 15
STAGES = {s.id: s for s in (Stage(QUALIFY, 10), Stage(OFFER_STAGE, 50), Stage(NEGOTIATE, 75), Stage(WON, 100),
                            Stage(LOST, 0), Stage(NOT_FORTNOX, 100, exclude=True), Stage(DELIVERED, 100))}


def deal_plan(module: str = "invoice", stage: int | None = WON, probability: int = 100, *, skip: bool = False,
              **numbers: str) -> Any:
    return plan_deal(module=Module(module), stage_id=stage, probability=probability, won_stage_id=WON,
                     offer_stage_id=OFFER_STAGE, stages=STAGES, skip_sync=skip,
                     numbers={EntityKind(k): v for k, v in numbers.items()})


# --- R3: the module decides the kinds ----------------------------------------------------------------------------


def test_r3_module_decides_the_document_kinds() -> None:
    assert module_kinds("invoice") == (INVOICE,)
    assert module_kinds("order") == (ORDER,)
    assert module_kinds("order_offer") == (OFFER, ORDER)  # offers first: orders made from them find their deal
    assert won_kind("invoice") is INVOICE and won_kind("order") is ORDER and won_kind("order_offer") is ORDER


# --- R10 / R14: which deal goes to Fortnox -----------------------------------------------------------------------


def test_r10_won_deal_creates_one_invoice_or_order_per_module() -> None:
    assert deal_plan("invoice").kind is INVOICE and deal_plan("invoice").send
    assert deal_plan("order").kind is ORDER
    assert deal_plan("order_offer").kind is ORDER


def test_r10_won_means_the_won_stage_or_100_percent_in_an_included_stage() -> None:
    assert deal_plan(stage=WON, probability=90).kind is INVOICE  # the won stage, whatever the probability says
    assert deal_plan(stage=DELIVERED, probability=100).kind is INVOICE  # another 100 % stage in the pipeline
    assert deal_plan(stage=NEGOTIATE, probability=75).kind is None
    assert deal_plan(stage=LOST, probability=0).kind is None
    assert deal_plan(stage=None, probability=100).kind is None  # no stage: not a deal Fortsync can judge


def test_r10_excluded_stage_is_never_sent() -> None:
    plan = deal_plan(stage=NOT_FORTNOX, probability=100)
    assert not plan.send and plan.skip == EXCLUDED_STAGE


def test_r10_offer_stage_creates_an_offer_only_in_order_offer() -> None:
    assert deal_plan("order_offer", stage=OFFER_STAGE, probability=50).kind is OFFER
    assert deal_plan("order", stage=OFFER_STAGE, probability=50).kind is None
    assert deal_plan("invoice", stage=OFFER_STAGE, probability=50).kind is None
    assert deal_plan("order_offer", stage=NEGOTIATE, probability=75).kind is None


def test_r14_skip_sync_never_sent() -> None:
    for module, stage, probability in (("invoice", WON, 100), ("order", WON, 100),
                                       ("order_offer", OFFER_STAGE, 50)):
        plan = deal_plan(module, stage, probability, skip=True)
        assert not plan.send and plan.skip == SKIP_SYNC


def test_r10_deal_already_carrying_its_number_is_linked_not_skipped() -> None:
    plan = deal_plan("invoice", invoice="5")
    assert plan.kind is INVOICE and plan.skip is None  # the caller links (or repairs), never creates
    assert deal_plan("invoice", skip=True, invoice="5").skip is None  # linking sends nothing


def test_r10_deal_carrying_another_document_is_not_sent() -> None:
    assert deal_plan("invoice", order="7").skip == OTHER_DOCUMENT
    assert deal_plan("order", invoice="3").skip == OTHER_DOCUMENT
    assert deal_plan("order_offer", stage=OFFER_STAGE, probability=50, order="9").skip == OTHER_DOCUMENT
    # a won deal with an offer: the order is made from the offer
    plan = deal_plan("order_offer", offer="4")
    assert plan.kind is ORDER and plan.send


# --- R11 / R12: what a Fortnox document does in Upsales ----------------------------------------------------------


def values(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"customer": "1003", "date": "2026-05-01", "currency": "SEK",
                            "our_reference": "Erik Sjöberg", "cancelled": False,
                            "rows": [{"article": "STOL-101", "description": None, "quantity": "2", "price": "2995",
                                      "discount": "0", "discount_type": None}]}
    base.update(changes)
    return base


def facts(kind: EntityKind = INVOICE, **kw: Any) -> DocFacts:
    return DocFacts(kind, "42", kw.pop("values", values()), **{"company": 3, "mapped_rows": 1, **kw})


def test_r11_new_document_creates_a_deal() -> None:
    assert plan_document(facts()).action is DocAction.CREATE


def test_r11_customer_not_linked_waits_and_holds_the_cursor() -> None:
    plan = plan_document(facts(company=None))
    assert plan.action is DocAction.SKIP and plan.reason == CUSTOMER_NOT_LINKED and plan.retry
    assert plan_document(facts(company=None, customer_waiting=True)).reason == CUSTOMER_WAITING


def test_r11_document_without_product_rows_is_skipped() -> None:
    plan = plan_document(facts(mapped_rows=0))
    assert plan.action is DocAction.SKIP and plan.reason == NO_ROWS and not plan.retry


def test_r11_own_stamp_is_linked_never_imported() -> None:
    plan = plan_document(facts(stamp_deal=77))
    assert plan.action is DocAction.LINK_STAMP and plan.deal == 77
    assert plan_document(facts(stamp_deal=77, stamp_deal_exists=False)).reason == STAMP_DEAL_MISSING
    taken = plan_document(facts(stamp_deal=77, stamp_deal_link="41"))
    assert taken.action is DocAction.SKIP and taken.reason == STAMP_TAKEN
    assert plan_document(facts(stamp_deal=77, stamp_deal_link="42")).action is DocAction.LINK_STAMP


def test_r11_deal_carrying_the_number_is_adopted() -> None:
    plan = plan_document(facts(adoptable_deal=5, company=None))
    assert plan.action is DocAction.ADOPT and plan.deal == 5


def test_r11_order_from_a_linked_offer_wins_that_deal() -> None:
    plan = plan_document(facts(ORDER, offer_deal=9))
    assert plan.action is DocAction.FROM_OFFER and plan.deal == 9
    assert plan_document(facts(ORDER, offer_deal=9, offer_deal_won=True)).action is DocAction.CREATE
    assert plan_document(facts(INVOICE, offer_deal=9)).action is DocAction.CREATE


def test_r11_credit_invoice_is_not_a_sale() -> None:
    plan = plan_document(facts(credit=True, stamp_deal=77))
    assert plan.action is DocAction.SKIP and plan.reason == CREDIT_INVOICE


def test_r11_linked_document_updates_only_what_changed() -> None:
    base = values()
    assert plan_document(facts(linked_deal=5, state=base)).action is DocAction.UNCHANGED
    plan = plan_document(facts(linked_deal=5, state=base, values=values(date="2026-05-02")))
    assert plan.action is DocAction.UPDATE and plan.changed == {"date"}


def test_r12_cancelled_invoice_moves_order_to_lost() -> None:
    plan = plan_document(facts(linked_deal=5, state=values(), values=values(cancelled=True)))
    assert plan.action is DocAction.UPDATE and plan.changed == {"cancelled"}
    kw = {"won_stage_id": WON, "lost_stage_id": LOST, "offer_stage_id": OFFER_STAGE, "stages": STAGES}
    assert stage_for(INVOICE, True, **kw) == (LOST, 0)
    assert stage_for(ORDER, True, **kw) == (LOST, 0)
    assert stage_for(INVOICE, False, **kw) == (WON, 100)
    assert stage_for(OFFER, False, **kw) == (OFFER_STAGE, 50)


# --- field map ---------------------------------------------------------------------------------------------------


def test_stamp_round_trip_is_exact() -> None:
    assert dmap.stamp(12) == "upsales:12"
    assert dmap.deal_of_stamp("upsales:12") == 12
    assert dmap.deal_of_stamp(" upsales:12 ") == 12
    for other in (None, "", "upsales:", "upsales:12a", "fortnox:12", "12"):
        assert dmap.deal_of_stamp(other) is None


def document(rows: tuple[DocumentRow, ...], **kw: Any) -> Document:
    return Document(**{"kind": "invoice", "document_number": "42", "customer_number": "1003",
                       "date": date(2026, 5, 1), "currency": "SEK", "our_reference": " Erik Sjöberg ",
                       "rows": rows, **kw})


def test_document_values_are_canonical() -> None:
    rows = (DocumentRow("STOL-101", "Kontorsstol", Decimal("8.00"), Decimal("2995.0"), Decimal(0), "PERCENT"),
            DocumentRow(None, "Frakt", Decimal(1), Decimal(495)))
    got = dmap.document_values(document(rows))
    assert got["our_reference"] == "Erik Sjöberg" and got["date"] == "2026-05-01" and got["cancelled"] is False
    assert got["rows"][0] == {"article": "STOL-101", "description": None, "quantity": "8", "price": "2995",
                              "discount": "0", "discount_type": None}
    assert got["rows"][1]["description"] == "Frakt"  # a free row keeps its text
    assert tuple(got["rows"][0]) == dmap.ROW_FIELDS  # a planned deal holds its rows as lists of these
    same = dmap.document_values(document((
        DocumentRow("STOL-101", "Annan text", Decimal(8), Decimal(2995), None, None),
        DocumentRow(None, "Frakt", Decimal("1.0"), Decimal("495.00")))))
    assert dmap.changed_fields(got, same) == set()


def test_a_planned_deal_holds_its_document_values_compact_and_opens_them_unchanged() -> None:
    """A deal's document values wait for the writer as JSON text (up to REST_AHEAD of them on a first import): they
    open as the values, text and all."""
    rows = (DocumentRow("STOL-101", "Kontorsstol", Decimal("8.00"), Decimal("2995.0"), Decimal(15), "percent"),
            DocumentRow(None, "Frakt \"express\" å ä ö", Decimal(1), Decimal(495)))
    values = dmap.document_values(document(rows, cancelled=True))
    held = Compact.of(values)
    assert held.open() == values and held.open() is not held.open()


def test_a_compact_holds_refs_and_shows_a_part_of_it_as_a_mapping() -> None:
    """A planned deal's company and products may be made earlier in the same run: their Refs open as Refs (apply
    resolves them); the step's ``after`` is a part of the same text."""
    held = Compact.of({"company": Ref(4), "products": {"STOL-101": Ref(7), "BORD": 12}, "after": {"rows": 2}})
    assert held.open() == {"company": Ref(4), "products": {"STOL-101": Ref(7), "BORD": 12}, "after": {"rows": 2}}
    after = held.part("after")
    assert dict(after) == {"rows": 2} and after["rows"] == 2 and len(after) == 1


@pytest.mark.parametrize(("discount", "kind", "net"), [
    ("0", None, Decimal(2995)), ("15", "PERCENT", Decimal("2545.75")), ("300", "AMOUNT", Decimal("2895.00")),
    ("10", "PERCENT", Decimal("2695.50"))])
def test_rows_discount_becomes_list_price_and_net_price(discount: str, kind: str | None, net: Decimal) -> None:
    row = {"article": "STOL-101", "description": None, "quantity": "3", "price": "2995", "discount": discount,
           "discount_type": kind}
    mapped = dmap.upsales_rows([row], {"STOL-101": 1})
    assert not mapped.unmapped
    (out,) = mapped.rows
    assert out.product_id == 1 and out.quantity == 3 and out.list_price == 2995 and out.price == net
    assert out.discount == 0  # the discount is list price less price, never counted twice


def test_rows_without_linked_product_go_to_the_notes() -> None:
    rows = [{"article": None, "description": "Frakt", "quantity": "1", "price": "495", "discount": "0",
             "discount_type": None},
            {"article": "OKÄND-1", "description": None, "quantity": "2", "price": "100", "discount": "0",
             "discount_type": None},
            {"article": "STOL-101", "description": None, "quantity": "1", "price": "2995", "discount": "0",
             "discount_type": None}]
    mapped = dmap.upsales_rows(rows, {"STOL-101": 1})
    assert [r.product_id for r in mapped.rows] == [1] and mapped.rows[0].sort_id == 2
    notes = mapped.notes("invoice", "42")
    assert notes is not None and "Frakt: 1 × 495" in notes and "OKÄND-1: 2 × 100" in notes


def test_r10_fortnox_payload_from_a_deal() -> None:
    deal = Order(id=1234, description="Kontorsstolar", date=date(2026, 10, 11), close_date=None, probability=100,
                 stage_id=WON, user_id=2, client_id=1, currency="SEK",
                 rows=(OrderRow(1, 1, Decimal(8), Decimal(2795), Decimal(2995), sort_id=0, product_name="Kontorsstol"),
                       OrderRow(2, 2, Decimal(3), Decimal(650), None, sort_id=1, product_name="Montering")))
    payload = dmap.fortnox_payload("invoice", deal, "1003", article_of_product={1: "STOL-101"},
                                   our_reference="Erik Sjöberg")
    assert payload["ExternalInvoiceReference1"] == "upsales:1234" and payload["CustomerNumber"] == "1003"
    assert payload["OurReference"] == "Erik Sjöberg" and payload["InvoiceDate"] == date(2026, 10, 11)
    first, second = payload["InvoiceRows"]
    assert first == {"ArticleNumber": "STOL-101", "DeliveredQuantity": "8", "Price": Decimal(2995),
                     "Discount": Decimal("1600.00"), "DiscountType": "AMOUNT"}
    assert second == {"Description": "Montering", "DeliveredQuantity": "3", "Price": Decimal(650)}
    offer = dmap.fortnox_payload("offer", deal, "1003", article_of_product={}, our_reference=None)
    assert offer["YourReferenceNumber"] == "upsales:1234" and "ExternalInvoiceReference1" not in offer
    assert "OfferRows" in offer and offer["OfferRows"][0]["Quantity"] == "8" and "OurReference" not in offer


def test_r13_our_reference_maps_to_user_or_fallback() -> None:
    users = [User(1, "Anna Karin Lund"), User(2, "Erik Sjöberg"), User(6, "Lena Björklund", active=False)]
    assert match_user("Erik Sjöberg", users, 5) == 2
    assert match_user("Lena Björklund", users, 5) == 6  # exact name: the seller, even if no longer active
    for near_miss in ("Anna-Karin Lund", "erik sjöberg", "Kalle Nilsson", "", None):
        assert match_user(near_miss, users, 5) == 5
    assert dmap.user_name(2, users) == "Erik Sjöberg" and dmap.user_name(99, users) is None
    assert dmap.user_name(None, users) is None


def test_r11_changed_rows_keep_the_deal_rows_fortnox_cannot_hold() -> None:
    current = Order(id=7, description=None, date=None, close_date=None, probability=100, stage_id=WON, user_id=2,
                    client_id=1, rows=(OrderRow(11, 1, Decimal(4), Decimal(2795), Decimal(2995), sort_id=0,
                                                product_name="Kontorsstol"),
                                       OrderRow(12, 2, Decimal(2), Decimal(650), sort_id=1, product_name="Montering")))
    fortnox_rows = [{"article": "STOL-101", "description": None, "quantity": "5", "price": "2995", "discount": "0",
                     "discount_type": None},
                    {"article": None, "description": "Montering", "quantity": "2", "price": "650", "discount": "0",
                     "discount_type": None},
                    {"article": None, "description": "Frakt", "quantity": "1", "price": "495", "discount": "0",
                     "discount_type": None}]
    merged = dmap.merge_rows(dmap.upsales_rows(fortnox_rows, {"STOL-101": 1}), current, {1: "STOL-101"})
    assert [(r.id, r.product_id, r.quantity) for r in merged.rows] == [(None, 1, 5), (12, 2, 2)]
    assert [r["description"] for r in merged.unmapped] == ["Frakt"]  # "Montering" is on the deal already


# --- sales made before Fortsync: the "send won deals from" day ---------------------------------------------------


def test_deals_before_the_cutoff_are_not_sent_offers_neither_and_links_still_are() -> None:
    def plan(module: str = "invoice", stage: int = WON, probability: int = 100, **numbers: str) -> Any:
        return plan_deal(module=Module(module), stage_id=stage, probability=probability, won_stage_id=WON,
                         offer_stage_id=OFFER_STAGE, stages=STAGES, skip_sync=False,
                         numbers={EntityKind(k): v for k, v in numbers.items()}, before_cutoff=True)

    assert plan().skip == WON_BEFORE_CUTOFF and not plan().send
    assert plan("order_offer", OFFER_STAGE, 50).skip == OFFER_BEFORE_CUTOFF  # an old open offer is not sent either
    assert plan(invoice="77").send and plan(invoice="77").skip is None  # already in Fortnox: linked, not created


def test_cutoff_compares_the_first_known_day() -> None:
    since = date(2026, 11, 24)
    assert before_cutoff(since, date(2026, 11, 23), None)
    assert not before_cutoff(since, date(2026, 11, 24), date(2020, 1, 1))  # won on the day itself: sent
    assert before_cutoff(since, None, date(2026, 1, 1))
    assert not before_cutoff(since, None, None)
