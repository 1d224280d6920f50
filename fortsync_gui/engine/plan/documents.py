"""Invoices, orders and offers (pure, R10-R14), after companies and products.

1. Fortnox -> Upsales (R11, R12, R13): the module's documents changed in Fortnox since the cursor (and those queued)
   become Upsales orders in the won stage (invoices, orders) or opportunities in the offer stage (offers) on the
   linked company; a cancelled document puts its deal in the lost stage. A document stamped ``upsales:<id>`` is one
   Fortsync made from that deal: it is linked, never imported. An order made in Fortnox from a linked offer wins
   that offer's deal. A linked document changed in Fortnox updates its deal (Fortnox wins for documents).
2. Upsales -> Fortnox (R10, R13, R14): deals changed since the Upsales cursor. A won deal creates exactly one invoice
   (module invoice) or order (order, order & offer: made from the deal's offer when it has one); in module order &
   offer a deal in the offer stage creates an offer. A deal from before the profile's "send from" day is not sent
   and creates no customer. R6: a deal's company without a customer gets one first, and the document refers to it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from fortsync_gui.domain.fortnox import Document
from fortsync_gui.domain.upsales import Order
from fortsync_gui.domain.users import match_user
from fortsync_gui.messages import ReasonKey
from fortsync_gui.store import Action, EntityKind, Side

from .. import document_map as dmap
from ..context import custom_value
from ..facts import DocumentFacts, Setup
from ..state import LinkRow
from .companies import CompanyPlanner
from .documents_rules import (
    NO_COMPANY,
    OFFER,
    ORDER,
    DocAction,
    DocFacts,
    Stage,
    before_cutoff,
    module_kinds,
    plan_deal,
    plan_document,
    send_kinds,
    stage_for,
    won_kind,
)
from .model import Compact, Fields, Op, Plan, Ref, RemoteRef, Step, cursor_step
from .overlay import Overlay

NUMBER_NOT_FOUND = ReasonKey.NUMBER_NOT_FOUND  # the deal carries a document number Fortnox does not know
COMPANY_MISSING = ReasonKey.COMPANY_MISSING  # the deal's company was deleted in Upsales
SEND = "send"


def import_group(kind: EntityKind) -> str:
    return f"import:{kind.value}"


class DealData(Fields):
    """A deal create's data (its :class:`Compact` text and its intent key): up to REST_AHEAD wait for the writer."""

    __slots__ = ("deal", "key")

    def __init__(self, deal: Compact, key: str) -> None:
        self.deal, self.key = deal, key


@dataclass
class _Links:
    """Document links by kind, both ways, as they will be once this run's steps succeeded."""

    deal_of: dict[tuple[EntityKind, str], RemoteRef] = field(default_factory=dict)  # (kind, number) -> deal
    number_of: dict[tuple[EntityKind, RemoteRef], str] = field(default_factory=dict)  # (kind, deal) -> number
    state: dict[tuple[EntityKind, str], LinkRow] = field(default_factory=dict)  # stored links by (kind, number)
    planned: set[tuple[EntityKind, int]] = field(default_factory=set)  # (kind, deal) linked by this run

    def add(self, kind: EntityKind, deal: RemoteRef, number: str, *, planned: bool = True) -> None:
        self.deal_of[(kind, number)] = deal
        self.number_of[(kind, deal)] = number
        if planned and isinstance(deal, int):
            self.planned.add((kind, deal))


def plan_documents(plan: Plan, facts: DocumentFacts, setup: Setup, overlay: Overlay,
                   companies: CompanyPlanner, deleting: Collection[str] = ()) -> None:
    """``deleting``: the Upsales companies this run deletes first (deletions the user confirmed)."""
    DocumentPlanner(plan, facts, setup, overlay, companies, deleting).run()


