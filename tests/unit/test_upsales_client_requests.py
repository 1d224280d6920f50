"""What UpsalesClient sends: keyset paging, filters, price-list merging, custom fields by alias (mock transport)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest

from fortsync_gui.clients.errors import MalformedResponse, UncertainWrite
from tests.sandbox_clients import Replies, mock_upsales
from tests.unit.test_upsales_client_errors import _json


def _page(items: list[dict[str, Any]], total: int | None = None, limit: int = 1000) -> httpx.Response:
    return _json(200, {"error": None, "metadata": {"total": len(items) if total is None else total, "limit": limit,
                                                   "offset": 0}, "data": items})


def _single(item: dict[str, Any]) -> httpx.Response:
    return _json(200, {"error": None, "data": item})


def _query(request: httpx.Request) -> list[tuple[str, str]]:
    return list(request.url.params.multi_items())


def test_accounts_use_keyset_paging_without_web_visitors() -> None:
    fake = Replies(_page([{"id": 3, "name": "A"}, {"id": 8, "name": "B"}], total=3, limit=2),
                   _page([{"id": 11, "name": "C"}], total=1, limit=2))
    since = datetime(2024, 5, 1, 8, 30, 15, 500, tzinfo=UTC)
    accounts = list(mock_upsales(fake).iter_accounts(modified_since=since, page_size=2, active=True))
    assert [a.id for a in accounts] == [3, 8, 11]
    assert _query(fake.requests[0]) == [("isExternal", "0"), ("modDate", "gte:2024-05-01T08:30:15.000Z"),
                                        ("active", "1"), ("sort", "id"), ("id", "gt:0"), ("limit", "2")]
    assert ("id", "gt:8") in _query(fake.requests[1])
    assert all(r.url.path == "/api/v2/accounts" for r in fake.requests)


def test_paging_stops_without_an_extra_request_when_the_total_is_reached() -> None:
    fake = Replies(_page([{"id": 1}, {"id": 2}], total=2, limit=2))
    assert len(list(mock_upsales(fake).iter_accounts(page_size=2))) == 2
    assert len(fake.requests) == 1


def test_paging_that_does_not_advance_is_refused() -> None:
    fake = Replies(_page([{"id": 1}, {"id": 2}], total=99, limit=2))  # a server ignoring id=gt:
    with pytest.raises(MalformedResponse):
        list(mock_upsales(fake).iter_accounts(page_size=2))


def test_page_size_bounds() -> None:
    with pytest.raises(ValueError):
        list(mock_upsales(Replies(_page([]))).iter_accounts(page_size=2001))


def test_account_ids_are_listed_sparsely_at_the_maximum_page_size() -> None:
    fake = Replies(_page([{"id": 4}, {"id": 9}]))
    assert mock_upsales(fake).account_ids() == {4, 9}
    query = _query(fake.requests[0])
    assert ("f[]", "id") in query and ("limit", "2000") in query and ("isExternal", "0") in query


def test_find_accounts_by_custom_value() -> None:
    fake = Replies(_page([{"id": 4, "custom": [{"fieldId": 7, "value": "1001"}]},
                          {"id": 5, "custom": [{"fieldId": 7, "value": "10010"}]}]))
    assert [a.id for a in mock_upsales(fake).find_accounts_by_custom(7, "1001")] == [4]
    assert ("custom", "eq:7:1001") in _query(fake.requests[0])
    with pytest.raises(ValueError):
        mock_upsales(fake).find_accounts_by_custom(7, "1,2")


def test_orders_by_probability_repeat_the_key() -> None:
    fake = Replies(_page([{"id": 1, "probability": 50}]))
    client = mock_upsales(fake)
    list(client.iter_opportunities())
    list(client.iter_orders(probability=100, **{"client.id": 5}))
    assert [v for k, v in _query(fake.requests[0]) if k == "probability"] == ["gte:1", "lte:99"]
    assert ("probability", "100") in _query(fake.requests[1]) and ("client.id", "5") in _query(fake.requests[1])


def test_every_product_request_uses_price_lists() -> None:
    product = {"id": 5, "name": "Stol", "listPrice": 100, "active": 1, "purchaseCost": 40, "currencies": [
        {"currency": "SEK", "price": 100, "purchaseCost": 40, "priceListId": 1},
        {"currency": "EUR", "price": 9, "purchaseCost": 0, "priceListId": 1},
        {"currency": "SEK", "price": 90, "purchaseCost": 0, "priceListId": 2}]}
    fake = Replies(_page([product]), _single(product), _single(product), _single(product), _single(product))
    client = mock_upsales(fake)
    list(client.iter_products())
    client.update_product(5, {"name": "Stol 2"}, prices={2: Decimal("85")})  # GET, then PUT
    client.set_product_inactive(5)
    client.create_product({"name": "Ny", "listPrice": 10, "active": 1}, prices={1: Decimal(10)})
    assert all(("usePriceLists", "true") in _query(r) for r in fake.requests)
    get, put, inactive, post = fake.requests[1:]
    assert (get.method, put.method, inactive.method, post.method) == ("GET", "PUT", "PUT", "POST")
    assert json.loads(put.content) == {"name": "Stol 2", "currencies": [
        {"currency": "SEK", "price": 100, "purchaseCost": 40, "priceListId": 1},
        {"currency": "EUR", "price": 9, "purchaseCost": 0, "priceListId": 1},
        {"currency": "SEK", "price": 85, "purchaseCost": 0, "priceListId": 2}]}
    assert json.loads(inactive.content) == {"active": 0}
    assert json.loads(post.content)["currencies"] == [{"currency": "SEK", "price": 10, "priceListId": 1}]


def test_price_lists_and_users() -> None:
    lists = _page([{"id": 1, "name": "Standard", "code": None, "isDefault": True, "active": True},
                   {"id": 2, "name": "Prislista A", "code": "A", "isDefault": False, "active": True}])
    users = _page([{"id": 1, "name": "Anna", "active": 1, "ghost": 0},
                   {"id": 6, "name": "Lena", "active": 0, "ghost": 0},
                   {"id": 7, "name": "Fortsync", "email": "k7@api.upsales.com", "active": 1, "ghost": 1},
                   {"id": 8, "name": "Old key", "email": "x@api.upsales.com", "active": True, "ghost": False}])
    fake = Replies(lists, users, users, users)
    client = mock_upsales(fake)
    found = client.find_price_list_by_code("A")
    assert found is not None and found.id == 2
    assert [u.id for u in client.list_users()] == [1, 6, 7, 8]
    assert [u.id for u in client.list_users(active_only=True)] == [1, 7, 8]
    assert [u.id for u in client.active_users()] == [1]
    assert fake.requests[0].url.path == "/api/v2/priceLists" and fake.requests[1].url.path == "/api/v2/users"


def test_small_registers_page_with_offsets() -> None:
    fake = Replies(_page([{"id": i, "name": f"S{i}", "probability": 10} for i in range(1, 1001)], total=1001),
                   _page([{"id": 1001, "name": "Last", "probability": 100}], total=1001))
    assert len(mock_upsales(fake).list_order_stages()) == 1001
    assert ("offset", "1000") in _query(fake.requests[1])


FIELDS = [{"id": 1, "name": "VAT-Nummer", "alias": "VAT_NO", "datatype": "String"},
          {"id": 2, "name": "Bransch", "alias": None, "datatype": "Select"}]


def test_ensure_custom_fields_creates_only_the_missing_ones_once() -> None:
    created = {"id": 3, "name": "Kundnummer", "alias": "FORTNOX_CUSTOMER_ID", "datatype": "String"}
    fake = Replies(_page(FIELDS), _single(created))
    client = mock_upsales(fake)
    specs = [("VAT_NO", "VAT", "String"), ("FORTNOX_CUSTOMER_ID", "Kundnummer", "String")]
    assert client.ensure_custom_fields("account", specs, editable=False) == {"VAT_NO": 1, "FORTNOX_CUSTOMER_ID": 3}
    assert client.ensure_custom_fields("account", specs) == {"VAT_NO": 1, "FORTNOX_CUSTOMER_ID": 3}
    assert len(fake.requests) == 2  # one listing, one creation; the second call is answered from the cache
    post = fake.requests[1]
    assert (post.method, post.url.path) == ("POST", "/api/v2/customfields/account")
    assert json.loads(post.content) == {"name": "Kundnummer", "alias": "FORTNOX_CUSTOMER_ID", "datatype": "String",
                                        "visible": 1, "editable": 0, "searchable": 0, "obligatoryField": 0,
                                        "roles": []}
    found = client.find_custom_field("account", "FORTNOX_CUSTOMER_ID")
    assert found is not None and found.id == 3 and len(fake.requests) == 2


def test_alias_ignored_on_create_is_set_with_put() -> None:
    fake = Replies(_single({"id": 4, "name": "Skip", "alias": None, "datatype": "Boolean"}),
                   _single({"id": 4, "name": "Skip", "alias": "SKIP_SYNC", "datatype": "Boolean"}))
    field = mock_upsales(fake).create_custom_field("order", "Skip", "SKIP_SYNC", "Boolean")
    assert field.alias == "SKIP_SYNC"
    assert (fake.requests[1].method, fake.requests[1].url.path) == ("PUT", "/api/v2/customfields/order/4")
    assert json.loads(fake.requests[1].content) == {"alias": "SKIP_SYNC"}


def test_a_lost_create_answer_is_resolved_by_reading_the_fields_again() -> None:
    created = {"id": 3, "name": "Kundnummer", "alias": "FORTNOX_CUSTOMER_ID", "datatype": "String"}
    fake = Replies(_page(FIELDS), httpx.RemoteProtocolError("dropped"), _page([*FIELDS, created]))
    ids = mock_upsales(fake).ensure_custom_fields("account", [("FORTNOX_CUSTOMER_ID", "Kundnummer", "String")])
    assert ids == {"FORTNOX_CUSTOMER_ID": 3} and len(fake.requests) == 3
    fake = Replies(_page(FIELDS), httpx.RemoteProtocolError("dropped"), _page(FIELDS))
    with pytest.raises(UncertainWrite):
        mock_upsales(fake).ensure_custom_fields("account", [("FORTNOX_CUSTOMER_ID", "Kundnummer", "String")])


def test_unknown_custom_field_entity() -> None:
    with pytest.raises(ValueError):
        mock_upsales(Replies(_page([]))).list_custom_fields("company")
