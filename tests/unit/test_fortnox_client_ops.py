"""FortnoxClient operations on a small in-memory fake behind httpx.MockTransport: paging, parameters, exact stamp
lookup, price upsert, partial updates. The contract tests run the same operations against the sandbox."""

from __future__ import annotations

import itertools
import json
import math
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest

from fortsync_gui.clients.errors import ApiError
from fortsync_gui.clients.fortnox import PAGE_SIZE
from tests.sandbox_clients import FortnoxTestClient, mock_fortnox


class Fake:
    """Lists served Fortnox-style (limit/page, MetaInformation); anything else answered by ``routes``."""

    def __init__(self, lists: dict[str, list[dict[str, Any]]] | None = None,
                 routes: dict[tuple[str, str], httpx.Response] | None = None) -> None:
        self.lists = lists or {}
        self.routes = routes or {}
        self.calls: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        key = (request.method, request.url.raw_path.decode().partition("?")[0])  # as sent: "/" in a number is %2F
        if key in self.routes:
            return self.routes[key]
        name = request.url.path.removeprefix("/3/")
        records = self.lists[name]
        search = {k: v for k, v in request.url.params.items() if k not in ("limit", "page", "lastmodified", "filter")}
        hits = [r for r in records if all(v.lower() in str(r.get(self._field(r, k), "")).lower()
                                          for k, v in search.items())]
        limit, number = int(request.url.params.get("limit", 100)), int(request.url.params.get("page", 1))
        pages = math.ceil(len(hits) / limit)
        meta = {"@TotalResources": len(hits), "@TotalPages": pages, "@CurrentPage": number}
        plural = {"customers": "Customers", "articles": "Articles", "invoices": "Invoices", "orders": "Orders",
                  "offers": "Offers", "prices": "Prices", "pricelists": "PriceLists"}[name]
        return httpx.Response(200, json={"MetaInformation": meta,
                                         plural: hits[(number - 1) * limit: number * limit]})

    @staticmethod
    def _field(record: dict[str, Any], param: str) -> str:
        return next(k for k in record if k.lower() == param)

    def client(self) -> FortnoxTestClient:
        return mock_fortnox(self)


def customers(n: int) -> list[dict[str, Any]]:
    return [{"CustomerNumber": str(i), "Name": f"Kund {i}", "Phone": ""} for i in range(1, n + 1)]


@pytest.mark.parametrize("n", [0, 1, 499, 500, 501, 1200])
def test_listing_takes_the_minimal_number_of_requests(n: int) -> None:
    fake = Fake({"customers": customers(n)})
    fx = fake.client()
    numbers = [c.customer_number for c in fx.iter_customers()]
    assert numbers == [str(i) for i in range(1, n + 1)]
    assert fx.request_count == max(1, math.ceil(n / PAGE_SIZE))
    assert all(c.url.params["limit"] == "500" for c in fake.calls)
    assert [c.url.params["page"] for c in fake.calls] == [str(p) for p in range(1, fx.request_count + 1)]


def test_listing_streams_page_by_page() -> None:
    fake = Fake({"customers": customers(1200)})
    first = next(fake.client().iter_customers())
    assert first.customer_number == "1" and first.is_partial and len(fake.calls) == 1


def test_lastmodified_filter_and_search_parameters() -> None:
    fake = Fake({"invoices": []})
    list(fake.client().iter_invoices(lastmodified=datetime(2024, 3, 1, 8, 15, 30, tzinfo=UTC), filter="cancelled",
                                     CustomerNumber="12", ourreference=None))
    (call,) = fake.calls
    assert dict(call.url.params) == {"lastmodified": "2024-03-01 09:15", "filter": "cancelled",
                                     "customernumber": "12", "limit": "500", "page": "1"}
    assert "lastmodified=2024-03-01+09%3A15" in str(call.url) or "lastmodified=2024-03-01%2009%3A15" in str(call.url)


def test_naive_lastmodified_is_refused() -> None:
    with pytest.raises(ValueError):
        list(Fake({"customers": []}).client().iter_customers(lastmodified=datetime(2024, 1, 1)))


def test_stamp_lookup_is_exact_despite_substring_search() -> None:
    invoices = [{"DocumentNumber": str(i), "CustomerNumber": "1", "ExternalInvoiceReference1": stamp}
                for i, stamp in enumerate(["upsales:123", "upsales:12", "UPSALES:12", "upsales:1234", ""], 1)]
    fake = Fake({"invoices": invoices})
    found = fake.client().find_documents_by_stamp("invoice", "upsales:12")
    assert [d.document_number for d in found] == ["2"]
    assert fake.calls[0].url.params["externalinvoicereference1"] == "upsales:12"


