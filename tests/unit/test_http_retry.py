"""The retry rules of clients/http.py, on a mock transport."""

from __future__ import annotations

import httpx
import pytest

from fortsync_gui.clients.errors import (
    ApiError,
    MalformedResponse,
    NetworkError,
    RateLimited,
    ServerError,
    UncertainWrite,
)
from fortsync_gui.clients.http import HttpApi
from fortsync_gui.clients.ratelimit import RateLimit, SlidingWindowLimiter
from tests.sandbox_clients import FAST_RETRY, Replies


def _api(handler, **kw) -> HttpApi:  # type: ignore[no-untyped-def]
    return HttpApi(
        "test", "https://svc.invalid",
        limiter=SlidingWindowLimiter(RateLimit(1000, 0.01)),
        error_mapper=lambda r: ApiError("test", r.text, status=r.status_code),
        retry=FAST_RETRY, transport=httpx.MockTransport(handler), sleep=lambda s: None, **kw,
    )


def _sequence(*responses: httpx.Response | Exception) -> tuple[Replies, list[httpx.Request]]:
    handler = Replies(*responses)
    return handler, handler.requests


def test_get_is_retried_on_5xx_then_succeeds() -> None:
    handler, calls = _sequence(httpx.Response(502), httpx.Response(200, json={"ok": 1}))
    api = _api(handler)
    assert api.json(api.request("GET", "/x")) == {"ok": 1}
    assert len(calls) == 2 and api.counter.value == 2


def test_get_gives_up_after_attempts() -> None:
    handler, calls = _sequence(httpx.Response(500, text="boom"))
    with pytest.raises(ServerError):
        _api(handler).request("GET", "/x")
    assert len(calls) == 3


def test_post_is_never_repeated_after_a_dropped_answer() -> None:
    handler, calls = _sequence(httpx.RemoteProtocolError("dropped"), httpx.Response(201))
    with pytest.raises(UncertainWrite):
        _api(handler).request("POST", "/x", json_body={})
    assert len(calls) == 1


def test_post_is_never_repeated_after_a_5xx() -> None:
    handler, calls = _sequence(httpx.Response(503), httpx.Response(201))
    with pytest.raises(UncertainWrite):
        _api(handler).request("POST", "/x", json_body={})
    assert len(calls) == 1


def test_post_is_retried_when_the_connection_was_refused() -> None:
    handler, calls = _sequence(httpx.ConnectError("refused"), httpx.Response(201, json={}))
    assert _api(handler).request("POST", "/x", json_body={}).status_code == 201
    assert len(calls) == 2


def test_put_retried_on_read_timeout() -> None:
    handler, calls = _sequence(httpx.ReadTimeout("slow"), httpx.Response(200, json={}))
    assert _api(handler).request("PUT", "/x", json_body={}).status_code == 200
    assert len(calls) == 2


def test_non_repeatable_put_is_not_retried() -> None:
    handler, calls = _sequence(httpx.ReadTimeout("slow"), httpx.Response(200, json={}))
    with pytest.raises(UncertainWrite):
        _api(handler).request("PUT", "/orders/1/createinvoice", repeatable=False)
    assert len(calls) == 1


def test_429_is_retried_for_any_method_and_surfaces_only_when_persistent() -> None:
    handler, calls = _sequence(httpx.Response(429, headers={"Retry-After": "0"}), httpx.Response(201, json={}))
    assert _api(handler).request("POST", "/x", json_body={}).status_code == 201
    handler, calls = _sequence(httpx.Response(429, headers={"Retry-After": "0"}))
    with pytest.raises(RateLimited):
        _api(handler).request("GET", "/x")
    assert len(calls) == 4


def test_network_error_after_attempts() -> None:
    handler, calls = _sequence(httpx.ConnectError("refused"))
    with pytest.raises(NetworkError):
        _api(handler).request("GET", "/x")
    assert len(calls) == 3


def test_unauthorized_refreshes_once() -> None:
    handler, calls = _sequence(httpx.Response(401, json={"message": "unauthorized"}))
    refreshed: list[int] = []
    api = _api(handler, on_unauthorized=lambda r: refreshed.append(1) is None)
    with pytest.raises(ApiError):
        api.request("GET", "/x")
    assert len(calls) == 2 and refreshed == [1]


def test_malformed_json() -> None:
    handler, _ = _sequence(httpx.Response(200, text="{not json"))
    api = _api(handler)
    with pytest.raises(MalformedResponse):
        api.json(api.request("GET", "/x"))
