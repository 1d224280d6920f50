"""UpsalesClient against the Upsales simulator over real HTTP: every operation, the quota headers, every fault."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from fortsync_gui.clients import upsales_wire as wire
from fortsync_gui.clients.errors import (
    AuthError,
    MalformedResponse,
    NetworkError,
    NotFound,
    ServerError,
    UncertainWrite,
    ValidationFailed,
)
from fortsync_gui.clients.ratelimit import RateLimit, shared_limiter
from fortsync_gui.domain.upsales import Address, OrderRow
from fortsync_gui.sandbox.faults import Fault, FaultKind
from tests.sandbox_clients import TIME_SCALE, UpsalesTestClient, upsales_client

Sandbox = Any  # fortsync_gui.sandbox.Sandbox (the fixture is untyped)
WON_STAGE, OFFER_STAGE, LOST_STAGE, EXCLUDED_STAGE = 12, 10, 7, 14  # the demo tenant's stages
ACCOUNT_FIELDS = [("FORTNOX_CUSTOMER_ID", "Kundnummer", "String"), ("EMAIL", "E-post", "String"),
                  ("VAT_NO", "VAT-nummer", "String")]


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[UpsalesTestClient]:
    with upsales_client(sandbox) as c:
        yield c


def _rows(*items: tuple[int, int, int]) -> list[OrderRow]:
    return [OrderRow(None, product, Decimal(quantity), Decimal(price)) for product, quantity, price in items]


# --- connection -----------------------------------------------------------------------------------------------------

def test_self_is_the_api_keys_user(client: UpsalesTestClient, sandbox: Sandbox) -> None:
    me = client.self_()
    tenant = sandbox.upsales.store.tenant
    assert (me.user_id, me.client_id, me.client_name) == (tenant.self_user_id, tenant.client["id"],
                                                          tenant.client["name"])
    assert me.is_api_key and client.request_count == 1


def test_wrong_key_is_an_auth_error(sandbox: Sandbox) -> None:
    with upsales_client(sandbox, token="not-the-key-0000") as wrong, pytest.raises(AuthError) as caught:
        wrong.self_()
    assert caught.value.status == 401 and "not-the-key-0000" not in str(caught.value)


def test_revoked_key_is_an_auth_error_and_a_new_key_works(client: UpsalesTestClient, sandbox: Sandbox) -> None:
    client.self_()
    sandbox.upsales.revoke_token()
    with pytest.raises(AuthError):
        client.self_()
    with upsales_client(sandbox, token=sandbox.upsales.issue_token()) as renewed:
        assert renewed.self_().client_id == sandbox.upsales.store.tenant.client["id"]


def test_unknown_route_is_not_found_with_a_clear_message(sandbox: Sandbox) -> None:
    with upsales_client(sandbox, base_url=f"{sandbox.info.upsales_url}/v9") as misconfigured, \
            pytest.raises(NotFound) as caught:
        misconfigured.self_()
    assert "Cannot GET /api/v2/v9/self" in str(caught.value)


# --- accounts -------------------------------------------------------------------------------------------------------

def test_keyset_paging_over_several_pages(client: UpsalesTestClient, sandbox: Sandbox) -> None:
    accounts = list(client.iter_accounts(page_size=2))
    assert [a.id for a in accounts] == sorted(sandbox.upsales.store.tenant.accounts)
    assert len(accounts) == 6 and client.request_count == 3  # the last page's total says it is the last
    bergstrom = accounts[0]
    assert bergstrom.name == "Bergströms Bygg AB" and bergstrom.address("Mail") is not None
    assert client.account_ids() == set(sandbox.upsales.store.tenant.accounts)


def test_mod_date_filter(client: UpsalesTestClient, sandbox: Sandbox) -> None:
    sandbox.clock.advance(3600)
    cut = sandbox.clock.now()
    client.update_account(2, wire.account_payload(phone="021-10 20 30"))
    created = client.create_account(wire.account_payload(name="Ny Kund AB"))
    assert {a.id for a in client.iter_accounts(modified_since=cut)} == {2, created.id}
    assert list(client.iter_accounts(modified_since=cut + timedelta(hours=1))) == []
    assert all(a.mod_date is not None and a.mod_date < cut for a in client.iter_accounts() if a.id not in (2,
                                                                                                        created.id))
    client.update_order(3, wire.order_payload(description="Caféinredning, etapp 2"))
    assert [o.id for o in client.iter_orders(modified_since=cut)] == [3]


def test_account_crud_with_custom_fields_by_alias(client: UpsalesTestClient, sandbox: Sandbox) -> None:
    ids = client.ensure_custom_fields("account", ACCOUNT_FIELDS)
    assert ids["EMAIL"] == 3 and ids["VAT_NO"] == 1  # the tenant's own fields are adopted
    link, email = ids["FORTNOX_CUSTOMER_ID"], ids["EMAIL"]
    created = client.create_account(wire.account_payload(
        name="  Sundsvalls Kontor AB ", org_no="556677-8899", phone="060-12 34 56", webpage="www.sundsvall.se",
        users=[2], addresses=[Address("Mail", "Storgatan 1", "852 30", "Sundsvall", country="SE"),
                              Address("Delivery", "Lagervägen 5", "852 40", "Sundsvall", country="SE")],
        custom={link: "1047", email: "info@sundsvall.se"}))
    assert created.name == "Sundsvalls Kontor AB"  # Upsales trims strings
    assert created.custom == {link: "1047", email: "info@sundsvall.se"} and created.users == (2,)
    assert created.address("Delivery") == Address("Delivery", "Lagervägen 5", "852 40", "Sundsvall", None, "SE")
    assert client.get_account(created.id) == created

    updated = client.update_account(created.id, wire.account_payload(custom={link: None}, active=False))
    assert updated.custom == {email: "info@sundsvall.se"} and updated.active is False
    assert updated.org_no == "556677-8899"  # fields not sent are kept
    client.update_account(created.id, wire.account_payload(custom={link: "1047"}))
    assert [a.id for a in client.find_accounts_by_custom(link, "1047")] == [created.id]
    assert client.find_accounts_by_custom(link, "104") == []

    assert client.delete_account(created.id) is True
    with pytest.raises(NotFound):
        client.get_account(created.id)
    assert client.delete_account(created.id) is False
    assert created.id not in client.account_ids()


def test_invalid_account_is_a_validation_error(client: UpsalesTestClient) -> None:
    with pytest.raises(ValidationFailed) as caught:
        client.create_account(wire.account_payload(phone="08-1"))
    assert caught.value.status == 400 and "name" in str(caught.value)


def test_ensure_custom_fields_creates_missing_fields_once(client: UpsalesTestClient, sandbox: Sandbox) -> None:
    specs = [("FORTNOX_ID", "Fakturanummer", "String"), ("FORTNOX_ORDER_ID", "Ordernummer", "String"),
             ("FORTNOX_OFFER_ID", "Offertnummer", "String"), ("SKIP_SYNC", "Skip Fortnox sync", "Boolean")]
    first = client.ensure_custom_fields("order", specs)
    requests = client.request_count
    assert client.ensure_custom_fields("order", specs) == first and client.request_count == requests  # cached
    with upsales_client(sandbox) as other:  # a new client reads the definitions and creates nothing
        assert other.ensure_custom_fields("order", specs) == first and other.request_count == 1
    definitions = sandbox.upsales.store.tenant.definitions("order").values()
    assert sorted(d["alias"] for d in definitions) == sorted(alias for alias, _, _ in specs)
    skip = client.find_custom_field("order", "SKIP_SYNC")
    assert skip is not None and skip.datatype == "Boolean" and skip.entity == "order"
    assert [f.alias for f in client.list_custom_fields("order")] == [alias for alias, _, _ in specs]


# --- products and price lists ---------------------------------------------------------------------------------------

def test_products_with_price_lists(client: UpsalesTestClient) -> None:
    lists = client.list_price_lists()
    assert [(p.name, p.code, p.is_default) for p in lists] == [("Standard", None, True), ("Prislista A", "A", False)]
    price_list = client.find_price_list_by_code("A")
    assert price_list is not None and client.find_price_list_by_code("B") is None
    standard, list_a = lists[0].id, price_list.id
    field = client.ensure_custom_fields("product", [("FORTNOX_ID", "Artikelnummer", "String")])["FORTNOX_ID"]

    product = client.create_product(
        wire.product_payload(name="Skrivbord Höj/Sänk", article_no="BORD-200", list_price=Decimal("7995"),
                             purchase_cost=Decimal("4100.50"), active=True, custom={field: "BORD-200"}),
        prices={standard: Decimal("7995"), list_a: Decimal("7495")})
    assert product.prices == {standard: Decimal(7995), list_a: Decimal(7495)}
    assert product.purchase_cost == Decimal("4100.5") and product.custom == {field: "BORD-200"}

    updated = client.update_product(product.id, prices={list_a: Decimal("7295.50")})
    assert updated.prices == {standard: Decimal(7995), list_a: Decimal("7295.5")}  # the other list kept its price
    assert client.get_product(product.id).prices == updated.prices
    renamed = client.update_product(product.id, wire.product_payload(name="Skrivbord Höj/Sänk 160"),
                                    prices={standard: Decimal(8100)}, current=updated)
    assert renamed.name == "Skrivbord Höj/Sänk 160" and renamed.prices[list_a] == Decimal("7295.5")

    inactive = client.set_product_inactive(product.id)
    assert inactive.active is False and inactive.prices == renamed.prices
    listed = {p.id: p for p in client.iter_products(page_size=2)}
    assert listed[product.id] == inactive and listed[3].active is False and listed[1].article_no == "STOL-101"


def test_duplicate_article_number_is_refused(client: UpsalesTestClient) -> None:
    with pytest.raises(ValidationFailed):
        client.create_product(wire.product_payload(name="Kopia", article_no="STOL-101", list_price=Decimal(1),
                                                   active=True))


# --- orders, opportunities, stages, users ---------------------------------------------------------------------------

def test_orders_and_opportunities_by_probability(client: UpsalesTestClient) -> None:
    opportunity = client.create_order(wire.order_payload(
        description="Offert: 10 stolar", date=date(2024, 3, 1), user_id=3, client_id=5, stage_id=OFFER_STAGE,
        probability=50, rows=_rows((1, 10, 2795), (2, 2, 650))))
    assert opportunity.is_opportunity and opportunity.close_date is None and opportunity.value == Decimal(29250)
    assert [(r.product_id, r.quantity, r.price, r.list_price) for r in opportunity.rows] == [
        (1, 10, 2795, 2995), (2, 2, 650, 650)]  # list price defaults to the product's

    opportunities = {o.id for o in client.iter_opportunities(page_size=2)}
    won = {o.id for o in client.iter_orders(probability=100)}
    lost = {o.id for o in client.iter_orders(probability=0)}
    assert opportunity.id in opportunities and opportunities == {2, 3, opportunity.id}
    assert won == {1, 5} and lost == {4}
    assert {o.id for o in client.iter_orders()} == opportunities | won | lost

    rows = [opportunity.rows[0], OrderRow(None, 2, Decimal("1.5"), Decimal(600))]  # keep row 1, replace row 2
    order = client.update_order(opportunity.id, wire.order_payload(stage_id=WON_STAGE, probability=100, rows=rows))
    assert order.is_won and order.close_date is not None and order.stage_id == WON_STAGE
    assert order.rows[0].id == opportunity.rows[0].id and len(order.rows) == 2
    assert order.value == Decimal(27950) + Decimal(900)
    assert order.id in {o.id for o in client.iter_orders(probability=100)}
    assert client.get_order(order.id) == order

    assert client.delete_order(order.id) is True
    with pytest.raises(NotFound):
        client.get_order(order.id)


def test_order_custom_fields_and_skip_flag(client: UpsalesTestClient) -> None:
    ids = client.ensure_custom_fields("order", [("FORTNOX_ID", "Fakturanummer", "String"),
                                                ("SKIP_SYNC", "Skip Fortnox sync", "Boolean")])
    order = client.update_order(1, wire.order_payload(custom={ids["FORTNOX_ID"]: "27", ids["SKIP_SYNC"]: False}))
    assert order.custom == {ids["FORTNOX_ID"]: "27", ids["SKIP_SYNC"]: "0"}
    order = client.update_order(1, wire.order_payload(custom={ids["SKIP_SYNC"]: True}))
    assert order.custom[ids["SKIP_SYNC"]] == "1" and order.custom[ids["FORTNOX_ID"]] == "27"


def test_create_order_without_rows_is_refused(client: UpsalesTestClient) -> None:
    with pytest.raises(ValidationFailed):
        client.create_order(wire.order_payload(date=date(2024, 3, 1), user_id=3, client_id=5, stage_id=WON_STAGE,
                                               rows=[]))


def test_stages_and_users(client: UpsalesTestClient) -> None:
    stages = {s.id: s for s in client.list_order_stages()}
    assert stages[WON_STAGE].probability == 100 and stages[LOST_STAGE].probability == 0
    assert stages[EXCLUDED_STAGE].exclude and not stages[WON_STAGE].exclude
    users = {u.id: u for u in client.list_users()}
    assert len(users) == 7 and users[7].ghost and not users[6].active
    assert {u.id for u in client.list_users(active_only=True)} == {1, 2, 3, 4, 5, 7}
    assert [u.name for u in client.active_users()] == ["Anna Karin Lund", "Erik Sjöberg", "Maria Åkesson",
                                                       "Johan Öberg", "Per Hägglund"]


# --- rate limit -----------------------------------------------------------------------------------------------------

def test_spent_quota_pauses_the_key_instead_of_collecting_429s(sandbox: Sandbox,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Others used 199 of the key's 200 requests: our answer says X-RateLimit-Remaining 0, so the next request
    waits for the reset (our own limiter, allowing 5x the quota, would not have held it back). The pause is the
    reset the answer named, at most one window, not a blind back-off (how long it takes is benchmarks' business)."""
    token, generous = sandbox.info.upsales_token, RateLimit(1000, 10.0 * TIME_SCALE)
    pauses: list[float] = []
    limiter = shared_limiter("upsales", token, generous)  # the one both clients below share
    pause = limiter.pause
    monkeypatch.setattr(limiter, "pause", lambda seconds: (pauses.append(seconds), pause(seconds)))
    with upsales_client(sandbox, rate_limit=generous) as fast, \
            upsales_client(sandbox, rate_limit=generous) as other:
        for _ in range(199):
            sandbox.upsales.rate_limit.hit(token)
        fast.self_()
        other.self_()  # another client object with the same key is held back too
        fast.self_()
        assert fast.request_count == 2 and other.request_count == 1  # not one 429
    assert pauses and all(0 < p <= 10.0 * TIME_SCALE for p in pauses), pauses


