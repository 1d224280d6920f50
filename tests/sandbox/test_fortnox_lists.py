"""List queries in the Fortnox simulator: paging and MetaInformation, filter enums, ILIKE search parameters, sorting
and ``lastmodified`` in Swedish local time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest

from fortsync_gui.sandbox.fortnox import FortnoxSim
from tests.sandbox.test_fortnox_sim import FortnoxHost, connect, error_of


@pytest.fixture(scope="module")
def host() -> Iterator[FortnoxHost]:
    h = FortnoxHost()
    yield h
    h.stop()


@pytest.fixture
def sim(host: FortnoxHost) -> FortnoxSim:
    return host.plug()


@pytest.fixture
def api(host: FortnoxHost, sim: FortnoxSim) -> Iterator[httpx.Client]:
    with connect(host.url, sim) as client:
        yield client


def numbers(api: httpx.Client, path: str, plural: str, key: str, **params: object) -> list[str]:
    r = api.get(path, params=params)
    assert r.status_code == 200, r.text
    return [item[key] for item in r.json()[plural]]


def customers(api: httpx.Client, **params: object) -> list[str]:
    return numbers(api, "/customers", "Customers", "CustomerNumber", **params)


# --- paging -------------------------------------------------------------------------------------------------------

@pytest.fixture
def many(sim: FortnoxSim) -> FortnoxSim:
    for i in range(600):
        sim.store.create_customer({"Name": f"Kund {i}"})
    return sim


def test_limit_defaults_to_100_and_is_capped_at_500(api: httpx.Client, many: FortnoxSim) -> None:
    body = api.get("/customers").json()
    assert body["MetaInformation"] == {"@TotalResources": 604, "@TotalPages": 7, "@CurrentPage": 1}
    assert len(body["Customers"]) == 100
    body = api.get("/customers", params={"limit": 1000}).json()
    assert body["MetaInformation"]["@TotalPages"] == 2 and len(body["Customers"]) == 500
    last = api.get("/customers", params={"limit": 500, "page": 2}).json()
    assert last["MetaInformation"]["@CurrentPage"] == 2 and len(last["Customers"]) == 104


def test_pages_and_offset(api: httpx.Client) -> None:
    body = api.get("/customers", params={"limit": 1}).json()
    assert body["MetaInformation"] == {"@TotalResources": 4, "@TotalPages": 4, "@CurrentPage": 1}
    assert [customers(api, limit=1, page=p) for p in (1, 2, 3, 4, 5)] == [["1"], ["2"], ["10"], ["11"], []]
    assert customers(api, offset=1, limit=2) == ["2", "10"]
    assert api.get("/customers", params={"offset": 1}).json()["MetaInformation"]["@TotalResources"] == 3


def test_empty_result_meta(api: httpx.Client) -> None:
    for params in ({"description": "finns inte"}, {"offset": 10000}):
        assert api.get("/articles", params=params).json() == {
            "MetaInformation": {"@TotalResources": 0, "@TotalPages": 0, "@CurrentPage": 1}, "Articles": []}


@pytest.mark.parametrize("params", [{"limit": "many"}, {"limit": 0}, {"page": 0}, {"offset": -1},
                                    {"sortby": "color"}, {"sortorder": "sideways"}, {"lastmodified": "igår"}])
def test_bad_list_parameters(api: httpx.Client, params: dict[str, object]) -> None:
    r = api.get("/customers", params=params)
    assert r.status_code == 400 and error_of(r) == {"error": 1, "message": "Ogiltig parameter i anropet.",
                                                    "code": 2000588}


# --- sorting ------------------------------------------------------------------------------------------------------

def test_sorted_by_number_numerically(api: httpx.Client) -> None:
    assert customers(api) == ["1", "2", "10", "11"]
    assert numbers(api, "/invoices", "Invoices", "DocumentNumber") == ["1", "2", "3", "4"]


def test_sortby_and_sortorder(api: httpx.Client) -> None:
    assert customers(api, sortby="name") == ["10", "2", "11", "1"]  # Inaktiva, Nordic, Sjöbodarna, Åkerlunds
    assert customers(api, sortby="customernumber", sortorder="descending") == ["11", "10", "2", "1"]
    assert numbers(api, "/invoices", "Invoices", "DocumentNumber", sortby="total", sortorder="descending")[0] == "4"
    assert numbers(api, "/offers", "Offers", "DocumentNumber", sortby="transactionDate", sortorder="descending") == [
        "2", "1"]


# --- filters ------------------------------------------------------------------------------------------------------

def test_customer_and_article_filters(api: httpx.Client) -> None:
    assert customers(api, filter="inactive") == ["10"]
    assert customers(api, filter="active") == ["1", "2", "11"]
    assert numbers(api, "/articles", "Articles", "ArticleNumber", filter="inactive") == ["OLD-1"]


def test_document_filters(api: httpx.Client, sim: FortnoxSim) -> None:
    assert numbers(api, "/invoices", "Invoices", "DocumentNumber", filter="cancelled") == ["2"]
    assert numbers(api, "/invoices", "Invoices", "DocumentNumber", filter="unbooked") == ["3", "4"]
    assert numbers(api, "/invoices", "Invoices", "DocumentNumber", filter="unpaid") == ["1", "3", "4"]
    assert numbers(api, "/invoices", "Invoices", "DocumentNumber", filter="unpaidoverdue") == ["1", "3", "4"]
    assert numbers(api, "/invoices", "Invoices", "DocumentNumber", filter="fullypaid") == []
    assert numbers(api, "/orders", "Orders", "DocumentNumber", filter="invoicecreated") == ["1"]
    assert numbers(api, "/orders", "Orders", "DocumentNumber", filter="invoicenotcreated") == ["3"]
    assert numbers(api, "/orders", "Orders", "DocumentNumber", filter="cancelled") == ["2"]
    assert numbers(api, "/orders", "Orders", "DocumentNumber", filter="expired") == []
    assert numbers(api, "/offers", "Offers", "DocumentNumber", filter="ordercreated") == ["1"]
    assert numbers(api, "/offers", "Offers", "DocumentNumber", filter="ordernotcreated") == ["2"]
    assert numbers(api, "/offers", "Offers", "DocumentNumber", filter="expired") == ["2"]
    assert numbers(api, "/offers", "Offers", "DocumentNumber", filter="completed") == ["1", "2"]
    assert numbers(api, "/offers", "Offers", "DocumentNumber", filter="notcompleted") == []


@pytest.mark.parametrize("path", ["/invoices", "/orders", "/offers", "/customers", "/articles", "/prices"])
def test_invalid_filter(api: httpx.Client, path: str) -> None:
    r = api.get(path, params={"filter": "doesntexist"})
    assert r.status_code == 400  # byte for byte as recorded
    assert r.text == ('{"ErrorInformation":{"error":1,"message":"Ett ogiltigt filter har anv\\u00e4nts.",'
                      '"code":2000587}}')


# --- search -------------------------------------------------------------------------------------------------------

def test_search_is_a_case_insensitive_substring_match(api: httpx.Client) -> None:
    assert customers(api, customernumber="1") == ["1", "10", "11"]
    assert customers(api, name="åKER") == ["1"]
    assert customers(api, organisationnumber="969") == ["11"]
    assert customers(api, city="öregrund", name="sjö") == ["11"]  # several parameters combine
    assert customers(api, phone="10 20") == ["1"]
    assert numbers(api, "/articles", "Articles", "ArticleNumber", description="åsa") == ["ST-1"]


def test_document_search(api: httpx.Client) -> None:
    assert numbers(api, "/invoices", "Invoices", "DocumentNumber", externalinvoicereference1="upsales:12") == [
        "2", "3"]  # upsales:12 and upsales:123: post-filter for an exact match
    assert numbers(api, "/invoices", "Invoices", "DocumentNumber", ourreference="åkesson") == ["3"]
    assert numbers(api, "/invoices", "Invoices", "DocumentNumber", customernumber="11", articlenumber="TJ") == ["2"]
    assert numbers(api, "/invoices", "Invoices", "DocumentNumber", fromdate="2026-02-01", todate="2026-02-28") == [
        "2"]
    assert numbers(api, "/offers", "Offers", "DocumentNumber", yourreferencenumber="upsales:7") == ["1"]
    assert numbers(api, "/orders", "Orders", "DocumentNumber", customername="sjöbodarna") == ["2"]


# --- lastmodified -------------------------------------------------------------------------------------------------

def test_lastmodified_is_swedish_local_time_and_inclusive(host: FortnoxHost, sim: FortnoxSim) -> None:
    sim.clock.advance(2 * 86400)  # two days after the seed was loaded
    with connect(host.url, sim) as api:
        changed_at = sim.clock.now_stockholm()
        api.put("/customers/2", json={"Customer": {"Comments": "Ändrad"}})
        # Half an hour before, in Stockholm time: found. Read as UTC it would lie 1–2 hours in the future.
        assert customers(api, lastmodified=(changed_at - timedelta(minutes=30)).strftime("%Y-%m-%d %H:%M")) == ["2"]
        assert customers(api, lastmodified=changed_at.strftime("%Y-%m-%d %H:%M:%S")) == ["2"]
        assert customers(api, lastmodified=(changed_at + timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M")) == []
        assert customers(api, lastmodified=changed_at.strftime("%Y-%m-%d")) == ["2"]


def test_every_change_bumps_lastmodified(api: httpx.Client, sim: FortnoxSim) -> None:
    sim.clock.advance(600)
    since = sim.clock.now_stockholm().strftime("%Y-%m-%d %H:%M:%S")
    assert customers(api, lastmodified=since) == []
    api.post("/customers", json={"Customer": {"Name": "Ny kund"}})
    api.put("/articles/TJ-1", json={"Article": {"Note": "Ny text"}})
    api.put("/prices/B/ST-1/0", json={"Price": {"Price": 799}})
    api.put("/invoices/3/bookkeep")
    assert customers(api, lastmodified=since) == ["13"]
    assert numbers(api, "/articles", "Articles", "ArticleNumber", lastmodified=since) == ["TJ-1"]
    changed = api.get("/prices", params={"lastmodified": since}).json()["Prices"]
    assert [(p["PriceList"], p["ArticleNumber"], p["Price"]) for p in changed] == [("B", "ST-1", 799)]
    assert numbers(api, "/invoices", "Invoices", "DocumentNumber", lastmodified=since) == ["3"]
