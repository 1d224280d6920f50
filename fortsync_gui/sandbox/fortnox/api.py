"""The ``/3/`` routes: parse the request, call the store, answer with Fortnox's envelopes.

Invoices, orders and offers have no DELETE route (the simulator answers 405, as the method does not exist);
price lists have none either.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from ..server import Request, Response, Router
from . import wire
from .documents import KINDS, DocKind
from .errors import JSON_SYNTAX, NO_DATA, invalid
from .listing import ARTICLES, CUSTOMERS, DOCUMENTS, PRICE_LISTS, PRICES, ListSpec, select
from .payload import entity_body
from .records import Record
from .store import FortnoxStore
from .wire import Views

ME = {"Email": "anna-karin.lund@kontorsmastarna.se", "Id": "1", "Locale": "sv_SE", "Name": "Anna Karin Lund",
      "SysAdmin": True}


def request_entity(request: Request, wrapper: str) -> dict[str, Any]:
    """The entity of a POST/PUT body: 2001392 without a body, 2002115 for broken JSON."""
    if not request.body.strip():
        raise invalid(NO_DATA, "Ingen eller felaktig typ av data.")
    try:
        parsed = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise invalid(JSON_SYNTAX, "Error deserializing JSON: JSON_ERROR_SYNTAX") from None
    return entity_body(parsed, wrapper)


class Api:
    def __init__(self, store: FortnoxStore, base_url: Callable[[], str]) -> None:
        self.store = store
        self._base_url = base_url

    @property
    def views(self) -> Views:
        return Views(self.store, self._base_url())

    def _list(self, request: Request, records: Iterable[Record], spec: ListSpec, plural: str,
              item: Callable[[Record], dict[str, Any]]) -> Response:
        chosen, meta = select(records, request.query, spec, self.store.today())
        return wire.page(plural, [item(r) for r in chosen], meta)

    def add_routes(self, r: Router) -> None:
        s = self.store
        r.add("GET", "/3/customers", lambda q: self._list(q, s.customers.values(), CUSTOMERS, "Customers",
                                                          self.views.customer_item))
        r.add("POST", "/3/customers", lambda q: wire.single(
            "Customer", self.views.customer(s.create_customer(request_entity(q, "Customer"))), created="customers"))
        r.add("GET", "/3/customers/{number}", lambda q: wire.single(
            "Customer", self.views.customer(s.customer(q.path_params["number"]))))
        r.add("PUT", "/3/customers/{number}", lambda q: wire.single("Customer", self.views.customer(
            s.update_customer(q.path_params["number"], request_entity(q, "Customer")))))
        r.add("DELETE", "/3/customers/{number}", lambda q: _deleted(s.delete_customer, q.path_params["number"]))

        r.add("GET", "/3/articles", lambda q: self._list(q, s.articles.values(), ARTICLES, "Articles",
                                                         self.views.article_item))
        r.add("POST", "/3/articles", lambda q: wire.single(
            "Article", self.views.article(s.create_article(request_entity(q, "Article"))), created="articles"))
        r.add("GET", "/3/articles/{number}", lambda q: wire.single(
            "Article", self.views.article(s.article(q.path_params["number"]))))
        r.add("PUT", "/3/articles/{number}", lambda q: wire.single("Article", self.views.article(
            s.update_article(q.path_params["number"], request_entity(q, "Article")))))
        r.add("DELETE", "/3/articles/{number}", lambda q: _deleted(s.delete_article, q.path_params["number"]))

        r.add("GET", "/3/pricelists", lambda q: self._list(q, s.price_lists.values(), PRICE_LISTS, "PriceLists",
                                                           self.views.price_list))
        r.add("POST", "/3/pricelists", lambda q: wire.single("PriceList", self.views.price_list(
            s.create_price_list(request_entity(q, "PriceList"))), created="pricelists"))
        r.add("GET", "/3/pricelists/{code}", lambda q: wire.single(
            "PriceList", self.views.price_list(s.price_list(q.path_params["code"]))))
        r.add("PUT", "/3/pricelists/{code}", lambda q: wire.single("PriceList", self.views.price_list(
            s.update_price_list(q.path_params["code"], request_entity(q, "PriceList")))))
        self._add_price_routes(r)
        for kind in KINDS.values():
            self._add_document_routes(r, kind)

        r.add("GET", "/3/companyinformation", lambda q: wire.single("CompanyInformation",
                                                                    self.views.company_information()))
        r.add("GET", "/3/settings/company", lambda q: wire.single("CompanySettings", self.views.company_settings()))
        r.add("GET", "/3/me", lambda q: wire.single("MeInformation", dict(ME)))

    def _add_price_routes(self, r: Router) -> None:
        s = self.store

        def one(q: Request) -> tuple[str, str, str | None]:
            p = q.path_params
            return p["price_list"], p["article"], p.get("from_quantity")

        # the sublist first: its path would also match {price_list}/{article}/{from_quantity}
        r.add("GET", "/3/prices/sublist/{price_list}/{article}", lambda q: self._sublist(*one(q)[:2]))
        r.add("GET", "/3/prices", lambda q: self._list(q, s.prices.values(), PRICES, "Prices",
                                                       self.views.price_item))
        r.add("POST", "/3/prices", lambda q: wire.single(
            "Price", self.views.price(s.create_price(request_entity(q, "Price"))), created="prices"))
        for path in ("/3/prices/{price_list}/{article}", "/3/prices/{price_list}/{article}/{from_quantity}"):
            r.add("GET", path, lambda q: wire.single("Price", self.views.price(s.price(*one(q)))))
            r.add("PUT", path, lambda q: wire.single("Price", self.views.price(
                s.update_price(*one(q), request_entity(q, "Price")))))
        r.add("DELETE", "/3/prices/{price_list}/{article}/{from_quantity}",
              lambda q: _deleted(s.delete_price, *one(q)))

    def _sublist(self, price_list: str, article: str) -> Response:
        rows = self.store.sublist(price_list, article)
        meta = {"@TotalResources": len(rows), "@TotalPages": 1 if rows else 0, "@CurrentPage": 1}
        return wire.page("Prices", [self.views.price_item(row) for row in rows], meta)

    def _add_document_routes(self, r: Router, k: DocKind) -> None:
        base, one = f"/3/{k.path}", f"/3/{k.path}/{{number}}"
        r.add("GET", base, partial(self._documents, k))
        r.add("POST", base, partial(self._create_document, k))
        r.add("GET", one, lambda q: self._document(k, self.store.documents.get(k.kind, q.path_params["number"])))
        r.add("PUT", one, lambda q: self._document(k, self.store.documents.update(
            k.kind, q.path_params["number"], request_entity(q, k.singular))))
        d = self.store.documents
        actions: dict[str, Callable[[str], Record]] = {"cancel": partial(d.cancel, k.kind)}
        results = {"cancel": k}
        if k.kind == "invoice":
            actions.update(bookkeep=d.bookkeep, credit=d.credit)
            results.update(bookkeep=k, credit=k)
        if k.kind in ("order", "offer"):
            actions["createinvoice"] = partial(d.create_invoice, k.kind)
            results["createinvoice"] = KINDS["invoice"]
        if k.kind == "offer":
            actions["createorder"] = d.create_order
            results["createorder"] = KINDS["order"]
        for action, run in actions.items():
            r.add("PUT", f"{one}/{action}", partial(self._action, run, results[action]))

    def _documents(self, k: DocKind, q: Request) -> Response:
        return self._list(q, self.store.documents.records[k.kind].values(), DOCUMENTS[k.kind], k.plural,
                          partial(self.views.document_item, k))

    def _create_document(self, k: DocKind, q: Request) -> Response:
        record = self.store.documents.create(k.kind, request_entity(q, k.singular))
        return wire.single(k.singular, self.views.document(k, record), created=k.path)

    def _document(self, k: DocKind, record: Record) -> Response:
        return wire.single(k.singular, self.views.document(k, record))

    def _action(self, run: Callable[[str], Record], result: DocKind, q: Request) -> Response:
        return self._document(result, run(q.path_params["number"]))


def _deleted(delete: Callable[..., None], *args: Any) -> Response:
    delete(*args)
    return wire.no_content()
