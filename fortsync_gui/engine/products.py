"""Products (R9): the Fortnox article register becomes Upsales products, one way, priced from the chosen price list
(its base price, ``FromQuantity`` 0). An article made inactive makes its product inactive; an article deleted in
Fortnox does too (Upsales cannot delete products) and loses its link.

The product carries the article number twice, as the Upsales Fortnox app does: ``articleNo`` and the custom field
``FORTNOX_ID``. Both are how a product made by that app, or by a create of ours that a crash cut off before its link
was saved, is adopted instead of created again (Upsales also refuses a second product with the same ``articleNo``).
When Upsales has a price list with the Fortnox list's code, the price is set in that list as well as ``listPrice``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from fortsync_gui.clients import upsales_wire
from fortsync_gui.clients.errors import NotFound
from fortsync_gui.domain.fortnox import Article
from fortsync_gui.domain.upsales import Product
from fortsync_gui.store import Action, EntityKind, Side, intents, links
from fortsync_gui.store.models import Link

from . import product_plan as plan
from .api import MessageKey, Phase, StopRun
from .context import Context, read_since, save_cursor
from .listings import Listings

KIND = EntityKind.PRODUCT
FORTNOX_ID = "FORTNOX_ID"
REASON_ARTICLE_DELETED = "product.article_deleted"


@dataclass(frozen=True)
class PriceLists:
    code: str  # the Fortnox price list the profile syncs
    upsales_id: int | None  # the active Upsales price list with the same code, if the tenant has one


def price_lists(ctx: Context) -> PriceLists:
    """Checked before anything is written: a price list deleted or renamed in Fortnox stops the run."""
    code = (ctx.settings.price_list or "").strip()
    try:
        ctx.conns.fortnox.get_price_list(code)
    except NotFound:
        raise StopRun(MessageKey.PRICE_LIST_MISSING, price_list=code) from None
    upsales = ctx.conns.upsales.find_price_list_by_code(code)
    return PriceLists(code, upsales.id if upsales is not None and upsales.active else None)


def sync(ctx: Context, listings: Listings, lists: PriceLists) -> None:
    ctx.observer.on_phase(Phase.PRODUCTS)
    read_started = datetime.now(UTC)
    since = read_since(ctx, KIND, Side.FORTNOX)
    fortnox = ctx.conns.fortnox
    articles = {a.article_number: a for a in fortnox.iter_articles(lastmodified=since)}
    inactive = {a.article_number for a in fortnox.iter_articles(lastmodified=since, filter="inactive")} \
        if articles else set()
    prices = {p.article_number: p.price for p in fortnox.iter_prices(lastmodified=since)
              if p.price_list == lists.code and p.from_quantity == 0}
    by_fortnox = {link.fortnox_id: link for link in links.links_of_kind(ctx.session, ctx.profile_id, KIND)
                  if not listings.is_gone(link)}
    numbers = sorted(set(articles) | set(prices))
    unlinked = [n for n in numbers if n not in by_fortnox]
    products = {p.id: p for p in ctx.conns.upsales.iter_products()} if unlinked else {}
    taken = {int(link.upsales_id) for link in by_fortnox.values()}
    failed = 0
    for done, number in enumerate(numbers, start=1):
        ctx.observer.on_progress(done, len(numbers))
        article = articles.get(number)
        active = None if article is None else number not in inactive
        link = by_fortnox.get(number)
        if link is not None:
            wanted = plan.article_values(article, active=active, price=prices.get(number)) if article \
                else {"list_price": plan.amount(prices[number])}
            failed += ctx.attempt(KIND, Action.UPDATE, lambda li=link, w=wanted: _update(ctx, li, w, lists),
                                  upsales_id=link.upsales_id, fortnox_id=number) is None
        else:
            work = _importer(ctx, number, article, active, prices.get(number), lists, products, taken)
            failed += ctx.attempt(KIND, Action.CREATE, work, label=article.description if article else None,
                                  fortnox_id=number) is None
    if not failed:
        save_cursor(ctx, KIND, Side.FORTNOX, read_started)


def _importer(ctx: Context, number: str, article: Article | None, active: bool | None, price: Decimal | None,
              lists: PriceLists, products: dict[int, Product], taken: set[int]) -> Any:
    def work() -> bool:
        nonlocal article, active, price
        if article is None:  # only its price changed: read it in full (list items lack Active)
            article = ctx.conns.fortnox.get_article(number)
            active = article.active is not False
        if price is None:
            found = ctx.conns.fortnox.get_price(lists.code, number, 0)
            price = found.price if found is not None else None
        wanted = plan.article_values(article, active=active, price=price)
        product = plan.find_product(number, products.values(), ctx.fields.product.get(FORTNOX_ID), taken)
        if product is not None:
            _adopt(ctx, product, wanted, lists)
        else:
            _create(ctx, number, {"list_price": "0", **wanted}, lists)
        return True

    return work


def _create(ctx: Context, number: str, values: dict[str, Any], lists: PriceLists) -> None:
    if ctx.dry_run:
        ctx.record(KIND, Action.CREATE, label=values["name"], fortnox_id=number, after=values)
        return
    key = f"fortnox:{number}"
    intents.begin(ctx.session, ctx.profile_id, KIND, Side.UPSALES, key)
    product = ctx.conns.upsales.create_product(_payload(ctx, values, number), prices=_prices(values, lists))
    ctx.link(KIND, product.id, number, baseline=values)
    intents.done(ctx.session, ctx.profile_id, KIND, key)
    ctx.record(KIND, Action.CREATE, label=values["name"], upsales_id=product.id, fortnox_id=number, after=values)


def _adopt(ctx: Context, product: Product, wanted: dict[str, Any], lists: PriceLists) -> None:
    """Link an existing product and bring it in line with the article (Fortnox is the master of products)."""
    number = wanted["article_no"]
    current = plan.product_values(product, lists.upsales_id)
    diff = plan.changes(wanted, current)
    ids = {"upsales_id": product.id, "fortnox_id": number}
    field_id = ctx.fields.product.get(FORTNOX_ID)
    stamped = field_id is None or (product.custom.get(field_id) or "").strip() == number
    if not ctx.dry_run:
        if diff or not stamped:
            ctx.conns.upsales.update_product(product.id, _payload(ctx, diff, number), prices=_prices(diff, lists),
                                             current=product)
        ctx.link(KIND, product.id, number, baseline={**current, **wanted})
        intents.done(ctx.session, ctx.profile_id, KIND, f"fortnox:{number}")
    ctx.record(KIND, Action.LINK, label=wanted["name"], **ids)
    if diff:
        ctx.record(KIND, Action.UPDATE, label=wanted["name"], before={k: current.get(k) for k in diff}, after=diff,
                   **ids)


def _update(ctx: Context, link: Link, wanted: dict[str, Any], lists: PriceLists) -> bool:
    """Write what the article changed since the values last written; Fortsync's own writes never come back."""
    baseline = link.baseline or {}
    diff = plan.changes(wanted, baseline)
    label = wanted.get("name") or baseline.get("name")
    if not diff:
        ctx.count_unchanged(KIND)
        return True
    if not ctx.dry_run:
        ctx.conns.upsales.update_product(int(link.upsales_id), _payload(ctx, diff, None),
                                         prices=_prices(diff, lists))
        ctx.link(KIND, link.upsales_id, link.fortnox_id, baseline={**baseline, **wanted})
    ctx.record(KIND, Action.UPDATE, label=label, upsales_id=link.upsales_id, fortnox_id=link.fortnox_id,
               before={k: baseline.get(k) for k in diff}, after=diff)
    return True


