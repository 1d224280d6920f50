"""API clients for tests: fast retry policies, rate limits scaled like the sandbox's, factories against a
:class:`~fortsync_gui.sandbox.Sandbox` or an ``httpx.MockTransport``, and the client operations only tests use.

The product never deletes articles, books or cancels invoices, sets Fortnox prices or deletes Upsales orders, so
those operations live here, on subclasses of the product's clients (:class:`FortnoxTestClient`,
:class:`UpsalesTestClient`, :class:`FortnoxTestOAuth`): tests use them to arrange the services' state and to check
what a sync did. Every factory below returns one of these subclasses.
"""

from __future__ import annotations

import functools
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

import httpx

from fortsync_gui.clients import fortnox_wire
from fortsync_gui.clients.errors import ValidationFailed
from fortsync_gui.clients.fortnox import FortnoxClient, _seg
from fortsync_gui.clients.fortnox_auth import (
    ClientCredentialsSession,
    FortnoxOAuth,
    StaticTokenProvider,
    TokenProvider,
    TokenSet,
)
from fortsync_gui.clients.http import RetryPolicy
from fortsync_gui.clients.ratelimit import FORTNOX_RATE_LIMIT, UPSALES_RATE_LIMIT, RateLimit
from fortsync_gui.clients.redact import register_secret
from fortsync_gui.clients.upsales import DEFAULT_PAGE_SIZE, UpsalesClient
from fortsync_gui.domain.fortnox import Article, Document, DocumentKind, Me, Price
from fortsync_gui.domain.upsales import Order, User
from fortsync_gui.engine.connect import Connections
from fortsync_gui.sandbox import Sandbox

# Rate-limit windows in tests run at 1 % of real time: Fortnox 25 per 50 ms, Upsales 200 per 100 ms.
TIME_SCALE = 0.01
# Against a mock transport: three tries, three 429s, millisecond pauses (the unit tests count the requests).
FAST_RETRY = RetryPolicy(attempts=3, base_delay=0.001, max_delay=0.01, rate_limited_attempts=3)
# Against the sandbox: the same tries, pauses that fit its scaled windows, and room for a burst of 429s.
SANDBOX_RETRY = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05, rate_limited_attempts=10)
TIMEOUT = 10.0  # generous: only the tests of slow answers time out, on their own short timeout
MOCK_LIMIT = RateLimit(1000, 1.0)  # mock-transport tests are not about throttling
MOCK_FORTNOX_URL = "https://api.test"
MOCK_UPSALES_URL = "https://integration.upsales.test/api/v2"
OPPORTUNITY = (1, 99)  # Upsales probabilities of an open opportunity; 0 is lost, 100 won


def scaled(limit: RateLimit) -> RateLimit:
    """``limit`` with its window at :data:`TIME_SCALE`, as the sandbox's own limits run."""
    return RateLimit(limit.requests, limit.window * TIME_SCALE)


def unique_token(prefix: str = "token") -> str:
    """A credential of its own per test: clients with one credential share one limiter (and its pauses)."""
    return f"{prefix}-{uuid.uuid4().hex}"


# --- the operations only tests use ------------------------------------------------------------------------------------

