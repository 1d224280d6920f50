"""Fortnox error responses and retries in FortnoxClient, on httpx.MockTransport (reference/fortnox-api.md §5)."""

from __future__ import annotations

import json

import httpx
import pytest

from fortsync_gui.clients.errors import (
    ApiError,
    AuthError,
    MalformedResponse,
    NetworkError,
    NotFound,
    PermissionDenied,
    RateLimited,
    ServerError,
    UncertainWrite,
    ValidationFailed,
)
from fortsync_gui.clients.fortnox_auth import StaticTokenProvider
from tests.sandbox_clients import FAST_RETRY, FortnoxTestClient, Replies, mock_fortnox

CUSTOMER = {"Customer": {"CustomerNumber": "1", "Name": "Acme AB"}}
INVOICE = {"Invoice": {"DocumentNumber": "7", "CustomerNumber": "1", "InvoiceRows": []}}
HTML = "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"


def client(*responses: httpx.Response | Exception) -> tuple[FortnoxTestClient, list[httpx.Request]]:
    """A client whose transport answers with ``responses`` in turn (the last one repeats)."""
    replies = Replies(*responses)
    return mock_fortnox(replies), replies.requests


def error_info(status: int, lower: bool, message: str, code: int | str) -> httpx.Response:
    keys = ("error", "message", "code") if lower else ("Error", "Message", "Code")
    return httpx.Response(status, json={"ErrorInformation": dict(zip(keys, (1, message, code), strict=True))})


# --- mapping ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lower", [False, True])
def test_not_found_in_both_casings(lower: bool) -> None:
    fx, _ = client(error_info(404, lower, "Kan inte hitta kunden.", 2000433))
    with pytest.raises(NotFound) as caught:
        fx.get_customer("999")
    assert caught.value.code == 2000433 and caught.value.status == 404
    assert caught.value.message == "Kan inte hitta kunden."
    assert "Kan inte hitta kunden." in str(caught.value) and "/3/customers/999" in str(caught.value)


@pytest.mark.parametrize("lower", [False, True])
def test_validation_in_both_casings(lower: bool) -> None:
    fx, _ = client(error_info(400, lower, "Ett ogiltigt filter har använts.", 2000587))
    with pytest.raises(ValidationFailed) as caught:
        list(fx.iter_invoices(filter="nonsense"))
    assert caught.value.code == 2000587


@pytest.mark.parametrize(("status", "code"), [(403, 2001101), (400, 2000663), (403, 2001103), (401, "2001101")])
def test_missing_licence_or_scope_is_permission_denied(status: int, code: int | str) -> None:
    fx, _ = client(error_info(status, False, "Det finns ingen aktiv licens för önskat scope", code))
    with pytest.raises(PermissionDenied) as caught:
        fx.probe("orders")
    assert caught.value.code == int(code) and caught.value.message_key == "api.permission"


def test_bare_unauthorized_is_an_auth_error() -> None:
    fx, calls = client(httpx.Response(401, json={"message": "unauthorized"}))
    with pytest.raises(AuthError) as caught:
        fx.company_information()
    assert caught.value.status == 401 and caught.value.message == "unauthorized" and len(calls) == 1


def test_legacy_failed_authentication_is_an_auth_error() -> None:
    fx, _ = client(error_info(403, True, "Kan inte logga in, access-token eller client-secret saknas(2).", 2000311))
    with pytest.raises(AuthError):
        fx.list_price_lists()


def test_other_status_with_error_information_keeps_code_and_message() -> None:
    fx, _ = client(error_info(409, True, "Kundnummer 1 används redan.", 2000637))
    with pytest.raises(ApiError) as caught:
        fx.create_customer({"CustomerNumber": "1", "Name": "Acme"})
    assert type(caught.value) is ApiError and caught.value.code == 2000637


def test_html_error_pages() -> None:
    fx, _ = client(httpx.Response(404, text=HTML, headers={"Content-Type": "text/html"}))
    with pytest.raises(MalformedResponse):
        fx.get_customer("1")
    fx, _ = client(httpx.Response(403, text=HTML, headers={"Content-Type": "text/html"}))
    with pytest.raises(AuthError):
        fx.get_customer("1")
    fx, calls = client(httpx.Response(502, text=HTML, headers={"Content-Type": "text/html"}))
    with pytest.raises(ServerError) as caught:
        fx.get_customer("1")
    assert len(calls) == FAST_RETRY.attempts and "Bad Gateway" in caught.value.message


def test_html_or_broken_json_with_200_is_malformed() -> None:
    for body in (HTML, '{"Customer": {"Name": "trunc'):
        fx, _ = client(httpx.Response(200, text=body))
        with pytest.raises(MalformedResponse):
            fx.get_customer("1")


def test_json_of_the_wrong_shape_is_malformed() -> None:
    fx, _ = client(httpx.Response(200, json={"Customers": []}))
    with pytest.raises(MalformedResponse):
        fx.get_customer("1")
    fx, _ = client(httpx.Response(200, json={"MetaInformation": {"@CurrentPage": 1}, "Customers": []}))
    with pytest.raises(MalformedResponse):
        list(fx.iter_customers())


