"""Transport rules of clients/http.py (issue 9, items 1 and 3): POSTs wait longer than reads, and credentials only
travel over https (plain http only to this machine, for the sandbox), refused before any connection is made."""

from __future__ import annotations

import ssl

import httpx
import pytest

from fortsync_gui.clients.errors import ApiError, InsecureUrl
from fortsync_gui.clients.fortnox import FortnoxClient
from fortsync_gui.clients.fortnox_auth import FortnoxOAuth, StaticTokenProvider
from fortsync_gui.clients.http import READ_TIMEOUT, WRITE_TIMEOUT, HttpApi, check_transport_url, is_loopback_host
from fortsync_gui.clients.ratelimit import RateLimit, SlidingWindowLimiter
from fortsync_gui.clients.upsales import UpsalesClient
from tests.sandbox_clients import FAST_RETRY


class Recorder:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={})


def _api(url: str, transport: httpx.BaseTransport, **kw: object) -> HttpApi:
    return HttpApi("test", url, limiter=SlidingWindowLimiter(RateLimit(1000, 0.01)),
                   error_mapper=lambda r: ApiError("test", r.text, status=r.status_code), retry=FAST_RETRY,
                   transport=transport, sleep=lambda s: None, **kw)  # type: ignore[arg-type]


def test_posts_wait_longer_for_their_answer_than_reads() -> None:
    recorder = Recorder()
    api = _api("https://svc.test", httpx.MockTransport(recorder))
    api.request("GET", "/x")
    api.request("PUT", "/x", json_body={})
    api.request("POST", "/x", json_body={})
    api.request("PUT", "/x/bookkeep", repeatable=False)  # a document action: not repeatable either
    reads = [r.extensions["timeout"]["read"] for r in recorder.requests]
    assert reads == [READ_TIMEOUT, READ_TIMEOUT, WRITE_TIMEOUT, WRITE_TIMEOUT]
    assert (READ_TIMEOUT, WRITE_TIMEOUT) == (30.0, 120.0)  # as the README and the module docs state


def test_the_write_timeout_is_never_shorter_than_the_read_timeout_unless_asked() -> None:
    recorder = Recorder()
    _api("https://svc.test", httpx.MockTransport(recorder), timeout=300.0).request("POST", "/x")
    _api("https://svc.test", httpx.MockTransport(recorder), timeout=0.5, write_timeout=0.5).request("POST", "/x")
    assert [r.extensions["timeout"]["read"] for r in recorder.requests] == [300.0, 0.5]


@pytest.mark.parametrize("url", ["http://fortsync-remote.invalid/api/v2", "http://10.0.0.5/api", "ftp://x.test",
                                 "http://user:pw@fortsync-remote.invalid/", "fortsync-remote.invalid/api",
                                 "http://127.0.0.1.nip.invalid/"])
def test_credentials_never_go_in_clear_to_another_machine(url: str) -> None:
    recorder = Recorder()
    with pytest.raises(InsecureUrl) as info:
        _api(url, httpx.MockTransport(recorder))
    assert recorder.requests == []  # refused when the client is built: nothing is ever sent
    assert info.value.message_key == "api.insecure_url"
    assert "pw@" not in str(info.value)


@pytest.mark.parametrize("url", ["https://api.fortnox.se", "https://integration.upsales.com/api/v2",
                                 "http://127.0.0.1:8080/api/v2", "http://localhost:1234", "http://[::1]:9/x",
                                 "http://127.5.6.7/"])
def test_https_anywhere_and_http_to_this_machine_are_accepted(url: str) -> None:
    assert check_transport_url("test", url) == url


def test_loopback_hosts() -> None:
    assert is_loopback_host("127.0.0.1") and is_loopback_host("::1") and is_loopback_host("LOCALHOST")
    assert not is_loopback_host("fortsync-remote.invalid") and not is_loopback_host("192.168.1.5")
    assert not is_loopback_host(None) and not is_loopback_host("")


def test_every_client_refuses_a_plain_http_address() -> None:
    recorder = Recorder()
    transport = httpx.MockTransport(recorder)
    with pytest.raises(InsecureUrl):
        UpsalesClient("http://fortsync-remote.invalid/api/v2", token="upsales-token-123", transport=transport)
    with pytest.raises(InsecureUrl):
        FortnoxClient("http://api.fortnox.invalid", tokens=StaticTokenProvider("access-token-123"),
                      transport=transport)
    with pytest.raises(InsecureUrl):  # the token endpoint: its Basic credentials are the app's secret
        FortnoxOAuth("http://apps.fortnox.invalid", "client-id-1", "client-secret-1", transport=transport)
    assert recorder.requests == []


def test_certificate_checks_are_on() -> None:
    api = _api("https://svc.test", None)  # type: ignore[arg-type]
    context: ssl.SSLContext = api._transport._ssl_context  # type: ignore[attr-defined]
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    api.close()


def test_a_write_held_past_the_read_timeout_still_gets_its_answer(sandbox: object) -> None:
    """The sandbox holds the POST (it took effect; its answer waits) until the test lets it go, after longer than a
    read may wait: the client is still listening, so the write is not uncertain and nothing is created twice."""
    import threading

    from fortsync_gui.clients import upsales_wire
    from fortsync_gui.sandbox.faults import Fault, FaultKind
    from tests.sandbox_clients import upsales_client

    box = sandbox
    hold = box.upsales.faults.add(Fault(FaultKind.HOLD_AFTER, method="POST", path=r"/accounts$"))  # type: ignore[attr-defined]
    read_timeout = 0.2
    with upsales_client(box, timeout=read_timeout) as client:  # type: ignore[arg-type]
        assert client._http.write_timeout == WRITE_TIMEOUT
        released = threading.Event()

        def let_go() -> None:
            assert hold.wait_held(60)
            released.wait(read_timeout * 3)  # longer than a read may wait (a lower bound, not a deadline)
            hold.release()

        helper = threading.Thread(target=let_go)
        helper.start()
        created = client.create_account(upsales_wire.account_payload(name="Långsamt skriven AB"))
        helper.join()
        assert created.name == "Långsamt skriven AB" and client.request_count == 1
    names = [a["name"] for a in box.upsales.store.tenant.accounts.values()]  # type: ignore[attr-defined]
    assert names.count("Långsamt skriven AB") == 1
