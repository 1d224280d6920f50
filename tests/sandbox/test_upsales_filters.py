"""Upsales simulator list queries: paging, ``attr=op:value`` filters, custom-field filters, sorting, keyset crawls."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from fortsync_gui.sandbox.upsales import UpsalesSim
from tests.sandbox.test_upsales_sim import SimHost, client_for


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


def ids(api: httpx.Client, path: str, params: Any = None) -> list[int]:
    response = api.get(path, params=params)
    assert response.status_code == 200, response.text
    return [r["id"] for r in response.json()["data"]]


# --- paging -------------------------------------------------------------------------------------------------------

def test_limit_zero_answers_only_the_total(api: httpx.Client) -> None:
    assert api.get("/accounts", params={"limit": 0}).json() == {
        "error": None, "metadata": {"total": 6, "limit": 0, "offset": 0}, "data": []}


def test_limit_and_offset(api: httpx.Client) -> None:
    body = api.get("/accounts", params={"limit": 2, "offset": 3}).json()
    assert body["metadata"] == {"total": 6, "limit": 2, "offset": 3}
    assert [a["id"] for a in body["data"]] == [4, 5]
    assert api.get("/accounts", params={"limit": 5000}).json()["metadata"]["limit"] == 2000


@pytest.mark.parametrize("params", [{"limit": "many"}, {"offset": -1}])
def test_bad_paging_is_refused(api: httpx.Client, params: dict[str, Any]) -> None:
    assert api.get("/accounts", params=params).status_code == 400


def test_keyset_crawl_sees_every_record_once(api: httpx.Client) -> None:
    for n in range(25):
        assert api.post("/accounts", json={"name": f"Kund {n}"}).status_code == 200
    seen: list[int] = []
    last = 0
    while True:
        page = ids(api, "/accounts", {"sort": "id", "limit": 7, "id": f"gt:{last}"})
        if not page:
            break
        seen += page
        last = page[-1]
    assert seen == list(range(1, 32))


def test_sort_descending_and_by_probability(api: httpx.Client) -> None:
    assert ids(api, "/accounts", {"sort": "-id"}) == [6, 5, 4, 3, 2, 1]
    stages = api.get("/orderStages", params={"sort": "probability"}).json()["data"]
    assert [s["probability"] for s in stages] == [0, 10, 50, 75, 100, 100]
    assert [a["name"] for a in api.get("/accounts", params={"sort": "name", "limit": 2}).json()["data"]] == [
        "Bergströms Bygg AB", "Kafé Linnéa"]


# --- operators ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("3", [3]), ("eq:3", [3]), ("ne:3", [1, 2, 4, 5, 6]), ("gt:4", [5, 6]), ("gte:4", [4, 5, 6]), ("lt:2", [1]),
    ("lte:2", [1, 2]), ("eq:1,3,5", [1, 3, 5]), ("ne:1,3,5", [2, 4, 6]),
])
def test_comparison_operators(api: httpx.Client, value: str, expected: list[int]) -> None:
    assert ids(api, "/accounts", {"id": value}) == expected


def test_repeated_keys_are_anded(api: httpx.Client) -> None:
    assert ids(api, "/orders", [("probability", "gte:1"), ("probability", "lte:99")]) == [2, 3]
    assert ids(api, "/orders", {"probability": 100}) == [1, 5]
    assert ids(api, "/orders", {"probability": 0}) == [4]


def test_dotted_relations(api: httpx.Client) -> None:
    assert ids(api, "/orders", {"client.id": "eq:1"}) == [1]
    assert ids(api, "/orders", {"stage.id": "eq:12"}) == [1]
    assert ids(api, "/orders", {"user.id": "ne:2"}) == [2, 3, 4, 5]
    assert ids(api, "/orders", {"orderRow.product.id": "eq:2"}) == [1, 2, 4, 5]
    assert ids(api, "/accounts", {"user.id": 2}) == [1, 4]  # account managers live in the `users` list


def test_flags_and_strings(api: httpx.Client) -> None:
    assert ids(api, "/accounts", {"isExternal": 0}) == [1, 2, 3, 4, 5, 6]
    assert ids(api, "/products", {"active": 1}) == [1, 2]
    assert ids(api, "/users", {"active": 1, "ghost": 0}) == [1, 2, 3, 4, 5]
    assert ids(api, "/users", {"administrator": 1}) == [1, 7]
    assert ids(api, "/users", {"role.id": 1}) == [2, 3, 4, 5, 6]
    assert ids(api, "/orderstages", {"exclude": 0}) == [9, 10, 11, 12, 7]
    assert ids(api, "/pricelists", {"active": "true"}) == [1, 2]
    assert ids(api, "/priceLists", {"code": "A"}) == [2]
    assert ids(api, "/accounts", {"name": "Kafé Linnéa"}) == [6]


def test_custom_field_filters(api: httpx.Client) -> None:
    assert ids(api, "/accounts", {"custom": "eq:3:info@bergstrombygg.se"}) == [1]
    assert ids(api, "/accounts", {"custom": "eq:3:hej@nordkapconsulting.se,reception@tandvardshuset.se"}) == [4, 5]
    assert ids(api, "/accounts", {"custom": "3:kontakt@mdredovisning.se"}) == [2]
    field_id = api.post("/customfields/order", json={"name": "Antal", "datatype": "Integer"}).json()["data"]["id"]
    for order_id, amount in ((1, 5), (2, 12), (3, 40)):
        api.put(f"/orders/{order_id}", json={"custom": [{"fieldId": field_id, "value": amount}]})
    assert ids(api, "/orders", [("custom", f"gte:{field_id}:10"), ("custom", f"lt:{field_id}:40")]) == [2]
    assert api.get("/accounts", params={"custom": "eq:x"}).status_code == 400


def test_mod_date_filter_takes_a_date_or_a_timestamp(sim: UpsalesSim, api: httpx.Client) -> None:
    sim.clock.advance(3 * 86400)
    later = sim.clock.now()
    assert api.put("/accounts/2", json={"notes": "Ändrad"}).status_code == 200
    assert ids(api, "/accounts", {"modDate": f"gte:{later.date().isoformat()}"}) == [2]
    stamp = later.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert ids(api, "/accounts", {"modDate": f"gte:{stamp}"}) == [2]
    assert ids(api, "/accounts", {"modDate": f"lt:{stamp}"}) == [1, 3, 4, 5, 6]
    assert ids(api, "/orders", {"date": "gte:2026-10-19"}) == [2, 3]


@pytest.mark.parametrize("params, attribute", [({"nonsense": "1"}, "nonsense"), ({"sort": "-nonsense"}, "nonsense"),
                                               ({"nonsense.id": "1"}, "nonsense.id")])
def test_unknown_attribute_is_refused_like_upsales(api: httpx.Client, params: dict[str, str], attribute: str) -> None:
    r = api.get("/orders", params=params)
    assert r.status_code == 400
    assert r.json() == {"error": {"key": "FailedValidation", "code": 400, "errorCode": 26,
                                  "msg": f"No such attribute: {attribute}"}, "metadata": None}
