"""UpsalesClient on a mock transport: auth, quota headers, retries and error mapping."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest

from fortsync_gui.clients.errors import (
    ApiError,
    AuthError,
    MalformedResponse,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    UncertainWrite,
    ValidationFailed,
)
from tests.sandbox_clients import Replies, Reply, mock_upsales, unique_token

SELF = {"errors": None, "data": {"id": 70007, "name": "Fortsync", "email": "k7Qm2xZpW@api.upsales.com",
                                 "client": {"id": 10342, "name": "Kontorsmästarna", "userId": 7}}}


def _json(status: int, body: Any, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def _error(status: int, key: str, error_code: int, msg: str) -> httpx.Response:
    return _json(status, {"error": {"key": key, "code": status, "errorCode": error_code, "msg": msg},
                          "metadata": None})


# --- auth and secrets -----------------------------------------------------------------------------------------------

def test_key_goes_in_a_cookie_never_in_the_url_nor_the_logs(caplog: pytest.LogCaptureFixture) -> None:
    token = unique_token()
    fake = Replies(_json(200, SELF), httpx.ReadError("reset"), _json(200, SELF),
                   _error(400, "FailedValidation", 26, f"Bad key {token}"))
    caplog.set_level(logging.DEBUG, logger="fortsync")
    with mock_upsales(fake, token) as client:
        assert client.self_().client_id == 10342
        assert client.self_().user_id == 7  # after a dropped answer, retried
        with pytest.raises(ValidationFailed) as caught:
            client.get_account(1)
    for request in fake.requests:
        assert request.headers["Cookie"] == f"token={token}"
        assert request.headers["Content-Type"] == "application/json"
        assert "token" not in str(request.url) and token not in str(request.url)
    assert token not in str(caught.value) and "Bad key ***" in str(caught.value)
    assert caplog.records and token not in caplog.text


def test_text_plain_401_is_an_auth_error() -> None:
    fake = Replies(httpx.Response(401, text="Unauthorized", headers={"Content-Type": "text/plain"}))
    with pytest.raises(AuthError) as caught:
        mock_upsales(fake).self_()
    assert caught.value.status == 401 and "Unauthorized" in str(caught.value)
    assert len(fake.requests) == 1  # a wrong key is not retried


# --- quota headers --------------------------------------------------------------------------------------------------

def test_spent_quota_pauses_every_client_of_the_key_until_the_reset() -> None:
    token = unique_token()
    spent = _json(200, SELF, **{"X-RateLimit-Limit": "200", "X-RateLimit-Remaining": "0",
                                "X-RateLimit-Reset": "0.3"})
    fake = Replies(spent, _json(200, SELF))
    first, second = mock_upsales(fake, token), mock_upsales(fake, token)
    first.self_()
    second.self_()  # another client object (another thread) with the same key waits too
    assert fake.times[1] - fake.times[0] >= 0.29
    assert first.request_count == 1 and second.request_count == 1


@pytest.mark.parametrize(("remaining", "reset"), [("0", "-2"), ("0", "0"), ("5", "9"), (None, None)])
def test_no_pause_while_quota_remains_or_reset_is_not_positive(remaining: str | None, reset: str | None,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    headers = {} if remaining is None else {"X-RateLimit-Remaining": remaining, "X-RateLimit-Reset": reset or ""}
    fake = Replies(_json(200, SELF, **headers), _json(200, SELF))
    client = mock_upsales(fake)
    pauses: list[float] = []  # what the key's limiter is told (the elapsed time would be this machine's business)
    pause = client._limiter.pause
    monkeypatch.setattr(client._limiter, "pause", lambda seconds: (pauses.append(seconds), pause(seconds)))
    client.self_()
    client.self_()
    assert len(fake.requests) == 2 and all(p == 0 for p in pauses), pauses


def test_429_is_retried_after_the_reset() -> None:
    throttled = _json(429, {"error": {"key": "ThrottleLimit", "code": 429, "errorCode": 4, "msg": "Too many"}},
                      **{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "0.2"})
    fake = Replies(throttled, _json(200, SELF))
    client = mock_upsales(fake)
    assert client.self_().master_user_id == 70007
    assert len(fake.requests) == client.request_count == 2
    assert fake.times[1] - fake.times[0] >= 0.19


def test_persistent_429_surfaces_as_rate_limited() -> None:
    throttled = _json(429, {"error": {"key": "ThrottleLimit", "code": 429, "errorCode": 4, "msg": "Too many"}},
                      **{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "0.01"})
    fake = Replies(throttled)
    with pytest.raises(RateLimited):
        mock_upsales(fake).self_()
    assert len(fake.requests) == 4  # 1 + rate_limited_attempts


# --- retries --------------------------------------------------------------------------------------------------------

def test_get_is_retried_on_5xx() -> None:
    fake = Replies(_error(500, "ServerError", 3, "Server error"),
                   httpx.Response(502, text="<html><title>502 Bad Gateway</title></html>"), _json(200, SELF))
    client = mock_upsales(fake)
    assert client.self_().client_name == "Kontorsmästarna"
    assert client.request_count == 3


def test_get_gives_up_with_server_error() -> None:
    fake = Replies(_error(500, "ServerError", 3, "Server error"))
    with pytest.raises(ServerError) as caught:
        mock_upsales(fake).get_account(1)
    assert len(fake.requests) == 3 and "Server error" in str(caught.value)


@pytest.mark.parametrize("failure", [httpx.RemoteProtocolError("Server disconnected"), httpx.ReadTimeout("slow"),
                                     _error(503, "ServerError", 3, "Server error")])
def test_post_is_never_repeated_blindly(failure: Reply) -> None:
    fake = Replies(failure, _json(200, {"error": None, "data": {"id": 9, "name": "X"}}))
    with pytest.raises(UncertainWrite):
        mock_upsales(fake).create_account({"name": "X"})
    assert len(fake.requests) == 1


def test_put_is_repeated_after_a_dropped_answer() -> None:
    fake = Replies(httpx.RemoteProtocolError("Server disconnected"),
                   _json(200, {"error": None, "data": {"id": 9, "name": "X"}}))
    assert mock_upsales(fake).update_account(9, {"name": "X"}).name == "X"
    assert len(fake.requests) == 2


def test_post_is_retried_when_the_connection_was_refused() -> None:
    fake = Replies(httpx.ConnectError("refused"), _json(200, {"error": None, "data": {"id": 9, "name": "X"}}))
    assert mock_upsales(fake).create_account({"name": "X"}).id == 9


# --- error mapping --------------------------------------------------------------------------------------------------

EXPRESS_404 = ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n'
               "<body>\n<pre>Cannot GET /api/v2/ticketType</pre>\n</body>\n</html>\n")


@pytest.mark.parametrize(("reply", "error_type", "text"), [
    (_error(400, "FailedValidation", 26, "No such attribute: id"), ValidationFailed, "No such attribute: id"),
    (_error(403, "ProductOrChildCategoryExist", 100, "Product or child category exist"), PermissionDenied,
     "Product or child category exist"),
    (_error(404, "NotFound", 1, "Account with id 1 not found"), NotFound, "not found"),
    (httpx.Response(404, text=EXPRESS_404, headers={"Content-Type": "text/html; charset=utf-8"}), NotFound,
     "Cannot GET /api/v2/ticketType"),
    (httpx.Response(401, text="Unauthorized", headers={"Content-Type": "text/plain"}), AuthError, "Unauthorized"),
    (httpx.Response(403, text="Forbidden", headers={"Content-Type": "text/plain"}), PermissionDenied, "Forbidden"),
    (_json(200, {"error": {"key": "FailedValidation", "code": 400, "errorCode": 26, "msg": "Bad field"},
                 "data": None}), ValidationFailed, "Bad field"),
    (_json(200, {"error": {"key": "NotFound", "code": 404, "msg": "Gone"}}), NotFound, "Gone"),
    (_json(200, {"error": "Something odd"}), ApiError, "Something odd"),
    (httpx.Response(200, text='{"error":null,"metadata":{"total":12,"limit":1000,"offs',
                    headers={"Content-Type": "application/json"}), MalformedResponse, "inte JSON"),
    (_json(200, {"error": None}), MalformedResponse, "Oväntat format"),
    (httpx.Response(418, text="<html>teapot</html>"), MalformedResponse, "teapot"),
])
def test_error_mapping(reply: httpx.Response, error_type: type[ApiError], text: str) -> None:
    with pytest.raises(ApiError) as caught:
        mock_upsales(Replies(reply)).get_account(1)
    assert type(caught.value) is error_type and caught.value.api == "upsales"
    assert text in str(caught.value)


def test_validation_error_keeps_upsales_codes() -> None:
    with pytest.raises(ValidationFailed) as caught:
        mock_upsales(Replies(_error(400, "FailedValidation", 26, "No such attribute: id"))).get_account(1)
    error = caught.value
    assert (error.status, error.code, error.method, error.url) == (400, 26, "GET", "/api/v2/accounts/1")
    assert "FailedValidation" in error.message


def test_delete_of_a_missing_record_is_not_an_error_but_an_unknown_route_is() -> None:
    gone = _error(404, "NotFound", 1, "Order with id 5 not found")
    assert mock_upsales(Replies(gone)).delete_order(5) is False
    assert mock_upsales(Replies(_json(200, {"error": None}))).delete_order(5) is True
    html = httpx.Response(404, text=EXPRESS_404, headers={"Content-Type": "text/html; charset=utf-8"})
    with pytest.raises(NotFound):
        mock_upsales(Replies(html)).delete_order(5)