def test_many_threads_share_one_limiter(sandbox: Sandbox) -> None:
    from concurrent.futures import ThreadPoolExecutor

    clients = [upsales_client(sandbox) for _ in range(4)]
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda c: [c.self_() for _ in range(100)], clients))
    assert sum(c.request_count for c in clients) == 400  # not one 429 retried
    for c in clients:
        c.close()


# --- faults ---------------------------------------------------------------------------------------------------------

def test_429_burst_is_retried(client: UpsalesTestClient, sandbox: Sandbox) -> None:
    sandbox.upsales.faults.add(Fault.status_code(429, times=3, path=r"/self$"))
    assert client.self_().user_id == 7
    assert client.request_count == 4


def test_5xx_on_get_is_retried(client: UpsalesTestClient, sandbox: Sandbox) -> None:
    sandbox.upsales.faults.add(Fault.status_code(503, times=2, method="GET", path=r"^/api/v2/accounts/1$"))
    assert client.get_account(1).id == 1 and client.request_count == 3


def test_persistent_5xx_is_a_server_error(client: UpsalesTestClient, sandbox: Sandbox) -> None:
    sandbox.upsales.faults.add(Fault.status_code(500, times=5, method="GET"))
    with pytest.raises(ServerError) as caught:
        client.list_order_stages()
    assert "Server error" in str(caught.value) and client.request_count == 3