def test_server_error_after_retries_keeps_fortnox_code() -> None:
    fx, calls = client(error_info(500, False, "System exception", 1000003))
    with pytest.raises(ServerError) as caught:
        fx.get_article("A1")
    assert caught.value.code == 1000003 and len(calls) == FAST_RETRY.attempts


# --- retries ------------------------------------------------------------------------------------------------------

def _assert_once(calls: list[httpx.Request], method: str) -> None:
    assert [c.method for c in calls] == [method]


@pytest.mark.parametrize("failure", [httpx.RemoteProtocolError("Server disconnected without sending a response"),
                                     httpx.ReadTimeout("slow"), httpx.ReadError("reset")])
def test_post_is_never_retried_blindly(failure: Exception) -> None:
    fx, calls = client(failure, httpx.Response(201, json=INVOICE))
    with pytest.raises(UncertainWrite) as caught:
        fx.create_invoice({"CustomerNumber": "1"})
    _assert_once(calls, "POST")
    assert caught.value.message_key == "api.uncertain_write" and isinstance(caught.value, NetworkError)


def test_post_is_not_retried_after_a_5xx() -> None:
    fx, calls = client(httpx.Response(503), httpx.Response(201, json=CUSTOMER))
    with pytest.raises(UncertainWrite):
        fx.create_customer({"Name": "Acme"})
    _assert_once(calls, "POST")


def test_post_is_retried_when_nothing_reached_fortnox() -> None:
    fx, calls = client(httpx.ConnectError("refused"), httpx.Response(201, json=CUSTOMER))
    assert fx.create_customer({"Name": "Acme"}).customer_number == "1"
    assert len(calls) == 2


def test_document_actions_that_create_are_not_repeatable_but_cancel_is() -> None:
    fx, calls = client(httpx.ReadTimeout("slow"), httpx.Response(200, json=INVOICE))
    with pytest.raises(UncertainWrite):
        fx.create_invoice_from_order("3")
    _assert_once(calls, "PUT")
    fx, calls = client(httpx.ReadTimeout("slow"), httpx.Response(200, json={"Order": {"DocumentNumber": "3"}}))
    with pytest.raises(UncertainWrite):
        fx.create_order_from_offer("2")
    fx, calls = client(httpx.ReadTimeout("slow"), httpx.Response(200, json=INVOICE))
    with pytest.raises(UncertainWrite):
        fx.bookkeep_invoice("7")
    fx, calls = client(httpx.ReadTimeout("slow"), httpx.Response(200, json=INVOICE))
    assert fx.cancel_invoice("7").document_number == "7"
    assert [c.url.path for c in calls] == ["/3/invoices/7/cancel"] * 2


@pytest.mark.parametrize("failure", [httpx.Response(500), httpx.Response(502, text=HTML), httpx.Response(503),
                                     httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("dropped")])
def test_get_is_retried(failure: httpx.Response | Exception) -> None:
    fx, calls = client(failure, httpx.Response(200, json=CUSTOMER))
    assert fx.get_customer("1").name == "Acme AB"
    assert len(calls) == 2 and fx.request_count == 2


def test_update_put_is_retried_on_a_timeout() -> None:
    fx, calls = client(httpx.ReadTimeout("slow"), httpx.Response(200, json=CUSTOMER))
    fx.update_customer("1", {"Name": "Acme AB"})
    assert [c.method for c in calls] == ["PUT", "PUT"]


def test_429_is_retried_for_reads_and_writes() -> None:
    fx, calls = client(httpx.Response(429), httpx.Response(429), httpx.Response(201, json=CUSTOMER))
    assert fx.create_customer({"Name": "Acme"}).name == "Acme AB"
    assert [c.method for c in calls] == ["POST"] * 3
    fx, calls = client(httpx.Response(429, json={"message": "Too many requests"}))
    with pytest.raises(RateLimited):
        fx.get_customer("1")
    assert len(calls) == FAST_RETRY.rate_limited_attempts + 1


def test_network_error_when_fortnox_is_unreachable() -> None:
    fx, calls = client(httpx.ConnectError("refused"))
    with pytest.raises(NetworkError) as caught:
        fx.get_customer("1")
    assert type(caught.value) is NetworkError and len(calls) == FAST_RETRY.attempts


def test_requests_carry_bearer_and_json_headers() -> None:
    fx, calls = client(httpx.Response(201, json=CUSTOMER))
    fx.create_customer({"Name": "Acme"})
    (request,) = calls
    assert request.headers["Authorization"].startswith("Bearer fortnox-")  # mock_fortnox: a token of its own
    assert request.headers["Accept"] == "application/json"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == {"Customer": {"Name": "Acme"}}


def test_error_texts_never_show_the_token() -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json={"ErrorInformation": {"error": 1, "code": 2000588,
                                                              "message": f"Bad {request.headers['Authorization']}"}})

    token = "unit-secret-token-123456"
    fx = mock_fortnox(echo, StaticTokenProvider(token))
    with pytest.raises(ValidationFailed) as caught:
        fx.get_customer("1")
    assert token not in str(caught.value) and token not in caught.value.message

