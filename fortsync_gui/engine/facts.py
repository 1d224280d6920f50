"""Everything a run knows before it plans: the records changed on both sides since the cursors, the sync state, open
conflicts and their resolutions, duplicate candidates, deletions and write intents left behind. This module is the
only engine I/O before apply: it reads, it never writes (a dry run and a real run read the same facts).

A linked record that shows up in one side's change feed with values that differ from that side's state has changed;
its other side is then read too (never assumed from the state), so a field changed on both sides is seen as a
conflict. A record that shows up with the values Fortsync last wrote or read (its own writes coming back) costs
nothing more.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session

from fortsync_gui.clients.errors import NotFound
from fortsync_gui.domain.fortnox import Article, Customer, Document
from fortsync_gui.domain.upsales import Account, Order, OrderStage, Product, User
from fortsync_gui.messages import ReasonKey
from fortsync_gui.store import DeletionStatus, EntityKind, MatchStatus, Module, ProfileSettings, Side, cursors
from fortsync_gui.store import deletions as deletion_store
from fortsync_gui.store import intents as intent_store
from fortsync_gui.store import matches as match_store

from . import company_map as cmap
from . import document_map as dmap
from .connect import Connections
from .context import FieldIds, custom_value
from .plan.documents_rules import Stage, is_won, module_kinds, send_kinds, won_kind
from .plan.model import Op
from .progress import Load, NoReading, Reading
from .state import ConflictRow, LinkRow, link_rows, pending_conflicts

T = TypeVar("T")
COMPANY, PRODUCT = EntityKind.COMPANY, EntityKind.PRODUCT
CURSOR_OVERLAP = timedelta(minutes=2)  # Fortnox `lastmodified` has minute resolution; the state absorbs re-reads
LISTED_AT = "listed_at"  # in the profile's extra settings: when the full id listings were last read
LISTING_EVERY = timedelta(hours=1)
CHEAP_LISTING_LINKS = 5000  # up to this many links, listing costs ≤ 10 Fortnox requests: list every run
CUSTOMER_ID = "FORTNOX_CUSTOMER_ID"
READERS = 4  # detail reads in flight at once (a read takes longer than the rate limit's gap between two)
AHEAD = 4 * READERS  # detail reads sent (or answered) and not handed on yet
ONE_READ = Load.of_reads(fortnox=1)


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Setup:
    """The tenant's configuration as this run found it (read before anything else)."""

    fields: FieldIds
    users: tuple[User, ...]
    stages: dict[int, OrderStage]
    price_list: str  # the Fortnox price-list code
    upsales_price_list: int | None  # the active Upsales price list with the same code, if any
    price_list_exists: bool
    send_won_since: date
    first_import: bool
    match_existing: bool
    won_stage_id: int | None = None
    lost_stage_id: int | None = None
    offer_stage_id: int | None = None
    fallback_user_id: int | None = None
    uncertain: Mapping[tuple[EntityKind, str], datetime] = field(default_factory=dict)  # (kind, key) -> when
    checked_at: datetime | None = None  # when this run looked them up
    settle: timedelta = timedelta(minutes=10)

    def holding(self, kind: EntityKind, key: str) -> bool:
        """Whether a create of ``key`` must wait: its last attempt lost its answer, and a lookup this soon after may
        not see it yet (the service may still be writing it). After the settle time a lookup that finds nothing
        means it never landed, and it is created again."""
        at = self.uncertain.get((kind, key))
        return at is not None and self.checked_at is not None and self.checked_at - at < self.settle


@dataclass
class Listings:
    """Full id listings of both sides, read before any write: how deletions are found (Fortnox has no deletion
    feed) and what the mass-deletion guard judges. ``None``: not listed this run."""

    fortnox_customers: set[str] | None = None
    fortnox_articles: set[str] | None = None
    upsales_accounts: set[str] | None = None
    gone: dict[int, str] = field(default_factory=dict)  # link id -> "fortnox" | "upsales": where it vanished
    listed_at: datetime | None = None  # set when this run listed (the profile remembers it)
    linked: dict[EntityKind, int] = field(default_factory=dict)  # links per kind when listed