def test_html_5xx_page_is_retried_then_a_server_error(client: UpsalesTestClient, sandbox: Sandbox) -> None:
    sandbox.upsales.faults.add(Fault(FaultKind.HTML, status=502, times=1))
    assert client.self_().user_id == 7
    sandbox.upsales.faults.add(Fault(FaultKind.HTML, status=504, times=5))
    with pytest.raises(ServerError) as caught:
        client.self_()
    assert "Gateway" in str(caught.value)


def test_5xx_on_post_is_an_uncertain_write(client: UpsalesTestClient, sandbox: Sandbox) -> None:
    sandbox.upsales.faults.add(Fault.status_code(502, method="POST"))
    with pytest.raises(UncertainWrite):
        client.create_account(wire.account_payload(name="Osäker AB"))
    assert client.request_count == 1


def test_slow_answer_times_out_and_get_is_retried(sandbox: Sandbox) -> None:
    sandbox.upsales.faults.add(Fault(FaultKind.SLOW, delay=1.0, method="GET", path=r"/self$"))
    with upsales_client(sandbox, timeout=0.3) as impatient:
        assert impatient.self_().user_id == 7
        assert impatient.request_count == 2


def test_slow_post_is_an_uncertain_write_that_may_land(sandbox: Sandbox) -> None:
    """The write takes effect but its answer is held past the client's timeout: the client cannot know, so it
    reports an uncertain write and does not retry it."""
    hold = sandbox.upsales.faults.add(Fault(FaultKind.HOLD_AFTER, method="POST"))
    try:
        with upsales_client(sandbox, timeout=0.2, write_timeout=0.2) as impatient, pytest.raises(UncertainWrite):
            impatient.create_account(wire.account_payload(name="Långsam AB"))
        assert hold.wait_held()  # returns once the write took effect (at once, if it already had)
        assert impatient.request_count == 1
        assert any(a["name"] == "Långsam AB" for a in sandbox.upsales.store.tenant.accounts.values())
    finally:
        hold.release()


