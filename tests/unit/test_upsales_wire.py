"""Upsales wire parsing and request building, against the official Postman examples and upsales-api.md."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from fortsync_gui.clients import upsales_wire as wire
from fortsync_gui.clients.errors import (
    ApiError,
    AuthError,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    ValidationFailed,
)
from fortsync_gui.clients.upsales_errors import error_for
from fortsync_gui.domain.upsales import Address, OrderRow, ProductPrice, custom_bool

TESTS = Path(__file__).resolve().parents[1]
COLLECTION = TESTS / "contract" / "data" / "upsales-postman-collection.json.gz"  # sources: tests/data/README.md
API_DOC = TESTS / "data" / "upsales-api.md"


# --- the Postman collection's saved examples ------------------------------------------------------------------------

def _walk(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
        yield from _walk(item["item"]) if "item" in item else (item,)


def _route(url: dict[str, Any]) -> str:
    """``accounts/{id}`` for ``/api/v2/accounts/{{id}}/``: ids and ``{{var}}`` segments become ``{id}``."""
    parts = [p for p in url.get("path", []) if p][2:]  # drop "api", "v2"
    return "/".join("{id}" if re.fullmatch(r"\{\{\w*\}\}|\d+", p) else p for p in parts)


@cache
def _collection() -> list[dict[str, Any]]:
    return list(_walk(json.loads(gzip.decompress(COLLECTION.read_bytes()).decode("utf-8"))["item"]))


def examples(method: str, route: str, query: str = "", *, without: str | None = None) -> list[tuple[str, Any]]:
    """(name, parsed body) of every saved example response of ``method route`` whose URL contains ``query`` (and
    not ``without``)."""
    found = []
    for item in _collection():
        request = item["request"]
        raw = request["url"]["raw"]
        if request["method"] != method or _route(request["url"]) != route or query not in raw \
                or (without is not None and without in raw):
            continue
        for example in item.get("response", []):
            try:
                found.append((f"{item['name']}/{example['name']}", json.loads(example["body"])))
            except (TypeError, ValueError):
                continue  # an example whose body is not JSON documents nothing about the wire
    if not found:
        pytest.skip(f"no saved example for {method} {route} {query}")
    return found


def _one(method: str, route: str, query: str = "", *, without: str | None = None) -> Any:
    return examples(method, route, query, without=without)[0][1]


LIST_ROUTES = [  # (route, query, parser)
    ("accounts", "", wire.account),
    ("products", "usePriceLists=true", wire.product),
    ("products", "", wire.product),
    ("priceLists", "", wire.price_list),
    ("orders", "", wire.order),
    ("orderstages", "", wire.order_stage),
]
SINGLE_ROUTES = [  # (method, route, query, parser)
    ("GET", "accounts/{id}", "", wire.account),
    ("POST", "accounts", "", wire.account),
    ("PUT", "accounts/{id}", "", wire.account),
    ("GET", "products/{id}", "", wire.product),
    ("POST", "products", "", wire.product),
    ("PUT", "products/{id}", "", wire.product),
    ("GET", "priceLists/{id}", "", wire.price_list),
    ("POST", "priceLists", "", wire.price_list),
    ("PUT", "priceLists/{id}", "", wire.price_list),
    ("GET", "orders/{id}", "", wire.order),
    ("POST", "orders", "", wire.order),
    ("PUT", "orders/{id}", "", wire.order),
    ("GET", "orderstages/{id}", "", wire.order_stage),
    ("POST", "orderstages", "", wire.order_stage),
    ("GET", "master/users/{id}", "", wire.user),
    ("POST", "master/users", "", wire.user),
    ("PUT", "master/users/{id}", "", wire.user),
]
FIELD_ENTITIES = ["account", "contact", "activity", "order", "orderrow", "product", "project", "user", "agreement"]


@pytest.mark.parametrize(("route", "query", "parse"), LIST_ROUTES, ids=[f"{r}?{q}" for r, q, _ in LIST_ROUTES])
def test_every_saved_list_example_parses(route: str, query: str, parse: Any) -> None:
    for name, body in examples("GET", route, query):
        assert wire.error_info(body) is None, name
        page = wire.page(body)
        records = [parse(item) for item in page.items]
        assert records and page.total is not None and page.total >= len(records), name


@pytest.mark.parametrize(("method", "route", "query", "parse"), SINGLE_ROUTES,
                         ids=[f"{m} {r}" for m, r, _, _ in SINGLE_ROUTES])
def test_every_saved_single_example_parses(method: str, route: str, query: str, parse: Any) -> None:
    for name, body in examples(method, route, query):
        assert wire.error_info(body) is None, name
        assert parse(wire.record(body)).id > 0, name


@pytest.mark.parametrize("entity", FIELD_ENTITIES)
def test_custom_field_definitions_parse(entity: str) -> None:
    for _, body in examples("GET", f"customfields/{entity}"):
        fields = [wire.custom_field(entity, item) for item in wire.page(body).items]
        assert fields and all(f.entity == entity and f.name and f.datatype for f in fields)
    for _, body in examples("POST", f"customfields/{entity}"):
        assert wire.custom_field(entity, wire.record(body)).id > 0


@pytest.mark.parametrize("route", ["accounts/{id}", "orders/{id}", "orderstages/{id}", "customfields/account/{id}"])
def test_delete_answers_carry_no_error(route: str) -> None:
    for _, body in examples("DELETE", route):
        assert body == {"error": None} and wire.error_info(body) is None


def test_self() -> None:
    body = _one("GET", "self")
    assert "errors" in body and "error" not in body  # /self's own spelling
    assert wire.error_info(body) is None
    me = wire.upsales_self(wire.record(body))
    assert (me.user_id, me.master_user_id, me.client_id, me.client_name) == (2, 70896, 9580, "Api Docs")
    assert me.name == "Api docs" and me.email == "B1_lCFunM@api.upsales.com" and me.is_api_key


def test_account_list_item() -> None:
    first = wire.account(wire.page(_one("GET", "accounts", "isExternal=0")).items[0])
    assert (first.id, first.name, first.phone, first.active, first.users) == (2, "Salesboard", "+46(0)8123456", True,
                                                                              (1,))
    assert first.mod_date == datetime(2021, 9, 29, 5, 59, 5, tzinfo=UTC)
    assert first.addresses == () and first.custom == {} and first.org_no is None


def test_account_addresses_and_offset_timestamps() -> None:
    single = wire.account(wire.record(_one("GET", "accounts/{id}")))
    assert single.address("Mail") == Address("Mail", "Sveavägen 21", "11134", None, "Stockholm", None)
    assert single.address("Visit") is None
    filtered = [wire.account(i) for i in wire.page(_one("GET", "accounts", "scoreUpdateDate")).items]
    assert filtered[0].mod_date == datetime(2018, 4, 21, 10, 28, tzinfo=UTC)  # "+00:00" form
    assert filtered[0].active is False  # "active": 0


def test_products_with_price_lists() -> None:
    product = wire.product(wire.page(_one("GET", "products", "usePriceLists=true")).items[0])
    assert product.prices == {1: Decimal(10000), 3: Decimal(5000)}
    assert product.list_price == Decimal(10000) and product.active and product.category_id is None
    created = wire.product(wire.record(_one("POST", "products", "usePriceLists=true")))
    assert created.prices == {1: Decimal(1000), 3: Decimal(800)}  # the SEK price of each list
    assert ProductPrice(1, "EUR", Decimal(100)) in created.currency_prices


def test_products_without_price_lists_and_categories() -> None:
    plain = _one("GET", "products", without="usePriceLists")
    products = {p.id: p for p in (wire.product(i) for i in wire.page(plain).items)}
    assert products[2].active is False and products[3].category_id == 2  # category {"name", "id"}
    assert products[3].prices == {}  # multi-currency prices without price lists have no priceListId
    assert {p.currency for p in products[3].currency_prices} == {"EUR", "GBP", "SEK", "USD"}
    # an old, sparse example: no articleNo, purchaseCost or tiers
    sparse = wire.product(wire.record(_one("GET", "products/{id}", without="usePriceLists")))
    assert sparse.article_no is None and sparse.purchase_cost == 0


def test_price_lists_with_null_metadata() -> None:
    body = _one("GET", "priceLists/{id}")
    assert body["metadata"] is None
    standard = wire.price_list(wire.record(body))
    assert (standard.name, standard.code, standard.is_default, standard.active) == ("Standard", None, True, True)
    created = wire.price_list(wire.record(_one("POST", "priceLists")))
    assert created.code == "ABC123" and not created.is_default


def test_orders_and_opportunities() -> None:
    won = wire.order(wire.page(_one("GET", "orders", "probability=100")).items[0])
    assert (won.probability, won.is_won, won.is_opportunity, won.stage_id, won.client_id, won.user_id) == (
        100, True, False, 12, 2, 1)
    assert won.date == won.close_date == date(2018, 5, 22) and won.value == Decimal(10000)
    assert won.custom == {1: "2018-05-23"} and won.currency == "SEK"
    assert won.rows[0] == OrderRow(id=1, product_id=1, quantity=Decimal(1), price=Decimal(10000),
                                   list_price=Decimal(10000), discount=Decimal(0), sort_id=1)
    opportunity = wire.order(wire.page(_one("GET", "orders", "probability=gte:1")).items[0])
    assert opportunity.is_opportunity and opportunity.close_date is None and opportunity.probability == 25


def test_an_order_keeps_its_notes_and_each_rows_product_name_not_the_whole_record() -> None:
    order = wire.order({"id": 5, "probability": 100, "notes": "Parkering: 1 × 120", "extra": {"big": [1] * 100},
                        "orderRow": [{"id": 1, "product": {"id": 7, "name": "Konsulttimme"}, "quantity": 2,
                                      "price": 950}, {"id": 2, "productId": 8, "quantity": 1, "price": 1}]})
    assert order.notes == "Parkering: 1 × 120"
    assert [(r.product_id, r.product_name) for r in order.rows] == [(7, "Konsulttimme"), (8, None)]
    assert not hasattr(order, "raw") and not hasattr(order, "__dict__")  # a run holds thousands of them


def test_stages_and_users() -> None:
    stages = [wire.order_stage(i) for i in wire.page(_one("GET", "orderstages")).items]
    assert {s.probability for s in stages} == {0, 5, 25, 50, 90, 100} and not any(s.exclude for s in stages)
    users = [wire.user(wire.record(b)) for _, b in examples("PUT", "master/users/{id}")]
    assert any(u.ghost for u in users) and all(u.administrator and u.active for u in users)


# --- JSON examples quoted in upsales-api.md -------------------------------------------------------------------------

DOC_EXAMPLES = {
    "typed_custom": '{"fieldId":2,"value":"237","valueInteger":237,"valueDouble":237,"valueArray":["237"]}',
    "stage_live": '{"id":14,"name":"Order (ej fortnox)","probability":100,"exclude":1}',
    "stage_pm": '{"id":9,"name":"Prospect 1","probability":25,"roles":[]}',
    "e400": '{"error":{"key":"FailedValidation","code":400,"errorCode":26,"msg":"No such attribute: id"},'
            '"metadata":null}',
    "e403": '{"error":{"key":"ProductOrChildCategoryExist","code":403,"errorCode":100,"msg":"Product or child '
            'category exist within the product category"},"data":null}',
    "e500": '{"error":{"key":"ServerError","code":500,"errorCode":3,"msg":"Server error"},"metadata":null}',
    "create_account": '{"name":"Salesboard","phone":"+46(0)8123456","users":[{"id":1}]}',
    "deleted": '{"error":null}',
}


@cache
def _doc() -> str:
    return API_DOC.read_text(encoding="utf-8")


def doc_example(name: str) -> Any:
    text = DOC_EXAMPLES[name]
    assert text in _doc(), f"{name} is no longer quoted verbatim in upsales-api.md"
    return json.loads(text)


def test_doc_typed_custom_value() -> None:
    assert wire.custom_values([doc_example("typed_custom")]) == {2: "237"}


def test_doc_stages() -> None:
    live = wire.order_stage(doc_example("stage_live"))
    assert live.exclude is True and live.probability == 100
    assert wire.order_stage(doc_example("stage_pm")).exclude is False


@pytest.mark.parametrize(("name", "error_type", "error_code"), [
    ("e400", ValidationFailed, 26), ("e403", PermissionDenied, 100), ("e500", ServerError, 3)])
def test_doc_error_bodies(name: str, error_type: type[ApiError], error_code: int) -> None:
    body = doc_example(name)
    info = wire.error_info(body)
    assert info is not None and info.error_code == error_code
    error = error_for(info.code or 0, info, method="GET", url="/api/v2/x")
    assert type(error) is error_type and error.code == error_code and info.message in str(error)


def test_doc_delete_answer() -> None:
    assert wire.error_info(doc_example("deleted")) is None


def test_doc_create_account_body_is_what_the_builder_sends() -> None:
    assert wire.account_payload(name="Salesboard", phone="+46(0)8123456", users=[1]) == doc_example("create_account")


def test_pm_create_order_body_is_what_the_builder_sends() -> None:
    item = next((i for i in _collection() if i["name"] == "Create an order"), None)
    if item is None:
        pytest.skip("the Postman 'Create an order' use case is missing")
    documented = json.loads(item["request"]["body"]["raw"])
    rows = [OrderRow(None, 1, Decimal(5), Decimal(500), Decimal(1000)),
            OrderRow(None, 2, Decimal(3), Decimal(1000), Decimal(1200))]
    built = wire.order_payload(description="My new order", date=date(2022, 3, 16), user_id=1, client_id=2,
                               stage_id=12, probability=100, rows=rows)
    for row in built["orderRow"]:
        assert row.pop("sortId") == 0  # we always send the row order; Upsales defaults it to 0
    assert built == documented


# --- scalars and quirks ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    (0, False), (1, True), (True, True), (False, False), ("0", False), ("1", True), ("true", True), ("False", False),
    (None, False)])
def test_flags(value: Any, expected: bool) -> None:
    assert wire.flag(value) is expected


def test_flag_default_and_garbage() -> None:
    assert wire.flag(None, default=True) is True
    for bad in (2, "yes", [], 0.5):
        with pytest.raises(wire.WireFormatError):
            wire.flag(bad)


def test_flags_on_records_accept_both_forms() -> None:
    as_numbers = {"id": 1, "name": "A", "active": 1, "ghost": 1, "administrator": 0}
    as_booleans = {"id": 1, "name": "A", "active": True, "ghost": True, "administrator": False}
    assert wire.user(as_numbers) == wire.user(as_booleans)
    assert wire.price_list({"id": 1, "name": "P", "active": 0, "isDefault": 1}) == \
        wire.price_list({"id": 1, "name": "P", "active": False, "isDefault": True})
    assert wire.product({"id": 1, "name": "P", "active": "0"}).active is False


@pytest.mark.parametrize(("value", "expected"), [
    ("2021-09-29T06:40:28.000Z", datetime(2021, 9, 29, 6, 40, 28, tzinfo=UTC)),
    ("2018-04-21T10:24:28+00:00", datetime(2018, 4, 21, 10, 24, 28, tzinfo=UTC)),
    ("2018-04-21T12:24:28+02:00", datetime(2018, 4, 21, 10, 24, 28, tzinfo=UTC)),
    ("2018-04-21 10:24:28", datetime(2018, 4, 21, 10, 24, 28, tzinfo=UTC)),
    ("2022-04-22", datetime(2022, 4, 22, tzinfo=UTC)),
    (None, None), ("", None)])
def test_timestamps_are_aware_utc(value: Any, expected: datetime | None) -> None:
    parsed = wire.moment(value)
    assert parsed == expected and (parsed is None or parsed.utcoffset() == timedelta(0))


@pytest.mark.parametrize(("item", "expected"), [
    ({"value": "1", "valueBoolean": True, "valueInteger": 1, "valueDouble": 1, "valueArray": ["1"], "fieldId": 4},
     "1"),
    ({"value": 0, "valueBoolean": False, "valueInteger": 0, "valueDouble": 0, "valueArray": [], "fieldId": 4}, "0"),
    ({"value": "", "valueInteger": None, "valueArray": [""], "fieldId": 4}, ""),
    ({"value": "2018-05-22", "valueDate": "2018-05-22", "orgNumber": 20180522, "fieldId": 4}, "2018-05-22"),
    ({"value": 12.5, "fieldId": 4}, "12.5"),
    ({"value": True, "fieldId": 4}, "1"),
    ({"valueBoolean": False, "fieldId": 4}, "0"),
    ({"valueArray": ["a", "b"], "fieldId": 4}, "a,b"),
])
def test_typed_custom_values(item: dict[str, Any], expected: str) -> None:
    assert wire.custom_values([item]) == {4: expected}


def test_custom_values_without_any_value_are_left_out() -> None:
    assert wire.custom_values([{"fieldId": 4, "value": None}]) == {}
    assert wire.custom_values(None) == {}
    assert custom_bool("1") and custom_bool("true") and not custom_bool("0") and not custom_bool(None)


def test_relations_and_numbers() -> None:
    assert wire.ref_id({"id": 3, "name": "x"}) == 3 and wire.ref_id(3) == 3 and wire.ref_id(None) is None
    assert wire.decimal(12.34) == Decimal("12.34") and wire.decimal("-0.5") == Decimal("-0.5")
    assert wire.text(72223) == "72223" and wire.text(1.0) == "1" and wire.text("") is None
    assert wire.integer(7) == wire.integer("7") == wire.integer(7.0) == wire.integer(" 7 ") == 7
    assert wire.integer(None) is None and wire.integer("") is None
    for bad in (1.5, "1 000", True, False):
        with pytest.raises(wire.WireFormatError):
            wire.integer(bad)


def test_page_with_null_metadata_and_missing_data() -> None:
    page = wire.page({"error": None, "metadata": None, "data": [{"id": 1}]})
    assert page.items == [{"id": 1}] and page.total is None
    with pytest.raises(wire.WireFormatError):
        wire.page({"error": None})
    with pytest.raises(wire.WireFormatError):
        wire.record({"error": None, "data": [1]})


# --- error envelope variants ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("body", [{"error": None, "data": {}}, {"errors": None, "data": {}}, {"error": False},
                                  {"error": {}}, [], None, "text"])
def test_no_error(body: Any) -> None:
    assert wire.error_info(body) is None


@pytest.mark.parametrize(("body", "key", "message"), [
    ({"error": {"key": "NotFound", "code": 404, "errorCode": 1, "msg": "Account not found"}}, "NotFound",
     "Account not found"),
    ({"errors": {"key": "FailedValidation", "code": "400", "msg": "bad"}}, "FailedValidation", "bad"),
    ({"errors": [{"key": "ServerError", "code": 500, "msg": "boom"}]}, "ServerError", "boom"),
    ({"error": {"key": "ThrottleLimit", "code": 429, "errorCode": 4}}, "ThrottleLimit", "ThrottleLimit"),
    ({"error": "Something went wrong"}, None, "Something went wrong"),
])
def test_error_variants(body: Any, key: str | None, message: str) -> None:
    info = wire.error_info(body)
    assert info is not None and info.key == key and info.message == message


@pytest.mark.parametrize(("status", "body", "error_type"), [
    (200, {"error": {"key": "FailedValidation", "code": 400, "msg": "x"}}, ValidationFailed),
    (200, {"error": {"key": "ThrottleLimit", "code": 429, "errorCode": 4}}, RateLimited),
    (200, {"error": {"key": "NotFound", "msg": "x"}}, NotFound),
    (200, {"error": "odd"}, ApiError),
    (401, {"error": {"key": "Unauthorized", "code": 401, "msg": "x"}}, AuthError),
    (404, {"error": {"key": "NotFound", "code": 404, "msg": "x"}}, NotFound),
    (502, {"error": {"key": "ServerError", "code": 502, "msg": "x"}}, ServerError),
])
def test_error_classes(status: int, body: Any, error_type: type[ApiError]) -> None:
    info = wire.error_info(body)
    assert info is not None and type(error_for(status, info)) is error_type


# --- request building -----------------------------------------------------------------------------------------------

def test_account_payload_sends_only_what_is_given() -> None:
    assert wire.account_payload() == {}
    body = wire.account_payload(name="Bygg AB", org_no=None, active=False, users=[2, 3],
                                addresses=[Address("Mail", "Åsgatan 11", "72223", "Västerås", country="SE")],
                                custom={4: "1001", 5: True, 6: None, 7: Decimal("12.50"), 8: date(2024, 1, 2)},
                                price_list_id=2)
    assert body == {
        "name": "Bygg AB", "orgNo": None, "active": 0, "users": [{"id": 2}, {"id": 3}],
        "addresses": [{"type": "Mail", "address": "Åsgatan 11", "zipcode": "72223", "city": "Västerås",
                       "state": None, "country": "SE"}],
        "custom": [{"fieldId": 4, "value": "1001"}, {"fieldId": 5, "value": "1"}, {"fieldId": 6, "value": None},
                   {"fieldId": 7, "value": "12.5"}, {"fieldId": 8, "value": "2024-01-02"}],
        "priceList": {"id": 2},
    }
    json.dumps(body)  # JSON-serialisable as is


def test_product_payload_numbers() -> None:
    body = wire.product_payload(name="Stol", article_no="STOL-101", list_price=Decimal("2995.00"),
                                purchase_cost=Decimal("1450.50"), active=True)
    assert body == {"name": "Stol", "articleNo": "STOL-101", "listPrice": 2995, "purchaseCost": 1450.5, "active": 1}


def test_price_currencies_keep_every_other_price() -> None:
    keep = (ProductPrice(1, "SEK", Decimal(100), Decimal(40)), ProductPrice(1, "EUR", Decimal(10)),
            ProductPrice(3, "SEK", Decimal(90)))
    assert wire.price_currencies({3: Decimal("85.5"), 4: Decimal(70)}, keep=keep) == [
        {"currency": "SEK", "price": 100, "purchaseCost": 40, "priceListId": 1},
        {"currency": "EUR", "price": 10, "purchaseCost": 0, "priceListId": 1},
        {"currency": "SEK", "price": 85.5, "purchaseCost": 0, "priceListId": 3},
        {"currency": "SEK", "price": 70, "priceListId": 4},
    ]


def test_order_payload_rows_and_relations() -> None:
    rows = [OrderRow(7, 1, Decimal("2.5"), Decimal(100), discount=Decimal(10), sort_id=1)]
    body = wire.order_payload(stage_id=12, probability=100, close_date=None, rows=rows, custom={9: True})
    assert body == {"probability": 100, "closeDate": None, "stage": {"id": 12},
                    "orderRow": [{"product": {"id": 1}, "quantity": 2.5, "price": 100, "sortId": 1, "id": 7,
                                  "discount": 10}],
                    "custom": [{"fieldId": 9, "value": "1"}]}


def test_custom_field_payload() -> None:
    assert wire.custom_field_payload("Kundnummer", "FORTNOX_CUSTOMER_ID", "String", visible=True, editable=False) == {
        "name": "Kundnummer", "alias": "FORTNOX_CUSTOMER_ID", "datatype": "String", "visible": 1, "editable": 0,
        "searchable": 0, "obligatoryField": 0, "roles": []}


def test_query_parameters() -> None:
    stockholm = timezone(timedelta(hours=2))
    assert wire.filter_time(datetime(2024, 6, 1, 12, 0, 5, 999999, tzinfo=stockholm)) == "2024-06-01T10:00:05.000Z"
    with pytest.raises(ValueError):
        wire.filter_time(datetime(2024, 6, 1))
    assert wire.probability_params((1, 99)) == [("probability", "gte:1"), ("probability", "lte:99")]
    assert wire.probability_params(100) == [("probability", "100")] and wire.probability_params(None) == []
    assert wire.filter_params({"active": True, "client.id": "eq:1,2", "date": ["gte:2024-01-01", "lte:2024-12-31"],
                               "value": Decimal("100.0")}) == [
        ("active", "1"), ("client.id", "eq:1,2"), ("date", "gte:2024-01-01"), ("date", "lte:2024-12-31"),
        ("value", "100")]
