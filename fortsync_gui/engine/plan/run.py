"""The whole-run planner (pure): the facts of a run in, the ordered steps of every phase out.

Order: deletions the user confirmed, companies (links, imports, field sync), products, documents (imports from
Fortnox, then deals sent to Fortnox, with R6's customers first), then R8's removals. A dry run renders exactly this
plan; a real run executes it while it reads what the rest needs: the first part (:func:`plan_first`) at once, then
the products as soon as they are read, then each document's import as soon as that document is read
(:class:`RestPlanner`; a dry run plans through it too). The rest is planned from facts a real run reads while
earlier steps are being written: none of those writes touches them (the companies phase writes Upsales companies and
company links; products and documents read Fortnox, deals, and their own links, all read before the first product
or document step is planned; an import's own reads, the deal its stamp names or the deal carrying its number, are
made before its steps are planned and no other import's steps look at them), so the plan is the same either way.
"""

from __future__ import annotations

from collections.abc import Callable

from fortsync_gui.domain.fortnox import Document
from fortsync_gui.store import EntityKind, Side

from ..facts import CompanyFacts, DeletionFacts, DocumentFacts, Facts, Listings, ProductFacts, Setup
from .companies import GROUP as COMPANY_GROUP
from .companies import CompanyPlanner, plan_companies
from .documents import DocumentPlanner
from .documents_rules import module_kinds
from .model import Op, Plan, Step, cursor_step
from .overlay import Overlay
from .products import plan_products
from .removals import plan_confirmed, plan_removals


def plan_run(facts: Facts) -> Plan:
    """The run's steps in order (the mass-deletion guard judged the listings before the changes were read)."""
    plan, overlay = plan_first(facts.setup, facts.listings, facts.deletions, facts.companies)
    plan_rest(plan, overlay, facts)
    return plan


def plan_first(setup: Setup, listings: Listings, deletions: DeletionFacts,
               companies: CompanyFacts) -> tuple[Plan, Overlay]:
    """Confirmed deletions and companies: what a real run starts writing while it reads the rest."""
    plan = Plan()
    overlay = Overlay.of_links(companies.links, [])
    plan_confirmed(plan, deletions)
    plan_companies(plan, companies, setup, overlay)
    for side in (Side.FORTNOX, Side.UPSALES):
        plan.add(cursor_step(EntityKind.COMPANY, side, companies.read_started[side], COMPANY_GROUP))
    return plan, overlay


def plan_rest(plan: Plan, overlay: Overlay, facts: Facts) -> None:
    """Products, documents (R6 customers first), then removals, after :func:`plan_first`'s steps."""
    rest = RestPlanner(plan, overlay, facts.setup, facts.deletions, facts.companies)
    rest.products(facts.products)
    rest.start(facts.documents)
    for kind in module_kinds(facts.documents.module):
        for doc in facts.documents.docs[kind]:
            rest.document(kind, doc)
        rest.kind_done(kind)
    rest.finish(facts)


class RestPlanner:
    """:func:`plan_rest` part by part, in the order a run reads its facts: the products once they are read, then
    each document's import as soon as it is read (the reader calls :meth:`start`, :meth:`document` and
    :meth:`kind_done`), the rest at :meth:`finish`. ``planned`` is called after the products and after each
    document: a real run carries out what is planned while the next part is read. The steps are the same as
    :func:`plan_rest`'s, in the same order (a dry run plans them the same way)."""

    def __init__(self, plan: Plan, overlay: Overlay, setup: Setup, deletions: DeletionFacts,
                 companies: CompanyFacts, planned: Callable[[], None] = lambda: None) -> None:
        self.plan, self.overlay, self.setup, self.deletions, self.companies = plan, overlay, setup, deletions, companies
        self.planned = planned
        self._documents: DocumentPlanner | None = None

    def products(self, facts: ProductFacts) -> None:
        self.overlay.add_products(facts.links)
        plan_products(self.plan, facts, self.setup, self.overlay)
        self.planned()

    def start(self, facts: DocumentFacts) -> None:
        """The documents' facts before any document is read in full (listings, links, queued imports)."""
        deleting = [str(d.upsales_id) for d in self.deletions.confirmed if d.upsales_id is not None]
        self._documents = DocumentPlanner(self.plan, facts, self.setup, self.overlay,
                                          CompanyPlanner(self.plan, self.setup, self.overlay, self.companies),
                                          deleting)

    def document(self, kind: EntityKind, doc: Document) -> None:
        assert self._documents is not None
        self._documents.document(kind, doc)
        self.planned()

    def kind_done(self, kind: EntityKind) -> None:
        assert self._documents is not None
        self._documents.kind_done(kind)

    def finish(self, facts: Facts) -> None:
        assert self._documents is not None
        self._documents.send()
        plan_removals(self.plan, facts.deletions, facts.products)
        if facts.listings.listed_at is not None:
            self.plan.add(Step(Op.CURSOR, EntityKind.COMPANY, data={"listed_at": facts.listings.listed_at}))