def test_offer_stamp_lookup_reads_the_offers_of_the_customer() -> None:
    offers = [{"DocumentNumber": "1", "CustomerNumber": "5"}, {"DocumentNumber": "2", "CustomerNumber": "5"}]
    full = {n: {"Offer": {"DocumentNumber": n, "CustomerNumber": "5", "YourReferenceNumber": ref, "OfferRows": []}}
            for n, ref in (("1", "upsales:77"), ("2", "upsales:7"))}
    fake = Fake({"offers": offers}, {("GET", f"/3/offers/{n}"): httpx.Response(200, json=body)
                                     for n, body in full.items()})
    found = fake.client().find_documents_by_stamp("offer", "upsales:7", customer_number="5")
    assert [(d.document_number, d.is_partial) for d in found] == [("2", False)]
    assert fake.calls[0].url.params["customernumber"] == "5"


def test_customer_numbers_reads_everything_once_when_stable() -> None:
    fake = Fake({"customers": customers(1001)})
    fx = fake.client()
    assert fx.customer_numbers() == {str(i) for i in range(1, 1002)} and fx.request_count == 3


def test_customer_numbers_rereads_a_listing_that_changed_while_paging() -> None:
    records = customers(600)
    fake = Fake({"customers": records})
    original = fake.__call__

    def shifting(request: httpx.Request) -> httpx.Response:
        response = original(request)
        if request.url.params.get("page") == "1" and len(records) == 600:
            del records[0]  # deleted between page 1 and page 2: everything shifts one place forward
        return response

    fx = mock_fortnox(shifting)
    assert fx.customer_numbers() == {str(i) for i in range(2, 601)}
    assert fx.request_count == 4  # the first pass saw 600 then 599: read again


def test_customer_numbers_gives_up_on_a_listing_that_never_settles() -> None:
    counter = itertools.count(1000)

    def growing(request: httpx.Request) -> httpx.Response:
        total = next(counter)
        return httpx.Response(200, json={"MetaInformation": {"@TotalResources": total, "@TotalPages": 1,
                                                             "@CurrentPage": 1},
                                         "Customers": [{"CustomerNumber": "1", "Name": "x"}]})

    fx = mock_fortnox(growing)
    with pytest.raises(ApiError):
        fx.customer_numbers()


def test_update_sends_only_the_given_fields_and_blanks_none() -> None:
    fake = Fake(routes={("PUT", "/3/customers/A%2F1"): httpx.Response(200, json={"Customer": {
        "CustomerNumber": "A/1", "Name": "Acme"}})})
    fake.client().update_customer("A/1", {"Phone1": None, "Name": "Acme"})
    (call,) = fake.calls
    assert call.method == "PUT" and json.loads(call.content) == {"Customer": {"Phone1": "API_BLANK", "Name": "Acme"}}


def test_set_price_puts_then_posts_when_the_row_is_missing() -> None:
    price = {"Price": {"PriceList": "A", "ArticleNumber": "101", "FromQuantity": 10, "Price": 95.5}}
    not_found = {"ErrorInformation": {"Error": 1, "Message": "Kan inte hitta priset.", "Code": 2000430}}
    fake = Fake(routes={("PUT", "/3/prices/A/101/10"): httpx.Response(404, json=not_found),
                        ("POST", "/3/prices"): httpx.Response(201, json=price)})
    result = fake.client().set_price("A", "101", Decimal("95.50"), from_quantity=10)
    assert result.price == Decimal("95.5") and result.from_quantity == 10
    put, post = fake.calls
    assert json.loads(put.content) == {"Price": {"Price": 95.5}}
    assert json.loads(post.content) == {"Price": {"PriceList": "A", "ArticleNumber": "101", "FromQuantity": 10,
                                                  "Price": 95.5}}


def test_get_price_is_none_when_missing() -> None:
    not_found = {"ErrorInformation": {"Error": 1, "Message": "Kan inte hitta priset.", "Code": 2000430}}
    fake = Fake(routes={("GET", "/3/prices/A/101/0"): httpx.Response(404, json=not_found)})
    assert fake.client().get_price("A", "101") is None


def test_actions_use_put_on_the_action_path_and_parse_the_result_kind() -> None:
    invoice = {"Invoice": {"DocumentNumber": "40", "CustomerNumber": "1", "OrderReference": "7", "InvoiceRows": []}}
    fake = Fake(routes={("PUT", "/3/orders/7/createinvoice"): httpx.Response(200, json=invoice)})
    result = fake.client().create_invoice_from_order("7")
    assert (result.kind, result.document_number, result.order_reference) == ("invoice", "40", "7")
    assert fake.calls[0].content == b""


def test_probe_is_one_small_read() -> None:
    fake = Fake({"orders": [{"DocumentNumber": "1"}]},
                {("GET", "/3/companyinformation"): httpx.Response(200, json={"CompanyInformation": {}})})
    fx = fake.client()
    fx.probe("orders")
    fx.probe("companyinformation")
    assert [(c.url.path, dict(c.url.params)) for c in fake.calls] == [("/3/orders", {"limit": "1"}),
                                                                      ("/3/companyinformation", {})]