@dataclass(frozen=True)
class MatchRow:
    id: int
    upsales_id: str
    fortnox_id: str
    status: MatchStatus
    decided: bool


Started = dict[Side, datetime]  # per service: its own clock when the reading of its changes began


@dataclass
class CompanyFacts:
    read_started: Started
    customers: dict[str, Customer]  # changed in Fortnox since the cursor, read in full
    accounts: dict[int, Account]  # changed in Upsales since the cursor
    links: list[LinkRow]  # not gone
    other_customers: dict[str, Customer]  # linked customers read because their company changed
    other_accounts: dict[int, Account]  # linked companies read because their customer changed
    conflicts: dict[int, dict[str, ConflictRow]]  # link id -> field -> open or resolved conflict
    rules: dict[str, Side]
    matches: list[MatchRow]
    carrying: dict[str, Account]  # customer number -> an unlinked company carrying it (FORTNOX_CUSTOMER_ID)
    intents: set[str]  # write intents left behind ("fortnox:<n>" imports)
    unreadable: set[int] = field(default_factory=set)  # link ids whose other side could not be read (gone)
    unlinking: set[str] = field(default_factory=set)  # customers whose link this run removes (a side is gone)
    company_deleted: set[str] = field(default_factory=set)  # customers whose company the user deleted in Upsales


@dataclass
class ProductFacts:
    read_started: Started
    articles: dict[str, Article]  # changed since the cursor (list items), and read in full where needed
    inactive: set[str]
    prices: dict[str, Any]  # article number -> price in the chosen list at FromQuantity 0 (changed since cursor)
    links: list[LinkRow]  # not gone
    products: dict[int, Product]  # every Upsales product, when an unlinked article needs adopting
    gone: list[LinkRow]  # products whose article was deleted in Fortnox
    gone_products: dict[str, Product | None]  # upsales id -> the product (None: gone too)


@dataclass
class DocumentFacts:
    read_started: Started
    module: Module
    docs: dict[EntityKind, list[Document]]  # changed since the cursor (and queued), in full; none kept for a planner
    vanished: dict[EntityKind, set[str]]  # queued documents that no longer exist
    queued: dict[EntityKind, set[str]]  # "fortnox:<n>" intents: imports waiting or interrupted
    links: dict[EntityKind, list[LinkRow]]
    deals: dict[int, Order]  # changed since the cursor, and every deal a document or an intent names
    changed_deals: list[int]  # the deals to consider sending, in order (changed, then interrupted sends)
    missing_deals: set[int]  # named, but gone from Upsales
    sending: dict[EntityKind, set[str]]  # "upsales:<id>" intents: document creates that were interrupted
    carrying: dict[tuple[EntityKind, str], int]  # (kind, number) -> the first deal carrying that number
    found_by_stamp: dict[tuple[EntityKind, int], Document | None]  # interrupted creates, looked up
    carried_docs: dict[tuple[EntityKind, str], Document | None]  # numbers deals carry: the document (None: gone)
    offers: dict[str, Document | None]  # offers won deals' orders are made from (None: gone)
    accounts: dict[int, Account | None]  # the unlinked companies of deals to send (R6)
    account_customers: dict[int, Customer]  # ... that carry a customer number already (adopted, not created)
    exported: dict[int, str | None]  # interrupted customer creates (R6), looked up: company -> customer number
    held_companies: set[str] = field(default_factory=set)  # companies whose customer was deleted (R8): undecided


@dataclass
class DeletionFacts:
    confirmed: list[Any]  # PendingDeletion rows the user confirmed
    fortnox_gone: list[LinkRow]  # company links whose customer was deleted in Fortnox
    upsales_gone: list[LinkRow]  # company links whose company was deleted in Upsales
    accounts: dict[str, Account | None]  # the companies of fortnox_gone


@dataclass
class Facts:
    settings: ProfileSettings
    setup: Setup
    listings: Listings
    deletions: DeletionFacts
    companies: CompanyFacts
    products: ProductFacts
    documents: DocumentFacts