class DocumentPlanner:
    """The documents' part of a plan; :func:`plan_documents` at once, or import by import (:meth:`document`)."""

    def __init__(self, plan: Plan, facts: DocumentFacts, setup: Setup, overlay: Overlay,
                 companies: CompanyPlanner, deleting: Collection[str] = ()) -> None:
        self.plan, self.facts, self.setup, self.overlay, self.companies = plan, facts, setup, overlay, companies
        self.deleting = set(deleting)
        self.module = facts.module
        self.stages = {s.id: Stage(s.id, s.probability, s.exclude) for s in setup.stages.values()}
        self.people = [u for u in setup.users if not u.is_api_key]
        self.links = _Links()
        for kind, rows in facts.links.items():
            for link in rows:
                self.links.add(kind, int(link.upsales_id), link.fortnox_id, planned=False)
                self.links.state[(kind, link.fortnox_id)] = link

    def run(self) -> None:
        for kind in module_kinds(self.module):
            for doc in self.facts.docs[kind]:
                self.document(kind, doc)
            self.kind_done(kind)
        self.send()

    # A real run plans the imports one document at a time, as the reader reads them (``Reader.documents``'s
    # ``planner``), so they are carried out while the next ones are read; the plan is the same: an import's steps
    # depend on its own document, its own reads and the imports before it, never on a later one.

    def document(self, kind: EntityKind, doc: Document) -> None:
        """The import of one document of ``kind`` (in the order of ``facts.docs[kind]``)."""
        self.import_document(kind, doc, import_group(kind))

    def kind_done(self, kind: EntityKind) -> None:
        """Every document of ``kind`` is planned: the vanished queued ones are forgotten, the cursor moves."""
        group = import_group(kind)
        for number in sorted(self.facts.vanished[kind]):
            self.plan.add(Step(Op.UNQUEUE, kind, group=group, data={"keys": [f"fortnox:{number}"]}))
        self.plan.add(cursor_step(kind, Side.FORTNOX, self.facts.read_started[Side.FORTNOX], group))

    def send(self) -> None:
        """Upsales -> Fortnox, after every import (its planned links count)."""
        for deal_id in self.facts.changed_deals:
            self.send_deal(deal_id)
        self.plan.add(cursor_step(won_kind(self.module), Side.UPSALES, self.facts.read_started[Side.UPSALES], SEND))

    # --- helpers ---------------------------------------------------------------------------------------------------

    def _field(self, kind: EntityKind) -> int | None:
        return self.setup.fields.order.get(dmap.CUSTOM_ALIAS[kind])

    def _carried(self, deal: Order, kind: EntityKind) -> str | None:
        return custom_value(deal.custom, self._field(kind))

    def _stage(self, kind: EntityKind, cancelled: bool) -> tuple[int | None, int]:
        s = self.setup
        return stage_for(kind, cancelled, won_stage_id=s.won_stage_id, lost_stage_id=s.lost_stage_id,
                         offer_stage_id=s.offer_stage_id, stages=self.stages)

    def _user(self, our_reference: str | None) -> int:
        return match_user(our_reference, self.people, self.setup.fallback_user_id or 0)

    def _label(self, doc: Document) -> str:
        name = f" – {doc.customer_name}" if doc.customer_name else ""
        return f"{dmap.description(doc.kind, doc.document_number)}{name}"

    # --- Fortnox -> Upsales (R11, R12, R13) ------------------------------------------------------------------------

    def _doc_facts(self, kind: EntityKind, doc: Document, values: dict[str, Any]) -> DocFacts:
        number = doc.document_number
        linked = self.links.state.get((kind, number))
        if linked is not None:
            return DocFacts(kind, number, values, linked_deal=int(linked.upsales_id), state=linked.fortnox_values)
        stamp_deal = dmap.deal_of_stamp(doc.stamp)
        stamp_exists, stamp_link = True, None
        if stamp_deal is not None:
            stamp_exists = stamp_deal in self.facts.deals
            stamp_link = self.links.number_of.get((kind, stamp_deal))
        offer_deal, offer_won = None, False
        if kind is ORDER and doc.offer_reference:
            found = self.links.deal_of.get((OFFER, doc.offer_reference))
            if found is not None:
                offer_won = (ORDER, found) in self.links.number_of
                offer_deal = found if isinstance(found, int) else -1  # -1: the deal this run creates
        adoptable = self.facts.carrying.get((kind, number))
        if adoptable is not None and (kind, adoptable) in self.links.number_of:
            adoptable = None
        customer = doc.customer_number or ""
        company = self.overlay.company_of_customer.get(customer)
        if company is not None and not isinstance(company, int):
            company = -1  # made by this run: known once it has run
        articles = {r["article"] for r in values["rows"] if r["article"]}
        return DocFacts(kind, number, values, stamp_deal=stamp_deal, stamp_deal_exists=stamp_exists,
                        stamp_deal_link=stamp_link, credit=doc.credit, offer_deal=offer_deal,
                        offer_deal_won=offer_won, adoptable_deal=adoptable,
                        company=company,
                        customer_waiting=customer in self.overlay.waiting_customers,
                        mapped_rows=sum(1 for a in articles if a in self.overlay.product_of_article))

    def import_document(self, kind: EntityKind, doc: Document, group: str) -> None:
        values = dmap.document_values(doc)
        facts = self._doc_facts(kind, doc, values)
        decision = plan_document(facts)
        number = doc.document_number
        label = self._label(doc)
        key = f"fortnox:{number}"
        queued = key in self.facts.queued.get(kind, set())
        action = decision.action
        if action is DocAction.UNCHANGED:
            if facts.state is None:
                self.plan.add(Step(Op.SAVE_STATE, kind, upsales_id=facts.linked_deal, fortnox_id=number, group=group,
                                   data={"fortnox": values}))
            self.plan.unchanged[kind] += 1
        elif action is DocAction.UPDATE and facts.linked_deal in self.facts.missing_deals:
            self.plan.add(Step(Op.SKIP, kind, Action.SKIP, label, facts.linked_deal, number,
                               reason=ReasonKey.DEAL_MISSING, group=group))
        elif action is DocAction.UPDATE:
            self._update_deal(kind, doc, values, facts, decision.changed, label, group)
        elif action in (DocAction.LINK_STAMP, DocAction.ADOPT):
            assert decision.deal is not None
            deal = self.facts.deals.get(decision.deal)
            write_back = deal is None or self._carried(deal, kind) != number
            reason = ReasonKey.LINK_STAMP if action is DocAction.LINK_STAMP else ReasonKey.LINK_DOCUMENT_NUMBER
            self.plan.add(Step(Op.DEAL_LINK, kind, Action.LINK, label, decision.deal, number, group=group,
                               reason=reason,
                               data={"values": values, "write_back": write_back,
                                     "keys": [dmap.stamp(decision.deal), key]}))
            self.links.add(kind, decision.deal, number)
        elif action is DocAction.FROM_OFFER:
            deal_ref = self.links.deal_of[(OFFER, doc.offer_reference or "")]
            stage_id, probability = self._stage(ORDER, doc.cancelled)
            after = {"stage": stage_id, "probability": probability, "FORTNOX_ORDER_ID": number}
            self.plan.add(Step(Op.DEAL_FROM_OFFER, ORDER, Action.UPDATE, label, deal_ref, number, after=after,
                               group=group, data={"values": values, "stage": stage_id, "probability": probability,
                                                  "date": doc.date, "key": key}))
            self.links.add(ORDER, deal_ref, number)
        elif action is DocAction.CREATE and self.setup.holding(kind, key):
            self.plan.add(Step(Op.SKIP, kind, Action.SKIP, label, fortnox_id=number,
                               reason=ReasonKey.UNCERTAIN_CHECKING, group=group))
            return
        elif action is DocAction.CREATE:
            self._create_deal(kind, doc, values, label, group, key)
        else:
            self.plan.add(Step(Op.SKIP, kind, Action.SKIP, label, decision.deal, number, reason=decision.reason,
                               group=group))
            if decision.retry and not queued:
                self.plan.add(Step(Op.QUEUE, kind, fortnox_id=number, group=group, data={"key": key}))
            return
        if queued and action is not DocAction.CREATE:
            self.plan.add(Step(Op.UNQUEUE, kind, group=group, data={"keys": [key]}))

    def _create_deal(self, kind: EntityKind, doc: Document, values: dict[str, Any], label: str, group: str,
                     key: str) -> None:
        """A new Upsales order (won or lost) or opportunity for a Fortnox document (R11, R12, R13)."""
        stage_id, probability = self._stage(kind, doc.cancelled)
        company = self.overlay.company_of_customer[doc.customer_number or ""]
        user_id = self._user(doc.our_reference)
        products = {r["article"]: self.overlay.product_of_article[r["article"]] for r in values["rows"]
                    if r["article"] and r["article"] in self.overlay.product_of_article}
        after = {"stage": stage_id, "probability": probability, "user": user_id,
                 "company": company if isinstance(company, int) else None, "date": values["date"],
                 "rows": len(values["rows"])}
        # Up to REST_AHEAD deals wait for the writer on a first import: what the handler reads and what the step
        # shows are one text (as dicts about 0.8 kB more a step), its rows as lists (their field names cost 70 B a
        # row); its Refs are named in needs.
        rows = [[row[name] for name in dmap.ROW_FIELDS] for row in values["rows"]]
        deal = Compact.of({"values": {**values, "rows": rows}, "after": after, "company": company,
                           "products": products, "doc_kind": doc.kind})
        refs = (company, *products.values())
        ref = self.plan.add(Step(Op.DEAL_CREATE, kind, Action.CREATE, label, fortnox_id=doc.document_number,
                                 after=deal.part("after"), group=group, data=DealData(deal, key),
                                 needs=tuple(r.index for r in refs if isinstance(r, Ref))))
        self.links.add(kind, ref, doc.document_number)

    def _update_deal(self, kind: EntityKind, doc: Document, values: dict[str, Any], facts: DocFacts,
                     changed: frozenset[str], label: str, group: str) -> None:
        """A linked document changed in Fortnox: Fortnox wins for the fields that changed (R11), a cancellation
        moves the deal to the lost stage (R12)."""
        deal = facts.linked_deal
        assert deal is not None
        number = doc.document_number
        if kind is OFFER and (ORDER, deal) in self.links.number_of:
            # the deal follows its order now, not the offer
            self.plan.add(Step(Op.SAVE_STATE, kind, upsales_id=deal, fortnox_id=number, group=group,
                               data={"fortnox": values}))
            self.plan.unchanged[kind] += 1
            return
        changes: dict[str, Any] = {}
        if "cancelled" in changed and values["cancelled"]:
            stage_id, probability = self._stage(kind, True)
            changes.update(stage_id=stage_id, probability=probability)
        if "date" in changed and values["date"]:
            changes["date"] = values["date"]
        if "currency" in changed:
            changes["currency"] = values["currency"]
        if "our_reference" in changed:
            changes["user_id"] = self._user(values["our_reference"])
        if "customer" in changed and (company := self.overlay.company_of_customer.get(values["customer"] or "")):
            changes["client_id"] = company
        rows = "rows" in changed
        if rows:
            rows = any(r["article"] in self.overlay.product_of_article for r in values["rows"] if r["article"])
        state = facts.state or {}
        if not changes and not rows:
            self.plan.add(Step(Op.SAVE_STATE, kind, upsales_id=deal, fortnox_id=number, group=group,
                               data={"fortnox": values}))
            self.plan.unchanged[kind] += 1
            return
        products = {r["article"]: self.overlay.product_of_article[r["article"]] for r in values["rows"]
                    if r["article"] and r["article"] in self.overlay.product_of_article}
        self.plan.add(Step(Op.DEAL_UPDATE, kind, Action.UPDATE, label, deal, number, group=group,
                           before={n: state.get(n) for n in sorted(changed)},
                           after={n: values.get(n) for n in sorted(changed)},
                           data={"values": values, "changes": changes, "rows": rows, "products": products,
                                 "articles": dict(self.overlay.article_of_product), "doc_kind": doc.kind}))

    # --- Upsales -> Fortnox (R10, R13, R14) ------------------------------------------------------------------------

    def _numbers(self, deal: Order) -> dict[EntityKind, str | None]:
        return {kind: self.links.number_of.get((kind, deal.id)) or self._carried(deal, kind)
                for kind in dmap.CUSTOM_ALIAS}

    def send_deal(self, deal_id: int) -> None:
        deal = self.facts.deals.get(deal_id)
        stamp = dmap.stamp(deal_id)
        if deal is not None and str(deal.client_id) in self.deleting:
            deal = None  # its company is deleted first, its deals with it: whether a real run still reads it is timing
        if deal is None:  # gone from Upsales: forget what waited for it
            keys = [k for k in send_kinds(self.module) if stamp in self.facts.sending.get(k, set())]
            for kind in keys:
                self.plan.add(Step(Op.UNQUEUE, kind, group=SEND, data={"keys": [stamp]}))
            return
        s = self.setup
        kinds = send_kinds(self.module)
        numbers = self._numbers(deal)
        decision = plan_deal(module=self.module, stage_id=deal.stage_id, probability=deal.probability,
                             won_stage_id=s.won_stage_id, offer_stage_id=s.offer_stage_id,
                             stages=self.stages, skip_sync=self._skip_sync(deal), numbers=numbers,
                             before_cutoff=before_cutoff(s.send_won_since, deal.close_date if deal.probability == 100
                                                         else None, deal.date))
        for kind in kinds:  # an interrupted create for a document the deal no longer needs
            if stamp in self.facts.sending.get(kind, set()) and not (decision.send and decision.kind is kind):
                self.plan.add(Step(Op.UNQUEUE, kind, group=SEND, data={"keys": [stamp]}))
        if decision.kind is None and decision.skip is None:
            return
        kind = decision.kind or won_kind(self.module)
        label = deal.description
        if decision.skip is not None:
            self.plan.add(Step(Op.SKIP, kind, Action.SKIP, label, deal.id, reason=decision.skip, group=SEND))
            return
        linked = self.links.number_of.get((kind, deal.id))
        if linked is not None:
            if (kind, deal.id) in self.links.planned:
                return  # linked by this run's import above, which writes the number back
            if self._carried(deal, kind) != linked:
                self.plan.add(Step(Op.DOCUMENT_WRITE_BACK, kind, Action.UPDATE, label, deal.id, linked, group=SEND,
                                   after={dmap.CUSTOM_ALIAS[kind]: linked}, reason=ReasonKey.DOCUMENT_NUMBER_RESTORED,
                                   data={"key": stamp}))
            else:
                self.plan.unchanged[kind] += 1
                if stamp in self.facts.sending.get(kind, set()):
                    self.plan.add(Step(Op.UNQUEUE, kind, group=SEND, data={"keys": [stamp]}))
            return
        carried = self._carried(deal, kind)
        if carried is not None:  # the Upsales Fortnox app's number (or ours, from another profile): adopt it
            doc = self.facts.carried_docs.get((kind, carried))
            if doc is None:
                self.plan.add(Step(Op.SKIP, kind, Action.SKIP, label, deal.id, carried, reason=NUMBER_NOT_FOUND,
                                   group=SEND))
                return
            self.plan.add(Step(Op.DOCUMENT_LINK, kind, Action.LINK, label, deal.id, carried, group=SEND,
                               reason=ReasonKey.LINK_DOCUMENT_NUMBER,
                               data={"values": dmap.document_values(doc), "write_back": False, "keys": [stamp]}))
            self.links.add(kind, deal.id, carried)
            return
        found = self.facts.found_by_stamp.get((kind, deal.id))
        if found is not None:  # an interrupted create did make it
            self.plan.add(Step(Op.DOCUMENT_LINK, kind, Action.LINK, label, deal.id, found.document_number,
                               group=SEND, reason=ReasonKey.LINK_STAMP,
                               data={"values": dmap.document_values(found), "write_back": True, "keys": [stamp]}))
            self.links.add(kind, deal.id, found.document_number)
            return
        if deal.client_id is None:
            self.plan.add(Step(Op.SKIP, kind, Action.SKIP, label, deal.id, reason=NO_COMPANY, group=SEND))
            return
        if self.setup.holding(kind, stamp) or (
                str(deal.client_id) not in self.overlay.customer_of_company
                and self.setup.holding(EntityKind.COMPANY, f"upsales:{deal.client_id}")):
            self.plan.add(Step(Op.SKIP, kind, Action.SKIP, label, deal.id, reason=ReasonKey.UNCERTAIN_CHECKING,
                               group=SEND))
            return
        if str(deal.client_id) in self.facts.held_companies:  # R8: its customer was deleted; the user decides first
            self.plan.add(Step(Op.SKIP, kind, Action.SKIP, label, deal.id, reason=ReasonKey.COMPANY_DELETION_PENDING,
                               group=SEND))
            return
        customer = self._customer(deal.client_id)
        if customer is None:
            self.plan.add(Step(Op.SKIP, kind, Action.SKIP, label, deal.id, reason=COMPANY_MISSING, group=SEND))
            return
        offer = self._offer_of(deal) if kind is ORDER else None
        offer_doc = self.facts.offers.get(offer) if offer else None
        if offer_doc is not None and offer_doc.order_reference:  # the order was made from the offer in Fortnox
            self.plan.add(Step(Op.DOCUMENT_LINK, kind, Action.LINK, label, deal.id, offer_doc.order_reference,
                               group=SEND, reason=ReasonKey.LINK_ORDER_FROM_OFFER,
                               data={"values": None, "write_back": True, "keys": [stamp]}))
            self.links.add(kind, deal.id, offer_doc.order_reference)
            return
        from_offer = offer if offer_doc is not None and not offer_doc.cancelled else None
        after = {"customer": customer if isinstance(customer, str) else None,
                 "our_reference": dmap.user_name(deal.user_id, list(self.setup.users)), "rows": len(deal.rows),
                 "stamp": stamp, "offer": offer}
        articles = {pid: number for pid, number in self.overlay.article_of_product.items()}
        self.plan.add(Step(Op.DOCUMENT_CREATE, kind, Action.CREATE, label, deal.id, after=after, group=SEND,
                           reason=None, data={"deal": deal, "customer": customer, "from_offer": from_offer,
                                              "articles": articles, "key": stamp,
                                              "our_reference": after["our_reference"]}))

    def _customer(self, company_id: int) -> RemoteRef | None:
        """The company's customer number (R6): linked, linked or created by this run, adopted, or created now."""
        known = self.overlay.customer_of_company.get(str(company_id))
        if known is not None:
            return known
        account = self.facts.accounts.get(company_id)
        if account is None:
            return None
        customer = self.facts.account_customers.get(company_id)
        if customer is not None:
            self.companies.link(customer, account, "carried", group=SEND)
            return customer.customer_number
        return self.companies.export(account, group=SEND)

    def _offer_of(self, deal: Order) -> str | None:
        """The Fortnox offer a won deal's order is made from (module order & offer)."""
        return self.links.number_of.get((OFFER, deal.id)) or self._carried(deal, OFFER)

    def _skip_sync(self, deal: Order) -> bool:
        from fortsync_gui.domain.upsales import custom_bool

        return custom_bool(custom_value(deal.custom, self.setup.fields.order.get("SKIP_SYNC")))
