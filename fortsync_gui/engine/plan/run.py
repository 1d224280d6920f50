"""The whole-run planner (pure): the facts of a run in, the ordered steps of every phase out.

Order: deletions the user confirmed, companies (links, imports, field sync), products, documents (imports from
Fortnox, then deals sent to Fortnox, with R6's customers first), then R8's removals. A dry run renders exactly this
plan; a real run executes it, the first part (:func:`plan_first`) while it reads what the rest needs. The rest is
planned from facts a real run reads while the first part is being written: none of those writes touches them (the
companies phase writes Upsales companies and company links; products and documents read Fortnox, deals, and their
own links), so the plan is the same either way.
"""

from __future__ import annotations

from fortsync_gui.store import EntityKind, Side

from ..facts import CompanyFacts, DeletionFacts, Facts, Listings, Setup
from .companies import GROUP as COMPANY_GROUP
from .companies import CompanyPlanner, plan_companies
from .documents import plan_documents
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
    overlay.add_products(facts.products.links)
    plan_products(plan, facts.products, facts.setup, overlay)
    deleting = [str(d.upsales_id) for d in facts.deletions.confirmed if d.upsales_id is not None]
    plan_documents(plan, facts.documents, facts.setup, overlay,
                   CompanyPlanner(plan, facts.setup, overlay, facts.companies), deleting)
    plan_removals(plan, facts.deletions, facts.products)
    if facts.listings.listed_at is not None:
        plan.add(Step(Op.CURSOR, EntityKind.COMPANY, data={"listed_at": facts.listings.listed_at}))
