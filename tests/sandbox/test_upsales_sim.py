"""The Upsales simulator over real HTTP: auth, rate limit, fault injection, envelopes and error bodies.

Records and endpoints are in ``test_upsales_records.py``, filters and paging in ``test_upsales_filters.py``; both
reuse :class:`SimHost` from here.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from fortsync_gui.sandbox.clock import SimClock
from fortsync_gui.sandbox.faults import Fault, FaultKind
from fortsync_gui.sandbox.seed import build_seed
from fortsync_gui.sandbox.server import App, Request, Response, SimServer
from fortsync_gui.sandbox.upsales import UpsalesSim

TIME_SCALE = 0.01


class SimHost(App):
    """One loopback server per test module; each test plugs in a fresh simulator (a server stop costs 0.5 s)."""

    prefixes = ("/api/v2",)

    def __init__(self) -> None:
        self.sim: UpsalesSim | None = None
        self._server = SimServer([self]).start()

    def handle(self, request: Request) -> Response:
        assert self.sim is not None
        return self.sim.handle(request)

    def plug(self, clock: SimClock | None = None) -> UpsalesSim:
        """A new simulator with the demo tenant, answering on this host's port."""
        self.sim = UpsalesSim(clock or SimClock(time_scale=TIME_SCALE))
        self.sim.load_seed(build_seed("demo").upsales)
        self.sim.base_url = self._server.url
        return self.sim

    def stop(self) -> None:
        self._server.stop()


def client_for(sim: UpsalesSim) -> httpx.Client:
    return httpx.Client(base_url=sim.api_url, headers={"Cookie": f"token={sim.token}"}, timeout=5)


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


# --- 1. auth ------------------------------------------------------------------------------------------------------

def test_cookie_token_authenticates(api: httpx.Client) -> None:
    r = api.get("/self")
    assert r.status_code == 200
    assert r.json()["data"]["email"].endswith("@api.upsales.com")


def test_query_token_authenticates(sim: UpsalesSim) -> None:
    r = httpx.get(f"{sim.api_url}/self", params={"token": sim.token})
    assert r.status_code == 200


@pytest.mark.parametrize("headers, params", [({}, {}), ({"Cookie": "token=wrong"}, {}), ({}, {"token": "wrong"})])
def test_missing_or_wrong_key_is_plain_text_unauthorized(sim: UpsalesSim, headers: dict[str, str],
                                                         params: dict[str, str]) -> None:
    r = httpx.get(f"{sim.api_url}/accounts", headers=headers, params=params)
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("text/plain")
    assert r.text == "Unauthorized"


def test_revoked_key_is_refused_and_a_new_key_works(sim: UpsalesSim, api: httpx.Client) -> None:
    old = sim.token
    sim.revoke_token()
    assert api.get("/self").status_code == 401
    new = sim.issue_token()
    assert new != old
    assert api.get("/self").status_code == 401  # the client still sends the old key
    assert httpx.get(f"{sim.api_url}/self", headers={"Cookie": f"token={new}"}).status_code == 200


# --- 2. rate limit ------------------------------------------------------------------------------------------------

class _FrozenClock(SimClock):
    """Rate-limit time stands still until the test moves it, so a burst is exact however slow the machine."""

    def __init__(self) -> None:
        super().__init__(time_scale=TIME_SCALE)
        self.t = 1000.0

    def monotonic(self) -> float:
        return self.t


def test_every_response_carries_rate_limit_headers(sim: UpsalesSim, api: httpx.Client) -> None:
    responses = [api.get("/self"), api.get("/nope"), api.get("/accounts/999"),
                 httpx.get(f"{sim.api_url}/self")]
    for r in responses:
        assert r.headers["X-RateLimit-Limit"] == "200"
        assert int(r.headers["X-RateLimit-Remaining"]) >= 0
        assert 0 <= float(r.headers["X-RateLimit-Reset"]) <= 10 * TIME_SCALE


def test_remaining_counts_down_per_key(host: SimHost) -> None:
    with client_for(host.plug(_FrozenClock())) as api:
        first, second = api.get("/self"), api.get("/users")
        assert (first.headers["X-RateLimit-Remaining"], second.headers["X-RateLimit-Remaining"]) == ("199", "198")
        assert float(second.headers["X-RateLimit-Reset"]) == pytest.approx(10 * TIME_SCALE)


def test_over_the_limit_answers_429_throttle_limit_until_the_window_passes(host: SimHost) -> None:
    clock = _FrozenClock()
    with client_for(host.plug(clock)) as api:
        statuses = [api.get("/orderstages").status_code for _ in range(200)]
        assert set(statuses) == {200}
        r = api.get("/orderstages")
        assert r.status_code == 429
        assert r.json() == {"error": {"key": "ThrottleLimit", "code": 429, "errorCode": 4, "msg": "Too many requests"},
                            "metadata": None}
        assert r.headers["X-RateLimit-Remaining"] == "0"
        clock.t += 10 * TIME_SCALE
        assert api.get("/orderstages").status_code == 200


def test_reset_is_whole_seconds_in_real_time(host: SimHost) -> None:
    with client_for(host.plug(SimClock(time_scale=1.0))) as api:
        assert api.get("/self").headers["X-RateLimit-Reset"] == "10"


# --- 3. faults ----------------------------------------------------------------------------------------------------

def test_status_500_fault_has_the_server_error_body(sim: UpsalesSim, api: httpx.Client) -> None:
    sim.faults.add(Fault.status_code(500, path=r"/accounts$"))
    r = api.get("/accounts")
    assert r.status_code == 500
    assert r.json() == {"error": {"key": "ServerError", "code": 500, "errorCode": 3, "msg": "Server error"},
                        "metadata": None}
    assert api.get("/accounts").status_code == 200  # consumed


