"""The Fortnox REST API v3 client (reference/fortnox-api.md): typed records in, typed records and errors out.

Built on :class:`HttpApi`: one sliding-window limiter per client id + tenant shared by every client object and
thread (25 requests per 5 s), retries only where repeating is safe, ``Authorization: Bearer`` from a
:class:`TokenProvider`, and a 401 answered by one token refresh and one retry.

Lists are walked with ``limit=500`` page by page, streaming, so N records cost ceil(N/500) requests (1 when
there are none). Search parameters are Fortnox's ILIKE substring matches: exact lookups post-filter.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from fortsync_gui.domain.fortnox import (
    DOCUMENT_KINDS,
    Article,
    CompanyInformation,
    Customer,
    Document,
    DocumentKind,
    Price,
    PriceList,
)

from . import fortnox_wire as wire
from .answer import Answer, Sent
from .errors import ApiError, MalformedResponse
from .fortnox_auth import TokenProvider
from .fortnox_errors import map_fortnox_error
from .http import READ_TIMEOUT, HttpApi, RetryPolicy
from .ratelimit import FORTNOX_RATE_LIMIT, RateLimit, shared_limiter

T = TypeVar("T")
PAGE_SIZE = 500  # Fortnox's maximum
LISTING_ATTEMPTS = 3  # full id listings re-read when records were added or removed while paging

_partial_customer = functools.partial(wire.customer, partial=True)
_partial_article = functools.partial(wire.article, partial=True)


def _seg(value: str | int | Decimal) -> str:
    """One URL path segment (article numbers may hold "/" or spaces)."""
    text = wire.number_text(value) if isinstance(value, Decimal | int | float) else str(value)
    return quote(text, safe="")


@contextmanager
def _wire_format(path: str | Sent) -> Iterator[None]:
    """A part of an answer that is not what Fortnox sends, as ``MalformedResponse`` (``path`` or the request's, read
    only then)."""
    try:
        yield
    except wire.WireFormatError as exc:
        url = path if isinstance(path, str) else path.url.path
        raise MalformedResponse("fortnox", f"Oväntat format: {exc}", url=url) from None


class FortnoxClient:
    def __init__(self, base_url: str = "https://api.fortnox.se", *, tokens: TokenProvider,
                 rate_limit: RateLimit = FORTNOX_RATE_LIMIT, retry: RetryPolicy | None = None,
                 timeout: float = READ_TIMEOUT, write_timeout: float | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        self._tokens = tokens
        self._http = HttpApi(
            "fortnox", base_url,
            limiter=shared_limiter("fortnox", tokens.limiter_key, rate_limit),
            error_mapper=map_fortnox_error,
            auth_headers=lambda: {"Authorization": f"Bearer {tokens.access_token()}"},
            on_unauthorized=self._unauthorized,
            retry=retry, timeout=timeout, write_timeout=write_timeout, transport=transport,
        )

    def _unauthorized(self, response: Answer) -> bool:
        rejected = response.request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return self._tokens.refresh_after_unauthorized(rejected)

    @property
    def request_count(self) -> int:
        """Requests sent over the wire, retries included."""
        return self._http.counter.value

    def server_time(self) -> datetime | None:
        """The service's own clock at its latest answer (its ``Date``): change cursors are taken from it, so a PC
        whose clock is wrong never skips changes."""
        return self._http.server_date

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> FortnoxClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- plumbing -------------------------------------------------------------------------------------------------

    def _call(self, method: str, path: str, *, params: Mapping[str, Any] | None = None, body: Any = None,
              repeatable: bool | None = None, expect: tuple[int, ...] = ()) -> Answer:
        return self._http.request(method, f"/3/{path}", params=params, json_body=body, repeatable=repeatable,
                                  expect=expect)

    def _entity(self, response: Answer, key: str, parse: Callable[[dict[str, Any]], T]) -> T:
        body = self._http.json(response)
        with _wire_format(response.request):
            return parse(wire.unwrap(body, key))

    def _get(self, path: str, key: str, parse: Callable[[dict[str, Any]], T]) -> T:
        return self._entity(self._call("GET", path), key, parse)

    def _pages(self, path: str, plural: str, params: Mapping[str, str]) -> Iterator[wire.Page]:
        number = 1
        while True:
            response = self._call("GET", path, params={**params, "limit": PAGE_SIZE, "page": number})
            body = self._http.json(response)
            with _wire_format(response.request):
                page = wire.page(body, plural)
            yield page
            if page.is_last or number >= page.total_pages:
                return
            number += 1

    def _iter(self, path: str, plural: str, parse: Callable[[dict[str, Any]], T],
              params: Mapping[str, str]) -> Iterator[T]:
        for page in self._pages(path, plural, params):
            for item in page.items:
                with _wire_format(f"/3/{path}"):
                    record = parse(item)
                yield record

    def _numbers(self, path: str, plural: str, key: str) -> set[str]:
        """Every record's number, for deletion detection: a listing that changed while it was read (records shift
        between pages) is read again, because a number missed here would look deleted."""
        for _ in range(LISTING_ATTEMPTS):
            numbers: set[str] = set()
            totals: set[int | None] = set()
            for page in self._pages(path, plural, {}):
                totals.add(page.total_resources)
                with _wire_format(f"/3/{path}"):
                    numbers.update(wire.required_text(item, key) for item in page.items)
            if totals == {None} or totals == {len(numbers)}:
                return numbers
        raise ApiError("fortnox", f"Listan {path} ändrades under hämtningen; försök igen", url=f"/3/{path}")

    @staticmethod
    def _list_params(lastmodified: datetime | None, filter: str | None, search: Mapping[str, Any]) -> dict[str, str]:
        params = {name.lower(): str(value) for name, value in search.items() if value is not None}
        if filter:
            params["filter"] = filter
        if lastmodified is not None:
            params["lastmodified"] = wire.lastmodified_param(lastmodified)
        return params

    # --- customers ------------------------------------------------------------------------------------------------

    def iter_customers(self, *, lastmodified: datetime | None = None, filter: str | None = None,
                       **search: Any) -> Iterator[Customer]:
        """List items (``is_partial``): number, name, org number, address, e-mail, phone. ``filter``: active,
        inactive; ``search``: customernumber, name, email, organisationnumber, ... (substring matches)."""
        return self._iter("customers", "Customers", _partial_customer, self._list_params(lastmodified, filter, search))

    def get_customer(self, number: str) -> Customer:
        return self._get(f"customers/{_seg(number)}", "Customer", wire.customer)

    def create_customer(self, fields: Mapping[str, Any]) -> Customer:
        """POST (never repeated blindly). Without ``CustomerNumber`` Fortnox assigns the next number."""
        return self._entity(self._call("POST", "customers", body={"Customer": wire.for_create(fields)}),
                            "Customer", wire.customer)

    def update_customer(self, number: str, fields: Mapping[str, Any]) -> Customer:
        """Partial update: only ``fields`` change; a ``None`` value clears that field."""
        return self._entity(self._call("PUT", f"customers/{_seg(number)}", body={"Customer": wire.for_update(fields)}),
                            "Customer", wire.customer)

    def delete_customer(self, number: str) -> None:
        self._call("DELETE", f"customers/{_seg(number)}")

    def customer_numbers(self) -> set[str]:
        """Every customer number: compared with the last run's, the difference is the deleted customers."""
        return self._numbers("customers", "Customers", "CustomerNumber")

    # --- articles -------------------------------------------------------------------------------------------------

    def iter_articles(self, *, lastmodified: datetime | None = None, filter: str | None = None,
                      **search: Any) -> Iterator[Article]:
        """List items (``is_partial``; no ``Active``: list with ``filter="inactive"`` to find inactive ones)."""
        return self._iter("articles", "Articles", _partial_article, self._list_params(lastmodified, filter, search))

    def get_article(self, number: str) -> Article:
        return self._get(f"articles/{_seg(number)}", "Article", wire.article)

    def create_article(self, fields: Mapping[str, Any]) -> Article:
        """POST (never repeated blindly). ``SalesPrice`` is read-only: prices are rows of price lists (/3/prices)."""
        return self._entity(self._call("POST", "articles", body={"Article": wire.for_create(fields)}),
                            "Article", wire.article)

    def article_numbers(self) -> set[str]:
        return self._numbers("articles", "Articles", "ArticleNumber")

    # --- price lists and prices -----------------------------------------------------------------------------------

    def list_price_lists(self) -> list[PriceList]:
        return list(self._iter("pricelists", "PriceLists", wire.price_list, {}))

    def get_price_list(self, code: str) -> PriceList:
        return self._get(f"pricelists/{_seg(code)}", "PriceList", wire.price_list)

    def get_price(self, price_list: str, article: str, from_quantity: Decimal | int = 0) -> Price | None:
        """The price of ``article`` in ``price_list`` from ``from_quantity`` units; ``None`` when there is none."""
        path = f"prices/{_seg(price_list)}/{_seg(article)}/{_seg(from_quantity)}"
        response = self._call("GET", path, expect=(404,))
        return None if response.status_code == 404 else self._entity(response, "Price", wire.price)

    def iter_prices(self, *, lastmodified: datetime | None = None) -> Iterator[Price]:
        """Every price row in every price list (post-filter on ``price_list``), changed since ``lastmodified``."""
        return self._iter("prices", "Prices", wire.price, self._list_params(lastmodified, None, {}))

    # --- invoices, orders, offers ---------------------------------------------------------------------------------

    def iter_documents(self, kind: DocumentKind, *, lastmodified: datetime | None = None, filter: str | None = None,
                       **search: Any) -> Iterator[Document]:
        """List items (``is_partial``, no rows). ``filter``: e.g. cancelled; ``search``: e.g. customernumber."""
        shape = wire.SHAPES[kind]
        parse = functools.partial(wire.document, kind, partial=True)
        return self._iter(shape.path, shape.plural, parse, self._list_params(lastmodified, filter, search))

    def get_document(self, kind: DocumentKind, number: str) -> Document:
        shape = wire.SHAPES[kind]
        return self._get(f"{shape.path}/{_seg(number)}", shape.singular, functools.partial(wire.document, kind))

    def create_document(self, kind: DocumentKind, payload: Mapping[str, Any]) -> Document:
        """POST (never repeated blindly: on ``UncertainWrite`` look the stamp up before trying again)."""
        shape = wire.SHAPES[kind]
        response = self._call("POST", shape.path, body={shape.singular: wire.for_create(payload)})
        return self._entity(response, shape.singular, functools.partial(wire.document, kind))

    def _action(self, kind: DocumentKind, number: str, action: str, result: DocumentKind, *,
                repeatable: bool) -> Document:
        shape, out = wire.SHAPES[kind], wire.SHAPES[result]
        response = self._call("PUT", f"{shape.path}/{_seg(number)}/{action}", repeatable=repeatable)
        return self._entity(response, out.singular, functools.partial(wire.document, result))

    def get_order(self, number: str) -> Document:
        return self.get_document("order", number)

    def get_offer(self, number: str) -> Document:
        return self.get_document("offer", number)

    def create_order_from_offer(self, number: str) -> Document:
        """The new order (``offer_reference`` set; the offer gets ``order_reference``). Never repeated blindly."""
        return self._action("offer", number, "createorder", "order", repeatable=False)

    def find_documents_by_stamp(self, kind: DocumentKind, stamp: str, *,
                                customer_number: str | None = None) -> list[Document]:
        """The documents carrying exactly ``stamp`` (e.g. ``upsales:12``, which must not match ``upsales:123``).

        Invoices and orders: one search on ``externalinvoicereference1`` (a substring match, post-filtered); list
        items are returned. Offers: Fortnox cannot search ``YourReferenceNumber`` and its list items lack it, so
        every offer (of ``customer_number``, when given: pass it, it saves a GET per offer of other customers) is
        read in full and compared.
        """
        if kind not in DOCUMENT_KINDS:
            raise ValueError(f"unknown document kind {kind!r}")
        search = {"customernumber": customer_number}
        if kind != "offer":
            found = self.iter_documents(kind, externalinvoicereference1=stamp, **search)
            return [doc for doc in found if doc.stamp == stamp]
        numbers = [doc.document_number for doc in self.iter_documents(kind, **search)]
        return [doc for doc in map(self.get_offer, numbers) if doc.stamp == stamp]

    # --- company --------------------------------------------------------------------------------------------------

    def company_information(self) -> CompanyInformation:
        return self._get("companyinformation", "CompanyInformation", wire.company_information)

    def probe(self, resource: str) -> None:
        """One cheap read of ``resource`` (e.g. ``customers``): raises ``PermissionDenied`` when a licence or scope
        is missing (pre-flight checks)."""
        self._call("GET", quote(resource, safe=""), params=None if resource == "companyinformation" else {"limit": 1})