class FortnoxTestClient(FortnoxClient):
    """:class:`FortnoxClient` with the writes and reads the product does not need."""

    def update_article(self, number: str, fields: Mapping[str, Any]) -> Article:
        return self._entity(self._call("PUT", f"articles/{_seg(number)}",
                                       body={"Article": fortnox_wire.for_update(fields)}),
                            "Article", fortnox_wire.article)

    def delete_article(self, number: str) -> None:
        self._call("DELETE", f"articles/{_seg(number)}")

    def set_price(self, price_list: str, article: str, price: Decimal, from_quantity: Decimal | int = 0) -> Price:
        """Update the price row, or create it (POST) when the article has none in that list at that quantity."""
        path = f"prices/{_seg(price_list)}/{_seg(article)}/{_seg(from_quantity)}"
        response = self._call("PUT", path, body={"Price": fortnox_wire.for_update({"Price": price})}, expect=(404,))
        if response.status_code == 404:
            fields = {"PriceList": price_list, "ArticleNumber": article, "FromQuantity": Decimal(from_quantity),
                      "Price": price}
            response = self._call("POST", "prices", body={"Price": fortnox_wire.for_create(fields)})
        return self._entity(response, "Price", fortnox_wire.price)

    def price_sublist(self, price_list: str, article: str) -> list[Price]:
        """Every quantity tier of ``article`` in ``price_list``."""
        return list(self._iter(f"prices/sublist/{_seg(price_list)}/{_seg(article)}", "Prices", fortnox_wire.price,
                               {}))

    def delete_price(self, price_list: str, article: str, from_quantity: Decimal | int = 0) -> None:
        self._call("DELETE", f"prices/{_seg(price_list)}/{_seg(article)}/{_seg(from_quantity)}")

    def update_document(self, kind: DocumentKind, number: str, fields: Mapping[str, Any]) -> Document:
        """Partial update; rows given replace the rows (see Fortnox's RowId rules)."""
        shape = fortnox_wire.SHAPES[kind]
        response = self._call("PUT", f"{shape.path}/{_seg(number)}",
                              body={shape.singular: fortnox_wire.for_update(fields)})
        return self._entity(response, shape.singular, functools.partial(fortnox_wire.document, kind))

    def cancel_document(self, kind: DocumentKind, number: str) -> Document:
        """Makulera (documents cannot be deleted). A booked invoice cannot be cancelled: it must be credited.

        Idempotent: Fortnox refuses to cancel a cancelled document, which is also what a retry after a lost
        answer gets, so that refusal is answered with the (cancelled) document.
        """
        try:
            return self._action(kind, number, "cancel", kind, repeatable=True)
        except ValidationFailed:
            current = self.get_document(kind, number)
            if current.cancelled:
                return current
            raise

    def iter_invoices(self, *, lastmodified: datetime | None = None, filter: str | None = None,
                      **search: Any) -> Iterator[Document]:
        return self.iter_documents("invoice", lastmodified=lastmodified, filter=filter, **search)

    def iter_orders(self, *, lastmodified: datetime | None = None, filter: str | None = None,
                    **search: Any) -> Iterator[Document]:
        return self.iter_documents("order", lastmodified=lastmodified, filter=filter, **search)

    def iter_offers(self, *, lastmodified: datetime | None = None, filter: str | None = None,
                    **search: Any) -> Iterator[Document]:
        return self.iter_documents("offer", lastmodified=lastmodified, filter=filter, **search)

    def get_invoice(self, number: str) -> Document:
        return self.get_document("invoice", number)

    def create_invoice(self, payload: Mapping[str, Any]) -> Document:
        return self.create_document("invoice", payload)

    def create_order(self, payload: Mapping[str, Any]) -> Document:
        return self.create_document("order", payload)

    def create_offer(self, payload: Mapping[str, Any]) -> Document:
        return self.create_document("offer", payload)

    def update_invoice(self, number: str, fields: Mapping[str, Any]) -> Document:
        return self.update_document("invoice", number, fields)

    def update_order(self, number: str, fields: Mapping[str, Any]) -> Document:
        return self.update_document("order", number, fields)

    def update_offer(self, number: str, fields: Mapping[str, Any]) -> Document:
        return self.update_document("offer", number, fields)

    def cancel_invoice(self, number: str) -> Document:
        return self.cancel_document("invoice", number)

    def cancel_order(self, number: str) -> Document:
        return self.cancel_document("order", number)

    def cancel_offer(self, number: str) -> Document:
        return self.cancel_document("offer", number)

    def create_invoice_from_order(self, number: str) -> Document:
        """The new invoice (its ``order_reference`` is the order; the order's ``invoice_reference`` is set).
        Never repeated blindly: on ``UncertainWrite`` re-read the order's ``invoice_reference``."""
        return self._action("order", number, "createinvoice", "invoice", repeatable=False)

    def bookkeep_invoice(self, number: str) -> Document:
        """Bokför: creates a voucher, so it is not repeated blindly either (re-read ``booked`` after an
        ``UncertainWrite``)."""
        return self._action("invoice", number, "bookkeep", "invoice", repeatable=False)

    def me(self) -> Me:
        """The user who authorised the connection (needs scope ``profile``)."""
        return self._get("me", "MeInformation", fortnox_wire.me)


class FortnoxTestOAuth(FortnoxOAuth):
    """:class:`FortnoxOAuth` with the token endpoints the product does not call."""

    def migrate(self, legacy_access_token: str) -> TokenSet:
        """Exchange a legacy (pre-2025) Access-Token for OAuth tokens; the legacy token stops working."""
        register_secret(legacy_access_token)
        return self._token("/oauth-v1/migrate", {"access_token": legacy_access_token})

    def revoke(self, refresh_token: str) -> None:
        """Revoke a refresh token (access tokens cannot be revoked; they expire within the hour)."""
        register_secret(refresh_token)
        self._http.request("POST", "/oauth-v1/revoke", data={"token_type_hint": "refresh_token",
                                                             "token": refresh_token}, repeatable=True)