class DocumentsPlanned(Protocol):
    """Who plans the documents as they are read (``plan.run.RestPlanner``)."""

    def start(self, facts: DocumentFacts) -> None: ...
    def document(self, kind: EntityKind, doc: Document) -> None: ...
    def kind_done(self, kind: EntityKind) -> None: ...


class Reader:
    """Reads one profile's facts through its two clients and its store session."""

    def __init__(self, session: Session, profile_id: int, settings: ProfileSettings, conns: Connections,
                 created_on: date, *, tick: Callable[[], None] | None = None,
                 clock: Callable[[], datetime] | None = None, reading: Reading | None = None) -> None:
        self.session, self.profile_id, self.settings, self.conns = session, profile_id, settings, conns
        self.created_on = created_on
        self.tick = tick or (lambda: None)  # between reads: cancel, and keep the run lock alive
        self.clock = clock or now
        self.reading = reading or NoReading()  # the progress of a run reading its rest while it writes the first part

    # --- the tenant ------------------------------------------------------------------------------------------------

    def setup(self, fields: FieldIds | None = None) -> Setup:
        s = self.settings
        code = (s.price_list or "").strip()
        try:  # Fortnox first: its first request opens the token's rate-limit window, which the run later waits on
            exists = bool(code) and self.conns.fortnox.get_price_list(code) is not None
        except NotFound:
            exists = False
        stages = {stage.id: stage for stage in self.conns.upsales.list_order_stages()}
        users = tuple(self.conns.upsales.list_users())
        upsales = self.conns.upsales.find_price_list_by_code(code) if exists else None
        uncertain = {(row.kind, row.key): row.uncertain_at
                     for row in intent_store.uncertain(self.session, self.profile_id) if row.uncertain_at}
        return Setup(fields or FieldIds(), users, stages, code,
                     upsales.id if upsales is not None and upsales.active else None, exists,
                     s.send_won_since or self.created_on, not s.initial_import_done, s.match_existing,
                     s.won_stage_id, s.lost_stage_id, s.offer_stage_id if s.module is Module.ORDER_OFFER else None,
                     s.fallback_user_id, uncertain, self.clock(), timedelta(minutes=s.settle_minutes))

    def started(self) -> Started:
        """When reading begins, by each service's own clock (the ``Date`` of its latest answer, a moment before):
        the next run reads changes from there, whatever this computer's clock says."""
        return {Side.FORTNOX: self.conns.fortnox.server_time() or self.clock(),
                Side.UPSALES: self.conns.upsales.server_time() or self.clock()}

    def _each(self, items: list[Any], read: Callable[[Any], T]) -> list[T]:
        """``read`` of every item, in order, several at a time: one at a time a read waits for its answer; several
        keep the service's rate limit busy (the clients' limiters hold them to it)."""
        return list(self._each_as_read(items, read))

    def _each_as_read(self, items: list[Any], read: Callable[[Any], T]) -> Iterator[T]:
        """:meth:`_each`, each result as soon as it is there (in order; the reads go on meanwhile). Only
        :data:`AHEAD` reads are sent or answered ahead of the one handed on: a pending read costs about 2 kB, and a
        first import reads 100 000 customers and then 150 000 documents."""
        if len(items) < 2:
            yield from (read(item) for item in items)
            return
        pool = ThreadPoolExecutor(READERS, thread_name_prefix="fortsync-read")
        ahead: deque[Future[T]] = deque()
        try:
            for item in items:
                if len(ahead) == AHEAD:
                    yield self._answer(ahead.popleft())
                ahead.append(pool.submit(read, item))
            while ahead:
                yield self._answer(ahead.popleft())
        finally:  # stopped early (an error, a cancel, the writer's failure): the reads not sent yet are not sent
            pool.shutdown(wait=True, cancel_futures=True)

    def _answer(self, read: Future[T]) -> T:
        result = read.result()
        self.tick()
        return result

    def since(self, kind: EntityKind, side: Side) -> datetime | None:
        value = cursors.get_cursor(self.session, self.profile_id, kind, side)
        return None if value is None else datetime.fromisoformat(value)

    # --- listings and deletions ------------------------------------------------------------------------------------

    def listings(self, at: datetime | None = None) -> Listings:
        """Every customer and article number in Fortnox and every company id in Upsales, when something of that
        kind is linked (a first import has nothing to lose). Every run for a small register, at most once per
        :data:`LISTING_EVERY` for a large one."""
        company_links = link_rows(self.session, self.profile_id, COMPANY)
        product_links = link_rows(self.session, self.profile_id, PRODUCT)
        out = Listings(linked={COMPANY: len(company_links), PRODUCT: len(product_links)})
        at = at or self.clock()
        listed_at = self.settings.extra.get(LISTED_AT)
        if (len(company_links) + len(product_links) > CHEAP_LISTING_LINKS and listed_at
                and at - datetime.fromisoformat(listed_at) < LISTING_EVERY):
            return out
        if company_links or product_links:
            out.listed_at = at
        if company_links:
            out.fortnox_customers = self.conns.fortnox.customer_numbers()
            out.upsales_accounts = {str(i) for i in self.conns.upsales.account_ids()}
            for link in company_links:
                if link.fortnox_id not in out.fortnox_customers:
                    out.gone[link.id] = "fortnox"
                elif link.upsales_id not in out.upsales_accounts:
                    out.gone[link.id] = "upsales"
        if product_links:
            out.fortnox_articles = self.conns.fortnox.article_numbers()
            for link in product_links:
                if link.fortnox_id not in out.fortnox_articles:
                    out.gone[link.id] = "fortnox"
        return out

    def deletions(self, listings: Listings) -> DeletionFacts:
        company_links = [li for li in link_rows(self.session, self.profile_id, COMPANY) if li.id in listings.gone]
        fortnox_gone = [li for li in company_links if listings.gone[li.id] == "fortnox"]
        upsales_gone = [li for li in company_links if listings.gone[li.id] == "upsales"]
        confirmed = deletion_store.list_deletions(self.session, self.profile_id, (DeletionStatus.CONFIRMED,))
        return DeletionFacts(confirmed, fortnox_gone, upsales_gone,
                             {li.upsales_id: self._account_or_none(int(li.upsales_id)) for li in fortnox_gone})

    # --- companies -------------------------------------------------------------------------------------------------

    def companies(self, setup: Setup, listings: Listings) -> CompanyFacts:
        read_started = self.started()
        fortnox, upsales = self.conns.fortnox, self.conns.upsales
        # every page first (a listing read for hours could miss what moves between pages); of a list item that
        # lacks fields only its number is kept until it is read in full
        items = [c.customer_number if c.is_partial else c
                 for c in fortnox.iter_customers(lastmodified=self.since(COMPANY, Side.FORTNOX))]
        customers = {c.customer_number: c for c in self._each(
            items, lambda item: fortnox.get_customer(item) if isinstance(item, str) else item)}
        pending = set(intent_store.pending(self.session, self.profile_id, COMPANY))
        for number in _waiting_imports(pending, customers):  # left behind by an earlier run whose cursor moved on
            customer = _or_none(lambda n=number: fortnox.get_customer(n))
            if customer is not None:
                customers[number] = customer
        accounts = {a.id: a for a in upsales.iter_accounts(modified_since=self.since(COMPANY, Side.UPSALES))}
        all_links = link_rows(self.session, self.profile_id, COMPANY)
        links = [li for li in all_links if li.id not in listings.gone]
        conflicts = pending_conflicts(self.session, self.profile_id, COMPANY)
        facts = CompanyFacts(read_started, customers, accounts, links, {}, {}, conflicts,
                             _rules(self.session, self.profile_id, COMPANY), self._matches(), {}, pending)
        facts.unlinking = {li.fortnox_id for li in all_links if li.id in listings.gone}
        facts.company_deleted = deletion_store.gone_by_reason(self.session, self.profile_id, COMPANY,
                                                              ReasonKey.UPSALES_COMPANY_DELETED)
        self._decided_matches(setup, facts)
        for link in links:
            self.tick()
            self._read_other_side(setup, facts, link)
        self._carrying(setup, facts)
        return facts

    def _decided_matches(self, setup: Setup, facts: CompanyFacts) -> None:
        """Customers held back for a duplicate decision are not in the change feed when the user decides: read
        the ones decided (or no longer held back) since, and the companies they were matched with."""
        linked = {li.fortnox_id for li in facts.links}
        for match in facts.matches:
            if match.fortnox_id in linked or not (match.decided or not setup.match_existing):
                continue
            if match.fortnox_id not in facts.customers:
                customer = _or_none(lambda n=match.fortnox_id: self.conns.fortnox.get_customer(n))
                if customer is None:
                    continue
                facts.customers[match.fortnox_id] = customer
            if match.status is MatchStatus.ACCEPTED and int(match.upsales_id) not in facts.accounts:
                account = self._account_or_none(int(match.upsales_id))
                if account is not None:
                    facts.other_accounts[account.id] = account

    def _read_other_side(self, setup: Setup, facts: CompanyFacts, link: LinkRow) -> None:
        customer = facts.customers.get(link.fortnox_id)
        account = facts.accounts.get(int(link.upsales_id))
        if customer is None and account is None and not _has_resolution(facts.conflicts.get(link.id)):
            return
        whole = (link.upsales_values is None or link.fortnox_values is None
                 or _has_resolution(facts.conflicts.get(link.id)))
        need_account = account is None and (whole or (customer is not None and _differs(
            cmap.from_customer(customer), link.fortnox_values)))
        need_customer = customer is None and (whole or (account is not None and _differs(
            cmap.from_account(account, setup.fields), link.upsales_values)))
        try:
            if need_account:
                facts.other_accounts[int(link.upsales_id)] = self.conns.upsales.get_account(int(link.upsales_id))
            if need_customer:
                facts.other_customers[link.fortnox_id] = self.conns.fortnox.get_customer(link.fortnox_id)
        except NotFound:
            facts.unreadable.add(link.id)  # deleted meanwhile: the next run's listings see it

    def _carrying(self, setup: Setup, facts: CompanyFacts) -> None:
        """Unlinked companies that carry a changed customer's number already (the Upsales Fortnox app's field, or a
        create of ours whose link a crash lost)."""
        field_id = setup.fields.account.get(CUSTOMER_ID)
        if field_id is None:
            return
        linked_up = {li.upsales_id for li in facts.links}
        linked_fx = {li.fortnox_id for li in facts.links}
        for account in facts.accounts.values():
            number = custom_value(account.custom, field_id)
            if number and str(account.id) not in linked_up:
                facts.carrying.setdefault(number, account)
        for number in facts.customers:
            if number in linked_fx or number in facts.carrying or "," in number:
                continue
            if setup.first_import and f"fortnox:{number}" not in facts.intents:
                continue  # the first import read every company already
            for account in self.conns.upsales.find_accounts_by_custom(field_id, number):
                if str(account.id) not in linked_up:
                    facts.carrying[number] = account
                    break

    def _matches(self) -> list[MatchRow]:
        return [MatchRow(m.id, m.upsales_id, m.fortnox_id, m.status, m.decided_at is not None)
                for m in match_store.list_matches(self.session, self.profile_id)]

    # --- products --------------------------------------------------------------------------------------------------

    def products(self, setup: Setup, listings: Listings) -> ProductFacts:
        read_started = self.started()
        fortnox = self.conns.fortnox
        since = self.since(PRODUCT, Side.FORTNOX)
        articles = {a.article_number: a for a in fortnox.iter_articles(lastmodified=since)}
        inactive = ({a.article_number for a in fortnox.iter_articles(lastmodified=since, filter="inactive")}
                    if articles else set())
        prices = {p.article_number: p.price for p in fortnox.iter_prices(lastmodified=since)
                  if p.price_list == setup.price_list and p.from_quantity == 0}
        all_links = link_rows(self.session, self.profile_id, PRODUCT)
        links = [li for li in all_links if li.id not in listings.gone]
        gone = [li for li in all_links if li.id in listings.gone]
        linked = {li.fortnox_id for li in links}
        waiting = _waiting_imports(set(intent_store.pending(self.session, self.profile_id, PRODUCT)), articles)
        unlinked = [n for n in sorted(set(articles) | set(prices) | waiting) if n not in linked]
        # the forecast: each article read in full or priced here, each changed one written to an Upsales product
        self.reading.expect(Load.of_reads(fortnox=sum((n not in articles) + (n not in prices) for n in unlinked)),
                            {Op.PRODUCT_CREATE: len(unlinked),
                             Op.PRODUCT_UPDATE: len(linked & (set(articles) | set(prices)))})
        products = {p.id: p for p in self.conns.upsales.iter_products()} if unlinked else {}
        for number in unlinked:
            self.tick()
            if number not in articles:  # only its price changed, or an import waits: read it in full
                self.reading.read(ONE_READ)
                article = _or_none(lambda n=number: fortnox.get_article(n))
                if article is None:
                    continue  # gone since (an import that waited for it is moot)
                articles[number] = article
                if article.active is False:
                    inactive.add(number)
            if number not in prices:
                self.reading.read(ONE_READ)
                found = fortnox.get_price(setup.price_list, number, 0)
                prices[number] = found.price if found is not None else None
        gone_products: dict[str, Product | None] = {}
        for link in gone:
            try:
                gone_products[link.upsales_id] = self.conns.upsales.get_product(int(link.upsales_id))
            except NotFound:
                gone_products[link.upsales_id] = None
        return ProductFacts(read_started, articles, inactive, prices, links, products, gone, gone_products)

    # --- documents -------------------------------------------------------------------------------------------------

    def documents(self, setup: Setup, company_links: Iterable[LinkRow],
                  unlinking: Iterable[str] = (), planner: DocumentsPlanned | None = None) -> DocumentFacts:
        """``planner``: told of each document as soon as it and what its import needs are read (a real run carries
        out its import while the next documents are read); the documents are then not kept in ``docs``."""
        read_started = self.started()
        module = Module(self.settings.module)
        fortnox, upsales = self.conns.fortnox, self.conns.upsales
        up_kind = won_kind(module)
        deals = {o.id: o for o in upsales.iter_orders(modified_since=self.since(up_kind, Side.UPSALES))}
        facts = DocumentFacts(read_started, module, {}, {}, {}, {}, deals, list(deals), set(), {}, {}, {}, {}, {},
                              {}, {}, {})
        facts.held_companies = {str(d.upsales_id) for d in deletion_store.list_deletions(self.session, self.profile_id)
                                if d.kind is COMPANY and d.upsales_id is not None} | set(unlinking)
        self._index_carrying(setup, facts, deals.values())
        pending = {kind: set(intent_store.pending(self.session, self.profile_id, kind))
                   for kind in dmap.CUSTOM_ALIAS}
        for kind in dmap.CUSTOM_ALIAS:
            facts.links[kind] = link_rows(self.session, self.profile_id, kind)
        if planner is not None:
            planner.start(facts)
        to_read: dict[EntityKind, list[str]] = {}
        for kind in module_kinds(module):  # every kind listed first: the forecast knows the reading's size
            facts.queued[kind] = {key for key in pending[kind] if key.startswith("fortnox:")}
            numbers = [d.document_number for d in fortnox.iter_documents(
                dmap.DOC_KIND[kind], lastmodified=self.since(kind, Side.FORTNOX))]
            listed = set(numbers)
            numbers += [n for n in sorted(k.removeprefix("fortnox:") for k in facts.queued[kind]) if n not in listed]
            to_read[kind] = numbers
        # the forecast: one detail read per document, then a deal written for each (made, or updated when linked)
        linked = sum(len({li.fortnox_id for li in facts.links[kind]} & set(numbers))
                     for kind, numbers in to_read.items())
        listed_n = sum(len(numbers) for numbers in to_read.values())
        self.reading.expect(Load.of_reads(fortnox=listed_n),
                            {Op.DEAL_CREATE: listed_n - linked, Op.DEAL_UPDATE: linked})
        self.reading.sized()
        for kind, numbers in to_read.items():
            facts.docs[kind], facts.vanished[kind] = [], set()
            field_id = setup.fields.order.get(dmap.CUSTOM_ALIAS[kind])
            deal_of = {li.fortnox_id: int(li.upsales_id) for li in facts.links[kind]}
            read = self._each_as_read(numbers, lambda n, k=kind: self._document_or_none(k, n))
            for number, doc in zip(numbers, read, strict=True):
                if doc is None:
                    facts.vanished[kind].add(number)
                    continue
                self._document_context(facts, kind, doc, field_id, deal_of)
                if planner is not None:
                    planner.document(kind, doc)  # planned as read, and not kept: a first import reads 150 000
                else:
                    facts.docs[kind].append(doc)
            if planner is not None:
                planner.kind_done(kind)
        for kind in send_kinds(module):
            facts.sending[kind] = {key for key in pending[kind] if dmap.deal_of_stamp(key) is not None}
            for key in sorted(facts.sending[kind]):
                deal_id = dmap.deal_of_stamp(key)
                if deal_id is not None and deal_id not in facts.changed_deals:
                    facts.changed_deals.append(deal_id)
        for deal_id in facts.changed_deals:
            self._deal(facts, deal_id)
        self._send_context(setup, facts, company_links, pending)
        return facts

    def _document_or_none(self, kind: EntityKind, number: str) -> Document | None:
        """A listed document read in full (None: gone since)."""
        try:
            return _or_none(lambda: self.conns.fortnox.get_document(dmap.DOC_KIND[kind], number))
        finally:
            self.reading.read(ONE_READ)

    def _deal(self, facts: DocumentFacts, deal_id: int) -> Order | None:
        if deal_id in facts.deals:
            return facts.deals[deal_id]
        if deal_id in facts.missing_deals:
            return None
        try:
            deal = self.conns.upsales.get_order(deal_id)
        except NotFound:
            facts.missing_deals.add(deal_id)
            return None
        facts.deals[deal_id] = deal
        return deal

    def _index_carrying(self, setup: Setup, facts: DocumentFacts, deals: Iterable[Order]) -> None:
        for deal in deals:
            for kind, alias in dmap.CUSTOM_ALIAS.items():
                number = custom_value(deal.custom, setup.fields.order.get(alias))
                if number is not None:
                    facts.carrying.setdefault((kind, number), deal.id)

    def _document_context(self, facts: DocumentFacts, kind: EntityKind, doc: Document, field_id: int | None,
                          deal_of: Mapping[str, int]) -> None:
        """The deal a document of ``kind`` names (its stamp), or the deal carrying its number when its import was
        interrupted: what its import needs, and nothing another document's import looks at."""
        if doc.document_number in deal_of:
            self._deal(facts, deal_of[doc.document_number])  # still there? (a deleted deal is not updated)
            return
        stamp_deal = dmap.deal_of_stamp(doc.stamp)
        if stamp_deal is not None:
            self._deal(facts, stamp_deal)
        key = f"fortnox:{doc.document_number}"
        if (key in facts.queued[kind] and (kind, doc.document_number) not in facts.carrying
                and field_id is not None and "," not in doc.document_number):
            for deal in self.conns.upsales.iter_orders(custom=f"eq:{field_id}:{doc.document_number}"):
                if custom_value(deal.custom, field_id) == doc.document_number:
                    facts.deals.setdefault(deal.id, deal)
                    facts.carrying.setdefault((kind, doc.document_number), deal.id)
                    break

    def _send_context(self, setup: Setup, facts: DocumentFacts, company_links: Iterable[LinkRow],
                      pending: dict[EntityKind, set[str]]) -> None:
        """What sending the changed deals needs to know: the documents they carry (do they exist?), the offers
        won deals' orders are made from, interrupted creates looked up by their stamp, and the unlinked companies
        that R6 would create a customer for."""
        fortnox = self.conns.fortnox
        linked_companies = {li.upsales_id for li in company_links}
        linked_deals = {kind: {li.upsales_id: li.fortnox_id for li in rows} for kind, rows in facts.links.items()}
        company_intents = set(intent_store.pending(self.session, self.profile_id, COMPANY))
        stages = {st.id: Stage(st.id, st.probability, st.exclude) for st in setup.stages.values()}
        for deal_id in facts.changed_deals:
            self.tick()
            deal = facts.deals.get(deal_id)
            if deal is None:
                continue
            numbers = {kind: linked_deals[kind].get(str(deal.id)) or custom_value(deal.custom,
                                                                                 setup.fields.order.get(alias))
                       for kind, alias in dmap.CUSTOM_ALIAS.items()}
            needs_order = (facts.module is Module.ORDER_OFFER and numbers[EntityKind.ORDER] is None
                           and is_won(deal.stage_id, deal.probability, won_stage_id=setup.won_stage_id,
                                      stages=stages))
            for kind, number in numbers.items():
                if number is None or (kind, number) in facts.carried_docs:
                    continue
                adopting = str(deal.id) not in linked_deals[kind]  # carried, not linked: does it exist?
                made_from = kind is EntityKind.OFFER and needs_order  # the order is made from this offer
                if adopting or made_from:
                    facts.carried_docs[(kind, number)] = _or_none(
                        lambda k=kind, n=number: fortnox.get_document(dmap.DOC_KIND[k], n))
                if made_from:
                    facts.offers[number] = facts.carried_docs[(kind, number)]
            for kind in send_kinds(facts.module):
                if dmap.stamp(deal.id) in pending[kind] and (kind, deal.id) not in facts.found_by_stamp:
                    facts.found_by_stamp[(kind, deal.id)] = self._find_by_stamp(kind, deal)
            company = deal.client_id
            if company is not None and str(company) not in linked_companies and company not in facts.accounts:
                account = self._account_or_none(company)
                facts.accounts[company] = account
                number = custom_value(account.custom, setup.fields.account.get(CUSTOMER_ID)) if account else None
                if number is None and f"upsales:{company}" in company_intents:
                    number = self._find_exported(f"upsales:{company}")
                    facts.exported[company] = number
                if number is not None:
                    customer = _or_none(lambda n=number: fortnox.get_customer(n))
                    if customer is not None:
                        facts.account_customers[company] = customer

    def _find_by_stamp(self, kind: EntityKind, deal: Order) -> Document | None:
        """The document an interrupted create made for ``deal``, if it made one."""
        fortnox = self.conns.fortnox
        found = fortnox.find_documents_by_stamp(dmap.DOC_KIND[kind], dmap.stamp(deal.id))
        if not found:
            return None
        doc = found[0]
        return fortnox.get_document(dmap.DOC_KIND[kind], doc.document_number) if doc.is_partial else doc

    def _find_exported(self, key: str) -> str | None:
        """The customer an interrupted create made: Fortnox cannot search ExternalReference, so the customers changed
        since the intent are read in full."""
        intent = intent_store.pending(self.session, self.profile_id, COMPANY).get(key)
        since = (intent.created_at if intent else self.clock()) - timedelta(minutes=5)
        for item in self.conns.fortnox.iter_customers(lastmodified=since):
            customer = self.conns.fortnox.get_customer(item.customer_number)
            if (customer.external_reference or "").strip() == key:
                return customer.customer_number
        return None

    def _account_or_none(self, account_id: int) -> Account | None:
        return _or_none(lambda: self.conns.upsales.get_account(account_id))


def _waiting_imports(pending: Iterable[str], read: Mapping[str, Any]) -> set[str]:
    """The Fortnox numbers of imports into Upsales left behind (interrupted, or their answer lost) that this run's
    change feed did not bring: they are read by number, so a later run settles them whatever the cursor says."""
    return {key.removeprefix("fortnox:") for key in pending if key.startswith("fortnox:")} - set(read)


def _or_none(read: Callable[[], T]) -> T | None:
    try:
        return read()
    except NotFound:
        return None


def _rules(session: Session, profile_id: int, kind: EntityKind) -> dict[str, Side]:
    from fortsync_gui.store import conflicts

    return conflicts.field_rules(session, profile_id, kind)


def _has_resolution(conflicts: dict[str, ConflictRow] | None) -> bool:
    return any(c.resolution is not None for c in (conflicts or {}).values())


def _differs(values: dict[str, Any], state: Any) -> bool:
    return state is None or any(values.get(name) != state.get(name) for name in cmap.FIELDS)
