"""Invoices, orders and offers (R10-R14), after companies and products.

1. Fortnox -> Upsales (R11, R12, R13): the module's documents created or changed in Fortnox since the cursor (the
   first import: all of them) become Upsales orders in the won stage (invoices, orders) or opportunities in the offer
   stage (offers) on the linked company, carrying the document number in FORTNOX_ID / FORTNOX_ORDER_ID /
   FORTNOX_OFFER_ID; a cancelled document puts (or moves) its deal in the lost stage. A document stamped
   ``upsales:<id>`` is one Fortsync made from that deal: it is linked, never imported. An order made in Fortnox from
   a linked offer wins that offer's deal instead of adding a second one. A linked document changed in Fortnox
   updates its deal field by field (Fortnox wins: date, currency, user, company, rows, cancellation).
2. Upsales -> Fortnox (R10, R13, R14): deals changed since the Upsales cursor. A won deal creates exactly one
   invoice (module invoice) or order (order, order & offer: made from the deal's offer with ``createorder`` when it
   has one); in module order & offer a deal in the offer stage creates an offer. Changes to a deal whose document
   exists are not sent (a document in the books is edited in Fortnox).

Exactly one document per deal, however often a run is interrupted or retried: before a create a write intent is
committed; then create -> link (at once) -> write the number back to the deal -> intent done. A run that finds an
intent left behind, or whose create lost its answer (``UncertainWrite``), looks the document up by its stamp (or,
for an order made from an offer, re-reads the offer's order reference) and links what it finds instead of creating.
A deal whose link exists but whose write-back was lost gets its number written on the next run. The same holds
the other way: an Upsales order is created with its document number in the custom field, so a lost answer or a
crash before the link is found by that field.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

from fortsync_gui.clients import upsales_wire
from fortsync_gui.clients.errors import NotFound, UncertainWrite
from fortsync_gui.domain.fortnox import Document
from fortsync_gui.domain.upsales import Order, User, custom_bool
from fortsync_gui.domain.users import match_user
from fortsync_gui.store import Action, EntityKind, MatchStatus, Module, Outcome, Side, intents, links, matches, runs
from fortsync_gui.store.errors import LinkConflict

from . import document_map as dmap
from .api import Phase
from .companies import ensure_fortnox_customer
from .context import Context, custom_value, read_since, save_cursor
from .document_plan import (
    CUSTOMER_FAILED,
    DEAL_MISSING,
    NO_COMPANY,
    OFFER,
    ORDER,
    DealPlan,
    DocAction,
    DocFacts,
    DocPlan,
    Stage,
    module_kinds,
    plan_deal,
    plan_document,
    stage_for,
    won_before_cutoff,
    won_kind,
)
from .prefetch import prefetched

LINK_CONFLICT = "document.link_conflict"  # the document or the deal is linked to another record already
NUMBER_NOT_FOUND = "document.number_not_found"  # the deal carries a document number Fortnox does not know
PLANNED_COMPANY = -1  # a dry run's stand-in for a company the companies phase of a real run would have linked


def _now() -> datetime:
    return datetime.now(UTC)


def _real(deal_id: int | None) -> int | None:
    """A deal id for the audit trail: None for a dry run's stand-in."""
    return deal_id if deal_id is not None and deal_id > 0 else None


def sync(ctx: Context) -> None:
    ctx.observer.on_phase(Phase.DOCUMENTS)
    _DocumentSync(ctx).run()


