"""Products (pure, R9): the Fortnox article register becomes Upsales products, one way, priced from the chosen price
list (its base price, ``FromQuantity`` 0). An article made inactive makes its product inactive.

A product already standing for an article (the Upsales Fortnox app's, found by ``FORTNOX_ID`` or ``articleNo``, or a
create of ours a crash cut off) is adopted, never created twice.
"""

from __future__ import annotations

from typing import Any

from fortsync_gui.messages import ReasonKey
from fortsync_gui.store import Action, EntityKind, Side

from ..facts import ProductFacts, Setup
from .model import Fields, Op, Plan, Step, cursor_step
from .overlay import Overlay
from .product_rules import amount, article_values, changes, find_product, product_values

KIND = EntityKind.PRODUCT
GROUP = "product"
FORTNOX_ID = "FORTNOX_ID"


class ProductData(Fields):
    """A product create's data: a first import plans 25 000 that wait for the writer."""

    __slots__ = ("key", "values")

    def __init__(self, values: dict[str, Any], key: str) -> None:
        self.values, self.key = values, key


def plan_products(plan: Plan, facts: ProductFacts, setup: Setup, overlay: Overlay) -> None:
    """The products' steps. The articles, prices and Upsales products are left out of ``facts`` once planned (the
    steps keep what they write, nothing later reads them): a first import reads 25 000 articles, and they would
    otherwise sit beside the steps to the end of the run."""
    by_fortnox = {link.fortnox_id: link for link in facts.links}
    taken = {int(link.upsales_id) for link in facts.links}
    field_id = setup.fields.product.get(FORTNOX_ID)
    for number in sorted(set(facts.articles) | set(facts.prices)):
        article = facts.articles.get(number)
        price = facts.prices.get(number)
        link = by_fortnox.get(number)
        if link is not None:
            state = dict(link.fortnox_values or {})
            wanted = (article_values(article, active=number not in facts.inactive, price=price) if article
                      else {"list_price": amount(price)})
            diff = changes(wanted, state)
            if not diff:
                plan.unchanged[KIND] += 1
                continue
            label = wanted.get("name") or state.get("name")
            plan.add(Step(Op.PRODUCT_UPDATE, KIND, Action.UPDATE, label, link.upsales_id, number,
                          before={k: state.get(k) for k in diff}, after=diff, group=GROUP,
                          data={"changes": diff, "state": {**state, **wanted}}))
            continue
        if article is None:
            continue  # facts read every unlinked article in full; one that vanished meanwhile waits
        wanted = article_values(article, active=number not in facts.inactive, price=price)
        product = find_product(number, facts.products.values(), field_id, taken)
        if product is None and setup.holding(KIND, f"fortnox:{number}"):
            plan.add(Step(Op.SKIP, KIND, Action.SKIP, wanted["name"], fortnox_id=number,
                          reason=ReasonKey.UNCERTAIN_CHECKING, group=GROUP))
            continue
        if product is None:
            values = {"list_price": "0", **wanted}
            ref = plan.add(Step(Op.PRODUCT_CREATE, KIND, Action.CREATE, wanted["name"], fortnox_id=number,
                                after=values, group=GROUP, data=ProductData(values, f"fortnox:{number}")))
            overlay.product_of_article[number] = ref
            continue
        taken.add(product.id)
        current = product_values(product, setup.upsales_price_list)
        diff = changes(wanted, current)
        stamped = field_id is None or (product.custom.get(field_id) or "").strip() == number
        link_ref = plan.add(Step(Op.PRODUCT_LINK, KIND, Action.LINK, wanted["name"], product.id, number,
                                 reason=ReasonKey.LINK_ARTICLE_NUMBER, group=GROUP,
                                 data={"stamp": not stamped, "state": {**current, **wanted},
                                       "key": f"fortnox:{number}"}))
        if diff:
            plan.add(Step(Op.PRODUCT_UPDATE, KIND, Action.UPDATE, wanted["name"], product.id, number,
                          before={k: current.get(k) for k in diff}, after=diff, group=GROUP, needs=(link_ref.index,),
                          data={"changes": diff, "state": {**current, **wanted}}))
        overlay.product_of_article[number] = product.id
        overlay.article_of_product[str(product.id)] = number
    plan.add(cursor_step(KIND, Side.FORTNOX, facts.read_started[Side.FORTNOX], GROUP))
    for planned in (facts.articles, facts.prices, facts.inactive, facts.products):
        planned.clear()
