"""The whole-run planner (pure): the facts of a run in, the ordered steps of every phase out.

Order: deletions the user confirmed, companies (links, imports, field sync), products, documents (imports from
Fortnox, then deals sent to Fortnox, with R6's customers first), then R8's removals. A dry run renders exactly this
plan; a real run executes it.
"""

from __future__ import annotations

from fortsync_gui.store import EntityKind, Side

from ..facts import Facts
from .companies import GROUP as COMPANY_GROUP
from .companies import CompanyPlanner, plan_companies
from .documents import plan_documents
from .model import Op, Plan, Step, cursor_step
from .overlay import Overlay
from .products import plan_products
from .removals import plan_confirmed, plan_removals


def plan_run(facts: Facts) -> Plan:
    """The run's steps in order (the mass-deletion guard judged the listings before the changes were read)."""
    plan = Plan()
    overlay = Overlay.of_links(facts.companies.links, facts.products.links)
    plan_confirmed(plan, facts.deletions)
    plan_companies(plan, facts.companies, facts.setup, overlay)
    for side in (Side.FORTNOX, Side.UPSALES):
        plan.add(cursor_step(EntityKind.COMPANY, side, facts.companies.read_started[side], COMPANY_GROUP))
    plan_products(plan, facts.products, facts.setup, overlay)
    plan_documents(plan, facts.documents, facts.setup, overlay,
                   CompanyPlanner(plan, facts.setup, overlay, facts.companies))
    plan_removals(plan, facts.deletions, facts.products)
    if facts.listings.listed_at is not None:
        plan.add(Step(Op.CURSOR, EntityKind.COMPANY, data={"listed_at": facts.listings.listed_at}))
    return plan
