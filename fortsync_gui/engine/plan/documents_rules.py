"""Pure planning for invoices, orders and offers (R10-R14): which Fortnox document an Upsales deal needs, what a
Fortnox document does in Upsales, and which stage it puts the deal in. No I/O: everything comes in as values.

R10, precisely: a deal is *won* when it is in the won stage (``won_stage_id``), or at probability 100 in another
stage that is not excluded from the pipeline (tenants keep more than one 100 % stage). A deal in an excluded stage
(e.g. "Order (ej Fortnox)") is never sent, whatever its probability. In module *order & offert* a deal in the offer
stage (``offer_stage_id``) is sent as an offer. R14: a deal whose ``SKIP_SYNC`` field is set is never sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from fortsync_gui.messages import ReasonKey
from fortsync_gui.store import EntityKind, Module

from ..document_map import changed_fields

INVOICE, ORDER, OFFER = EntityKind.INVOICE, EntityKind.ORDER, EntityKind.OFFER

# skip reasons (audit-trail keys the CLI and GUI turn into sentences)
SKIP_SYNC = ReasonKey.SKIP_SYNC  # R14: the deal's "Synka inte till Fortnox" is set
EXCLUDED_STAGE = ReasonKey.EXCLUDED_STAGE  # won in a stage excluded from the pipeline, e.g. "Order (ej Fortnox)"
OTHER_DOCUMENT = ReasonKey.OTHER_DOCUMENT  # the deal already carries another Fortnox document's number
NO_COMPANY = ReasonKey.NO_COMPANY  # the deal has no company
CUSTOMER_NOT_LINKED = ReasonKey.CUSTOMER_NOT_LINKED  # no Upsales company for the customer (yet)
CUSTOMER_WAITING = ReasonKey.CUSTOMER_WAITING  # the customer waits for a duplicate decision
NO_ROWS = ReasonKey.NO_PRODUCT_ROWS  # no row has an article linked to an Upsales product
CREDIT_INVOICE = ReasonKey.CREDIT_INVOICE  # credit invoices are not imported as sales
STAMP_DEAL_MISSING = ReasonKey.STAMP_DEAL_MISSING  # stamped by Fortsync, but the Upsales deal is gone
STAMP_TAKEN = ReasonKey.STAMP_TAKEN  # stamped for a deal that is linked to another document of this kind
CUSTOMER_FAILED = ReasonKey.CUSTOMER_FAILED  # the Fortnox customer could not be created (R6)
DEAL_MISSING = ReasonKey.DEAL_MISSING  # the linked Upsales deal was deleted
WON_BEFORE_CUTOFF = ReasonKey.WON_BEFORE_CUTOFF  # won before the profile's "send won deals from" day

OFFER_BEFORE_CUTOFF = ReasonKey.OFFER_BEFORE_CUTOFF  # in the offer stage since before that day


def before_cutoff(since: date, *days: date | None) -> bool:
    """Whether a deal's day (the first of ``days`` that is known: a won deal's close date, else its date) falls
    before the profile's "send from" day. Deals from before were sold before Fortsync was set up."""
    day = next((d for d in days if d is not None), None)
    return day is not None and day < since


def module_kinds(module: Module | str) -> tuple[EntityKind, ...]:
    """R3: the document kinds a module syncs, in the order they are imported (offers before the orders made from
    them)."""
    return {Module.INVOICE: (INVOICE,), Module.ORDER: (ORDER,), Module.ORDER_OFFER: (OFFER, ORDER)}[Module(module)]


def send_kinds(module: Module | str) -> tuple[EntityKind, ...]:
    """The documents deals create in Fortnox (R10): the won kind, and offers in module order & offert."""
    module = Module(module)
    return (ORDER, OFFER) if module is Module.ORDER_OFFER else (won_kind(module),)


def won_kind(module: Module | str) -> EntityKind:
    """The document a won deal creates (R10)."""
    return INVOICE if Module(module) is Module.INVOICE else ORDER


@dataclass(frozen=True)
class Stage:
    id: int
    probability: int
    exclude: bool = False


# --- Upsales deal -> Fortnox (R10, R14) --------------------------------------------------------------------------


@dataclass(frozen=True)
class DealPlan:
    """``kind``: the Fortnox document the deal needs (None: none); ``skip``: why a deal that otherwise would be
    sent is not."""

    kind: EntityKind | None = None
    skip: str | None = None

    @property
    def send(self) -> bool:
        return self.kind is not None and self.skip is None


def is_won(stage_id: int | None, probability: int, *, won_stage_id: int | None, stages: Mapping[int, Stage]) -> bool:
    stage = stages.get(stage_id) if stage_id is not None else None
    if stage is not None and stage.exclude:
        return False
    return (stage_id is not None and stage_id == won_stage_id) or (probability == 100 and stage is not None)


