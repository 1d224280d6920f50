"""Deletions (pure): R8, the mass-deletion guard, and the deletions the user confirmed in the review queue.

R8: a customer deleted in Fortnox loses its number in Upsales and its company waits in the review queue; only an
explicit confirmation deletes the company. A company deleted in Upsales only loses its link: a Fortnox customer is
part of the books and is never deleted by a sync. An article deleted in Fortnox makes its product inactive (R9).
"""

from __future__ import annotations

from fortsync_gui.messages import ReasonKey
from fortsync_gui.store import Action, EntityKind

from ..api import MessageKey, StopRun
from ..facts import DeletionFacts, Listings, ProductFacts
from .model import Op, Plan, Step

CUSTOMER_DELETED = ReasonKey.FORTNOX_CUSTOMER_DELETED
COMPANY_DELETED = ReasonKey.UPSALES_COMPANY_DELETED
ARTICLE_DELETED = ReasonKey.ARTICLE_DELETED
GROUP = "removals"


def guard(listings: Listings, threshold: int, *, allow_removals: bool) -> None:
    """Stop the run before any write (and before the changes are read) when a side that had linked records lists
    none (an emptied or swapped account, a wrong token scope), or when more links would go than the profile's
    threshold."""
    linked = listings.linked
    sides = (("fortnox", EntityKind.COMPANY, listings.fortnox_customers),
             ("upsales", EntityKind.COMPANY, listings.upsales_accounts),
             ("fortnox", EntityKind.PRODUCT, listings.fortnox_articles))
    for side, kind, listed in sides:
        if listed is not None and not listed and linked.get(kind):
            raise StopRun(MessageKey.GUARD_SIDE_EMPTY, side=side, kind=kind.value, linked=linked[kind])
    removals = len(listings.gone)
    if removals > threshold and not allow_removals:
        raise StopRun(MessageKey.GUARD_THRESHOLD, count=removals, threshold=threshold)


def plan_confirmed(plan: Plan, facts: DeletionFacts) -> None:
    """The companies the user confirmed in the review queue, deleted before anything else."""
    for deletion in facts.confirmed:
        plan.add(Step(Op.COMPANY_DELETE, EntityKind.COMPANY, Action.DELETE, deletion.label, deletion.upsales_id,
                      deletion.fortnox_id, group=GROUP, data={"deletion": deletion.id}))


def plan_removals(plan: Plan, facts: DeletionFacts, products: ProductFacts) -> None:
    for link in facts.fortnox_gone:
        account = facts.accounts.get(link.upsales_id)
        plan.add(Step(Op.COMPANY_UNLINK, EntityKind.COMPANY, Action.UNLINK, account.name if account else None,
                      link.upsales_id, link.fortnox_id, before={"FORTNOX_CUSTOMER_ID": link.fortnox_id},
                      after={"FORTNOX_CUSTOMER_ID": None}, reason=CUSTOMER_DELETED, group=GROUP,
                      data={"link": link.id, "company_exists": account is not None}))
    for link in facts.upsales_gone:
        plan.add(Step(Op.COMPANY_FORGET, EntityKind.COMPANY, Action.UNLINK, None, link.upsales_id, link.fortnox_id,
                      reason=COMPANY_DELETED, group=GROUP, data={"link": link.id}))
    for link in products.gone:
        product = products.gone_products.get(link.upsales_id)
        plan.add(Step(Op.PRODUCT_DEACTIVATE, EntityKind.PRODUCT, Action.UPDATE, product.name if product else None,
                      link.upsales_id, link.fortnox_id, before={"active": product.active if product else None},
                      after={"active": False}, reason=ARTICLE_DELETED, group=GROUP,
                      data={"link": link.id, "deactivate": product is not None and product.active}))
