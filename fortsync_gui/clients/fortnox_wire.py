"""Fortnox JSON <-> domain records, tolerant of what the real API sends (reference/fortnox-api.md §4, §5, §6, §13).

Quirks handled on the way in: numbers as JSON numbers or strings (``"1.12"``, ``"0"``, ``"-0"``), booleans as
strings (``"Credit":"false"``), ``"0"`` meaning "no reference", ``null`` and ``""`` mixed for "empty", error keys in
two casings, and the legacy ``{"PriceLists":{"PriceListSubset":[...]}}`` list shape.

On the way out: an update sends only the fields given, ``None`` becomes ``"API_BLANK"`` (Fortnox ignores ``""``
and ``null`` on update: only that literal clears a field) and ``Decimal`` becomes a JSON number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from fortsync_gui.domain.fortnox import (
    Article,
    CompanyInformation,
    Customer,
    Document,
    DocumentKind,
    DocumentRow,
    Me,
    Price,
    PriceList,
)

API_BLANK = "API_BLANK"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


class WireFormatError(ValueError):
    """The JSON does not have the shape Fortnox documents (the client turns this into ``MalformedResponse``)."""


# --- scalars ------------------------------------------------------------------------------------------------------

def text(value: Any) -> str | None:
    """A string field; ``None`` for null and "". Numbers (an OCR sent as a number) become their text."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise WireFormatError(f"text expected, got {value!r}")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def required_text(record: Mapping[str, Any], key: str) -> str:
    value = text(record.get(key))
    if value is None:
        raise WireFormatError(f"{key} missing")
    return value


def decimal(value: Any) -> Decimal | None:
    """A number sent as a number or a string; ``None`` for null and ""; ``"-0"`` is 0."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise WireFormatError(f"number expected, got {value!r}")
    try:
        # str() of a float is its shortest exact repr, so 1.12 stays 1.12 (Decimal(1.12) would not)
        number = Decimal(value.strip() if isinstance(value, str) else str(value))
    except InvalidOperation:
        raise WireFormatError(f"number expected, got {value!r}") from None
    if not number.is_finite():
        raise WireFormatError(f"number expected, got {value!r}")
    return Decimal(0) if number.is_zero() else number


def integer(value: Any) -> int | None:
    number = decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise WireFormatError(f"integer expected, got {value!r}")
    return int(number)


def boolean(value: Any) -> bool | None:
    """``true``/``false`` as JSON booleans or strings (``"Credit":"false"``), also 1/0; ``None`` for null and ""."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0"):
        return value.strip().lower() in ("true", "1")
    raise WireFormatError(f"boolean expected, got {value!r}")


def reference(value: Any) -> str | None:
    """A reference to another document: ``"0"`` / ``0`` (Fortnox's "none"), null and "" all mean ``None``."""
    ref = text(value)
    return None if ref is None or ref.strip() in ("0", "-0") else ref


def iso_date(value: Any) -> date | None:
    """``YYYY-MM-DD`` (a date-time's date part is accepted too); ``None`` for null and ""."""
    raw = text(value)
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        raise WireFormatError(f"date expected, got {value!r}") from None


# --- envelopes ----------------------------------------------------------------------------------------------------

def lookup(mapping: Mapping[str, Any], key: str) -> Any:
    """``mapping[key]`` ignoring the key's case (Fortnox sends ``Message`` and ``message``); ``None`` if absent."""
    if key in mapping:
        return mapping[key]
    lowered = key.lower()
    return next((v for k, v in mapping.items() if isinstance(k, str) and k.lower() == lowered), None)


def unwrap(body: Any, key: str) -> dict[str, Any]:
    """The entity inside ``{"Customer": {...}}``."""
    if not isinstance(body, Mapping) or not isinstance(body.get(key), Mapping):
        raise WireFormatError(f"{{{key!r}: {{...}}}} expected")
    return dict(body[key])


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    current_page: int
    total_pages: int
    total_resources: int | None  # None when the list came without MetaInformation

    @property
    def is_last(self) -> bool:
        return self.current_page >= self.total_pages


def page(body: Any, plural: str) -> Page:
    """One page of a list: ``{"MetaInformation": {...}, "<Plural>": [...]}``.

    An empty result has ``@TotalPages`` 0 and ``@CurrentPage`` 1. Lists that come without ``MetaInformation``
    (sublists) are one page. The legacy ``{"PriceLists": {"PriceListSubset": [...]}}`` shape is accepted too.
    """
    if not isinstance(body, Mapping):
        raise WireFormatError("list object expected")
    items = body.get(plural)
    if isinstance(items, Mapping) and len(items) == 1:  # legacy XML-ish wrapping: {"PriceListSubset": [...]}
        (items,) = items.values()
        if isinstance(items, Mapping):  # one element, as XML-to-JSON converters render it
            items = [items]
    if items is None and plural not in body:
        raise WireFormatError(f"{plural!r} missing")
    items = items or []
    if not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items):
        raise WireFormatError(f"{plural!r} is not a list of objects")
    meta = body.get("MetaInformation")
    if not isinstance(meta, Mapping):
        return Page([dict(i) for i in items], 1, 1, None)
    current, total = integer(meta.get("@CurrentPage")), integer(meta.get("@TotalPages"))
    if current is None or total is None:
        raise WireFormatError("MetaInformation without @CurrentPage/@TotalPages")
    return Page([dict(i) for i in items], current, total, integer(meta.get("@TotalResources")))


