"""Upsales-side records as Fortsync reads them: pure values, no I/O.

Parsed from the wire by ``clients/upsales_wire.py``, which smooths over Upsales' quirks (flags as ``0/1`` or
booleans, custom values with typed copies, a false Boolean custom value read back as the number ``0``). Money and
quantities are ``Decimal``; timestamps are aware UTC datetimes. Custom values are kept by field id as the string
Upsales stores; resolve ids from aliases with the custom-field definitions. The records a run reads by the
thousand (companies, products, orders) keep only what Fortsync models, so a run over 100 000 companies does not hold
every JSON object it read; the one-off ones (the user, price lists, custom fields) keep ``raw``, the record exactly
as Upsales sent it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

API_USER_DOMAIN = "@api.upsales.com"  # API keys show up as pseudo-users with e-mails in this domain
MASTER_CURRENCY = "SEK"  # Fortnox books in SEK; Fortsync's prices are the SEK prices of each price list


def is_api_email(email: str | None) -> bool:
    return email is not None and email.strip().lower().endswith(API_USER_DOMAIN)


def custom_bool(value: str | None) -> bool:
    """A Boolean custom value as stored ("1"/"0"; also tolerant of "true"/"false")."""
    return (value or "").strip().lower() in ("1", "true")


@dataclass(frozen=True)
class UpsalesSelf:
    """``GET /self``: the API key's user and the tenant it belongs to."""

    user_id: int  # the key's user inside the tenant (``client.userId``): what ``regBy``/``users`` refer to
    name: str | None
    email: str | None
    client_id: int
    client_name: str | None
    master_user_id: int  # ``/self``'s own ``id`` (the user in Upsales' master database)
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_api_key(self) -> bool:
        return is_api_email(self.email)


@dataclass(frozen=True, slots=True)
class Address:
    type: str  # Mail | Visit | Delivery | Invoice | Other
    address: str | None = None
    zipcode: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None  # ISO code, e.g. "SE"


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    name: str
    org_no: str | None = None
    phone: str | None = None
    webpage: str | None = None
    active: bool = True
    addresses: tuple[Address, ...] = ()
    custom: dict[int, str] = field(default_factory=dict, hash=False)
    users: tuple[int, ...] = ()  # account managers
    mod_date: datetime | None = None

    def address(self, kind: str) -> Address | None:
        return next((a for a in self.addresses if a.type == kind), None)


@dataclass(frozen=True, slots=True)
class ProductPrice:
    price_list_id: int | None  # None when the tenant does not use price lists
    currency: str
    price: Decimal
    purchase_cost: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class Product:
    id: int
    name: str
    article_no: str | None = None
    list_price: Decimal = Decimal(0)
    purchase_cost: Decimal = Decimal(0)
    active: bool = True
    category_id: int | None = None
    prices: dict[int, Decimal] = field(default_factory=dict, hash=False)  # price list id -> SEK price
    currency_prices: tuple[ProductPrice, ...] = ()  # every entry of ``currencies``, as sent
    custom: dict[int, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class PriceList:
    id: int
    name: str
    code: str | None = None  # "unique external price list code": the join key to Fortnox price lists
    is_default: bool = False
    active: bool = True
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class OrderRow:
    id: int | None
    product_id: int | None
    quantity: Decimal
    price: Decimal  # net unit price; the row total is quantity × price
    list_price: Decimal | None = None
    discount: Decimal = Decimal(0)
    sort_id: int = 0
    product_name: str | None = field(default=None, compare=False)  # as the row's product carries it


@dataclass(frozen=True, slots=True)
class Order:
    """An order or an opportunity: the same entity, told apart by probability (0 lost, 1–99 open, 100 won)."""

    id: int
    description: str | None
    date: date | None
    close_date: date | None
    probability: int
    stage_id: int | None
    user_id: int | None
    client_id: int | None
    currency: str | None = None
    value: Decimal = Decimal(0)
    rows: tuple[OrderRow, ...] = ()
    custom: dict[int, str] = field(default_factory=dict, hash=False)
    mod_date: datetime | None = None
    notes: str | None = field(default=None, compare=False)

    @property
    def is_opportunity(self) -> bool:
        return 1 <= self.probability <= 99

    @property
    def is_won(self) -> bool:
        return self.probability == 100


@dataclass(frozen=True)
class OrderStage:
    id: int
    name: str
    probability: int
    exclude: bool = False  # "exclude from pipeline"; tenants use it for e.g. "Order (ej Fortnox)"


@dataclass(frozen=True)
class User:
    id: int
    name: str
    email: str | None = None
    active: bool = True
    ghost: bool = False
    administrator: bool = False

    @property
    def is_api_key(self) -> bool:
        """API keys are ghost users with an ``@api.upsales.com`` address; never offer them as people."""
        return self.ghost or is_api_email(self.email)


@dataclass(frozen=True)
class CustomField:
    id: int
    name: str
    alias: str | None
    datatype: str  # String, Integer, Boolean, Select, Date, ... (case-sensitive on the wire)
    entity: str  # account, order, product, orderrow, ...
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
