"""Holds and write counts: how a test acts at an exact point of a client's progress instead of at a guessed moment.

A hold fault parks the matching request (``hold_before``: before the API sees it; ``hold_after``: once it took
effect, before the answer goes out) until the test releases it; ``skip`` picks the k-th matching request; one fault
queued on both simulators counts the requests of both. Nothing here waits on a wall clock: the test waits for the
hold to be reached and the client thread waits for the answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import httpx
import pytest

from fortsync_gui.sandbox import Sandbox
from fortsync_gui.sandbox.faults import Fault, FaultKind
from tests.conftest import TIME_SCALE


@pytest.fixture
def box() -> Iterator[Sandbox]:
    with Sandbox(seed="demo", time_scale=TIME_SCALE) as sb:
        yield sb


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(2) as p:
        yield p


def upsales(box: Sandbox) -> httpx.Client:
    return httpx.Client(base_url=box.info.upsales_url, headers={"Cookie": f"token={box.upsales.token}"},
                        timeout=None)


def fortnox(box: Sandbox) -> httpx.Client:
    code = box.fortnox.issue_authorization_code()
    token = httpx.post(f"{box.url}/oauth-v1/token", auth=(box.fortnox.client_id, box.fortnox.client_secret),
                       data={"grant_type": "authorization_code", "code": code}).json()["access_token"]
    return httpx.Client(base_url=f"{box.url}/3", headers={"Authorization": f"Bearer {token}"}, timeout=None)


def new_account(client: httpx.Client, name: str) -> httpx.Response:
    return client.post("/accounts", json={"name": name})


def new_customer(client: httpx.Client, name: str) -> httpx.Response:
    return client.post("/customers", json={"Customer": {"Name": name}})


def account_names(box: Sandbox) -> set[str]:
    return {a["name"] for a in box.upsales.store.tenant.accounts.values()}


def customer_names(box: Sandbox) -> set[str]:
    return {c.data["Name"] for c in box.fortnox.store.customers.values()}


def test_hold_after_parks_the_answer_of_a_write_that_took_effect(box: Sandbox, pool: ThreadPoolExecutor) -> None:
    hold = box.add_fault(Fault(FaultKind.HOLD_AFTER, method="POST|PUT|DELETE"), "upsales")
    with upsales(box) as client:
        assert client.get("/self").status_code == 200  # not a write: not held
        answer = pool.submit(new_account, client, "Parkerad AB")
        assert hold.wait_held()
        assert "Parkerad AB" in account_names(box) and box.upsales.writes == 1
        assert not answer.done() and hold.holding == 1
        assert hold.release() == 1
        assert answer.result().status_code == 200
        assert new_account(client, "Nästa AB").status_code == 200  # the fault is spent
    assert hold.held == 1 and box.upsales.writes == 2


def test_hold_before_released_with_drop_never_reaches_the_api(box: Sandbox, pool: ThreadPoolExecutor) -> None:
    hold = box.add_fault(Fault(FaultKind.HOLD_BEFORE, method="POST"), "upsales")
    with upsales(box) as client:
        answer = pool.submit(new_account, client, "Aldrig AB")
        assert hold.wait_held()
        assert "Aldrig AB" not in account_names(box)
        hold.release(drop=True)
        with pytest.raises(httpx.TransportError):
            answer.result()
    assert "Aldrig AB" not in account_names(box) and box.upsales.writes == 0


def test_skip_picks_the_kth_write_across_both_apis(box: Sandbox, pool: ThreadPoolExecutor) -> None:
    """One fault on both simulators: the third write of either API is the one held."""
    hold = box.add_fault(Fault(FaultKind.HOLD_BEFORE, method="POST|PUT|DELETE", path=r"^/(3|api/v2)/", skip=2))
    with upsales(box) as up, fortnox(box) as fx:  # the token POST to /oauth-v1 is not an API write
        assert new_account(up, "Först AB").status_code == 200
        assert fx.get("/customers").status_code == 200
        assert new_customer(fx, "Andra AB").status_code == 201
        third: Future[httpx.Response] = pool.submit(new_account, up, "Tredje AB")
        assert hold.wait_held()
        assert "Tredje AB" not in account_names(box)
        hold.release()  # not dropped: served as usual
        assert third.result().status_code == 200
    assert "Tredje AB" in account_names(box) and "Andra AB" in customer_names(box)
    assert (box.fortnox.writes, box.upsales.writes) == (1, 2)


def test_writes_count_only_writes_that_took_effect(box: Sandbox) -> None:
    with upsales(box) as up, fortnox(box) as fx:
        assert fx.post("/customers", json={"Customer": {}}).status_code == 400
        assert up.put("/accounts/999999", json={"name": "Saknas"}).status_code == 404
        assert fx.get("/customers").status_code == 200
        assert new_customer(fx, "Räknas AB").status_code == 201
    assert (box.fortnox.writes, box.upsales.writes) == (1, 0)


def test_control_endpoints_steer_holds_from_another_process(box: Sandbox, pool: ThreadPoolExecutor) -> None:
    def control(method: str, path: str, body: object = None, **params: object) -> dict[str, int]:
        answer = httpx.request(method, f"{box.url}/_sandbox/{path}", json=body, params=params)  # type: ignore[arg-type]
        assert answer.status_code == 200, answer.text
        return answer.json()

    assert control("POST", "faults", {"api": "both", "kind": "hold_after", "method": "POST|PUT|DELETE",
                                      "path": "^/(3|api/v2)/", "skip": 1}) == {"pending": 2}
    assert control("GET", "holds") == {"held": 0, "holding": 0}
    with upsales(box) as up, fortnox(box) as fx:
        assert new_customer(fx, "Ett AB").status_code == 201
        second = pool.submit(new_account, up, "Två AB")
        while not control("GET", "holds", wait=1)["held"]:  # no deadline: pytest-timeout guards a hang
            pass
        assert control("GET", "holds") == {"held": 1, "holding": 1}
        assert control("GET", "writes") == {"fortnox": 1, "upsales": 1}  # it took effect; its answer waits
        assert control("POST", "holds/release", {"drop": True}) == {"released": 1}
        with pytest.raises(httpx.TransportError):
            second.result()
        assert control("DELETE", "faults") == {"pending": 0}
        assert control("GET", "holds") == {"held": 0, "holding": 0}
        assert new_account(up, "Tre AB").status_code == 200
    assert control("GET", "writes") == {"fortnox": 1, "upsales": 2}