def test_status_429_fault_is_a_throttle_limit(sim: UpsalesSim, api: httpx.Client) -> None:
    sim.faults.add(Fault.status_code(429, times=2))
    assert [api.get("/self").status_code for _ in range(3)] == [429, 429, 200]


def test_malformed_fault_is_a_200_that_is_not_json(sim: UpsalesSim, api: httpx.Client) -> None:
    sim.faults.add(Fault(FaultKind.MALFORMED))
    r = api.get("/accounts")
    assert r.status_code == 200
    with pytest.raises(ValueError):
        r.json()


def test_html_fault_is_a_proxy_page(sim: UpsalesSim, api: httpx.Client) -> None:
    sim.faults.add(Fault(FaultKind.HTML, status=502))
    r = api.get("/accounts")
    assert r.status_code == 502
    assert r.headers["content-type"].startswith("text/html")
    assert "502 Bad Gateway" in r.text


def test_expired_token_fault_is_unauthorized(sim: UpsalesSim, api: httpx.Client) -> None:
    sim.faults.add(Fault(FaultKind.EXPIRED_TOKEN))
    r = api.get("/self")
    assert (r.status_code, r.text) == (401, "Unauthorized")


def test_slow_fault_delays_then_serves(sim: UpsalesSim, api: httpx.Client) -> None:
    sim.faults.add(Fault(FaultKind.SLOW, delay=0.3))
    started = time.monotonic()
    assert api.get("/self").status_code == 200
    assert time.monotonic() - started >= 0.3


def test_drop_before_loses_the_write(sim: UpsalesSim, api: httpx.Client) -> None:
    sim.faults.add(Fault(FaultKind.DROP_BEFORE, method="POST"))
    before = len(sim.store.tenant.accounts)
    with pytest.raises(httpx.TransportError):
        api.post("/accounts", json={"name": "Tappad AB"})
    assert len(sim.store.tenant.accounts) == before


def test_drop_after_keeps_the_write_but_loses_the_answer(sim: UpsalesSim, api: httpx.Client) -> None:
    sim.faults.add(Fault(FaultKind.DROP_AFTER, method="POST", path=r"/accounts$"))
    with pytest.raises(httpx.TransportError):
        api.post("/accounts", json={"name": "Osäker AB"})
    names = [a["name"] for a in api.get("/accounts", params={"name": "Osäker AB"}).json()["data"]]
    assert names == ["Osäker AB"]


# --- 4. envelopes and errors --------------------------------------------------------------------------------------

def test_list_envelope(api: httpx.Client) -> None:
    body = api.get("/accounts").json()
    assert list(body) == ["error", "metadata", "data"]
    assert body["error"] is None
    assert body["metadata"] == {"total": 6, "limit": 1000, "offset": 0}


def test_single_envelope(api: httpx.Client) -> None:
    assert list(api.get("/accounts/1").json()) == ["error", "data"]


def test_price_list_and_price_list_product_singles_carry_null_metadata(api: httpx.Client) -> None:
    assert api.get("/priceLists/1").json()["metadata"] is None
    assert list(api.get("/products/1", params={"usePriceLists": "true"}).json()) == ["error", "metadata", "data"]
    assert list(api.get("/products/1").json()) == ["error", "data"]


def test_delete_envelope(api: httpx.Client) -> None:
    assert api.delete("/orders/3").json() == {"error": None}


def test_self_spells_its_error_key_errors(api: httpx.Client) -> None:
    body = api.get("/self").json()
    assert list(body) == ["errors", "data"]
    assert body["errors"] is None


def test_self_answers_the_master_user_id_and_the_tenant_user_id_in_client(sim: UpsalesSim,
                                                                        api: httpx.Client) -> None:
    data = api.get("/self").json()["data"]
    assert data["client"]["userId"] == sim.store.tenant.self_user_id
    assert data["id"] != data["client"]["userId"]  # a quirk clients must not trip on
    assert data["client"]["name"] == "Kontorsmästarna i Västerås AB"


@pytest.mark.parametrize("method, path", [("GET", "/whatever"), ("DELETE", "/products/1"),
                                          ("DELETE", "/priceLists/1"), ("PATCH", "/accounts/1")])
def test_unknown_route_is_the_express_html_404(api: httpx.Client, method: str, path: str) -> None:
    r = api.request(method, path)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert f"<pre>Cannot {method} /api/v2{path}</pre>" in r.text


def test_missing_id_is_a_json_404(api: httpx.Client) -> None:
    r = api.get("/orders/4040")
    assert r.status_code == 404
    error = r.json()["error"]
    assert (error["key"], error["code"]) == ("NotFound", 404)
    assert r.json()["metadata"] is None


def test_validation_error_shape(api: httpx.Client) -> None:
    r = api.post("/accounts", json={"phone": "021-10 20 30"})
    assert r.status_code == 400
    assert r.json() == {"error": {"key": "FailedValidation", "code": 400, "errorCode": 26,
                                  "msg": "Missing required field: name"}, "metadata": None}


def test_body_that_is_not_json_is_refused(api: httpx.Client) -> None:
    r = api.post("/accounts", content=b"{name:", headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert r.json()["error"]["key"] == "FailedValidation"


def test_strings_are_trimmed_on_write(api: httpx.Client) -> None:
    data = api.post("/accounts", json={"name": "  Trimmad AB  ", "phone": " 021-1 ",
                                       "custom": [{"fieldId": 3, "value": "  a@b.se "}]}).json()["data"]
    assert (data["name"], data["phone"], data["custom"][0]["value"]) == ("Trimmad AB", "021-1", "a@b.se")
