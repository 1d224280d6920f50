"""Pure planning for products (R9): Fortnox articles, priced from one price list, become Upsales products, one way.

Values are compared in a canonical form (strings for amounts, so they survive the link's JSON baseline):
``name``, ``article_no``, ``active``, ``purchase_cost``, ``list_price``. A field whose Fortnox value is not known this
run (e.g. the price when only the article changed) is left out and keeps what was written before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from fortsync_gui.domain.fortnox import Article
from fortsync_gui.domain.upsales import Product

FIELDS = ("name", "article_no", "active", "purchase_cost", "list_price")


def amount(value: Decimal | None) -> str:
    """``Decimal("1250.00")`` -> ``"1250"``; ``None`` -> ``"0"``."""
    if value is None:
        return "0"
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def article_values(article: Article, *, active: bool | None, price: Decimal | None) -> dict[str, Any]:
    """What the product should hold for ``article``; ``active``/``price`` None: not known this run."""
    values: dict[str, Any] = {"name": (article.description or "").strip() or article.article_number,
                              "article_no": article.article_number,
                              "purchase_cost": amount(article.purchase_price)}
    if active is not None:
        values["active"] = active
    if price is not None:
        values["list_price"] = amount(price)
    return values


def product_values(product: Product, price_list_id: int | None) -> dict[str, Any]:
    """A product's current values; its price is the linked Upsales price list's when there is one."""
    price = product.prices.get(price_list_id) if price_list_id is not None else None
    return {"name": product.name, "article_no": product.article_no or "", "active": product.active,
            "purchase_cost": amount(product.purchase_cost),
            "list_price": amount(price if price is not None else product.list_price)}


def changes(wanted: Mapping[str, Any], current: Mapping[str, Any] | None) -> dict[str, Any]:
    """The fields of ``wanted`` that differ from ``current`` (everything when there is no current state)."""
    if current is None:
        return dict(wanted)
    return {name: value for name, value in wanted.items() if current.get(name) != value}


def find_product(article_number: str, products: Iterable[Product], fortnox_id_field: int | None,
                 taken: set[int]) -> Product | None:
    """The unlinked Upsales product that already stands for this article: the Upsales Fortnox app's (or a crashed
    create of ours) by the ``FORTNOX_ID`` field first, then one with the same article number."""
    candidates = [p for p in products if p.id not in taken]
    if fortnox_id_field is not None:
        for product in candidates:
            if (product.custom.get(fortnox_id_field) or "").strip() == article_number:
                return product
    return next((p for p in candidates if (p.article_no or "").strip() == article_number), None)
