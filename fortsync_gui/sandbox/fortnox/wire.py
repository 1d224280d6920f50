"""What goes on the wire: Fortnox's JSON encoding, envelopes, full entities and the slimmer list items.

Fortnox's encoder escapes ``/`` as ``\\/`` and non-ASCII as ``\\uXXXX`` (recorded: ``"Utl\\u00e4gg"``) and labels the
body plain ``application/json``, so bodies are encoded here rather than with ``server.json_response``. List items
differ from full entities in names and types (reference/fortnox-api.md §4.1): the customer item has ``Phone``, the
article item sends its numbers as strings, the invoice item sends ``CurrencyRate`` as a string.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from ..seed_types import Json
from ..server import Response
from .countries import name_of
from .documents import DocKind
from .errors import FortnoxError
from .records import Record
from .store import FortnoxStore
from .values import decimal, quantity

JSON_TYPE = "application/json"


def body(status: int, obj: Any, headers: dict[str, str] | None = None) -> Response:
    text = json.dumps(obj, separators=(",", ":")).replace("/", "\\/")
    return Response(status, text.encode("ascii"), {"Content-Type": JSON_TYPE, **(headers or {})})


def error(err: FortnoxError) -> Response:
    return body(err.status, err.body(), err.headers)


def unauthorized() -> Response:
    """What the gateway answers to a missing, expired or revoked bearer token (recorded)."""
    return body(401, {"message": "unauthorized"})


def single(wrapper: str, entity: Json, *, created: str | None = None) -> Response:
    """``{"Customer": {...}}``; a POST answers 201 with ``Location: customers`` (recorded)."""
    if created:
        return body(201, {wrapper: entity}, {"Location": created})
    return body(200, {wrapper: entity})


def page(plural: str, items: list[Json], meta: dict[str, int]) -> Response:
    return body(200, {"MetaInformation": meta, plural: items})


def no_content() -> Response:
    return Response(204, b"", {})


class Views:
    """Full entities and list items for one simulator (``@url`` values are absolute, on its base URL)."""

    def __init__(self, store: FortnoxStore, base_url: str) -> None:
        self.store = store
        self.base = base_url

    def url(self, *parts: Any) -> str:
        return "/".join([f"{self.base}/3", *(quote(str(p), safe="") for p in parts)])

    # --- customers and articles -----------------------------------------------------------------------------------

    def customer(self, r: Record) -> Json:
        return {"@url": self.url("customers", r.data["CustomerNumber"]), **r.data}

    def customer_item(self, r: Record) -> Json:
        d = r.data
        item = {"@url": self.url("customers", d["CustomerNumber"])}
        for name, source in (("Address1", "Address1"), ("Address2", "Address2"), ("City", "City"),
                             ("CustomerNumber", "CustomerNumber"), ("Email", "Email"), ("Name", "Name"),
                             ("OrganisationNumber", "OrganisationNumber"), ("Phone", "Phone1"),
                             ("ZipCode", "ZipCode")):
            item[name] = d[source] or ""  # the list shows "" where the full customer has null (recorded)
        return item

    def article(self, r: Record) -> Json:
        number = r.data["ArticleNumber"]
        return {"@url": self.url("articles", number), **r.data, "SalesPrice": self.store.sales_price(number)}

    def article_item(self, r: Record) -> Json:
        d = r.data
        sales_price = self.store.sales_price(d["ArticleNumber"])
        return {
            "@url": self.url("articles", d["ArticleNumber"]), "ArticleNumber": d["ArticleNumber"],
            "Description": d["Description"], "DisposableQuantity": _text_number(d["DisposableQuantity"]),
            "EAN": d["EAN"], "Housework": d["Housework"], "PurchasePrice": _text_number(d["PurchasePrice"]),
            "SalesPrice": None if sales_price is None else _text_number(sales_price),
            "QuantityInStock": _text_number(d["QuantityInStock"]),
            "ReservedQuantity": _text_number(d["ReservedQuantity"]), "StockPlace": d["StockPlace"],
            "StockValue": _text_number(d["StockValue"]), "Unit": d["Unit"],
            # recorded items show "VAT":null for articles whose full VAT is 0
            "VAT": _text_number(d["VAT"]) if d["VAT"] else None, "WebshopArticle": d["WebshopArticle"],
        }

    # --- price lists and prices -----------------------------------------------------------------------------------

    def price_list(self, r: Record) -> Json:
        return {"@url": self.url("pricelists", r.data["Code"]), **r.data}

    def price(self, r: Record) -> Json:
        d = r.data
        return {"@url": self.url("prices", d["PriceList"], d["ArticleNumber"], quantity(d["FromQuantity"])), **d}

    def price_item(self, r: Record) -> Json:
        d = r.data
        return {"@url": self.url("prices", d["PriceList"], d["ArticleNumber"], quantity(d["FromQuantity"])),
                "ArticleNumber": d["ArticleNumber"], "FromQuantity": d["FromQuantity"], "Price": d["Price"],
                "PriceList": d["PriceList"]}

    # --- documents ------------------------------------------------------------------------------------------------

    def document(self, k: DocKind, r: Record) -> Json:
        number = r.data["DocumentNumber"]
        return {"@url": self.url(k.path, number),
                "@urlTaxReductionList": f"{self.base}/3/taxreductions?filter={k.path}&referencenumber={number}",
                **r.data}

    def document_item(self, k: DocKind, r: Record) -> Json:
        item = {name: r.data[name] for name in k.list_fields if name != "@url"}
        if "CurrencyRate" in item:
            item["CurrencyRate"] = _text_number(item["CurrencyRate"])  # "1" in recorded invoice lists
        return {"@url": self.url(k.path, r.data["DocumentNumber"]), **item}

    # --- company --------------------------------------------------------------------------------------------------

    def company_information(self) -> Json:
        c = self.store.company
        return {name: c.get(name, "") for name in (
            "Address", "City", "CompanyName", "CountryCode", "DatabaseNumber", "OrganizationNumber", "VisitAddress",
            "VisitCity", "VisitCountryCode", "VisitZipCode", "ZipCode")}

    def company_settings(self) -> Json:
        c = self.store.company
        digits = "".join(ch for ch in c.get("OrganizationNumber", "") if ch.isdigit())
        return {
            "Address": c.get("Address", ""), "BG": c.get("BG", ""), "BIC": c.get("BIC", ""), "BranchCode": "",
            "City": c.get("City", ""), "ContactFirstName": c.get("ContactFirstName", ""),
            "ContactLastName": c.get("ContactLastName", ""), "Country": name_of(c.get("CountryCode")) or "",
            "CountryCode": c.get("CountryCode", ""), "DatabaseNumber": str(c["DatabaseNumber"]),
            "Domicile": c.get("City", ""), "Email": c.get("Email", ""), "Fax": "", "IBAN": c.get("IBAN", ""),
            "Name": c.get("CompanyName", ""), "OrganizationNumber": c.get("OrganizationNumber", ""),
            "PG": c.get("PG", ""), "Phone1": c.get("Phone1", ""), "Phone2": "", "TaxEnabled": True,
            "VATNumber": f"SE{digits}01" if digits else "", "VisitAddress": c.get("VisitAddress", ""),
            "VisitCity": c.get("VisitCity", ""), "VisitCountry": name_of(c.get("VisitCountryCode")) or "",
            "VisitCountryCode": c.get("VisitCountryCode", ""), "VisitName": "",
            "VisitZipCode": c.get("VisitZipCode", ""), "WWW": c.get("WWW", ""), "ZipCode": c.get("ZipCode", ""),
        }


def _text_number(value: Any) -> str:
    return quantity(decimal(value or 0))
