"""The Fortnox simulator over real HTTP: the request pipeline (bearer auth, scopes, licences, rate limit), every fault
kind, request-body errors and seed loading.

The other ``test_fortnox_*.py`` modules reuse :class:`FortnoxHost`, :func:`tiny_seed` and :func:`connect` from here:
records and prices in ``test_fortnox_records.py``, documents in ``test_fortnox_documents.py``, list queries in
``test_fortnox_lists.py``, OAuth in ``test_fortnox_oauth.py``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import httpx
import pytest

from fortsync_gui.sandbox.clock import SimClock
from fortsync_gui.sandbox.faults import Fault, FaultKind
from fortsync_gui.sandbox.fortnox import FortnoxSim
from fortsync_gui.sandbox.seed import build_seed
from fortsync_gui.sandbox.seed_types import FortnoxSeed
from fortsync_gui.sandbox.server import App, Request, Response, SimServer

TENANT = 7654321
UNLIMITED = 1e-6  # time scale that shrinks the 5 s rate window to 5 µs: tests that are not about the limit


class FortnoxHost(App):
    """One loopback server per test module; each test plugs in a fresh simulator (stopping a server costs 0.5 s)."""

    prefixes = ("/3", "/oauth-v1")

    def __init__(self) -> None:
        self.sim: FortnoxSim | None = None
        self._server = SimServer([self]).start()

    @property
    def url(self) -> str:
        return self._server.url

    def handle(self, request: Request) -> Response:
        assert self.sim is not None
        return self.sim.handle(request)

    def plug(self, seed: FortnoxSeed | None = None, *, time_scale: float = UNLIMITED) -> FortnoxSim:
        self.sim = FortnoxSim(SimClock(time_scale=time_scale), tenant_id=TENANT)
        self.sim.load_seed(seed or tiny_seed())
        self.sim.base_url = self.url
        return self.sim

    def stop(self) -> None:
        self._server.stop()


def tiny_seed() -> FortnoxSeed:
    """Four customers (12 deleted), three articles with prices in A and B, and a few documents in every state."""
    return FortnoxSeed(
        company={"CompanyName": "Testbolaget i Åre AB", "OrganizationNumber": "556677-8899", "DatabaseNumber": TENANT,
                 "Address": "Östra vägen 3", "ZipCode": "837 52", "City": "Åre", "CountryCode": "SE",
                 "VisitAddress": "Östra vägen 3", "VisitZipCode": "837 52", "VisitCity": "Åre",
                 "VisitCountryCode": "SE"},
        customers=[
            {"CustomerNumber": "1", "Name": "Åkerlunds Bygg AB", "OrganisationNumber": "556011-2233",
             "Address1": "Storgatan 1", "ZipCode": "722 10", "City": "Västerås", "CountryCode": "SE",
             "Phone1": "021-10 20 30", "Email": "info@akerlund.se", "OurReference": "Erik Sjöberg"},
            {"CustomerNumber": "2", "Name": "Nordic Trading Ltd", "CountryCode": "GB", "PriceList": "B",
             "Email": "hello@nordic.example"},
            {"CustomerNumber": "10", "Name": "Inaktiva Kunden AB", "Active": False},
            {"CustomerNumber": "11", "Name": "Sjöbodarna HB", "City": "Öregrund", "OrganisationNumber": "969000-1111"},
        ],
        deleted_customer_numbers=["12"],
        articles=[
            {"ArticleNumber": "ST-1", "Description": "Stol Åsa", "Unit": "st", "PurchasePrice": 400},
            {"ArticleNumber": "TJ-1", "Description": "Montering", "Unit": "h", "Type": "SERVICE"},
            {"ArticleNumber": "OLD-1", "Description": "Utgången artikel", "Active": False},
        ],
        price_lists=[{"Code": "A", "Description": "Prislista A", "PreSelected": True},
                     {"Code": "B", "Description": "Återförsäljare", "PreSelected": False}],
        prices=[{"PriceList": "A", "ArticleNumber": "ST-1", "FromQuantity": 0, "Price": 1000},
                {"PriceList": "A", "ArticleNumber": "ST-1", "FromQuantity": 10, "Price": 900},
                {"PriceList": "B", "ArticleNumber": "ST-1", "FromQuantity": 0, "Price": 800},
                {"PriceList": "A", "ArticleNumber": "TJ-1", "FromQuantity": 0, "Price": 650},
                {"PriceList": "B", "ArticleNumber": "TJ-1", "FromQuantity": 0, "Price": 600}],
        invoices=[
            {"CustomerNumber": "1", "InvoiceDate": "2026-01-10", "_booked": True,
             "InvoiceRows": [{"ArticleNumber": "ST-1", "DeliveredQuantity": "2"}]},
            {"CustomerNumber": "11", "InvoiceDate": "2026-02-01", "ExternalInvoiceReference1": "upsales:12",
             "_cancelled": True, "InvoiceRows": [{"ArticleNumber": "TJ-1", "DeliveredQuantity": "3"}]},
            {"CustomerNumber": "1", "InvoiceDate": "2026-03-01", "ExternalInvoiceReference1": "upsales:123",
             "OurReference": "Maria Åkesson", "InvoiceRows": [{"ArticleNumber": "TJ-1", "DeliveredQuantity": "1"}]},
        ],
        orders=[
            {"CustomerNumber": "1", "OrderDate": "2026-01-05", "_invoiced": True,
             "OrderRows": [{"ArticleNumber": "ST-1", "OrderedQuantity": "4", "DeliveredQuantity": "4"}]},
            {"CustomerNumber": "11", "OrderDate": "2026-02-05", "_cancelled": True,
             "OrderRows": [{"ArticleNumber": "TJ-1", "OrderedQuantity": "2"}]},
        ],
        offers=[
            {"CustomerNumber": "1", "OfferDate": "2026-01-02", "YourReferenceNumber": "upsales:7",
             "_created_order": True, "OfferRows": [{"ArticleNumber": "ST-1", "Quantity": "4"}]},
            {"CustomerNumber": "11", "OfferDate": "2026-02-02",
             "OfferRows": [{"ArticleNumber": "TJ-1", "Quantity": "1"}]},
        ],
    )


def token_for(base_url: str, sim: FortnoxSim, scopes: list[str] | None = None) -> dict[str, str]:
    code = sim.issue_authorization_code(scopes)
    r = httpx.post(f"{base_url}/oauth-v1/token", auth=(sim.client_id, sim.client_secret),
                   data={"grant_type": "authorization_code", "code": code})
    assert r.status_code == 200, r.text
    return r.json()


def connect(base_url: str, sim: FortnoxSim, scopes: list[str] | None = None) -> httpx.Client:
    """An httpx client on ``/3`` with a fresh bearer token (scopes: the demo app's default)."""
    token = token_for(base_url, sim, scopes)["access_token"]
    return httpx.Client(base_url=f"{base_url}/3", headers={"Authorization": f"Bearer {token}"}, timeout=5)


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


def error_of(response: httpx.Response) -> dict[str, object]:
    return response.json()["ErrorInformation"]


# --- authentication -----------------------------------------------------------------------------------------------

def test_requests_without_a_bearer_token_are_unauthorized(host: FortnoxHost, sim: FortnoxSim) -> None:
    for headers in ({}, {"Authorization": "Bearer"}, {"Authorization": "Basic Zm9vOmJhcg=="},
                    {"Authorization": "Bearer not-a-token"}):
        r = httpx.get(f"{host.url}/3/customers", headers=headers)
        assert (r.status_code, r.text, r.headers["content-type"]) == (401, '{"message":"unauthorized"}',
                                                                      "application/json")


def test_legacy_headers_get_the_legacy_error(host: FortnoxHost, sim: FortnoxSim) -> None:
    r = httpx.get(f"{host.url}/3/customers", headers={"Access-Token": sim.legacy_token, "Client-Secret": "x"})
    assert r.status_code == 401
    assert r.json() == {"ErrorInformation": {"Error": 1, "Code": 2000311, "Message": "Kan inte logga in, "
                                             "access-token eller client-secret saknas(2)."}}


def test_access_tokens_expire_after_an_hour_of_sim_time(api: httpx.Client, sim: FortnoxSim) -> None:
    assert api.get("/customers").status_code == 200
    sim.clock.advance(3599)
    assert api.get("/customers").status_code == 200
    sim.clock.advance(2)
    r = api.get("/customers")
    assert (r.status_code, r.json()) == (401, {"message": "unauthorized"})


def test_missing_scope_is_403_2000663(host: FortnoxHost, sim: FortnoxSim) -> None:
    with connect(host.url, sim, ["customer"]) as client:
        assert client.get("/customers").status_code == 200
        r = client.get("/articles")
        assert r.status_code == 403 and error_of(r)["code"] == 2000663
        assert client.get("/me").status_code == 403  # /3/me needs scope profile


def test_missing_licence_is_2001101(api: httpx.Client, sim: FortnoxSim) -> None:
    sim.licences.discard("order")
    r = api.get("/orders")
    assert r.status_code == 403
    assert error_of(r) == {"error": 1, "message": "Det finns ingen aktiv licens för önskat scope", "code": 2001101}
    assert api.get("/invoices").status_code == 200


def test_me_with_scope_profile(host: FortnoxHost, sim: FortnoxSim) -> None:
    with connect(host.url, sim, ["profile"]) as client:
        me = client.get("/me").json()["MeInformation"]
    assert set(me) == {"Email", "Id", "Locale", "Name", "SysAdmin"} and isinstance(me["Id"], str)


# --- rate limit ---------------------------------------------------------------------------------------------------

def test_25_requests_per_5_seconds_per_token(host: FortnoxHost) -> None:
    sim = host.plug(time_scale=0.05)  # the 5 s window becomes 250 ms
    with connect(host.url, sim) as first, connect(host.url, sim) as second:
        statuses = [first.get("/companyinformation").status_code for _ in range(26)]
        assert statuses == [200] * 25 + [429]
        throttled = first.get("/companyinformation")
        assert throttled.status_code == 429 and "retry-after" not in throttled.headers
        assert error_of(throttled)["code"] and isinstance(error_of(throttled)["message"], str)
        assert second.get("/companyinformation").status_code == 200  # counted per access token
        assert sim.rate_limited == 2
        time.sleep(0.3)
        assert first.get("/companyinformation").status_code == 200


# --- faults -------------------------------------------------------------------------------------------------------

def test_status_fault_429(api: httpx.Client, sim: FortnoxSim) -> None:
    sim.faults.add(Fault.status_code(429, times=2))
    assert [api.get("/customers").status_code for _ in range(3)] == [429, 429, 200]
    assert sim.faults.injected == 2 and sim.faults.pending() == 0


@pytest.mark.parametrize("status", [500, 502, 503])
def test_status_fault_5xx_is_a_system_exception(api: httpx.Client, sim: FortnoxSim, status: int) -> None:
    sim.faults.add(Fault.status_code(status))
    r = api.get("/customers/1")
    assert r.status_code == status
    assert r.json() == {"ErrorInformation": {"error": 1, "message": "System exception", "code": 1000003}}


def test_fault_matches_method_and_path(api: httpx.Client, sim: FortnoxSim) -> None:
    sim.faults.add(Fault.status_code(503, method="POST", path=r"^/3/invoices$"))
    assert api.get("/invoices").status_code == 200
    assert api.post("/customers", json={"Customer": {"Name": "Ny"}}).status_code == 201
    assert api.post("/invoices", json={"Invoice": {"CustomerNumber": "1"}}).status_code == 503


def test_slow_fault_delays_then_serves(api: httpx.Client, sim: FortnoxSim) -> None:
    sim.faults.add(Fault(FaultKind.SLOW, delay=0.3))
    started = time.monotonic()
    r = api.get("/customers/1")
    assert r.status_code == 200 and time.monotonic() - started >= 0.3
    with pytest.raises(httpx.ReadTimeout):
        sim.faults.add(Fault(FaultKind.SLOW, delay=0.5))
        api.get("/customers/1", timeout=0.1)


def test_malformed_fault_is_a_200_with_broken_json(api: httpx.Client, sim: FortnoxSim) -> None:
    sim.faults.add(Fault(FaultKind.MALFORMED))
    r = api.get("/customers")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    with pytest.raises(json.JSONDecodeError):
        json.loads(r.text)


def test_html_fault(api: httpx.Client, sim: FortnoxSim) -> None:
    sim.faults.add(Fault(FaultKind.HTML, status=502))
    r = api.get("/customers")
    assert r.status_code == 502 and r.headers["content-type"].startswith("text/html")
    assert r.text.lstrip().startswith("<!DOCTYPE html>")


def test_drop_before_does_nothing(api: httpx.Client, sim: FortnoxSim) -> None:
    before = len(sim.store.customers)
    sim.faults.add(Fault(FaultKind.DROP_BEFORE, method="POST"))
    with pytest.raises(httpx.TransportError):
        api.post("/customers", json={"Customer": {"Name": "Tappad AB"}})
    assert len(sim.store.customers) == before


def test_drop_after_takes_effect_unseen(api: httpx.Client, sim: FortnoxSim) -> None:
    sim.faults.add(Fault(FaultKind.DROP_AFTER, method="POST"))
    with pytest.raises(httpx.TransportError):
        api.post("/customers", json={"Customer": {"Name": "Osynlig AB"}})
    names = [c["Name"] for c in api.get("/customers", params={"name": "Osynlig"}).json()["Customers"]]
    assert names == ["Osynlig AB"]


def test_expired_token_fault(api: httpx.Client, sim: FortnoxSim) -> None:
    sim.faults.add(Fault(FaultKind.EXPIRED_TOKEN))
    r = api.get("/customers")
    assert (r.status_code, r.json()) == (401, {"message": "unauthorized"})
    assert api.get("/customers").status_code == 200  # only that answer: the token itself is fine


# --- routing and request bodies -----------------------------------------------------------------------------------

def test_unknown_path_is_404(api: httpx.Client) -> None:
    r = api.get("/nonexistent")
    assert r.status_code == 404 and set(error_of(r)) == {"Error", "Message", "Code"}


@pytest.mark.parametrize("path", ["/invoices/1", "/orders/1", "/offers/1", "/pricelists/A"])
def test_documents_and_price_lists_cannot_be_deleted(api: httpx.Client, path: str) -> None:
    r = api.delete(path)
    assert r.status_code == 405 and error_of(r)["message"]
    assert api.get(path).status_code == 200


def test_invalid_json(api: httpx.Client) -> None:
    r = api.post("/customers", content=b'{"Customer":{"Name":"Trasig', headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json() == {"ErrorInformation": {"error": 1, "message": "Error deserializing JSON: JSON_ERROR_SYNTAX",
                                             "code": 2002115}}


@pytest.mark.parametrize("content", [b"", b"[]", b'{"Name":"Utan omslag"}', b'{"Customer":"x"}'])
def test_missing_or_unwrapped_body(api: httpx.Client, content: bytes) -> None:
    r = api.post("/customers", content=content, headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and error_of(r)["code"] == 2001392


def test_unknown_field_name(api: httpx.Client) -> None:
    r = api.post("/customers", json={"Customer": {"Name": "X", "Phone": "08-1"}})  # list items say Phone, not POSTs
    assert r.status_code == 400 and error_of(r)["code"] == 2001399 and "Phone" in str(error_of(r)["message"])


def test_responses_escape_slashes_and_non_ascii(api: httpx.Client) -> None:
    raw = api.get("/customers/1").text
    assert '"@url":"http:\\/\\/127.0.0.1:' in raw and "\\u00c5kerlunds" in raw
    assert api.get("/customers/1").json()["Customer"]["Name"] == "Åkerlunds Bygg AB"


# --- seed ---------------------------------------------------------------------------------------------------------

def test_seed_flags_go_through_the_actions(api: httpx.Client, sim: FortnoxSim) -> None:
    invoices = {i["DocumentNumber"]: i for i in api.get("/invoices").json()["Invoices"]}
    assert len(invoices) == 4  # three seeded, one made from order 1
    assert invoices["1"]["Booked"] and invoices["1"]["VoucherSeries"] == "B"
    assert invoices["2"]["Cancelled"]
    order1 = api.get("/orders/1").json()["Order"]
    assert order1["InvoiceReference"] == "4"
    assert api.get("/invoices/4").json()["Invoice"]["OrderReference"] == "1"
    offer1 = api.get("/offers/1").json()["Offer"]
    order3 = api.get(f"/orders/{offer1['OrderReference']}").json()["Order"]
    assert order3["OfferReference"] == "1" and order3["OrderDate"] == "2026-01-02"
    assert api.post("/customers", json={"Customer": {"CustomerNumber": "12", "Name": "X"}}).status_code == 400


def test_the_demo_seed_loads(host: FortnoxHost) -> None:
    sim = host.plug(build_seed("demo").fortnox)
    with connect(host.url, sim) as client:
        info = client.get("/companyinformation").json()["CompanyInformation"]
        assert info["CompanyName"] == "Kontorsmästarna i Västerås AB" and info["DatabaseNumber"] == sim.tenant_id
        assert client.get("/customers").json()["MetaInformation"]["@TotalResources"] == 44
        assert client.get("/articles").json()["MetaInformation"]["@TotalResources"] == 32