def plan_deal(*, module: Module | str, stage_id: int | None, probability: int, won_stage_id: int | None,
              offer_stage_id: int | None, stages: Mapping[int, Stage], skip_sync: bool,
              numbers: Mapping[EntityKind, str | None], before_cutoff: bool = False) -> DealPlan:
    """What an Upsales deal needs in Fortnox. ``numbers``: the Fortnox document numbers the deal carries (its
    FORTNOX_* fields) or is linked to, by kind.

    The caller links instead of creating when the deal already carries the number of the document it needs (the
    Upsales Fortnox app's data, or a write-back of ours); a deal carrying the number of *another* kind of document
    is not sent (it is in Fortnox already, e.g. an invoice imported in an earlier module), except an offer on a won
    deal, which is what the order is made from. A deal from before the profile's "send from" day (``before_cutoff``:
    won, or put in the offer stage, before Fortsync was activated; most likely invoiced by hand already) is not
    sent, and so creates no Fortnox customer either."""
    stage = stages.get(stage_id) if stage_id is not None else None
    module = Module(module)
    if is_won(stage_id, probability, won_stage_id=won_stage_id, stages=stages):
        kind = won_kind(module)
    elif module is Module.ORDER_OFFER and stage_id is not None and stage_id == offer_stage_id and not (
            stage is not None and stage.exclude):
        kind = OFFER
    elif stage is not None and stage.exclude and probability == 100:
        return DealPlan(None, EXCLUDED_STAGE)
    else:
        return DealPlan()
    if numbers.get(kind):
        return DealPlan(kind)  # already in Fortnox: link or repair, never create
    if skip_sync:
        return DealPlan(kind, SKIP_SYNC)
    if before_cutoff:
        return DealPlan(kind, OFFER_BEFORE_CUTOFF if kind is OFFER else WON_BEFORE_CUTOFF)
    allowed = {OFFER} if kind is ORDER else set()
    if any(number for other, number in numbers.items() if other is not kind and other not in allowed):
        return DealPlan(kind, OTHER_DOCUMENT)
    return DealPlan(kind)


# --- Fortnox document -> Upsales (R11, R12) ----------------------------------------------------------------------


class DocAction(StrEnum):
    UNCHANGED = "unchanged"  # linked, nothing changed since the state
    UPDATE = "update"  # linked, changed in Fortnox: Fortnox wins for the mapped fields
    LINK_STAMP = "link_stamp"  # Fortsync's own document (stamp upsales:<id>): link it to that deal
    FROM_OFFER = "from_offer"  # an order made from a linked offer: that deal is won
    ADOPT = "adopt"  # an Upsales order already carries this document's number: link it
    CREATE = "create"  # a new Upsales order or opportunity
    SKIP = "skip"


@dataclass(frozen=True)
class DocFacts:
    """What is known about one Fortnox document when it is planned."""

    kind: EntityKind
    number: str
    values: Mapping[str, Any]  # document_map.document_values
    linked_deal: int | None = None  # the deal this document is linked to
    state: Mapping[str, Any] | None = None  # the document's values as last seen (the link's Fortnox state)
    stamp_deal: int | None = None  # the deal named by the document's stamp
    stamp_deal_exists: bool = True
    stamp_deal_link: str | None = None  # the document of this kind that deal is linked to, if any
    credit: bool = False
    offer_deal: int | None = None  # orders: the deal linked to the offer it was made from
    offer_deal_won: bool = False  # ... which already has an order linked
    adoptable_deal: int | None = None  # an unlinked deal carrying this document's number
    company: int | None = None  # the Upsales company linked to the document's customer
    customer_waiting: bool = False  # the customer waits for a duplicate decision
    mapped_rows: int = 0  # rows that can become Upsales rows


@dataclass(frozen=True)
class DocPlan:
    action: DocAction
    deal: int | None = None
    reason: str | None = None
    changed: frozenset[str] = field(default_factory=frozenset)
    retry: bool = False  # a skip that a later run may resolve (the Fortnox cursor waits for it)


def plan_document(f: DocFacts) -> DocPlan:
    if f.linked_deal is not None:
        changed = changed_fields(f.state, f.values)
        if f.state is None or not changed:
            return DocPlan(DocAction.UNCHANGED, f.linked_deal, changed=frozenset(changed))
        return DocPlan(DocAction.UPDATE, f.linked_deal, changed=frozenset(changed))
    if f.credit:  # a credit copies the credited invoice's stamp: never link or import it
        return DocPlan(DocAction.SKIP, reason=CREDIT_INVOICE)
    if f.stamp_deal is not None:
        if not f.stamp_deal_exists:
            return DocPlan(DocAction.SKIP, f.stamp_deal, STAMP_DEAL_MISSING)
        if f.stamp_deal_link is not None and f.stamp_deal_link != f.number:
            return DocPlan(DocAction.SKIP, f.stamp_deal, STAMP_TAKEN)
        return DocPlan(DocAction.LINK_STAMP, f.stamp_deal)
    if f.adoptable_deal is not None:
        return DocPlan(DocAction.ADOPT, f.adoptable_deal)
    if f.kind is ORDER and f.offer_deal is not None and not f.offer_deal_won:
        return DocPlan(DocAction.FROM_OFFER, f.offer_deal)
    if f.company is None:
        reason = CUSTOMER_WAITING if f.customer_waiting else CUSTOMER_NOT_LINKED
        return DocPlan(DocAction.SKIP, reason=reason, retry=True)
    if not f.mapped_rows:
        return DocPlan(DocAction.SKIP, reason=NO_ROWS)
    return DocPlan(DocAction.CREATE)


def stage_for(kind: EntityKind, cancelled: bool, *, won_stage_id: int | None, lost_stage_id: int | None,
              offer_stage_id: int | None, stages: Mapping[int, Stage]) -> tuple[int | None, int]:
    """(stage id, probability) of an imported document's deal: R12 lost when cancelled, else won for invoices and
    orders and the offer stage (at that stage's probability) for offers."""
    if cancelled:
        return lost_stage_id, 0
    if kind is OFFER:
        stage = stages.get(offer_stage_id) if offer_stage_id is not None else None
        return offer_stage_id, stage.probability if stage is not None and 0 < stage.probability < 100 else 50
    return won_stage_id, 100
