"""Products against the sandbox (R9): import priced from the chosen list, adoption instead of duplicates, inactive and
deleted articles, price changes, dry run, a missing price list, and crash recovery."""

from __future__ import annotations

from decimal import Decimal

from fortsync_gui.domain.upsales import Product
from fortsync_gui.engine.api import MessageKey
from fortsync_gui.store import EntityKind, Side, cursors, links

from .conftest import Harness

PRODUCT = EntityKind.PRODUCT


def product_links(h: Harness) -> dict[str, int]:
    """Article number -> Upsales product id."""
    with h.store.session() as s:
        return {link.fortnox_id: int(link.upsales_id) for link in links.links_of_kind(s, 1, PRODUCT)}


def products_by_article(h: Harness) -> dict[str, list[Product]]:
    out: dict[str, list[Product]] = {}
    for product in h.conns.upsales.iter_products():
        out.setdefault(product.article_no or "", []).append(product)
    return out


def test_r9_every_article_becomes_one_product_priced_from_the_chosen_list(harness: Harness) -> None:
    summary = harness.sync()
    assert summary.status == "ok", summary
    articles = harness.conns.fortnox.article_numbers()
    linked = product_links(harness)
    assert set(linked) == articles
    by_article = products_by_article(harness)
    assert all(len(by_article[number]) == 1 for number in articles)
    kont = harness.conns.upsales.get_product(linked["KONT-100"])
    assert kont.name == "Kontorspaket Bas (stol, bord och lampa)"
    assert kont.list_price == Decimal(9495) and kont.purchase_cost == Decimal(4600)
    upsales_list = harness.conns.upsales.find_price_list_by_code("A")
    assert upsales_list is not None and kont.prices[upsales_list.id] == Decimal(9495)
    field = harness.conns.upsales.find_custom_field("product", "FORTNOX_ID")
    assert field is not None and kont.custom[field.id] == "KONT-100"


def test_r9_price_list_b_prices_the_products_from_list_b(make_harness) -> None:
    h = make_harness(price_list="B")
    assert h.sync().status == "ok"
    kont = h.conns.upsales.get_product(product_links(h)["KONT-100"])
    assert kont.list_price == Decimal(7595)  # the reseller price, 80 % rounded to 5


def test_r9_inactive_articles_are_inactive_products(harness: Harness) -> None:
    harness.sync()
    linked = product_links(harness)
    assert harness.conns.upsales.get_product(linked["STOL-099"]).active is False
    assert harness.conns.upsales.get_product(linked["STOL-101"]).active is True


def test_r9_existing_product_with_the_article_number_is_adopted_not_duplicated(harness: Harness) -> None:
    summary = harness.sync()
    assert product_links(harness)["STOL-101"] == 1  # the seed's own product
    assert len(products_by_article(harness)["STOL-101"]) == 1
    assert summary.count("product", "linked") >= 1


def test_r9_article_made_inactive_then_changed_price_follow(harness: Harness) -> None:
    harness.sync()
    product_id = product_links(harness)["BORD-201"]
    harness.conns.fortnox.update_article("BORD-201", {"Active": False, "Description": "Skrivbord 160x80 (utgår)"})
    harness.conns.fortnox.set_price("A", "TILL-602", Decimal(399))
    summary = harness.sync()
    assert summary.status == "ok", summary
    product = harness.conns.upsales.get_product(product_id)
    assert product.active is False and product.name == "Skrivbord 160x80 (utgår)"
    assert harness.conns.upsales.get_product(product_links(harness)["TILL-602"]).list_price == Decimal(399)
    assert summary.count("product", "updated") == 2


def test_r9_prices_in_other_lists_and_quantity_tiers_change_nothing(harness: Harness) -> None:
    harness.sync()
    harness.conns.fortnox.set_price("B", "KONT-100", Decimal(1))
    harness.conns.fortnox.set_price("A", "STOL-101", Decimal(1), from_quantity=10)
    summary = harness.sync()
    assert summary.count("product", "updated") == 0
    assert harness.conns.upsales.get_product(product_links(harness)["KONT-100"]).list_price == Decimal(9495)


def test_r9_deleted_article_makes_the_product_inactive_and_unlinks_it(harness: Harness) -> None:
    harness.sync()
    product_id = product_links(harness)["HYR-801"]
    harness.conns.fortnox.delete_article("HYR-801")
    summary = harness.sync()
    assert summary.status == "ok", summary
    assert harness.conns.upsales.get_product(product_id).active is False
    assert "HYR-801" not in product_links(harness)


def test_second_sync_writes_no_product(harness: Harness) -> None:
    harness.sync()
    second = harness.sync()
    assert second.count("product", "created") == second.count("product", "updated") == 0


def test_dry_run_plans_every_product_and_writes_none(harness: Harness) -> None:
    before = len(list(harness.conns.upsales.iter_products()))
    summary = harness.sync(dry_run=True)
    assert summary.status == "ok", summary
    articles = len(harness.conns.fortnox.article_numbers())
    assert summary.count("product", "created") + summary.count("product", "linked") == articles
    assert len(list(harness.conns.upsales.iter_products())) == before
    assert product_links(harness) == {}
    real = harness.sync()
    assert real.count("product", "created") == summary.count("product", "created")


def test_missing_price_list_stops_the_run_before_any_write(make_harness) -> None:
    h = make_harness(price_list="X")
    summary = h.sync()
    assert summary.status == "failed"
    assert summary.message_key == MessageKey.PRICE_LIST_MISSING.value and summary.message_args == {"price_list": "X"}
    assert len(list(h.conns.upsales.iter_products())) == 3 and list(h.conns.upsales.iter_accounts()).__len__() == 6


def test_a_create_whose_link_was_lost_is_adopted_on_the_next_run(harness: Harness) -> None:
    harness.sync()
    with harness.store.session() as s:  # as if the process died between Upsales' answer and the link row
        link = links.by_fortnox(s, 1, PRODUCT, "TJ-702")
        assert link is not None
        product_id = int(link.upsales_id)
        links.unlink(s, link.id)
        cursors.set_cursor(s, 1, PRODUCT, Side.FORTNOX, "2000-01-01T00:00:00+00:00")  # never saved
    summary = harness.sync()
    assert summary.count("product", "created") == 0
    assert product_links(harness)["TJ-702"] == product_id
    assert len(products_by_article(harness)["TJ-702"]) == 1
