"""The shape of seeded data, shared by the seed generator and both simulators.

Fortnox records are the JSON a client would POST (PascalCase, without the wrapper key), plus optional
underscore keys the Fortnox loader understands: ``_cancelled`` (document is makulerad), ``_booked`` (invoice is
bokförd), ``_created_order`` (offer turned into an order), ``_invoiced`` (order turned into an invoice).
Upsales records are the JSON a client would POST to the Upsales API, except that ids are given explicitly
(``id``) so both sides can refer to each other deterministically, and custom fields are given by alias:
``"custom": {"FORTNOX_CUSTOMER_ID": "1001"}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

Json = dict[str, Any]

# Seeded records were last modified this many days before the sandbox started (spread over the range, the same for
# every start), as a real tenant's are: a sync's change listings then show only what changed since, not the seed.
SEED_AGE_DAYS = (1.0, 60.0)


def seeded_at(now: datetime, index: int, age_days: tuple[float, float] = SEED_AGE_DAYS) -> datetime:
    """When the ``index``-th seeded record (of any kind) was last modified: between ``age_days`` before ``now``."""
    low, high = age_days
    share = (index * 0.6180339887498949) % 1.0  # the golden ratio spreads consecutive records over the range
    return now - timedelta(days=low + (high - low) * share)


@dataclass
class FortnoxSeed:
    company: Json  # CompanyInformation fields: CompanyName, OrganizationNumber, DatabaseNumber, Address, ...
    customers: list[Json] = field(default_factory=list)
    articles: list[Json] = field(default_factory=list)
    price_lists: list[Json] = field(default_factory=list)  # {"Code", "Description", "PreSelected"}
    prices: list[Json] = field(default_factory=list)  # {"PriceList", "ArticleNumber", "FromQuantity", "Price"}
    invoices: list[Json] = field(default_factory=list)
    orders: list[Json] = field(default_factory=list)
    offers: list[Json] = field(default_factory=list)
    deleted_customer_numbers: list[str] = field(default_factory=list)  # numbers used once, never reusable
    age_days: tuple[float, float] = SEED_AGE_DAYS  # how long ago the records were last modified; (0, 0): just now


@dataclass
class UpsalesSeed:
    self_user_id: int  # the API key's user (/self)
    client: Json  # {"id", "name"} of the Upsales customer account
    users: list[Json] = field(default_factory=list)
    stages: list[Json] = field(default_factory=list)  # {"id", "name", "probability", "exclude"}
    price_lists: list[Json] = field(default_factory=list)
    custom_fields: dict[str, list[Json]] = field(default_factory=dict)  # entity -> [{"id","name","alias","datatype"}]
    accounts: list[Json] = field(default_factory=list)
    products: list[Json] = field(default_factory=list)
    orders: list[Json] = field(default_factory=list)
    age_days: tuple[float, float] = SEED_AGE_DAYS  # how long ago the records were last modified; (0, 0): just now


@dataclass
class SeedData:
    name: str
    fortnox: FortnoxSeed
    upsales: UpsalesSeed