@dataclass(frozen=True)
class ErrorBody:
    message: str
    code: int | str | None = None


def error_body(body: Any) -> ErrorBody | None:
    """The error in any of Fortnox's shapes, or ``None`` when ``body`` is none of them.

    ``{"ErrorInformation": {"error"|"Error", "message"|"Message", "code"|"Code"}}`` (code a number or a numeric
    string), the gateway's bare ``{"message": "unauthorized"}`` and OAuth's ``{"error", "error_description"}``.
    """
    if not isinstance(body, Mapping):
        return None
    info = lookup(body, "ErrorInformation")
    if isinstance(info, Mapping):
        code = lookup(info, "Code")
        if isinstance(code, str) and code.strip().isdigit():
            code = int(code)
        elif not isinstance(code, int) or isinstance(code, bool):
            code = text(code)
        return ErrorBody(str(lookup(info, "Message") or ""), code)
    if isinstance(body.get("error"), str):
        return ErrorBody(str(body.get("error_description") or body["error"]), body["error"])
    message = lookup(body, "message")
    if isinstance(message, str):
        return ErrorBody(message)
    return None


# --- records ------------------------------------------------------------------------------------------------------

def customer(record: Mapping[str, Any], *, partial: bool = False) -> Customer:
    r = record
    return Customer(
        customer_number=required_text(r, "CustomerNumber"),
        name=text(r.get("Name")) or "",
        organisation_number=text(r.get("OrganisationNumber")),
        address1=text(r.get("Address1")),
        address2=text(r.get("Address2")),
        zip_code=text(r.get("ZipCode")),
        city=text(r.get("City")),
        country_code=text(r.get("CountryCode")),
        visiting_address=text(r.get("VisitingAddress")),
        visiting_zip_code=text(r.get("VisitingZipCode")),
        visiting_city=text(r.get("VisitingCity")),
        visiting_country_code=text(r.get("VisitingCountryCode")),
        delivery_name=text(r.get("DeliveryName")),
        delivery_address1=text(r.get("DeliveryAddress1")),
        delivery_address2=text(r.get("DeliveryAddress2")),
        delivery_zip_code=text(r.get("DeliveryZipCode")),
        delivery_city=text(r.get("DeliveryCity")),
        delivery_country_code=text(r.get("DeliveryCountryCode")),
        phone1=text(r.get("Phone1", r.get("Phone"))),  # list items call it Phone
        email=text(r.get("Email")),
        www=text(r.get("WWW")),
        vat_number=text(r.get("VATNumber")),
        active=boolean(r.get("Active")),
        our_reference=text(r.get("OurReference")),
        your_reference=text(r.get("YourReference")),
        currency=text(r.get("Currency")),
        price_list=text(r.get("PriceList")),
        is_partial=partial,
        external_reference=text(r.get("ExternalReference")),
    )


def article(record: Mapping[str, Any], *, partial: bool = False) -> Article:
    r = record
    return Article(
        article_number=required_text(r, "ArticleNumber"),
        description=text(r.get("Description")) or "",
        active=boolean(r.get("Active")),
        purchase_price=decimal(r.get("PurchasePrice")),
        sales_price=decimal(r.get("SalesPrice")),
        vat=decimal(r.get("VAT")),
        unit=text(r.get("Unit")),
        ean=text(r.get("EAN")),
        type=text(r.get("Type")),
        is_partial=partial,
    )


def price_list(record: Mapping[str, Any]) -> PriceList:
    return PriceList(
        code=required_text(record, "Code"),
        description=text(record.get("Description")) or "",
        comments=text(record.get("Comments")),
        preselected=bool(boolean(record.get("PreSelected"))),
        raw=dict(record),
    )


def price(record: Mapping[str, Any]) -> Price:
    amount = decimal(record.get("Price"))
    if amount is None:
        raise WireFormatError("Price missing")
    return Price(
        price_list=required_text(record, "PriceList"),
        article_number=required_text(record, "ArticleNumber"),
        from_quantity=decimal(record.get("FromQuantity")) or Decimal(0),
        price=amount,
        percent=decimal(record.get("Percent")),
        date=text(record.get("Date")),
    )


@dataclass(frozen=True)
class DocumentShape:
    """Where each document kind keeps what :class:`Document` models."""

    kind: DocumentKind
    path: str  # /3/<path>
    singular: str  # wrapper key of one document
    plural: str  # key of a list page
    rows: str
    date: str
    quantity: str
    stamp: str  # field holding Fortsync's idempotency stamp


