"""Fortnox-side records as Fortsync reads them: pure values, no I/O.

Parsed from the wire by ``clients/fortnox_wire.py``, which smooths over Fortnox's quirks (numbers sent as strings,
``"0"`` for "no reference", ``null`` and ``""`` mixed). Text fields are ``None`` when Fortnox sends ``null`` or
``""``; money and quantities are ``Decimal``. The records a run reads by the thousand (customers, articles,
prices, documents) keep only what Fortsync models, so a run over 100 000 customers does not hold every JSON object
it read; the one-off ones (price lists, company information, the user) keep ``raw``, the record exactly as Fortnox
sent it. List endpoints return slimmer records than a GET by number: those come with
``is_partial=True``, and a field a list item does not carry is ``None`` (not "empty").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

DocumentKind = Literal["invoice", "order", "offer"]
DOCUMENT_KINDS: tuple[DocumentKind, ...] = ("invoice", "order", "offer")


@dataclass(frozen=True, slots=True)
class Customer:
    customer_number: str
    name: str
    organisation_number: str | None = None
    address1: str | None = None
    address2: str | None = None
    zip_code: str | None = None
    city: str | None = None
    country_code: str | None = None
    visiting_address: str | None = None
    visiting_zip_code: str | None = None
    visiting_city: str | None = None
    visiting_country_code: str | None = None
    delivery_name: str | None = None
    delivery_address1: str | None = None
    delivery_address2: str | None = None
    delivery_zip_code: str | None = None
    delivery_city: str | None = None
    delivery_country_code: str | None = None
    phone1: str | None = None  # a list item's ``Phone``
    email: str | None = None
    www: str | None = None
    vat_number: str | None = None
    active: bool | None = None
    our_reference: str | None = None
    your_reference: str | None = None
    currency: str | None = None
    price_list: str | None = None
    is_partial: bool = False
    external_reference: str | None = field(default=None, compare=False)  # the stamp on a customer Fortsync made


@dataclass(frozen=True, slots=True)
class Article:
    article_number: str
    description: str
    active: bool | None = None  # not in list items: list with ``filter="active"|"inactive"`` to know
    purchase_price: Decimal | None = None
    sales_price: Decimal | None = None  # read-only: the price in the default price list (set prices via /3/prices)
    vat: Decimal | None = None
    unit: str | None = None
    ean: str | None = None
    type: str | None = None  # STOCK | SERVICE
    is_partial: bool = False


@dataclass(frozen=True)
class PriceList:
    code: str
    description: str
    comments: str | None = None
    preselected: bool = False  # the company's default list (Article.SalesPrice comes from it)
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Price:
    price_list: str
    article_number: str
    from_quantity: Decimal
    price: Decimal
    percent: Decimal | None = None
    date: str | None = None  # "date of the last modification", as Fortnox sends it


@dataclass(frozen=True, slots=True)
class DocumentRow:
    article_number: str | None
    description: str | None
    quantity: Decimal | None  # DeliveredQuantity (invoice), OrderedQuantity (order), Quantity (offer)
    price: Decimal | None
    discount: Decimal | None = None
    discount_type: str | None = None  # AMOUNT | PERCENT
    vat: Decimal | None = None
    unit: str | None = None
    total: Decimal | None = None
    row_id: int | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """An invoice, order or offer (``kind``). References to other documents are ``None`` when unset."""

    kind: DocumentKind
    document_number: str
    customer_number: str | None
    customer_name: str | None = None
    date: date | None = None  # InvoiceDate / OrderDate / OfferDate
    currency: str | None = None
    our_reference: str | None = None
    your_reference: str | None = None
    external_invoice_reference1: str | None = None  # the idempotency stamp of invoices and orders
    your_reference_number: str | None = None  # the idempotency stamp of offers
    cancelled: bool = False
    booked: bool = False  # invoices only
    credit: bool = False  # invoices only: a credit invoice
    invoice_reference: str | None = None
    order_reference: str | None = None
    offer_reference: str | None = None
    credit_invoice_reference: str | None = None
    total: Decimal | None = None
    rows: tuple[DocumentRow, ...] = ()  # empty for list items
    is_partial: bool = False

    @property
    def stamp(self) -> str | None:
        """Where Fortsync stamps the Upsales order id (e.g. ``upsales:1234``) on this kind of document."""
        return self.your_reference_number if self.kind == "offer" else self.external_invoice_reference1


@dataclass(frozen=True)
class CompanyInformation:
    company_name: str
    organisation_number: str | None = None
    database_number: int | None = None  # equals the OAuth TenantId
    address: str | None = None
    zip_code: str | None = None
    city: str | None = None
    country_code: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Me:
    """The Fortnox user behind the token (``/3/me``, scope ``profile``)."""

    id: str
    name: str | None = None
    email: str | None = None
    locale: str | None = None
    sys_admin: bool = False
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