class UpsalesTestClient(UpsalesClient):
    """:class:`UpsalesClient` with the calls the product does not need."""

    def iter_opportunities(self, *, modified_since: datetime | None = None, page_size: int = DEFAULT_PAGE_SIZE,
                           **filters: Any) -> Iterator[Order]:
        return self.iter_orders(modified_since=modified_since, probability=OPPORTUNITY, page_size=page_size,
                                **filters)

    def delete_order(self, order_id: int) -> bool:
        return self._delete(f"/orders/{order_id}")

    def active_users(self) -> list[User]:
        """Active people: API keys (ghost users, ``@api.upsales.com``) are left out."""
        return [u for u in self.list_users(active_only=True) if not u.is_api_key]


# --- against the sandbox ------------------------------------------------------------------------------------------

def fortnox_oauth(sandbox: Sandbox, client_secret: str | None = None, *, timeout: float = TIMEOUT,
                  retry: RetryPolicy = SANDBOX_RETRY) -> FortnoxTestOAuth:
    """The sandbox's Fortnox app registration (or ``client_secret`` instead of its own)."""
    info = sandbox.info
    return FortnoxTestOAuth(info.fortnox_auth_url, info.fortnox_client_id,
                            info.fortnox_client_secret if client_secret is None else client_secret,
                            retry=retry, timeout=timeout)


def fortnox_client(sandbox: Sandbox, tokens: TokenProvider, *, timeout: float = TIMEOUT,
                   write_timeout: float | None = None) -> FortnoxTestClient:
    return FortnoxTestClient(sandbox.info.fortnox_url, tokens=tokens, rate_limit=scaled(FORTNOX_RATE_LIMIT),
                             retry=SANDBOX_RETRY, timeout=timeout, write_timeout=write_timeout)


def upsales_client(sandbox: Sandbox, *, token: str | None = None, base_url: str | None = None,
                   rate_limit: RateLimit | None = None, timeout: float = TIMEOUT,
                   write_timeout: float | None = None) -> UpsalesTestClient:
    """A client with the sandbox's key (or ``token``), its limit scaled like the sandbox's (or ``rate_limit``)."""
    return UpsalesTestClient(base_url or sandbox.info.upsales_url, token=token or sandbox.info.upsales_token,
                             rate_limit=rate_limit or scaled(UPSALES_RATE_LIMIT), retry=SANDBOX_RETRY,
                             timeout=timeout, write_timeout=write_timeout)


def connections(sandbox: Sandbox) -> Connections:
    """Both clients of a profile on the sandbox, Fortnox through its service account (client credentials)."""
    session = ClientCredentialsSession(fortnox_oauth(sandbox), sandbox.info.fortnox_tenant_id)
    return Connections(fortnox_client(sandbox, session), upsales_client(sandbox))


# --- against a mock transport -------------------------------------------------------------------------------------

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class Replies:
    """A mock transport's handler: answers with the queued replies in order (the last one repeats; an exception
    is raised, a callable is asked) and records every request and when it came."""

    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies)
        self.requests: list[httpx.Request] = []
        self.times: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.times.append(time.monotonic())
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, Exception):
            raise reply
        return reply(request) if callable(reply) else reply


def mock_fortnox(handler: Callable[[httpx.Request], httpx.Response],
                 tokens: TokenProvider | None = None) -> FortnoxTestClient:
    """A client of ``handler``, with a token (and so a limiter) of its own unless ``tokens`` is given."""
    if tokens is None:
        tokens = StaticTokenProvider(unique_token("fortnox"))
    return FortnoxTestClient(MOCK_FORTNOX_URL, tokens=tokens, rate_limit=MOCK_LIMIT, retry=FAST_RETRY,
                             transport=httpx.MockTransport(handler))


def mock_upsales(handler: Callable[[httpx.Request], httpx.Response], token: str | None = None) -> UpsalesTestClient:
    """A client of ``handler``, with a key (and so a limiter) of its own unless ``token`` is given."""
    return UpsalesTestClient(MOCK_UPSALES_URL, token=token or unique_token("upsales"), rate_limit=MOCK_LIMIT,
                             retry=FAST_RETRY, transport=httpx.MockTransport(handler))
