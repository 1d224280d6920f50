"""List queries (reference/fortnox-api.md §4): ``filter``, ILIKE search parameters, ``lastmodified``, ``sortby`` /
``sortorder`` and ``page`` / ``limit`` / ``offset``.

- Search parameters are case-insensitive substring matches (``customernumber=1`` also finds 10); several combine.
- ``lastmodified=YYYY-MM-DD[ HH:MM[:SS]]`` is Swedish local time and inclusive.
- ``limit`` defaults to 100; larger than 500 is capped at 500. ``offset`` skips records before paging, and the meta
  counts what is left: an empty result is ``@TotalPages 0, @CurrentPage 1``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..clock import STOCKHOLM
from ..seed_types import Json
from .errors import INVALID_FILTER, bad_parameter, invalid
from .records import Record, number_order

DEFAULT_LIMIT, MAX_LIMIT = 100, 500
LASTMODIFIED_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")

Predicate = Callable[[Json, str], bool]  # (record data, today as YYYY-MM-DD)
Search = Callable[[Json, str], bool]  # (record data, parameter value)


@dataclass(frozen=True)
class ListSpec:
    order: tuple[str, ...]  # default sort: these fields, numbers numerically
    filters: dict[str, Predicate] = field(default_factory=dict)
    search: dict[str, Search] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)  # sortby value (lower case) -> field


def like(name: str) -> Search:
    return lambda data, value: value.casefold() in str(data.get(name) or "").casefold()


def flag(name: str) -> Search:
    return lambda data, value: str(data.get(name)).lower() == value.strip().lower()


def since(name: str) -> Search:
    return lambda data, value: bool(data.get(name)) and str(data[name]) >= value


def until(name: str) -> Search:
    return lambda data, value: bool(data.get(name)) and str(data[name]) <= value


def in_rows(rows: str, name: str) -> Search:
    return lambda data, value: any(like(name)(row, value) for row in data[rows])


def label(data: Json, value: str) -> bool:
    return any(str(item.get("Id")) == value for item in data.get("Labels") or [])


def _account(rows: str, upper: bool) -> Search:
    def match(data: Json, value: str) -> bool:
        try:
            bound = int(value)
        except ValueError:
            raise bad_parameter() from None
        return any((row.get("AccountNumber") or 0) <= bound if upper else (row.get("AccountNumber") or 0) >= bound
                   for row in data[rows])
    return match


def document_search(rows: str, date: str, *extra: str) -> dict[str, Search]:
    common = {name.lower(): like(name) for name in (
        "CustomerName", "CustomerNumber", "DocumentNumber", "CostCenter", "Project", "OurReference",
        "YourReference", *extra)}
    return {**common, "label": label, "fromdate": since(date), "todate": until(date),
            "sent": flag("Sent"), "notcompleted": flag("NotCompleted")}


def select(records: Iterable[Record], query: dict[str, list[str]], spec: ListSpec,
           today: str) -> tuple[list[Record], dict[str, int]]:
    """The page of ``records`` the query asks for, and its ``MetaInformation``."""
    chosen = list(records)
    name = _arg(query, "filter")
    if name:
        predicate = spec.filters.get(name.lower())
        if predicate is None:
            raise invalid(INVALID_FILTER, "Ett ogiltigt filter har använts.")
        chosen = [r for r in chosen if predicate(r.data, today)]
    modified = _arg(query, "lastmodified")
    if modified:
        cutoff = _lastmodified(modified)
        chosen = [r for r in chosen if r.modified >= cutoff]
    for param, values in query.items():
        search = spec.search.get(param.lower())
        if search is not None and values and values[0] != "":
            chosen = [r for r in chosen if search(r.data, values[0])]
    chosen.sort(key=_sort_key(spec, query), reverse=_descending(query))
    limit = min(_int(query, "limit", DEFAULT_LIMIT), MAX_LIMIT)
    page, offset = _int(query, "page", 1), _int(query, "offset", 0, lowest=0)
    rest = chosen[offset:]
    meta = {"@TotalResources": len(rest), "@TotalPages": math.ceil(len(rest) / limit),
            "@CurrentPage": page if rest else 1}
    return rest[(page - 1) * limit:page * limit], meta


def _arg(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[0] if values else None


def _int(query: dict[str, list[str]], name: str, default: int, *, lowest: int = 1) -> int:
    raw = _arg(query, name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad_parameter() from None
    if value < lowest:
        raise bad_parameter()
    return value


def _lastmodified(value: str) -> datetime:
    for fmt in LASTMODIFIED_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).replace(tzinfo=STOCKHOLM)
        except ValueError:
            continue
    raise bad_parameter()


def _natural(value: Any) -> tuple[int, float, str]:
    if isinstance(value, bool) or value is None:
        return (2, 0, str(value))
    if isinstance(value, int | float):
        return (0, value, "")
    kind, whole, text = number_order(str(value))
    return (kind, whole, text.casefold())


def _sort_key(spec: ListSpec, query: dict[str, list[str]]) -> Callable[[Record], tuple[Any, ...]]:
    sortby = _arg(query, "sortby")
    if sortby:
        name = spec.sort.get(sortby.lower())
        if name is None:
            raise bad_parameter()
        return lambda r: (_natural(r.data.get(name)), *(_natural(r.data.get(f)) for f in spec.order))
    return lambda r: tuple(_natural(r.data.get(f)) for f in spec.order)


def _descending(query: dict[str, list[str]]) -> bool:
    order = (_arg(query, "sortorder") or "ascending").lower()
    if order not in ("ascending", "descending"):
        raise bad_parameter()
    return order == "descending"


def _invoice_unpaid(d: Json, today: str) -> bool:
    return not d["Cancelled"] and d["Balance"] != 0


CUSTOMERS = ListSpec(
    ("CustomerNumber",),
    filters={"active": lambda d, t: d["Active"], "inactive": lambda d, t: not d["Active"]},
    search={**{name.lower(): like(name) for name in ("CustomerNumber", "Name", "ZipCode", "City", "Email",
                                                      "OrganisationNumber", "GLN", "GLNDelivery")},
            "phone": lambda d, v: like("Phone1")(d, v) or like("Phone2")(d, v)},
    sort={"customernumber": "CustomerNumber", "name": "Name"},
)
ARTICLES = ListSpec(
    ("ArticleNumber",),
    filters={"active": lambda d, t: d["Active"], "inactive": lambda d, t: not d["Active"]},
    search={**{name.lower(): like(name) for name in ("ArticleNumber", "Description", "EAN", "SupplierNumber",
                                                      "Manufacturer", "ManufacturerArticleNumber")},
            "webshop": flag("WebshopArticle")},
    sort={"articlenumber": "ArticleNumber", "quantityinstock": "QuantityInStock",
          "reservedquantity": "ReservedQuantity", "stockvalue": "StockValue"},
)
PRICE_LISTS = ListSpec(("Code",))
PRICES = ListSpec(("PriceList", "ArticleNumber", "FromQuantity"))
DOCUMENTS = {
    "invoice": ListSpec(
        ("DocumentNumber",),
        filters={
            "cancelled": lambda d, t: d["Cancelled"],
            "fullypaid": lambda d, t: not d["Cancelled"] and d["Booked"] and d["Balance"] == 0,
            "unpaid": _invoice_unpaid,
            "unpaidoverdue": lambda d, t: _invoice_unpaid(d, t) and bool(d["DueDate"]) and d["DueDate"] < t,
            "unbooked": lambda d, t: not d["Cancelled"] and not d["Booked"],
        },
        search={**document_search("InvoiceRows", "InvoiceDate", "OCR", "ExternalInvoiceReference1",
                                  "ExternalInvoiceReference2", "InvoiceType", "Currency", "YourOrderNumber"),
                "fromfinalpaydate": since("FinalPayDate"), "tofinalpaydate": until("FinalPayDate"),
                "credit": flag("Credit"), "articlenumber": in_rows("InvoiceRows", "ArticleNumber"),
                "articledescription": in_rows("InvoiceRows", "Description"),
                "accountnumberfrom": _account("InvoiceRows", upper=False),
                "accountnumberto": _account("InvoiceRows", upper=True)},
        sort={"customername": "CustomerName", "customernumber": "CustomerNumber", "documentnumber": "DocumentNumber",
              "invoicedate": "InvoiceDate", "ocr": "OCR", "total": "Total"},
    ),
    "order": ListSpec(
        ("DocumentNumber",),
        filters={
            "cancelled": lambda d, t: d["Cancelled"],
            "expired": lambda d, t: (not d["Cancelled"] and d["InvoiceReference"] == "0"
                                     and bool(d["DeliveryDate"]) and d["DeliveryDate"] < t),
            "invoicecreated": lambda d, t: d["InvoiceReference"] != "0",
            "invoicenotcreated": lambda d, t: not d["Cancelled"] and d["InvoiceReference"] == "0",
        },
        search={**document_search("OrderRows", "OrderDate", "ExternalInvoiceReference1",
                                   "ExternalInvoiceReference2", "OrderType")},
        sort={"customername": "CustomerName", "customernumber": "CustomerNumber", "orderdate": "OrderDate",
              "documentnumber": "DocumentNumber", "total": "Total"},
    ),
    "offer": ListSpec(
        ("DocumentNumber",),
        filters={
            "cancelled": lambda d, t: d["Cancelled"],
            "expired": lambda d, t: (not d["Cancelled"] and d["OrderReference"] == "0"
                                     and bool(d["ExpireDate"]) and d["ExpireDate"] < t),
            "completed": lambda d, t: not d["Cancelled"] and not d["NotCompleted"],
            "notcompleted": lambda d, t: not d["Cancelled"] and d["NotCompleted"],
            "ordercreated": lambda d, t: d["OrderReference"] != "0",
            "ordernotcreated": lambda d, t: not d["Cancelled"] and d["OrderReference"] == "0",
        },
        search=document_search("OfferRows", "OfferDate", "YourReferenceNumber"),
        # the spec names customerName, id, transactionDate and total; the other resources' names work too
        sort={"customername": "CustomerName", "customernumber": "CustomerNumber", "id": "DocumentNumber",
              "documentnumber": "DocumentNumber", "transactiondate": "OfferDate", "offerdate": "OfferDate",
              "total": "Total"},
    ),
}