SHAPES: dict[DocumentKind, DocumentShape] = {
    "invoice": DocumentShape("invoice", "invoices", "Invoice", "Invoices", "InvoiceRows", "InvoiceDate",
                             "DeliveredQuantity", "ExternalInvoiceReference1"),
    "order": DocumentShape("order", "orders", "Order", "Orders", "OrderRows", "OrderDate", "OrderedQuantity",
                           "ExternalInvoiceReference1"),
    "offer": DocumentShape("offer", "offers", "Offer", "Offers", "OfferRows", "OfferDate", "Quantity",
                           "YourReferenceNumber"),
}


def document_row(record: Mapping[str, Any], shape: DocumentShape) -> DocumentRow:
    r = record
    return DocumentRow(
        article_number=text(r.get("ArticleNumber")),
        description=text(r.get("Description")),
        quantity=decimal(r.get(shape.quantity)),
        price=decimal(r.get("Price")),
        discount=decimal(r.get("Discount")),
        discount_type=text(r.get("DiscountType")),
        vat=decimal(r.get("VAT")),
        unit=text(r.get("Unit")),
        total=decimal(r.get("Total")),
        row_id=integer(r.get("RowId")),
    )


def document(kind: DocumentKind, record: Mapping[str, Any], *, partial: bool = False) -> Document:
    shape = SHAPES[kind]
    r = record
    rows = r.get(shape.rows) or []
    if not isinstance(rows, list) or not all(isinstance(row, Mapping) for row in rows):
        raise WireFormatError(f"{shape.rows} is not a list of objects")
    return Document(
        kind=kind,
        document_number=required_text(r, "DocumentNumber"),
        customer_number=text(r.get("CustomerNumber")),
        customer_name=text(r.get("CustomerName")),
        date=iso_date(r.get(shape.date)),
        currency=text(r.get("Currency")),
        our_reference=text(r.get("OurReference")),
        your_reference=text(r.get("YourReference")),
        external_invoice_reference1=text(r.get("ExternalInvoiceReference1")),
        your_reference_number=text(r.get("YourReferenceNumber")),
        cancelled=bool(boolean(r.get("Cancelled"))),
        booked=bool(boolean(r.get("Booked"))),
        credit=bool(boolean(r.get("Credit"))),
        invoice_reference=reference(r.get("InvoiceReference")),
        order_reference=reference(r.get("OrderReference")),
        offer_reference=reference(r.get("OfferReference")),
        credit_invoice_reference=reference(r.get("CreditInvoiceReference")),
        total=decimal(r.get("Total")),
        rows=tuple(document_row(row, shape) for row in rows),
        is_partial=partial,
    )


def company_information(record: Mapping[str, Any]) -> CompanyInformation:
    return CompanyInformation(
        company_name=text(record.get("CompanyName")) or "",
        organisation_number=text(record.get("OrganizationNumber")),  # sic: "Organization" here, not "Organisation"
        database_number=integer(record.get("DatabaseNumber")),
        address=text(record.get("Address")),
        zip_code=text(record.get("ZipCode")),
        city=text(record.get("City")),
        country_code=text(record.get("CountryCode")),
        raw=dict(record),
    )


def me(record: Mapping[str, Any]) -> Me:
    return Me(
        id=required_text(record, "Id"),
        name=text(record.get("Name")),
        email=text(record.get("Email")),
        locale=text(record.get("Locale")),
        sys_admin=bool(boolean(record.get("SysAdmin"))),
        raw=dict(record),
    )


# --- writes -------------------------------------------------------------------------------------------------------

def _json_value(value: Any, *, blank: bool) -> Any:
    if value is None:
        return API_BLANK if blank else None
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a number Fortnox accepts: {value}")
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return _json_object(value, blank=blank)
    if isinstance(value, list | tuple):
        return [_json_value(v, blank=blank) for v in value]
    return value


def _json_object(fields: Mapping[str, Any], *, blank: bool) -> dict[str, Any]:
    out = {}
    for key, value in fields.items():
        if value is None and not blank:
            continue
        out[key] = _json_value(value, blank=blank)
    return out


def for_create(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A POST body's entity: ``None`` fields are left out (Fortnox fills its defaults); Decimal → number."""
    return _json_object(fields, blank=False)


def for_update(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A PUT body's entity: only the fields given; ``None`` clears the field (``"API_BLANK"``); Decimal → number."""
    return _json_object(fields, blank=True)


def lastmodified_param(when: datetime) -> str:
    """``lastmodified`` as Fortnox reads it: Swedish local time, ``YYYY-MM-DD HH:MM`` (truncated to the minute, so
    a window may overlap the previous one by under a minute, never leave a gap)."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("lastmodified must be a timezone-aware datetime")
    return when.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def number_text(value: Decimal | int | float) -> str:
    """A number as a path segment (``FromQuantity``): ``0``, ``10``, ``2.5``."""
    number = Decimal(str(value))
    return format(number.normalize(), "f") if number != 0 else "0"
