"""Upsales simulator endpoints and records: accounts, products, price lists, orders, stages, users, custom fields."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from fortsync_gui.sandbox.upsales import UpsalesSim
from tests.sandbox.test_upsales_sim import SimHost, client_for

TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$")


@pytest.fixture(scope="module")
def host() -> Iterator[SimHost]:
    h = SimHost()
    yield h
    h.stop()


@pytest.fixture
def sim(host: SimHost) -> UpsalesSim:
    return host.plug()


@pytest.fixture
def api(sim: UpsalesSim) -> Iterator[httpx.Client]:
    with client_for(sim) as c:
        yield c


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()["data"]


def refused(response: httpx.Response) -> str:
    assert response.status_code == 400, response.text
    assert response.json()["error"]["key"] == "FailedValidation"
    return str(response.json()["error"]["msg"])


# --- accounts -----------------------------------------------------------------------------------------------------

def test_created_account_reads_back_in_full(sim: UpsalesSim, api: httpx.Client) -> None:
    data = ok(api.post("/accounts", json={
        "name": "Sjöbodens Café AB", "phone": "021-33 44 55", "orgNo": "5561234567", "users": [{"id": 3}],
        "addresses": [{"type": "Mail", "address": "Box 12", "zipcode": "72210", "city": "Västerås", "country": "SE"},
                      {"type": "Delivery", "address": "Hamnen 1", "zipcode": "72211", "city": "Västerås"}],
        "custom": [{"fieldId": 3, "value": "info@sjoboden.se"}]}))
    assert data["id"] == 7
    assert TIMESTAMP.match(data["regDate"]) and data["modDate"] == data["regDate"]
    assert data["regBy"]["email"].endswith("@api.upsales.com")
    assert data["users"] == [{"id": 3, "name": "Maria Åkesson", "role": {"id": 1, "name": "Sälj"},
                              "email": "maria.akesson@kontorsmastarna.se"}]
    assert [a["type"] for a in data["addresses"]] == ["Mail", "Delivery"]
    assert data["addresses"][1]["state"] is None and "latitude" in data["addresses"][1]
    assert data["mailAddress"]["address"] == "Box 12"
    assert (data["active"], data["isExternal"], data["journeyStep"]) == (1, 0, "lead")
    assert data["custom"] == [{"value": "info@sjoboden.se", "valueArray": ["info@sjoboden.se"], "fieldId": 3}]


def test_update_bumps_moddate_and_merges_custom_values(sim: UpsalesSim, api: httpx.Client) -> None:
    before = ok(api.get("/accounts/1"))
    sim.clock.advance(90)
    after = ok(api.put("/accounts/1", json={"phone": "021-99 99 99", "custom": [{"fieldId": 3, "value": "ny@b.se"}]}))
    assert after["regDate"] == before["regDate"] and after["modDate"] > before["modDate"]
    assert after["name"] == before["name"]
    assert {c["fieldId"]: c["value"] for c in after["custom"]} == {3: "ny@b.se", 1: "SE" + before["orgNo"] + "01"}
    cleared = ok(api.put("/accounts/1", json={"custom": [{"fieldId": 3, "value": None}]}))
    assert [c["fieldId"] for c in cleared["custom"]] == [1]


@pytest.mark.parametrize("body", [{"users": [{"id": 999}]}, {"parent": {"id": 999}}, {"priceList": {"id": 99}},
                                  {"custom": [{"fieldId": 99, "value": "x"}]},
                                  {"addresses": [{"type": "Hem", "address": "x"}]}, {"active": "kanske"}])
def test_account_write_with_bad_references_or_values_is_refused(api: httpx.Client, body: dict[str, Any]) -> None:
    refused(api.put("/accounts/1", json=body))


def test_deleting_an_account_deletes_its_orders(api: httpx.Client) -> None:
    assert api.delete("/accounts/1").json() == {"error": None}
    assert api.get("/accounts/1").status_code == 404
    assert api.get("/orders/1").status_code == 404
    assert api.get("/orders", params={"client.id": 1}).json()["metadata"]["total"] == 0


# --- custom fields ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/customfields/account", "/customFields/account"])
def test_custom_fields_answer_on_both_spellings(api: httpx.Client, path: str) -> None:
    fields = api.get(path).json()["data"]
    assert {f["alias"] for f in fields} == {"VAT_NO", "EMAIL", None}
    assert not any((f["alias"] or "").startswith("FORTNOX") for f in fields)


def test_create_field_with_alias_coerces_flags_to_0_1(api: httpx.Client) -> None:
    field = ok(api.post("/customfields/order", json={
        "name": "Skip Fortnox sync", "datatype": "Boolean", "alias": "SKIP_SYNC", "visible": True,
        "obligatoryField": False, "dropdownDefault": [], "roles": []}))
    assert (field["id"], field["alias"], field["visible"], field["obligatoryField"], field["dropdownDefault"]) == \
        (1, "SKIP_SYNC", 1, 0, "")
    assert "parFieldId" not in field and field["formulaVisible"] == 1
    assert [f["alias"] for f in api.get("/customFields/order").json()["data"]] == ["SKIP_SYNC"]
    renamed = ok(api.put("/customfields/order/1", json={"name": "Hoppa över", "alias": "SKIP_SYNC"}))
    assert (renamed["name"], renamed["alias"]) == ("Hoppa över", "SKIP_SYNC")


@pytest.mark.parametrize("body", [{"name": "E-post 2", "datatype": "String", "alias": "EMAIL"},
                                  {"name": "x", "datatype": "string"}, {"datatype": "String"}])
def test_bad_field_definitions_are_refused(api: httpx.Client, body: dict[str, Any]) -> None:
    refused(api.post("/customfields/account", json=body))


@pytest.mark.parametrize("datatype, written, expected", [
    ("String", "1001", {"value": "1001", "valueInteger": 1001, "valueDouble": 1001, "valueArray": ["1001"]}),
    ("String", "A1", {"value": "A1", "valueArray": ["A1"]}),
    ("String", "", {"value": "", "valueInteger": None, "valueArray": [""]}),
    ("Integer", 237, {"value": "237", "valueInteger": 237, "valueDouble": 237, "valueArray": ["237"]}),
    ("Currency", 12.5, {"value": "12.5", "valueInteger": 12, "valueDouble": 12.5, "valueArray": ["12.5"]}),
    ("Boolean", True, {"value": "1", "valueBoolean": True, "valueInteger": 1, "valueDouble": 1, "valueArray": ["1"]}),
    ("Boolean", False, {"value": 0, "valueBoolean": False, "valueInteger": 0, "valueDouble": 0, "valueArray": []}),
    ("Date", "2026-03-01", {"value": "2026-03-01", "valueDate": "2026-03-01", "valueArray": ["2026-03-01"]}),
])
def test_custom_values_read_back_with_typed_copies(api: httpx.Client, datatype: str, written: Any,
                                                   expected: dict[str, Any]) -> None:
    field_id = ok(api.post("/customfields/order", json={"name": "Fält", "datatype": datatype}))["id"]
    order = ok(api.put("/orders/2", json={"custom": [{"fieldId": field_id, "value": written}]}))
    assert order["custom"] == [{**expected, "fieldId": field_id}]


@pytest.mark.parametrize("datatype, value", [("Date", "i morgon"), ("Integer", "tolv"), ("Boolean", "kanske")])
def test_custom_values_of_the_wrong_type_are_refused(api: httpx.Client, datatype: str, value: str) -> None:
    field_id = ok(api.post("/customfields/account", json={"name": "Fält", "datatype": datatype}))["id"]
    refused(api.put("/accounts/1", json={"custom": [{"fieldId": field_id, "value": value}]}))


def test_order_row_custom_values(api: httpx.Client) -> None:
    field_id = ok(api.post("/customfields/orderrow", json={"name": "Enhet", "datatype": "String"}))["id"]
    order = ok(api.put("/orders/3", json={"orderRow": [{"product": {"id": 1},
                                                        "custom": [{"fieldId": field_id, "value": "st"}]}]}))
    assert order["orderRow"][0]["custom"] == [{"value": "st", "valueArray": ["st"], "fieldId": field_id}]


def test_deleting_a_field_deletes_its_values(api: httpx.Client) -> None:
    assert api.delete("/customfields/account/3").json() == {"error": None}
    assert [c["fieldId"] for c in ok(api.get("/accounts/1"))["custom"]] == [1]
    again = ok(api.post("/customfields/account", json={"name": "E-post", "datatype": "String", "alias": "EMAIL"}))
    assert again["id"] == 4
    assert [c["fieldId"] for c in ok(api.get("/accounts/4"))["custom"]] == []
    assert api.delete("/customfields/account/3").status_code == 404


def test_unknown_custom_field_entity_is_refused(api: httpx.Client) -> None:
    refused(api.get("/customfields/kund"))


# --- products -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("missing", ["name", "listPrice", "active"])
def test_product_needs_name_list_price_and_active(api: httpx.Client, missing: str) -> None:
    body = {"name": "Pall", "listPrice": 500, "active": 1}
    del body[missing]
    refused(api.post("/products", json=body))


def test_products_cannot_be_deleted_only_made_inactive(api: httpx.Client) -> None:
    assert api.delete("/products/2").status_code == 404
    product = ok(api.put("/products/2", json={"active": False}))
    assert product["active"] == 0
    assert [p["id"] for p in api.get("/products", params={"active": 1}).json()["data"]] == [1]


def test_article_numbers_are_unique(api: httpx.Client) -> None:
    assert "unique" in refused(api.post("/products", json={"name": "Stol", "listPrice": 1, "active": 1,
                                                           "articleNo": "STOL-101"}))
    refused(api.put("/products/2", json={"articleNo": "STOL-101"}))


def test_use_price_lists_answers_a_price_for_every_list(api: httpx.Client) -> None:
    product = ok(api.get("/products/1", params={"usePriceLists": "true"}))
    assert product["currencies"] == [
        {"currency": "SEK", "price": 2995, "purchaseCost": 1450, "priceListId": 1},
        {"currency": "SEK", "price": 0, "purchaseCost": 0, "priceListId": 2}]
    assert ok(api.get("/products/1"))["currencies"] == []  # without price lists: the plain currency list


def test_price_list_arrays_are_replaced_wholesale(api: httpx.Client) -> None:
    params = {"usePriceLists": "true"}
    product = ok(api.put("/products/1", params=params, json={
        "currencies": [{"currency": "SEK", "price": 2500, "purchaseCost": 1450, "priceListId": 2}],
        "tiers": [{"start": 10, "end": 0, "currencies": [{"currency": "SEK", "value": 2300}], "isTotalPrice": False,
                   "priceListId": 2}]}))
    prices = {c["priceListId"]: c["price"] for c in product["currencies"]}
    assert prices == {1: 0, 2: 2500}  # the list left out lost its price
    assert product["listPrice"] == 2995 and product["tiers"][0]["priceListId"] == 2
    product = ok(api.put("/products/1", params=params, json={"listPrice": 3100}))
    assert {c["priceListId"]: c["price"] for c in product["currencies"]} == {1: 3100, 2: 2500}
    refused(api.put("/products/1", params=params, json={"currencies": [{"currency": "SEK", "price": 1,
                                                                        "priceListId": 77}]}))


def test_new_product_gets_the_default_list_price(api: httpx.Client) -> None:
    product = ok(api.post("/products", params={"usePriceLists": "true"}, json={
        "name": "Pall", "listPrice": 500, "purchaseCost": 200, "active": 1, "articleNo": "PALL-1"}))
    assert product["currencies"][0] == {"currency": "SEK", "price": 500, "purchaseCost": 200, "priceListId": 1}
    assert (product["articleNo"], product["isMultiCurrency"], product["category"]) == ("PALL-1", 0, None)


# --- price lists --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/priceLists", "/pricelists"])
def test_price_lists_answer_on_both_spellings_with_boolean_flags(api: httpx.Client, path: str) -> None:
    lists = api.get(path).json()["data"]
    assert [(p["name"], p["code"], p["isDefault"]) for p in lists] == [("Standard", None, True),
                                                                       ("Prislista A", "A", False)]
    assert lists[0]["active"] is True


def test_price_list_codes_are_unique(api: httpx.Client) -> None:
    refused(api.post("/priceLists", json={"name": "Dubblett", "code": "A", "active": True}))
    created = ok(api.post("/pricelists", json={"name": "Återförsäljare", "code": "B", "active": True,
                                               "isDefault": False}))
    assert (created["id"], created["code"], created["isDefault"]) == (3, "B", False)
    assert TIMESTAMP.match(created["regDate"])


def test_a_new_default_switches_the_old_one_off(api: httpx.Client) -> None:
    ok(api.put("/priceLists/2", json={"isDefault": False}))  # cannot be switched off directly: a no-op
    assert ok(api.get("/priceLists/1"))["isDefault"] is True
    ok(api.put("/priceLists/2", json={"isDefault": True}))
    assert [p["isDefault"] for p in api.get("/priceLists").json()["data"]] == [False, True]
    assert ok(api.put("/priceLists/2", json={"active": False}))["active"] is False


# --- orders and opportunities -------------------------------------------------------------------------------------

ROWS = [{"quantity": 5, "price": 500, "listPrice": 1000, "product": {"id": 1}},
        {"quantity": 3, "price": 1000, "listPrice": 1200, "product": {"id": 2}}]


def test_won_order_has_a_value_and_a_close_date(sim: UpsalesSim, api: httpx.Client) -> None:
    order = ok(api.post("/orders", json={"description": "Ny order", "date": "2026-10-01", "user": {"id": 2},
                                         "client": {"id": 1}, "stage": {"id": 12}, "probability": 100,
                                         "orderRow": ROWS}))
    assert (order["value"], order["weightedValue"], order["valueInMasterCurrency"]) == (5500, 5500, 5500)
    assert order["closeDate"] == sim.clock.now_stockholm().date().isoformat()
    assert order["stage"] == {"name": "Order", "id": 12}
    assert order["client"]["name"] == "Bergströms Bygg AB" and order["user"]["name"] == "Erik Sjöberg"
    row = order["orderRow"][0]
    assert (row["productId"], row["product"]["name"], row["listPrice"], row["discount"]) == \
        (1, "Kontorsstol Ergo Plus, svart", 1000, 0)


def test_probability_follows_the_stage_and_close_date_follows_probability(api: httpx.Client) -> None:
    order = ok(api.post("/orders", json={"date": "2026-10-01", "user": {"id": 2}, "client": {"id": 5},
                                         "stage": {"id": 10}, "orderRow": ROWS[:1]}))
    assert (order["probability"], order["closeDate"], order["weightedValue"]) == (50, None, 1250)
    won = ok(api.put(f"/orders/{order['id']}", json={"stage": {"id": 12}}))
    assert won["probability"] == 100 and won["closeDate"] is not None
    reopened = ok(api.put(f"/orders/{order['id']}", json={"stage": {"id": 11}}))
    assert (reopened["probability"], reopened["closeDate"]) == (75, None)
    dated = ok(api.put(f"/orders/{order['id']}", json={"stage": {"id": 7}, "closeDate": "2026-09-30"}))
    assert (dated["probability"], dated["closeDate"]) == (0, "2026-09-30")


@pytest.mark.parametrize("change", [{"client": {"id": 99}}, {"user": {"id": 99}}, {"stage": {"id": 99}},
                                    {"orderRow": [{"product": {"id": 99}}]}, {"contact": {"id": 1}},
                                    {"probability": 101}, {"date": "första maj"}])
def test_order_with_an_unknown_relation_or_bad_value_is_refused(api: httpx.Client, change: dict[str, Any]) -> None:
    refused(api.put("/orders/1", json=change))


@pytest.mark.parametrize("missing", ["date", "user", "client", "stage", "orderRow"])
def test_order_mandatory_fields(api: httpx.Client, missing: str) -> None:
    body = {"date": "2026-10-01", "user": {"id": 2}, "client": {"id": 1}, "stage": {"id": 12}, "orderRow": ROWS}
    del body[missing]
    assert missing in refused(api.post("/orders", json=body))


def test_order_rows_are_replaced_and_a_row_sent_with_its_id_keeps_it(api: httpx.Client) -> None:
    before = ok(api.get("/orders/1"))["orderRow"]
    after = ok(api.put("/orders/1", json={"orderRow": [{"id": before[0]["id"], "quantity": 2},
                                                       {"product": {"id": 2}}]}))["orderRow"]
    assert after[0]["id"] == before[0]["id"] and (after[0]["quantity"], after[0]["price"]) == (2, 2995)
    assert after[1]["id"] not in {r["id"] for r in before}
    assert (after[1]["price"], after[1]["listPrice"]) == (650, 650)  # defaults from the product
    assert len(after) == 2


def test_opportunities_are_the_same_entity(api: httpx.Client) -> None:
    assert api.get("/opportunities").json() == api.get("/orders").json()
    assert ok(api.get("/opportunities/2")) == ok(api.get("/orders/2"))
    assert api.delete("/opportunities/2").json() == {"error": None}
    assert api.get("/orders/2").status_code == 404


def test_order_change_bumps_moddate(sim: UpsalesSim, api: httpx.Client) -> None:
    before = ok(api.get("/orders/2"))
    sim.clock.advance(5)
    after = ok(api.put("/orders/2", json={"notes": "Ring tisdag"}))
    assert after["modDate"] > before["modDate"] and after["notes"] == "Ring tisdag"


# --- stages and users ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/orderstages", "/orderStages"])
def test_stages_answer_on_both_spellings(api: httpx.Client, path: str) -> None:
    stages = api.get(path).json()["data"]
    assert {s["name"]: (s["probability"], s["exclude"]) for s in stages} == {
        "Kvalificering": (10, 0), "Offert": (50, 0), "Förhandling": (75, 0), "Order": (100, 0), "Förlorad": (0, 0),
        "Order (ej Fortnox)": (100, 1)}


def test_stage_crud(api: httpx.Client) -> None:
    stage = ok(api.post("/orderstages", json={"name": "Demo bokad", "probability": 25}))
    assert stage == {"id": 15, "name": "Demo bokad", "probability": 25, "exclude": 0, "roles": []}
    assert ok(api.put("/orderStages/15", json={"exclude": True}))["exclude"] == 1
    assert api.delete("/orderstages/15").json() == {"error": None}
    refused(api.delete("/orderstages/12"))  # still used by orders
    refused(api.post("/orderstages", json={"name": "Fel", "probability": 150}))


def test_users_carry_0_1_flags(api: httpx.Client) -> None:
    users = {u["name"]: u for u in api.get("/users").json()["data"]}
    assert len(users) == 7
    api_user = users["Fortsync"]
    assert (api_user["ghost"], api_user["active"], api_user["administrator"]) == (1, 1, 1)
    assert users["Lena Björklund"]["active"] == 0
    assert users["Anna Karin Lund"]["role"] == {"id": 2, "name": "Ledning"}
    assert ok(api.get("/users/3"))["name"] == "Maria Åkesson"
    assert api.get("/users/99").status_code == 404
