"""The simulated Fortnox company: registers and their rules (customers, articles, price lists, prices).

Documents live in :class:`~.docstore.DocumentStore` (``store.documents``). Every record keeps a hidden modification
time, bumped on each change, which is what ``lastmodified`` filters on (Fortnox exposes no such field).
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from typing import Any

from ..clock import SimClock
from ..seed_types import FortnoxSeed, Json, seeded_at
from .countries import name_of
from .docstore import DocumentStore
from .errors import (
    ALREADY_EXISTS,
    BASE_PRICE,
    CUSTOMER_NUMBER_USED,
    FortnoxError,
    invalid,
    not_found,
    unknown,
)
from .fields import ARTICLE, CUSTOMER, PRICE, PRICE_LIST
from .payload import apply
from .records import Numbering, Record
from .values import ZERO, decimal, number

DEFAULT_PRICE_LIST = {"Code": "A", "Description": "Prislista A"}  # every new Fortnox company has it, pre-selected
DEFAULT_COMPANY: Json = {
    "CompanyName": "Sandlådan AB", "OrganizationNumber": "556000-0006",
    "Address": "Storgatan 1", "ZipCode": "111 22", "City": "Stockholm", "CountryCode": "SE",
    "VisitAddress": "Storgatan 1", "VisitZipCode": "111 22", "VisitCity": "Stockholm", "VisitCountryCode": "SE",
}
PriceKey = tuple[str, str, Decimal]  # price list, article number, from quantity


class FortnoxStore:
    def __init__(self, clock: SimClock, tenant_id: int) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        self.company: Json = {**DEFAULT_COMPANY, "DatabaseNumber": tenant_id}
        self.customers: dict[str, Record] = {}
        self.deleted_customer_numbers: set[str] = set()
        self.customer_numbers = Numbering()
        self.articles: dict[str, Record] = {}
        self.article_numbers = Numbering()
        self.price_lists: dict[str, Record] = {}
        self.prices: dict[PriceKey, Record] = {}
        self.documents = DocumentStore(self)
        self.create_price_list(DEFAULT_PRICE_LIST)
        self.price_lists["A"].data["PreSelected"] = True

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> str:
        return self.clock.now_stockholm().date().isoformat()

    @contextmanager
    def changing(self, record: Record) -> Iterator[dict[str, Any]]:
        """Edit a copy of the record's data; it replaces the data (and bumps the time) only if no error escapes."""
        data = copy.deepcopy(record.data)
        yield data
        record.data, record.modified = data, self.now()

    # --- customers ------------------------------------------------------------------------------------------------

    def customer(self, number: str) -> Record:
        record = self.customers.get(number)
        if record is None:
            raise not_found("customer")
        return record

    def create_customer(self, payload: Json) -> Record:
        with self.lock:
            data = CUSTOMER.defaults()
            apply(data, payload, CUSTOMER, creating=True)
            number = data["CustomerNumber"] or self.customer_numbers.next()
            if number in self.customers or number in self.deleted_customer_numbers:
                raise invalid(CUSTOMER_NUMBER_USED, f"Kundnummer {number} används redan. Kundnumret har redan "
                                                    "använts men blivit raderat.")
            data["CustomerNumber"] = self.customer_numbers.use(number)
            self._check_customer(data)
            record = self.customers[number] = Record(data, self.now())
            return record

    def update_customer(self, number: str, payload: Json) -> Record:
        with self.lock:
            record = self.customer(number)
            with self.changing(record) as data:
                apply(data, payload, CUSTOMER, creating=False)
                self._check_customer(data)
            return record

    def _check_customer(self, data: Json) -> None:
        if data["PriceList"] not in self.price_lists:
            raise unknown("pricelist")
        for code, name in (("CountryCode", "Country"), ("DeliveryCountryCode", "DeliveryCountry"),
                           ("VisitingCountryCode", "VisitingCountry")):
            data[name] = name_of(data[code])

    def delete_customer(self, number: str) -> None:
        with self.lock:
            self.customer(number)
            del self.customers[number]
            self.deleted_customer_numbers.add(number)  # never reusable (2000637)

    # --- articles -------------------------------------------------------------------------------------------------

    def article(self, number: str) -> Record:
        record = self.articles.get(number)
        if record is None:
            raise not_found("article")
        return record

    def create_article(self, payload: Json) -> Record:
        with self.lock:
            data = ARTICLE.defaults()
            apply(data, payload, ARTICLE, creating=True)
            number = data["ArticleNumber"] or self.article_numbers.next()
            if number in self.articles:
                raise invalid(ALREADY_EXISTS, f"Artikelnummer {number} används redan.")
            data["ArticleNumber"] = self.article_numbers.use(number)
            _stock(data)
            record = self.articles[number] = Record(data, self.now())
            for code in self.price_lists:  # a base price (FromQuantity 0) in every price list
                self._add_price(code, number, {"Price": 0})
            return record

    def update_article(self, number: str, payload: Json) -> Record:
        with self.lock:
            record = self.article(number)
            with self.changing(record) as data:
                apply(data, payload, ARTICLE, creating=False)
                _stock(data)
            return record

    def delete_article(self, number: str) -> None:
        with self.lock:
            self.article(number)
            del self.articles[number]
            for key in [k for k in self.prices if k[1] == number]:
                del self.prices[key]

    def sales_price(self, article: str) -> int | float | None:
        """``Article.SalesPrice``: the base price in the pre-selected list. A new article shows ``null`` (recorded),
        so a base price of 0 reads as ``null`` too."""
        preselected = next((code for code, pl in self.price_lists.items() if pl.data["PreSelected"]), None)
        base = self.prices.get((preselected or "", article, ZERO))
        price = base.data["Price"] if base else None
        return price or None

    # --- price lists ----------------------------------------------------------------------------------------------

    def price_list(self, code: str) -> Record:
        record = self.price_lists.get(code)
        if record is None:
            raise not_found("pricelist")
        return record

    def create_price_list(self, payload: Json) -> Record:
        with self.lock:
            data = PRICE_LIST.defaults()
            apply(data, payload, PRICE_LIST, creating=True)
            if data["Code"] in self.price_lists:
                raise invalid(ALREADY_EXISTS, f"Prislistan {data['Code']} finns redan.")
            record = self.price_lists[data["Code"]] = Record(data, self.now())
            return record

    def update_price_list(self, code: str, payload: Json) -> Record:
        with self.lock:
            record = self.price_list(code)
            with self.changing(record) as data:
                apply(data, payload, PRICE_LIST, creating=False)
            return record

    # --- prices ---------------------------------------------------------------------------------------------------

    def price(self, price_list: str, article: str, from_quantity: str | None = None) -> Record:
        """One price row; without ``from_quantity`` the article's first (lowest) one in the list."""
        self.price_list(price_list)
        self.article(article)
        if from_quantity is None:
            rows = self.sublist(price_list, article)
            if not rows:
                raise not_found("price")
            return rows[0]
        try:
            key = (price_list, article, decimal(from_quantity))
        except FortnoxError:
            raise not_found("price") from None
        record = self.prices.get(key)
        if record is None:
            raise not_found("price")
        return record

    def sublist(self, price_list: str, article: str) -> list[Record]:
        self.price_list(price_list)
        self.article(article)
        keys = sorted(k for k in self.prices if k[0] == price_list and k[1] == article)
        return [self.prices[k] for k in keys]

    def list_price(self, price_list: str, article: str, quantity: Decimal) -> Decimal:
        """The price a document row gets when none is given: the highest tier at or below the quantity."""
        tiers = [(k[2], r) for k, r in self.prices.items()
                 if (k[0], k[1]) == (price_list, article) and k[2] <= quantity]
        return decimal(max(tiers, key=lambda t: t[0])[1].data["Price"]) if tiers else ZERO

    def create_price(self, payload: Json) -> Record:
        with self.lock:
            data = PRICE.defaults()
            apply(data, payload, PRICE, creating=True)
            if data["PriceList"] not in self.price_lists:
                raise unknown("pricelist")
            if data["ArticleNumber"] not in self.articles:
                raise unknown("article")
            return self._add_price(data["PriceList"], data["ArticleNumber"], data)

    def _add_price(self, price_list: str, article: str, fields: Json) -> Record:
        data = PRICE.defaults()
        data.update(fields, PriceList=price_list, ArticleNumber=article, Date=self.today())
        key = (price_list, article, decimal(data["FromQuantity"]))
        if key in self.prices:
            raise invalid(ALREADY_EXISTS, f"Det finns redan ett pris för artikel {article} i prislista "
                                          f"{price_list} från antal {number(key[2])}.")
        record = self.prices[key] = Record(data, self.now())
        return record

    def update_price(self, price_list: str, article: str, from_quantity: str | None, payload: Json) -> Record:
        with self.lock:
            record = self.price(price_list, article, from_quantity)
            with self.changing(record) as data:
                apply(data, payload, PRICE, creating=False)
                data["Date"] = self.today()
            return record

    def delete_price(self, price_list: str, article: str, from_quantity: str) -> None:
        with self.lock:
            record = self.price(price_list, article, from_quantity)
            key = (price_list, article, decimal(record.data["FromQuantity"]))
            if key[2] == 0:
                raise invalid(BASE_PRICE, "Grundpriset (från antal 0) kan inte tas bort.")
            del self.prices[key]

    # --- seed -----------------------------------------------------------------------------------------------------

    def load_seed(self, seed: FortnoxSeed) -> None:
        """Everything goes through the same code paths as the API, so defaults are the API's."""
        with self.lock:
            self.company = {**self.company, **seed.company}
            for entry in seed.price_lists:
                fields = {k: v for k, v in entry.items() if k != "PreSelected"}
                if entry["Code"] in self.price_lists:
                    self.update_price_list(entry["Code"], fields)
                else:
                    self.create_price_list(fields)
                if entry.get("PreSelected"):  # read-only in the API: the company setting decides
                    for code, record in self.price_lists.items():
                        record.data["PreSelected"] = code == entry["Code"]
            for number in seed.deleted_customer_numbers:
                self.deleted_customer_numbers.add(self.customer_numbers.use(number))
            for customer in seed.customers:
                self.create_customer(customer)
            for article in seed.articles:
                self.create_article(article)
            for price in seed.prices:
                key = (price["PriceList"], price["ArticleNumber"], decimal(price.get("FromQuantity", 0)))
                if key in self.prices:
                    self.update_price(key[0], key[1], str(key[2]), {"Price": price["Price"]})
                else:
                    self.create_price(price)
            self.documents.load_seed(seed)
            self._age(seed.age_days)

    def _age(self, age_days: tuple[float, float]) -> None:
        """Date every record back as the seed says it was last modified (``lastmodified`` listings skip them)."""
        now = self.now()
        registers = [self.customers, self.articles, self.price_lists, self.prices, *self.documents.records.values()]
        index = 0
        for register in registers:
            for record in register.values():
                record.modified = seeded_at(now, index, age_days)
                index += 1


def _stock(data: Json) -> None:
    data["DisposableQuantity"] = number(decimal(data["QuantityInStock"] or 0) - decimal(data["ReservedQuantity"] or 0))