def test_malformed_json(client: UpsalesTestClient, sandbox: Sandbox) -> None:
    sandbox.upsales.faults.add(Fault(FaultKind.MALFORMED))
    with pytest.raises(MalformedResponse):
        list(client.iter_accounts())
    assert client.request_count == 1  # a 200 is not repeated


def test_dropped_before_processing(client: UpsalesTestClient, sandbox: Sandbox) -> None:
    sandbox.upsales.faults.add(Fault(FaultKind.DROP_BEFORE, method="GET"))
    assert len(client.list_price_lists()) == 2 and client.request_count == 2
    before = len(sandbox.upsales.store.tenant.accounts)
    sandbox.upsales.faults.add(Fault(FaultKind.DROP_BEFORE, method="POST"))
    with pytest.raises(UncertainWrite):  # the client cannot tell "before" from "after"
        client.create_account(wire.account_payload(name="Tappad AB"))
    assert len(sandbox.upsales.store.tenant.accounts) == before


def test_dropped_after_processing(client: UpsalesTestClient, sandbox: Sandbox) -> None:
    sandbox.upsales.faults.add(Fault(FaultKind.DROP_AFTER, method="POST"))
    with pytest.raises(UncertainWrite):
        client.create_account(wire.account_payload(name="Genomförd AB"))
    landed = [a for a in sandbox.upsales.store.tenant.accounts.values() if a["name"] == "Genomförd AB"]
    assert len(landed) == 1  # the write took effect: look it up before trying again
    sandbox.upsales.faults.add(Fault(FaultKind.DROP_AFTER, method="PUT"))
    assert client.update_account(landed[0]["id"], wire.account_payload(phone="08-1")).phone == "08-1"


def test_dropped_connections_everywhere_end_as_a_network_error(client: UpsalesTestClient, sandbox: Sandbox) -> None:
    sandbox.upsales.faults.add(Fault(FaultKind.DROP_BEFORE, times=5))
    with pytest.raises(NetworkError):
        client.self_()


def test_expired_key_fault_is_an_auth_error(client: UpsalesTestClient, sandbox: Sandbox) -> None:
    sandbox.upsales.faults.add(Fault(FaultKind.EXPIRED_TOKEN))
    with pytest.raises(AuthError):
        client.self_()
