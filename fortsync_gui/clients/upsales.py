"""The Upsales REST API v2 client (reference/upsales-api.md): typed records in, typed records and errors out.

Built on :class:`HttpApi`: one limiter per API key shared by every client object and thread (200 requests per
10 s), retries only where repeating is safe, the key sent as ``Cookie: token=…`` (never in a URL). Every answer's
``X-RateLimit-Remaining``/``X-RateLimit-Reset`` is read; when the quota is spent, everyone sharing the key waits for
the reset instead of collecting 429s.

Large registers (accounts, products, orders) are walked with keyset paging, as Upsales advises for complete crawls:
``sort=id&id=gt:<last id>&limit=N``; small ones (users, stages, price lists, custom fields) with limit/offset.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

import httpx

from fortsync_gui.domain.upsales import (
    Account,
    CustomField,
    Order,
    OrderStage,
    PriceList,
    Product,
    UpsalesSelf,
    User,
)

from . import upsales_wire as wire
from .answer import Answer
from .errors import MalformedResponse, UncertainWrite, ValidationFailed
from .http import READ_TIMEOUT, HttpApi, RetryPolicy
from .ratelimit import UPSALES_RATE_LIMIT, RateLimit, shared_limiter
from .redact import register_secret
from .upsales_errors import error_for, map_upsales_error

T = TypeVar("T")
Params = list[tuple[str, str]]
DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 1000, 2000  # Upsales' default and maximum ``limit``
CUSTOM_FIELD_ENTITIES = frozenset({"account", "contact", "activity", "appointment", "order", "orderrow", "product",
                                   "project", "user", "agreement", "udo"})
FieldSpec = tuple[str, str, str]  # (alias, name, datatype)
USE_PRICE_LISTS = ("usePriceLists", "true")  # on every product request, or prices lose their price list


@contextmanager
def _wire_format(path: str) -> Iterator[None]:
    try:
        yield
    except wire.WireFormatError as exc:
        raise MalformedResponse("upsales", f"Oväntat format: {exc}", url=path) from None


def _header_seconds(response: Answer, name: str) -> float | None:
    try:
        return float(response.headers[name])
    except (KeyError, ValueError):
        return None


class UpsalesClient:
    def __init__(self, base_url: str = "https://integration.upsales.com/api/v2", *, token: str,
                 rate_limit: RateLimit = UPSALES_RATE_LIMIT, retry: RetryPolicy | None = None,
                 timeout: float = READ_TIMEOUT, write_timeout: float | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        register_secret(token)
        cookie = {"Cookie": f"token={token}"}
        self._limiter = shared_limiter("upsales", token, rate_limit)
        self._http = HttpApi(
            "upsales", base_url, limiter=self._limiter, error_mapper=map_upsales_error,
            auth_headers=lambda: cookie, on_response=self._observe_quota, retry=retry, timeout=timeout,
            write_timeout=write_timeout, transport=transport, headers={"Content-Type": "application/json"},
        )
        self._fields: dict[str, list[CustomField]] = {}
        self._fields_lock = threading.RLock()

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

    def __enter__(self) -> UpsalesClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- plumbing -------------------------------------------------------------------------------------------------

    def _observe_quota(self, response: Answer) -> None:
        """Spent quota: hold every request with this key until the window resets (a negative reset counts as 0)."""
        remaining = _header_seconds(response, "X-RateLimit-Remaining")
        if remaining is not None and remaining <= 0:
            self._limiter.pause(max(0.0, _header_seconds(response, "X-RateLimit-Reset") or 0.0))

    def _send(self, method: str, path: str, *, params: Params | None = None, body: Any = None,
              expect: tuple[int, ...] = ()) -> tuple[Answer, Any]:
        """(response, JSON body) of one request; a truthy ``error`` in a 2xx answer raises like an error status.
        An answer whose status is in ``expect`` comes back unread."""
        response = self._http.request(method, path, params=params, json_body=body, expect=expect)
        if response.status_code in expect:
            return response, None
        payload = self._http.json(response) if response.content else None
        info = wire.error_info(payload)
        if info is not None:
            raise error_for(response.status_code, info, method=method, url=response.request.url.path)
        return response, payload

    def _record(self, method: str, path: str, parse: Callable[[wire.Json], T], *, params: Params | None = None,
                body: Any = None) -> T:
        _, payload = self._send(method, path, params=params, body=body)
        with _wire_format(path):
            return parse(wire.record(payload))

    def _page(self, path: str, params: Params) -> wire.Page:
        _, payload = self._send("GET", path, params=params)
        with _wire_format(path):
            return wire.page(payload)

    def _delete(self, path: str) -> bool:
        """True when this call deleted the record, False when it was already gone (a DELETE retried after a lost
        answer finds nothing: that is success, not an error)."""
        response, _ = self._send("DELETE", path, expect=(404,))
        if response.status_code != 404:
            return True
        if "json" not in response.headers.get("Content-Type", ""):
            raise map_upsales_error(response)  # an unknown route (HTML page), not a missing record
        return False

    def _keyset(self, path: str, params: Params, parse: Callable[[wire.Json], T],
                page_size: int = DEFAULT_PAGE_SIZE) -> Iterator[T]:
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be 1..{MAX_PAGE_SIZE}")
        last = 0
        while True:
            query = [*params, ("sort", "id"), ("id", f"gt:{last}"), ("limit", str(page_size))]
            page = self._page(path, query)
            with _wire_format(path):
                records = [(wire.required_int(item, "id"), parse(item)) for item in page.items]
            if not records:
                return
            newest = max(ident for ident, _ in records)
            if newest <= last:  # a server ignoring the id filter would otherwise loop forever
                raise MalformedResponse("upsales", "Sidindelningen gick inte framåt (sort=id ignorerades)", url=path)
            yield from (item for _, item in records)
            last = newest
            if len(records) < min(page_size, page.limit or page_size) or (page.total is not None
                                                                          and page.total <= len(records)):
                return

    def _all(self, path: str, parse: Callable[[wire.Json], T], params: Params | None = None) -> list[T]:
        out: list[T] = []
        while True:
            query = [*(params or []), ("limit", str(DEFAULT_PAGE_SIZE)), ("offset", str(len(out)))]
            page = self._page(path, query)
            with _wire_format(path):
                out += [parse(item) for item in page.items]
            if len(page.items) < (page.limit or DEFAULT_PAGE_SIZE) or (page.total is not None
                                                                        and len(out) >= page.total):
                return out

    @staticmethod
    def _since(modified_since: datetime | None) -> Params:
        return [] if modified_since is None else [("modDate", f"gte:{wire.filter_time(modified_since)}")]

    # --- connection test ------------------------------------------------------------------------------------------

    def self_(self) -> UpsalesSelf:
        """``GET /self``: the cheap credential probe (AuthError when the key is wrong or revoked)."""
        return self._record("GET", "/self", wire.upsales_self)

    # --- accounts (companies) -------------------------------------------------------------------------------------

    def iter_accounts(self, *, modified_since: datetime | None = None, page_size: int = DEFAULT_PAGE_SIZE,
                      **filters: Any) -> Iterator[Account]:
        """Every company (identified web visitors, ``isExternal=1``, left out), streamed in id order.
        ``modified_since`` must be timezone-aware; extra filters are ``attr="op:value"`` (a list repeats the key)."""
        params = [("isExternal", "0"), *self._since(modified_since), *wire.filter_params(filters)]
        return self._keyset("/accounts", params, wire.account, page_size)

    def account_ids(self) -> set[int]:
        """The id of every company, for deletion detection: 2000 per request, sparse (``f[]=id``). Keyset paging
        cannot skip a record that exists throughout the listing. (``f[]`` is known to drop fields on some
        endpoints, WEB-5366/5367; only ``id`` is read here.)"""
        params = [("isExternal", "0"), ("f[]", "id")]
        return set(self._keyset("/accounts", params, lambda item: wire.required_int(item, "id"), MAX_PAGE_SIZE))

    def get_account(self, account_id: int) -> Account:
        return self._record("GET", f"/accounts/{account_id}", wire.account)

    def create_account(self, payload: Mapping[str, Any]) -> Account:
        """``POST /accounts`` (see :func:`upsales_wire.account_payload`). Not repeated when the answer is lost:
        ``UncertainWrite`` then means "look it up before trying again"."""
        return self._record("POST", "/accounts", wire.account, body=dict(payload))

    def update_account(self, account_id: int, payload: Mapping[str, Any]) -> Account:
        return self._record("PUT", f"/accounts/{account_id}", wire.account, body=dict(payload))

    def delete_account(self, account_id: int) -> bool:
        """False if the company was already gone."""
        return self._delete(f"/accounts/{account_id}")

    def find_accounts_by_custom(self, field_id: int, value: str) -> list[Account]:
        """Companies whose custom field holds exactly ``value`` (``custom=eq:<fieldId>:<value>``)."""
        if "," in value:  # the API reads "a,b" as "a or b"
            raise ValueError("a custom-field search value cannot contain a comma")
        found = self.iter_accounts(custom=f"eq:{field_id}:{value}")
        return [a for a in found if a.custom.get(field_id) == value]

    # --- products and price lists ---------------------------------------------------------------------------------

    def iter_products(self, *, page_size: int = DEFAULT_PAGE_SIZE, **filters: Any) -> Iterator[Product]:
        return self._keyset("/products", [USE_PRICE_LISTS, *wire.filter_params(filters)], wire.product,
                            page_size)

    def get_product(self, product_id: int) -> Product:
        return self._record("GET", f"/products/{product_id}", wire.product, params=[USE_PRICE_LISTS])

    def create_product(self, payload: Mapping[str, Any], *, prices: Mapping[int, Decimal] | None = None) -> Product:
        """``POST /products`` (see :func:`upsales_wire.product_payload`), with SEK prices per price list id."""
        body = dict(payload)
        if prices:
            body["currencies"] = wire.price_currencies(prices)
        return self._record("POST", "/products", wire.product, params=[USE_PRICE_LISTS], body=body)

    def update_product(self, product_id: int, payload: Mapping[str, Any] | None = None, *,
                       prices: Mapping[int, Decimal] | None = None, current: Product | None = None) -> Product:
        """``PUT /products/{id}``. ``prices`` sets the SEK price of the price lists given and keeps every other
        price: Upsales replaces the whole ``currencies`` array, so the product is read first unless ``current``
        (fresh) is passed."""
        body = dict(payload or {})
        if prices:
            keep = (current or self.get_product(product_id)).currency_prices
            body["currencies"] = wire.price_currencies(prices, keep=keep)
        return self._record("PUT", f"/products/{product_id}", wire.product, params=[USE_PRICE_LISTS], body=body)

    def set_product_inactive(self, product_id: int) -> Product:
        """Products cannot be deleted in Upsales; they are made inactive."""
        return self.update_product(product_id, {"active": 0})

    def list_price_lists(self) -> list[PriceList]:
        return self._all("/priceLists", wire.price_list)

    def find_price_list_by_code(self, code: str) -> PriceList | None:
        wanted = code.strip()
        return next((p for p in self.list_price_lists() if p.code == wanted), None)

    # --- orders and opportunities ---------------------------------------------------------------------------------

    def iter_orders(self, *, modified_since: datetime | None = None,
                    probability: int | tuple[int, int] | None = None, page_size: int = DEFAULT_PAGE_SIZE,
                    **filters: Any) -> Iterator[Order]:
        """Orders and opportunities (one entity). Filter on ``probability`` explicitly: 100 won, 0 lost,
        ``(1, 99)`` open opportunities; ``None`` lists all of them."""
        params = [*self._since(modified_since), *wire.probability_params(probability), *wire.filter_params(filters)]
        return self._keyset("/orders", params, wire.order, page_size)

    def get_order(self, order_id: int) -> Order:
        return self._record("GET", f"/orders/{order_id}", wire.order)

    def create_order(self, payload: Mapping[str, Any]) -> Order:
        """``POST /orders`` (see :func:`upsales_wire.order_payload`); never repeated blindly (``UncertainWrite``)."""
        return self._record("POST", "/orders", wire.order, body=dict(payload))

    def update_order(self, order_id: int, payload: Mapping[str, Any]) -> Order:
        """``PUT /orders/{id}``; rows sent replace all rows (send every row, with its id to keep it)."""
        return self._record("PUT", f"/orders/{order_id}", wire.order, body=dict(payload))

    # --- stages and users -----------------------------------------------------------------------------------------

    def list_order_stages(self) -> list[OrderStage]:
        return self._all("/orderstages", wire.order_stage)

    def list_users(self, active_only: bool = False) -> list[User]:
        users = self._all("/users", wire.user)
        return [u for u in users if u.active] if active_only else users

    # --- custom fields --------------------------------------------------------------------------------------------

    @staticmethod
    def _entity(entity: str) -> str:
        if entity not in CUSTOM_FIELD_ENTITIES:
            raise ValueError(f"unknown custom-field entity: {entity!r}")
        return entity

    def list_custom_fields(self, entity: str) -> list[CustomField]:
        """The field definitions of ``entity`` (read now; also refreshes this client's cache)."""
        path = f"/customfields/{self._entity(entity)}"
        fields = self._all(path, lambda item: wire.custom_field(entity, item))
        with self._fields_lock:
            self._fields[entity] = fields
        return fields

    def _cached_fields(self, entity: str) -> list[CustomField]:
        with self._fields_lock:
            cached = self._fields.get(entity)
        return self.list_custom_fields(entity) if cached is None else cached

    def find_custom_field(self, entity: str, alias: str) -> CustomField | None:
        return next((f for f in self._cached_fields(entity) if f.alias == alias), None)

    def create_custom_field(self, entity: str, name: str, alias: str, datatype: str = "String", *,
                            visible: bool = True, editable: bool = True) -> CustomField:
        path = f"/customfields/{self._entity(entity)}"
        body = wire.custom_field_payload(name, alias, datatype, visible=visible, editable=editable)
        created = self._record("POST", path, lambda item: wire.custom_field(entity, item), body=body)
        if created.alias != alias:  # in case POST ignores the alias (the documented way to set it is PUT)
            created = self._record("PUT", f"{path}/{created.id}", lambda item: wire.custom_field(entity, item),
                                   body={"alias": alias})
        with self._fields_lock:
            if entity in self._fields:
                self._fields[entity] = [*self._fields[entity], created]
        return created

    def rename_custom_field(self, entity: str, field_id: int, name: str) -> CustomField:
        path = f"/customfields/{self._entity(entity)}/{field_id}"
        renamed = self._record("PUT", path, lambda item: wire.custom_field(entity, item), body={"name": name})
        with self._fields_lock:
            if entity in self._fields:
                self._fields[entity] = [renamed if f.id == field_id else f for f in self._fields[entity]]
        return renamed

    def ensure_custom_fields(self, entity: str, specs: Sequence[FieldSpec], *, visible: bool = True,
                             editable: bool = True) -> dict[str, int]:
        """alias -> field id for every ``(alias, name, datatype)``, creating only the fields that are missing.
        Answers from this client's cache once the definitions were read."""
        with self._fields_lock:
            ids: dict[str, int] = {}
            for alias, name, datatype in specs:
                found = self.find_custom_field(entity, alias)
                if found is None:
                    found = self._create_once(entity, name, alias, datatype, visible=visible, editable=editable)
                ids[alias] = found.id
            return ids

    def _create_once(self, entity: str, name: str, alias: str, datatype: str, *, visible: bool,
                     editable: bool) -> CustomField:
        try:
            return self.create_custom_field(entity, name, alias, datatype, visible=visible, editable=editable)
        except (UncertainWrite, ValidationFailed):  # it may exist (by now, or made by another client): read again
            found = next((f for f in self.list_custom_fields(entity) if f.alias == alias), None)
            if found is None:
                raise
            return found