@dataclass
class _DocumentSync:
    ctx: Context
    module: Module = field(init=False)
    kinds: tuple[EntityKind, ...] = field(init=False)
    stages: dict[int, Stage] = field(default_factory=dict)
    people: list[User] = field(default_factory=list)
    company_of_customer: dict[str, int] = field(default_factory=dict)
    waiting_customers: set[str] = field(default_factory=set)
    product_of_article: dict[str, int] = field(default_factory=dict)
    article_of_product: dict[int, str] = field(default_factory=dict)
    deals: dict[int, Order] = field(default_factory=dict)  # Upsales deals changed since the cursor
    carried: dict[tuple[EntityKind, str], int] = field(default_factory=dict)  # (kind, number) -> deal carrying it
    planned: dict[tuple[EntityKind, str], int] = field(default_factory=dict)  # dry run: links a real run would make
    planned_customers: dict[int, str] = field(default_factory=dict)  # dry run: company -> customer it would link
    queued: dict[EntityKind, set[str]] = field(default_factory=dict)  # pending imports ("fortnox:<n>") by kind
    sending: dict[EntityKind, set[str]] = field(default_factory=dict)  # pending creates ("upsales:<id>") by kind
    next_planned: int = -1  # dry run: stand-in (negative) ids of the deals a real run would create
    done: int = 0
    total: int = 0

    def __post_init__(self) -> None:
        self.module = Module(self.ctx.settings.module)
        self.kinds = module_kinds(self.module)

    # --- the phase -----------------------------------------------------------------------------------------------

    def run(self) -> None:
        ctx = self.ctx
        read_started = _now()
        self._load_context()
        up_kind = won_kind(self.module)
        self.deals = {o.id: o for o in ctx.conns.upsales.iter_orders(
            modified_since=read_since(ctx, up_kind, Side.UPSALES))}
        self._index_carried(self.deals.values())
        numbers = {kind: self._changed_numbers(kind) for kind in self.kinds}
        deal_ids = self._deals_to_send()
        self.total = sum(len(n) for n in numbers.values()) + len(deal_ids)
        clean = {kind: self._import_kind(kind, numbers[kind]) for kind in self.kinds}
        deals_clean = self._send_deals(deal_ids)
        for kind, ok in clean.items():
            if ok:
                save_cursor(ctx, kind, Side.FORTNOX, read_started)
        if deals_clean:
            save_cursor(ctx, up_kind, Side.UPSALES, read_started)

    def _load_context(self) -> None:
        ctx = self.ctx
        self.stages = {s.id: Stage(s.id, s.probability, s.exclude) for s in ctx.conns.upsales.list_order_stages()}
        self.people = [u for u in ctx.users if not u.is_api_key]
        self.company_of_customer = {link.fortnox_id: int(link.upsales_id)
                                    for link in links.links_of_kind(ctx.session, ctx.profile_id, EntityKind.COMPANY)}
        accepted = {m.fortnox_id for m in matches.list_matches(ctx.session, ctx.profile_id, MatchStatus.ACCEPTED)}
        self.waiting_customers = {m.fortnox_id for m in matches.list_matches(ctx.session, ctx.profile_id,
                                                                             MatchStatus.SUGGESTED)} - accepted
        for link in links.links_of_kind(ctx.session, ctx.profile_id, EntityKind.PRODUCT):
            self.product_of_article[link.fortnox_id] = int(link.upsales_id)
            self.article_of_product[int(link.upsales_id)] = link.fortnox_id
        if ctx.dry_run:  # the companies phase of this dry run only planned its links: take them as made
            for item in runs.run_items(ctx.session, ctx.run_id):
                if (item.kind is EntityKind.COMPANY and item.action is Action.LINK and item.outcome is Outcome.PLANNED
                        and item.upsales_id and item.fortnox_id):
                    self.planned_customers[int(item.upsales_id)] = item.fortnox_id

    def _field(self, kind: EntityKind) -> int | None:
        return self.ctx.fields.order.get(dmap.CUSTOM_ALIAS[kind])

    def _carried_number(self, deal: Order, kind: EntityKind) -> str | None:
        return custom_value(deal.custom, self._field(kind))

    def _index_carried(self, deals: Iterable[Order]) -> None:
        for deal in deals:
            for kind in dmap.CUSTOM_ALIAS:
                number = self._carried_number(deal, kind)
                if number is not None:
                    self.carried.setdefault((kind, number), deal.id)

    def _progress(self) -> None:
        self.done += 1
        self.ctx.observer.on_progress(self.done, max(self.total, self.done))

    def _link(self, kind: EntityKind, deal_id: int, number: str, values: dict[str, Any]) -> None:
        self.ctx.link(kind, deal_id, number, baseline=values)

    # --- Fortnox -> Upsales (R11, R12, R13) ----------------------------------------------------------------------

    def _changed_numbers(self, kind: EntityKind) -> list[str]:
        """The documents of ``kind`` changed since the cursor, and those whose import a crash interrupted."""
        ctx = self.ctx
        since = read_since(ctx, kind, Side.FORTNOX)
        numbers = [d.document_number for d in ctx.conns.fortnox.iter_documents(dmap.DOC_KIND[kind], lastmodified=since)]
        listed = set(numbers)
        self.queued[kind] = {key for key in intents.pending(ctx.session, ctx.profile_id, kind)
                             if key.startswith("fortnox:")}
        for key in sorted(self.queued[kind]):
            number = key.removeprefix("fortnox:")
            if number not in listed:
                numbers.append(number)
                listed.add(number)
        return numbers

    def _import_kind(self, kind: EntityKind, numbers: list[str]) -> bool:
        """Import one kind; True when every document was done (the cursor may move on)."""
        ctx = self.ctx
        doc_kind = dmap.DOC_KIND[kind]
        clean = True

        def full(number: str) -> Document:
            return ctx.conns.fortnox.get_document(doc_kind, number)

        for number, future in prefetched(numbers, full):
            self._progress()
            linked = links.by_fortnox(ctx.session, ctx.profile_id, kind, number) is not None
            result = ctx.attempt(kind, Action.UPDATE if linked else Action.CREATE,
                                 partial(self._import_fetched, kind, number, future),
                                 label=dmap.description(doc_kind, number), fortnox_id=number)
            clean = clean and result is True
        return clean

    def _import_fetched(self, kind: EntityKind, number: str, future: Future[Document]) -> bool:
        try:
            doc = future.result()
        except NotFound:  # listed, then gone (a pending intent of a document that no longer exists)
            if not self.ctx.dry_run:
                intents.done(self.ctx.session, self.ctx.profile_id, kind, f"fortnox:{number}")
            return True
        return self._import(kind, doc)

    def _import(self, kind: EntityKind, doc: Document) -> bool:
        values = dmap.document_values(doc)
        facts = self._facts(kind, doc, values)
        plan = plan_document(facts)
        label = self._doc_label(doc)
        ids = {"label": label, "fortnox_id": doc.document_number, "upsales_id": _real(plan.deal)}
        try:
            if plan.action is DocAction.UNCHANGED:
                self._unchanged(kind, doc, values, facts)
            elif plan.action is DocAction.UPDATE:
                self._update_deal(kind, doc, values, plan, facts, label)
            elif plan.action in (DocAction.LINK_STAMP, DocAction.ADOPT):
                self._link_existing(kind, doc, values, plan, label)
            elif plan.action is DocAction.FROM_OFFER:
                self._win_offer_deal(doc, values, plan, label)
            elif plan.action is DocAction.CREATE:
                self._create_deal(kind, doc, values, facts, label)
            else:
                self.ctx.record(kind, Action.SKIP, Outcome.SKIPPED, error_key=plan.reason, **ids)
        except LinkConflict:
            self.ctx.session.rollback()
            self.ctx.record(kind, Action.SKIP, Outcome.SKIPPED, error_key=LINK_CONFLICT, **ids)
        if self.ctx.dry_run:
            return not plan.retry
        key = f"fortnox:{doc.document_number}"
        if plan.retry:
            # Waits (e.g. for a duplicate decision on its customer): queued as a pending import, so the cursor can
            # move on and later runs read just this document again instead of everything since the cursor.
            intents.begin(self.ctx.session, self.ctx.profile_id, kind, Side.UPSALES, key)
        elif key in self.queued.get(kind, ()):
            intents.done(self.ctx.session, self.ctx.profile_id, kind, key)
        return True

    def _doc_label(self, doc: Document) -> str:
        name = f" – {doc.customer_name}" if doc.customer_name else ""
        return f"{dmap.description(doc.kind, doc.document_number)}{name}"

    def _link_of(self, kind: EntityKind, number: str) -> int | None:
        """The deal linked to a Fortnox document (in a dry run, also the one it would have created)."""
        link = links.by_fortnox(self.ctx.session, self.ctx.profile_id, kind, number)
        if link is not None:
            return int(link.upsales_id)
        return self.planned.get((kind, number))

    def _facts(self, kind: EntityKind, doc: Document, values: dict[str, Any]) -> DocFacts:
        ctx = self.ctx
        number = doc.document_number
        link = links.by_fortnox(ctx.session, ctx.profile_id, kind, number)
        if link is not None:
            return DocFacts(kind, number, values, linked_deal=int(link.upsales_id), baseline=link.baseline)
        stamp_deal = dmap.deal_of_stamp(doc.stamp)
        stamp_exists, stamp_link = True, None
        if stamp_deal is not None:
            stamp_exists = self._deal(stamp_deal) is not None
            other = links.by_upsales(ctx.session, ctx.profile_id, kind, stamp_deal)
            stamp_link = other.fortnox_id if other is not None else None
        offer_deal, offer_won = None, False
        if kind is ORDER and doc.offer_reference:
            offer_deal = self._link_of(OFFER, doc.offer_reference)
            if offer_deal is not None:
                offer_won = (links.by_upsales(ctx.session, ctx.profile_id, ORDER, offer_deal) is not None
                             or any(key[0] is ORDER and v == offer_deal for key, v in self.planned.items()))
        company = self.company_of_customer.get(doc.customer_number or "")
        waiting = (doc.customer_number or "") in self.waiting_customers
        if company is None and ctx.dry_run and not waiting and doc.customer_number:
            company = PLANNED_COMPANY  # the companies phase of a real run would have linked the customer
        articles = {r["article"] for r in values["rows"] if r["article"]}
        mapped = len(articles) if ctx.dry_run else sum(1 for a in articles if a in self.product_of_article)
        return DocFacts(kind, number, values, stamp_deal=stamp_deal, stamp_deal_exists=stamp_exists,
                        stamp_deal_link=stamp_link, credit=doc.credit, offer_deal=offer_deal,
                        offer_deal_won=offer_won, adoptable_deal=self._adoptable(kind, number), company=company,
                        customer_waiting=waiting, mapped_rows=mapped)

    def _deal(self, deal_id: int) -> Order | None:
        if deal_id in self.deals:
            return self.deals[deal_id]
        try:
            deal = self.ctx.conns.upsales.get_order(deal_id)
        except NotFound:
            return None
        self.deals[deal_id] = deal
        return deal

    def _adoptable(self, kind: EntityKind, number: str) -> int | None:
        """An unlinked deal carrying this document's number: the Upsales Fortnox app's, or one of ours whose link a
        crash lost (then an intent is pending, and Upsales is asked)."""
        ctx = self.ctx
        deal_id = self.carried.get((kind, number))
        if deal_id is None and f"fortnox:{number}" in intents.pending(ctx.session, ctx.profile_id, kind):
            found = self._deals_carrying(kind, number)
            deal_id = found[0].id if found else None
        if deal_id is None or links.by_upsales(ctx.session, ctx.profile_id, kind, deal_id) is not None:
            return None
        return deal_id

    def _deals_carrying(self, kind: EntityKind, number: str) -> list[Order]:
        field_id = self._field(kind)
        if field_id is None or "," in number:
            return []
        found = self.ctx.conns.upsales.iter_orders(custom=f"eq:{field_id}:{number}")
        return [d for d in found if self._carried_number(d, kind) == number]

    def _unchanged(self, kind: EntityKind, doc: Document, values: dict[str, Any], facts: DocFacts) -> None:
        if facts.baseline is None and not self.ctx.dry_run and facts.linked_deal:
            self._link(kind, facts.linked_deal, doc.document_number, values)
        self.ctx.count_unchanged(kind)

    def _user(self, our_reference: str | None) -> int:
        return match_user(our_reference, self.people, self.ctx.settings.fallback_user_id or 0)

    def _stage(self, kind: EntityKind, cancelled: bool) -> tuple[int | None, int]:
        s = self.ctx.settings
        return stage_for(kind, cancelled, won_stage_id=s.won_stage_id, lost_stage_id=s.lost_stage_id,
                         offer_stage_id=s.offer_stage_id, stages=self.stages)

    def _create_deal(self, kind: EntityKind, doc: Document, values: dict[str, Any], facts: DocFacts,
                     label: str) -> None:
        """A new Upsales order (won or lost) or opportunity for a Fortnox document (R11, R12, R13)."""
        ctx = self.ctx
        number = doc.document_number
        stage_id, probability = self._stage(kind, doc.cancelled)
        rows = dmap.upsales_rows(values["rows"], self.product_of_article)
        user_id = self._user(doc.our_reference)
        after = {"stage": stage_id, "probability": probability, "user": user_id, "company": _real(facts.company),
                 "date": values["date"], "rows": len(values["rows"])}
        if ctx.dry_run:
            self.planned[(kind, number)] = self.next_planned
            self.next_planned -= 1
            ctx.record(kind, Action.CREATE, label=label, fortnox_id=number, after=after)
            return
        key = f"fortnox:{number}"
        intents.begin(ctx.session, ctx.profile_id, kind, Side.UPSALES, key)
        field_id = self._field(kind)
        notes = rows.notes(doc.kind, number)
        payload = upsales_wire.order_payload(
            description=dmap.description(doc.kind, number), date=doc.date or date.today(),
            close_date=doc.date if probability in (0, 100) else upsales_wire.UNSET, user_id=user_id,
            client_id=facts.company, stage_id=stage_id, probability=probability, currency=values["currency"],
            notes=notes if notes else upsales_wire.UNSET, rows=rows.rows,
            custom={field_id: number} if field_id is not None else upsales_wire.UNSET)
        try:
            deal = ctx.conns.upsales.create_order(payload)
        except UncertainWrite:
            found = self._deals_carrying(kind, number)
            if not found:
                raise
            deal = found[0]
        self._link(kind, deal.id, number, values)
        intents.done(ctx.session, ctx.profile_id, kind, key)
        ctx.record(kind, Action.CREATE, label=label, upsales_id=deal.id, fortnox_id=number, after=after)

    def _link_existing(self, kind: EntityKind, doc: Document, values: dict[str, Any], plan: DocPlan,
                       label: str) -> None:
        """Fortsync's own document (stamp) or a deal carrying the number already: link, repair the write-back."""
        ctx = self.ctx
        assert plan.deal is not None
        number = doc.document_number
        if ctx.dry_run:
            self.planned[(kind, number)] = plan.deal
            ctx.record(kind, Action.LINK, label=label, upsales_id=_real(plan.deal), fortnox_id=number)
            return
        self._link(kind, plan.deal, number, values)
        deal = self._deal(plan.deal)
        if deal is not None and self._carried_number(deal, kind) != number:
            self._write_back(plan.deal, kind, number)
        intents.done(ctx.session, ctx.profile_id, kind, dmap.stamp(plan.deal))
        intents.done(ctx.session, ctx.profile_id, kind, f"fortnox:{number}")
        ctx.record(kind, Action.LINK, label=label, upsales_id=plan.deal, fortnox_id=number)

    def _win_offer_deal(self, doc: Document, values: dict[str, Any], plan: DocPlan, label: str) -> None:
        """An order made in Fortnox from a linked offer: the offer's deal is won and carries the order number."""
        ctx = self.ctx
        assert plan.deal is not None
        number = doc.document_number
        stage_id, probability = self._stage(ORDER, doc.cancelled)
        after = {"stage": stage_id, "probability": probability, "FORTNOX_ORDER_ID": number}
        if ctx.dry_run:
            self.planned[(ORDER, number)] = plan.deal
            ctx.record(ORDER, Action.UPDATE, label=label, upsales_id=_real(plan.deal), fortnox_id=number,
                       after=after)
            return
        field_id = self._field(ORDER)
        ctx.conns.upsales.update_order(plan.deal, upsales_wire.order_payload(
            stage_id=stage_id, probability=probability,
            close_date=doc.date or date.today(),
            custom={field_id: number} if field_id is not None else upsales_wire.UNSET))
        self._link(ORDER, plan.deal, number, values)
        ctx.record(ORDER, Action.UPDATE, label=label, upsales_id=plan.deal, fortnox_id=number, after=after)

    def _update_deal(self, kind: EntityKind, doc: Document, values: dict[str, Any], plan: DocPlan,
                     facts: DocFacts, label: str) -> None:
        """A linked document changed in Fortnox: Fortnox wins for the fields that changed (R11), a cancellation
        moves the deal to the lost stage (R12)."""
        ctx = self.ctx
        assert plan.deal is not None
        number = doc.document_number
        if kind is OFFER and links.by_upsales(ctx.session, ctx.profile_id, ORDER, plan.deal) is not None:
            self._unchanged(kind, doc, values, facts)  # the deal follows its order now, not the offer
            if not ctx.dry_run:
                self._link(kind, plan.deal, number, values)
            return
        changes: dict[str, Any] = {}
        if "cancelled" in plan.changed and values["cancelled"]:
            stage_id, probability = self._stage(kind, True)
            changes.update(stage_id=stage_id, probability=probability)
        if "date" in plan.changed and values["date"]:
            changes["date"] = dmap.close_date(values)
        if "currency" in plan.changed:
            changes["currency"] = values["currency"]
        if "our_reference" in plan.changed:
            changes["user_id"] = self._user(values["our_reference"])
        if "customer" in plan.changed and (company := self.company_of_customer.get(values["customer"] or "")):
            changes["client_id"] = company
        if "rows" in plan.changed:
            rows = dmap.upsales_rows(values["rows"], self.product_of_article)
            if not ctx.dry_run and (current := self._deal(plan.deal)) is not None:
                rows = dmap.merge_rows(rows, current, self.article_of_product)
            if rows.rows:
                changes["rows"] = rows.rows
                if notes := rows.notes(doc.kind, number):
                    changes["notes"] = notes
        baseline = facts.baseline or {}
        before = {name: baseline.get(name) for name in sorted(plan.changed)}
        after = {name: values.get(name) for name in sorted(plan.changed)}
        if not changes:
            if not ctx.dry_run:
                self._link(kind, plan.deal, number, values)
            ctx.count_unchanged(kind)
            return
        if not ctx.dry_run:
            try:
                ctx.conns.upsales.update_order(plan.deal, upsales_wire.order_payload(**changes))
            except NotFound:
                ctx.record(kind, Action.SKIP, Outcome.SKIPPED, label=label, upsales_id=plan.deal, fortnox_id=number,
                           error_key=DEAL_MISSING)
                return
            self._link(kind, plan.deal, number, values)
        ctx.record(kind, Action.UPDATE, label=label, upsales_id=plan.deal, fortnox_id=number, before=before,
                   after=after)

    # --- Upsales -> Fortnox (R10, R13, R14) ----------------------------------------------------------------------

    def _send_kinds(self) -> tuple[EntityKind, ...]:
        return (won_kind(self.module), OFFER) if self.module is Module.ORDER_OFFER else (won_kind(self.module),)

    def _deals_to_send(self) -> list[int]:
        """The deals changed since the cursor, and those whose document create a crash interrupted."""
        ctx = self.ctx
        ids = list(self.deals)
        seen = set(ids)
        for kind in self._send_kinds():
            self.sending[kind] = {key for key in intents.pending(ctx.session, ctx.profile_id, kind)
                                  if dmap.deal_of_stamp(key) is not None}
            for key in sorted(self.sending[kind]):
                deal_id = dmap.deal_of_stamp(key)
                if deal_id is not None and deal_id not in seen:
                    ids.append(deal_id)
                    seen.add(deal_id)
        return ids

    def _send_deals(self, deal_ids: list[int]) -> bool:
        ctx = self.ctx
        clean = True
        default_kind = won_kind(self.module)
        for deal_id in deal_ids:
            self._progress()
            deal = self.deals.get(deal_id)
            if deal is None:
                deal = ctx.attempt(default_kind, Action.CREATE, partial(self._fetch_deal, deal_id),
                                   upsales_id=deal_id)
                if deal is None:
                    continue  # gone (its intents are cleared) or failed (recorded)
            plan = plan_deal(module=self.module, stage_id=deal.stage_id, probability=deal.probability,
                             won_stage_id=ctx.settings.won_stage_id, offer_stage_id=ctx.settings.offer_stage_id,
                             stages=self.stages, skip_sync=self._skip_sync(deal), numbers=self._numbers_of(deal),
                             won_before_cutoff=won_before_cutoff(ctx.settings.extra, deal.close_date, deal.date))
            self._drop_stale_intents(deal.id, plan)
            if plan.kind is None and plan.skip is None:
                continue
            kind = plan.kind or default_kind
            result = ctx.attempt(kind, Action.CREATE, partial(self._send_guarded, deal, plan),
                                 label=deal.description, upsales_id=deal.id)
            clean = clean and result is True
        return clean

    def _drop_stale_intents(self, deal_id: int, plan: DealPlan) -> None:
        """An intent of a create that never happened, for a deal that no longer needs that document (moved on,
        flagged SKIP_SYNC). Had the create happened, the import above found its stamp and linked it already."""
        ctx = self.ctx
        if ctx.dry_run:
            return
        key = dmap.stamp(deal_id)
        for kind in self._send_kinds():
            if key in self.sending.get(kind, ()) and not (plan.send and plan.kind is kind):
                intents.done(ctx.session, ctx.profile_id, kind, key)

    def _send_guarded(self, deal: Order, plan: DealPlan) -> bool:
        try:
            return self._send(deal, plan)
        except LinkConflict:
            self.ctx.session.rollback()
            self.ctx.record(plan.kind or won_kind(self.module), Action.SKIP, Outcome.SKIPPED, label=deal.description,
                            upsales_id=deal.id, error_key=LINK_CONFLICT)
            return True

    def _fetch_deal(self, deal_id: int) -> Order | None:
        ctx = self.ctx
        deal = self._deal(deal_id)
        if deal is None and not ctx.dry_run:
            for kind in self._send_kinds():
                intents.done(ctx.session, ctx.profile_id, kind, dmap.stamp(deal_id))
        return deal

    def _skip_sync(self, deal: Order) -> bool:
        return custom_bool(custom_value(deal.custom, self.ctx.fields.order.get("SKIP_SYNC")))

    def _numbers_of(self, deal: Order) -> dict[EntityKind, str | None]:
        """The Fortnox documents a deal carries or is linked to, by kind."""
        ctx = self.ctx
        out: dict[EntityKind, str | None] = {}
        for kind in dmap.CUSTOM_ALIAS:
            link = links.by_upsales(ctx.session, ctx.profile_id, kind, deal.id)
            out[kind] = link.fortnox_id if link is not None else self._carried_number(deal, kind)
        return out

    def _send(self, deal: Order, plan: DealPlan) -> bool:
        ctx = self.ctx
        kind = plan.kind or won_kind(self.module)
        label = deal.description
        ids = {"label": label, "upsales_id": deal.id}
        if plan.skip is not None:
            ctx.record(kind, Action.SKIP, Outcome.SKIPPED, error_key=plan.skip, **ids)
            return True
        link = links.by_upsales(ctx.session, ctx.profile_id, kind, deal.id)
        key = dmap.stamp(deal.id)
        if link is not None:  # created before: repair a lost write-back, never create
            if self._carried_number(deal, kind) != link.fortnox_id:
                if not ctx.dry_run:
                    self._write_back(deal.id, kind, link.fortnox_id)
                    intents.done(ctx.session, ctx.profile_id, kind, key)
                ctx.record(kind, Action.UPDATE, fortnox_id=link.fortnox_id,
                           after={dmap.CUSTOM_ALIAS[kind]: link.fortnox_id}, **ids)
            else:
                if not ctx.dry_run:
                    intents.done(ctx.session, ctx.profile_id, kind, key)
                ctx.count_unchanged(kind)
            return True
        carried = self._carried_number(deal, kind)
        if carried is not None:  # the Upsales Fortnox app's number (or ours, linked on another profile): adopt
            return self._adopt_number(deal, kind, carried)
        if deal.client_id is None:
            ctx.record(kind, Action.SKIP, Outcome.SKIPPED, error_key=NO_COMPANY, **ids)
            return True
        customer = self.planned_customers.get(deal.client_id) if ctx.dry_run else None
        if customer is None:
            customer = ensure_fortnox_customer(ctx, deal.client_id)
        if customer is None:
            if ctx.dry_run:  # the customer would be created first (recorded); so would the document
                ctx.record(kind, Action.CREATE, after=self._planned_after(deal, kind), **ids)
                return True
            ctx.record(kind, Action.SKIP, Outcome.SKIPPED, error_key=CUSTOMER_FAILED, **ids)
            return False
        existing = None
        if key in intents.pending(ctx.session, ctx.profile_id, kind):
            existing = self._find_created(kind, deal, customer)
        if existing is None and ctx.dry_run:
            ctx.record(kind, Action.CREATE, after=self._planned_after(deal, kind), **ids)
            return True
        if ctx.dry_run:
            ctx.record(kind, Action.LINK, fortnox_id=existing.document_number, **ids)
            return True
        action = Action.LINK
        if existing is None:
            intents.begin(ctx.session, ctx.profile_id, kind, Side.FORTNOX, key)
            existing, created = self._create_document(kind, deal, customer)
            action = Action.CREATE if created else Action.LINK
        number = existing.document_number
        values = dmap.document_values(existing)
        self._link(kind, deal.id, number, values)
        self._write_back(deal.id, kind, number)
        intents.done(ctx.session, ctx.profile_id, kind, key)
        ctx.record(kind, action, fortnox_id=number, after=self._planned_after(deal, kind, customer), **ids)
        return True

    def _planned_after(self, deal: Order, kind: EntityKind, customer: str | None = None) -> dict[str, Any]:
        return {"customer": customer, "our_reference": dmap.user_name(deal.user_id, self.ctx.users),
                "rows": len(deal.rows), "stamp": dmap.stamp(deal.id), "offer": self._offer_of(deal)}

    def _adopt_number(self, deal: Order, kind: EntityKind, number: str) -> bool:
        ctx = self.ctx
        label = deal.description
        try:
            doc = ctx.conns.fortnox.get_document(dmap.DOC_KIND[kind], number)
        except NotFound:
            ctx.record(kind, Action.SKIP, Outcome.SKIPPED, label=label, upsales_id=deal.id, fortnox_id=number,
                       error_key=NUMBER_NOT_FOUND)
            return True
        if not ctx.dry_run:
            self._link(kind, deal.id, number, dmap.document_values(doc))
            intents.done(ctx.session, ctx.profile_id, kind, dmap.stamp(deal.id))
        ctx.record(kind, Action.LINK, label=label, upsales_id=deal.id, fortnox_id=number)
        return True

    def _offer_of(self, deal: Order) -> str | None:
        """The Fortnox offer a won deal's order is made from (module order & offer)."""
        ctx = self.ctx
        link = links.by_upsales(ctx.session, ctx.profile_id, OFFER, deal.id)
        return link.fortnox_id if link is not None else self._carried_number(deal, OFFER)

    def _find_created(self, kind: EntityKind, deal: Order, customer: str) -> Document | None:
        """The document an interrupted create made, if it made one."""
        fortnox = self.ctx.conns.fortnox
        if kind is ORDER and (offer_number := self._offer_of(deal)) is not None:
            try:
                offer = fortnox.get_offer(offer_number)
            except NotFound:
                offer = None
            if offer is not None and offer.order_reference:
                return fortnox.get_order(offer.order_reference)
        found = fortnox.find_documents_by_stamp(dmap.DOC_KIND[kind], dmap.stamp(deal.id), customer_number=customer)
        if not found:
            return None
        doc = found[0]
        return doc if not doc.is_partial else fortnox.get_document(dmap.DOC_KIND[kind], doc.document_number)

    def _create_document(self, kind: EntityKind, deal: Order, customer: str) -> tuple[Document, bool]:
        """Create the deal's document: an order from its offer (createorder, re-reading the offer's order reference
        first and after a lost answer), else a new document stamped with the deal id. (document, made by this call:
        False when the offer had its order already, made in Fortnox)."""
        fortnox = self.ctx.conns.fortnox
        doc_kind = dmap.DOC_KIND[kind]
        if kind is ORDER and (offer_number := self._offer_of(deal)) is not None:
            try:
                offer = fortnox.get_offer(offer_number)
            except NotFound:
                offer = None
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
        payload = dmap.fortnox_payload(doc_kind, deal, customer, article_of_product=self.article_of_product,
                                       our_reference=dmap.user_name(deal.user_id, self.ctx.users))
        try:
            return fortnox.create_document(doc_kind, payload), True
        except UncertainWrite:
            found = fortnox.find_documents_by_stamp(doc_kind, dmap.stamp(deal.id), customer_number=customer)
            if not found:
                raise
            return fortnox.get_document(doc_kind, found[0].document_number), True

    def _write_back(self, deal_id: int, kind: EntityKind, number: str) -> None:
        field_id = self._field(kind)
        if field_id is not None:
            self.ctx.conns.upsales.update_order(deal_id, upsales_wire.order_payload(custom={field_id: number}))
