"""Pure product planning (R9): canonical values, what changed, and which existing product an article adopts."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from fortsync_gui.domain.fortnox import Article
from fortsync_gui.domain.upsales import Product
from fortsync_gui.engine.plan import product_rules as plan


def article(number: str = "STOL-101", description: str = "Kontorsstol", purchase: str | None = "1450.00") -> Article:
    return Article(number, description, purchase_price=None if purchase is None else Decimal(purchase))


def test_amounts_are_canonical_strings() -> None:
    assert plan.amount(Decimal("1250.00")) == "1250"
    assert plan.amount(Decimal("12.50")) == "12.5"
    assert plan.amount(Decimal("1E+3")) == "1000"
    assert plan.amount(None) == "0"
    assert plan.amount(Decimal("-0.00")) == "0"


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_amount_round_trips(value: Decimal) -> None:
    assert Decimal(plan.amount(value)) == value


def test_article_values_leave_out_what_is_not_known() -> None:
    values = plan.article_values(article(), active=None, price=None)
    assert values == {"name": "Kontorsstol", "article_no": "STOL-101", "purchase_cost": "1450"}
    full = plan.article_values(article(), active=False, price=Decimal("2995.00"))
    assert full["active"] is False and full["list_price"] == "2995"


def test_article_without_description_is_named_by_its_number() -> None:
    assert plan.article_values(article(description="  "), active=True, price=None)["name"] == "STOL-101"


def test_product_values_take_the_linked_price_list_price() -> None:
    product = Product(1, "Stol", "STOL-101", list_price=Decimal(100), prices={7: Decimal(2995)})
    assert plan.product_values(product, 7)["list_price"] == "2995"
    assert plan.product_values(product, None)["list_price"] == "100"
    assert plan.product_values(product, 8)["list_price"] == "100"


def test_changes_are_only_the_differing_fields() -> None:
    wanted = {"name": "Stol", "list_price": "10", "active": True}
    assert plan.changes(wanted, None) == wanted
    assert plan.changes(wanted, {"name": "Stol", "list_price": "9", "active": True, "x": 1}) == {"list_price": "10"}
    assert plan.changes(wanted, wanted) == {}


def test_find_product_prefers_the_fortnox_id_field_then_the_article_number() -> None:
    by_number = Product(1, "A", "STOL-101")
    by_field = Product(2, "B", None, custom={9: "STOL-101"})
    other = Product(3, "C", "STOL-102")
    assert plan.find_product("STOL-101", [by_number, by_field, other], 9, set()) is by_field
    assert plan.find_product("STOL-101", [by_number, other], 9, set()) is by_number
    assert plan.find_product("STOL-101", [by_number, by_field], None, set()) is by_number


def test_find_product_skips_products_linked_to_another_article() -> None:
    linked = Product(1, "A", "STOL-101")
    assert plan.find_product("STOL-101", [linked], None, {1}) is None
    assert plan.find_product("STOL-999", [linked], None, set()) is None