def _payload(ctx: Context, values: Mapping[str, Any], stamp: str | None) -> dict[str, Any]:
    """An Upsales product body for the canonical ``values``; ``stamp``: also write the article number to the
    ``FORTNOX_ID`` field."""
    fields: dict[str, Any] = {}
    for name, key in (("name", "name"), ("article_no", "article_no"), ("active", "active")):
        if name in values:
            fields[key] = values[name]
    for name in ("purchase_cost", "list_price"):
        if name in values:
            fields[name] = Decimal(values[name])
    field_id = ctx.fields.product.get(FORTNOX_ID)
    if stamp is not None and field_id is not None:
        fields["custom"] = {field_id: stamp}
    return upsales_wire.product_payload(**fields)


def _prices(values: Mapping[str, Any], lists: PriceLists) -> dict[int, Decimal] | None:
    if lists.upsales_id is None or "list_price" not in values:
        return None
    return {lists.upsales_id: Decimal(values["list_price"])}


def deactivate_product(ctx: Context, link: Link) -> None:
    """R9: the article was deleted in Fortnox: the product goes inactive and loses its link (its number may be
    given to a new article, which is then imported or adopted on its own)."""
    try:
        product: Product | None = ctx.conns.upsales.get_product(int(link.upsales_id))
    except NotFound:
        product = None
    if not ctx.dry_run:
        if product is not None and product.active:
            ctx.conns.upsales.set_product_inactive(product.id)
        links.unlink(ctx.session, link.id)
    ctx.record(KIND, Action.UPDATE, label=product.name if product else None, upsales_id=link.upsales_id,
               fortnox_id=link.fortnox_id, before={"active": product.active if product else None},
               after={"active": False}, error_key=REASON_ARTICLE_DELETED)
