"""Upsales JSON <-> domain records, tolerant of what the real API sends (reference/upsales-api.md §2, §3).

Quirks handled on the way in:
- envelopes: ``{"error": null, "data": ...}``, lists add ``metadata`` (sometimes ``null``), ``/self`` spells its
  key ``errors``, and a 200 may still carry a truthy ``error``;
- flags as ``0/1``, booleans or their string forms; timestamps as ``2021-09-29T06:40:28.000Z`` or
  ``2018-04-21T10:24:28+00:00``;
- custom values with typed copies (``valueInteger``, ``valueBoolean``, ``valueDate``, ``valueArray``), a false
  Boolean read back as the number ``0``;
- relations as ``{"id": N, "name": ...}``, a bare id or ``null`` (``category``, ``stage``, ``client``).

On the way out relations are ``{"id": N}``, custom values ``[{"fieldId": N, "value": "..."}]`` and ``Decimal``
becomes a JSON number. The payload builders send only the fields they are given (a PUT changes only those).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from fortsync_gui.domain.upsales import (
    MASTER_CURRENCY,
    Account,
    Address,
    CustomField,
    Order,
    OrderRow,
    OrderStage,
    PriceList,
    Product,
    ProductPrice,
    UpsalesSelf,
    User,
)

Json = dict[str, Any]


class WireFormatError(ValueError):
    """The JSON does not have the shape Upsales documents (the client turns this into ``MalformedResponse``)."""


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()  # "leave this field out of the payload" (None means "clear it")


# --- envelopes ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ErrorInfo:
    key: str | None  # e.g. FailedValidation, ThrottleLimit, ServerError
    code: int | None  # the HTTP status the body names
    error_code: int | None  # Upsales' own number (26, 4, 3 ...)
    message: str


def error_info(body: Any) -> ErrorInfo | None:
    """The error a body carries under ``error`` (or ``errors``, as ``/self`` spells it); None when it carries none."""
    if not isinstance(body, dict):
        return None
    value = body.get("error") or body.get("errors")
    if not value:
        return None
    if isinstance(value, list):
        value = value[0]
    if not isinstance(value, dict):
        return ErrorInfo(None, None, None, str(value))
    key = _loose_text(value.get("key"))
    message = _loose_text(value.get("msg")) or _loose_text(value.get("message")) or key or "Okänt fel"
    return ErrorInfo(key, _loose_int(value.get("code")), _loose_int(value.get("errorCode")), message)


def data(body: Any) -> Any:
    if not isinstance(body, dict) or "data" not in body:
        raise WireFormatError("no data in the answer")
    return body["data"]


def record(body: Any) -> Json:
    item = data(body)
    if not isinstance(item, dict):
        raise WireFormatError(f"a record expected, got {type(item).__name__}")
    return item


@dataclass(frozen=True)
class Page:
    items: list[Json]
    total: int | None
    limit: int | None


def page(body: Any) -> Page:
    items = data(body)
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise WireFormatError("a list of records expected")
    metadata = body.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise WireFormatError("metadata is not an object")
    return Page(items, integer(metadata.get("total")), integer(metadata.get("limit")))


# --- scalars --------------------------------------------------------------------------------------------------------

def text(value: Any) -> str | None:
    """A string field; ``None`` for null and "". Numbers (a zip code sent as a number) become their text."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise WireFormatError(f"text expected, got {value!r}")
    return value if isinstance(value, str) else number_text(value)


def number_text(value: int | float | Decimal) -> str:
    """``237`` for 237 and 237.0, ``1.5`` for 1.5 (as Upsales stores numbers in custom values)."""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    return str(number.quantize(Decimal(1))) if number == number.to_integral_value() else str(number.normalize())


def decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise WireFormatError(f"number expected, got {value!r}")
    try:
        # str() of a float is its shortest exact repr, so 12.34 stays 12.34 (Decimal(12.34) would not)
        number = Decimal(value.strip() if isinstance(value, str) else str(value))
    except InvalidOperation:
        raise WireFormatError(f"number expected, got {value!r}") from None
    if not number.is_finite():
        raise WireFormatError(f"number expected, got {value!r}")
    return number


def integer(value: Any) -> int | None:
    if value.__class__ is int:  # as JSON gives it, mostly (ids): without the Decimal
        return value
    number = decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise WireFormatError(f"whole number expected, got {value!r}")
    return int(number)


def required_int(item: Mapping[str, Any], key: str) -> int:
    value = integer(item.get(key))
    if value is None:
        raise WireFormatError(f"{key} missing")
    return value


def flag(value: Any, default: bool = False) -> bool:
    """``0/1``, ``true/false`` or their string forms; ``default`` when absent."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("0", "1", "true", "false"):
        return value.strip().lower() in ("1", "true")
    raise WireFormatError(f"flag expected, got {value!r}")


def moment(value: Any) -> datetime | None:
    """A timestamp (``…T06:40:28.000Z``, ``…+00:00``, no zone = UTC) or a bare date as an aware UTC datetime."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise WireFormatError(f"timestamp expected, got {value!r}")
    try:
        parsed = datetime.fromisoformat(value.strip().replace(" ", "T", 1))
    except ValueError:
        raise WireFormatError(f"timestamp expected, got {value!r}") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def day(value: Any) -> date | None:
    """An ISO date (``2022-03-16``); a timestamp gives its date as written."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise WireFormatError(f"date expected, got {value!r}")
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise WireFormatError(f"date expected, got {value!r}") from None


def ref_id(value: Any) -> int | None:
    """A relation: ``{"id": N, ...}``, a bare id, or ``null``."""
    if isinstance(value, dict):
        value = value.get("id")
    return integer(value)


def _loose_text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _loose_int(value: Any) -> int | None:
    try:
        return integer(value)
    except WireFormatError:
        return None


def _items(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise WireFormatError(f"{what} must be a list")
    return value


def _records(value: Any, what: str) -> list[Json]:
    items = _items(value, what)
    if not all(isinstance(i, dict) for i in items):
        raise WireFormatError(f"{what} must be a list of objects")
    return items


# --- custom values --------------------------------------------------------------------------------------------------

def custom_values(value: Any) -> dict[int, str]:
    """``custom`` by field id, each as the string Upsales stores; entries without any value are left out."""
    out: dict[int, str] = {}
    for item in _records(value, "custom"):
        field_id = integer(item.get("fieldId"))
        if field_id is None:
            raise WireFormatError("custom value without fieldId")
        stored = _custom_text(item)
        if stored is not None:
            out[field_id] = stored
    return out


def _custom_text(item: Mapping[str, Any]) -> str | None:
    value = item.get("value")
    if value is None:  # fall back on the typed copies
        for key in ("valueBoolean", "valueDate", "valueInteger", "valueDouble"):
            if item.get(key) is not None:
                value = item[key]
                break
        else:
            array = item.get("valueArray")
            return ",".join(str(v) for v in array) if isinstance(array, list) and array else None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):  # a false Boolean reads back as the number 0
        return number_text(value)
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    if isinstance(value, str):
        return value
    raise WireFormatError(f"custom value of unknown type: {value!r}")


# --- records --------------------------------------------------------------------------------------------------------

def upsales_self(item: Json) -> UpsalesSelf:
    client = item.get("client") or {}
    clients = _records(item.get("clients"), "clients")
    if not isinstance(client, dict):
        raise WireFormatError("client is not an object")
    master_id = required_int(item, "id")
    client_id = integer(client.get("id"))
    if client_id is None and clients:
        client_id = integer(clients[0].get("clientId"))
    if client_id is None:
        raise WireFormatError("client.id missing")
    user_id = integer(client.get("userId"))
    if user_id is None:
        user_id = next((integer(c.get("userId")) for c in clients if integer(c.get("clientId")) == client_id),
                       None)
    return UpsalesSelf(user_id=master_id if user_id is None else user_id, name=text(item.get("name")),
                       email=text(item.get("email")), client_id=client_id, client_name=text(client.get("name")),
                       master_user_id=master_id, raw=item)


def address(item: Json) -> Address:
    return Address(type=text(item.get("type")) or "Other", address=text(item.get("address")),
                   zipcode=text(item.get("zipcode")), city=text(item.get("city")), state=text(item.get("state")),
                   country=text(item.get("country")))


def _ids(value: Any, what: str) -> tuple[int, ...]:
    return tuple(i for i in (ref_id(v) for v in _items(value, what)) if i is not None)


def account(item: Json) -> Account:
    return Account(
        id=required_int(item, "id"), name=text(item.get("name")) or "", org_no=text(item.get("orgNo")),
        phone=text(item.get("phone")), webpage=text(item.get("webpage")), active=flag(item.get("active"), True),
        addresses=tuple(address(a) for a in _records(item.get("addresses"), "addresses")),
        custom=custom_values(item.get("custom")), users=_ids(item.get("users"), "users"),
        mod_date=moment(item.get("modDate")),
    )


def product_price(item: Json) -> ProductPrice:
    return ProductPrice(price_list_id=integer(item.get("priceListId")),
                        currency=text(item.get("currency")) or MASTER_CURRENCY,
                        price=decimal(item.get("price")) or Decimal(0),
                        purchase_cost=decimal(item.get("purchaseCost")) or Decimal(0))


def product(item: Json) -> Product:
    entries = tuple(product_price(c) for c in _records(item.get("currencies"), "currencies"))
    prices = {e.price_list_id: e.price for e in entries
              if e.price_list_id is not None and e.currency == MASTER_CURRENCY}
    return Product(
        id=required_int(item, "id"), name=text(item.get("name")) or "", article_no=text(item.get("articleNo")),
        list_price=decimal(item.get("listPrice")) or Decimal(0),
        purchase_cost=decimal(item.get("purchaseCost")) or Decimal(0), active=flag(item.get("active"), True),
        category_id=ref_id(item.get("category")), prices=prices, currency_prices=entries,
        custom=custom_values(item.get("custom")),
    )


def price_list(item: Json) -> PriceList:
    return PriceList(id=required_int(item, "id"), name=text(item.get("name")) or "", code=text(item.get("code")),
                     is_default=flag(item.get("isDefault")), active=flag(item.get("active"), True), raw=item)


def order_row(item: Json) -> OrderRow:
    product_id = integer(item.get("productId"))
    return OrderRow(
        id=integer(item.get("id")), product_id=ref_id(item.get("product")) if product_id is None else product_id,
        quantity=decimal(item.get("quantity")) or Decimal(0), price=decimal(item.get("price")) or Decimal(0),
        list_price=decimal(item.get("listPrice")), discount=decimal(item.get("discount")) or Decimal(0),
        sort_id=integer(item.get("sortId")) or 0, product_name=_product_name(item.get("product")),
    )


def _product_name(product: Any) -> str | None:
    return text(product.get("name")) if isinstance(product, dict) else None


def order(item: Json) -> Order:
    return Order(
        id=required_int(item, "id"), description=text(item.get("description")), date=day(item.get("date")),
        close_date=day(item.get("closeDate")), probability=integer(item.get("probability")) or 0,
        stage_id=ref_id(item.get("stage")), user_id=ref_id(item.get("user")), client_id=ref_id(item.get("client")),
        currency=text(item.get("currency")), value=decimal(item.get("value")) or Decimal(0),
        rows=tuple(order_row(r) for r in _records(item.get("orderRow"), "orderRow")),
        custom=custom_values(item.get("custom")), mod_date=moment(item.get("modDate")),
        notes=text(item.get("notes")),
    )


def order_stage(item: Json) -> OrderStage:
    return OrderStage(id=required_int(item, "id"), name=text(item.get("name")) or "",
                      probability=integer(item.get("probability")) or 0, exclude=flag(item.get("exclude")))


def user(item: Json) -> User:
    return User(id=required_int(item, "id"), name=text(item.get("name")) or "", email=text(item.get("email")),
                active=flag(item.get("active"), True), ghost=flag(item.get("ghost")),
                administrator=flag(item.get("administrator")))


def custom_field(entity: str, item: Json) -> CustomField:
    return CustomField(id=required_int(item, "id"), name=text(item.get("name")) or "", alias=text(item.get("alias")),
                       datatype=text(item.get("datatype")) or "String", entity=entity, raw=item)


# --- requests -------------------------------------------------------------------------------------------------------

def json_number(value: Decimal | int | float) -> int | float:
    """A JSON number for a ``Decimal`` (whole amounts as integers, like Upsales sends them)."""
    number = decimal(value)
    if number is None:
        raise ValueError("a number is required")
    return int(number) if number == number.to_integral_value() else float(number)


def ref(ident: int | None) -> Json | None:
    return None if ident is None else {"id": ident}


CustomInput = str | bool | int | Decimal | date | None


def custom_payload(values: Mapping[int, CustomInput]) -> list[Json]:
    """``[{"fieldId": N, "value": "..."}]``: only the fields given change; ``None`` clears a value."""
    return [{"fieldId": field_id, "value": _custom_input(value)} for field_id, value in values.items()]


def _custom_input(value: CustomInput) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, date):
        return value.isoformat()
    return number_text(value)


def address_payload(item: Address) -> Json:
    return {"type": item.type, "address": item.address, "zipcode": item.zipcode, "city": item.city,
            "state": item.state, "country": item.country}


def _given(**fields: Any) -> Json:
    return {key: value for key, value in fields.items() if value is not UNSET}


def account_payload(*, name: Any = UNSET, org_no: Any = UNSET, phone: Any = UNSET, webpage: Any = UNSET,
                    active: Any = UNSET, addresses: Any = UNSET, users: Any = UNSET, custom: Any = UNSET,
                    price_list_id: Any = UNSET) -> Json:
    """A POST/PUT body for ``/accounts``. ``addresses`` (a sequence of :class:`Address`) and ``users`` (ids) replace
    the stored lists; ``custom`` (field id -> value) changes only the fields given."""
    return _given(
        name=name, orgNo=org_no, phone=phone, webpage=webpage,
        active=UNSET if active is UNSET else int(active),
        addresses=UNSET if addresses is UNSET else [address_payload(a) for a in addresses],
        users=UNSET if users is UNSET else [ref(u) for u in users],
        custom=UNSET if custom is UNSET else custom_payload(custom),
        priceList=UNSET if price_list_id is UNSET else ref(price_list_id),
    )


def product_payload(*, name: Any = UNSET, article_no: Any = UNSET, list_price: Any = UNSET,
                    purchase_cost: Any = UNSET, active: Any = UNSET, description: Any = UNSET,
                    custom: Any = UNSET) -> Json:
    """A POST/PUT body for ``/products``. A new product needs ``name``, ``list_price`` and ``active``; prices per
    price list go through :func:`price_currencies`."""
    return _given(
        name=name, articleNo=article_no, description=description,
        listPrice=UNSET if list_price is UNSET else json_number(list_price),
        purchaseCost=UNSET if purchase_cost is UNSET else json_number(purchase_cost),
        active=UNSET if active is UNSET else int(active),
        custom=UNSET if custom is UNSET else custom_payload(custom),
    )


def _price_entry(list_id: int | None, currency: str, price: Decimal, purchase_cost: Decimal | None) -> Json:
    entry: Json = {"currency": currency, "price": json_number(price)}
    if purchase_cost is not None:
        entry["purchaseCost"] = json_number(purchase_cost)
    if list_id is not None:
        entry["priceListId"] = list_id
    return entry


def price_currencies(prices: Mapping[int, Decimal], *, keep: Sequence[ProductPrice] = ()) -> list[Json]:
    """The whole ``currencies`` array that sets the SEK price of the price lists in ``prices``. Upsales replaces the
    array wholesale, so every entry in ``keep`` (the product's current prices) is sent back, changed or not."""
    out = [_price_entry(e.price_list_id, e.currency,
                        prices[e.price_list_id] if e.price_list_id in prices and e.currency == MASTER_CURRENCY
                        else e.price, e.purchase_cost) for e in keep]
    known = {e.price_list_id for e in keep if e.currency == MASTER_CURRENCY}
    out += [_price_entry(list_id, MASTER_CURRENCY, price, None) for list_id, price in prices.items()
            if list_id not in known]
    return out


def order_row_payload(row: OrderRow) -> Json:
    """One ``orderRow`` item; a row sent with its ``id`` is kept (and updated), one without is created."""
    out: Json = {"product": ref(row.product_id), "quantity": json_number(row.quantity),
                 "price": json_number(row.price), "sortId": row.sort_id}
    if row.id is not None:
        out["id"] = row.id
    if row.list_price is not None:
        out["listPrice"] = json_number(row.list_price)
    if row.discount:
        out["discount"] = json_number(row.discount)
    return out


def order_payload(*, description: Any = UNSET, date: Any = UNSET, close_date: Any = UNSET, user_id: Any = UNSET,
                  client_id: Any = UNSET, stage_id: Any = UNSET, probability: Any = UNSET, currency: Any = UNSET,
                  notes: Any = UNSET, rows: Any = UNSET, custom: Any = UNSET) -> Json:
    """A POST/PUT body for ``/orders``. ``rows`` (a sequence of :class:`OrderRow`) replaces every row: always
    send all of them, with their ids to keep them. A new order needs date, user, client, stage and rows."""
    return _given(
        description=description, notes=notes, currency=currency, probability=probability,
        date=UNSET if date is UNSET else _iso(date), closeDate=UNSET if close_date is UNSET else _iso(close_date),
        user=UNSET if user_id is UNSET else ref(user_id), client=UNSET if client_id is UNSET else ref(client_id),
        stage=UNSET if stage_id is UNSET else ref(stage_id),
        orderRow=UNSET if rows is UNSET else [order_row_payload(r) for r in rows],
        custom=UNSET if custom is UNSET else custom_payload(custom),
    )


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def custom_field_payload(name: str, alias: str, datatype: str, *, visible: bool, editable: bool) -> Json:
    return {"name": name, "alias": alias, "datatype": datatype, "visible": int(visible), "editable": int(editable),
            "searchable": 0, "obligatoryField": 0, "roles": []}


# --- query strings --------------------------------------------------------------------------------------------------

def filter_time(moment_: datetime) -> str:
    """A UTC timestamp for a filter, in Upsales' own format, floored to the second (so ``gte`` never misses)."""
    if moment_.tzinfo is None:
        raise ValueError("a timezone-aware datetime is required")
    return moment_.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def filter_params(filters: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``attr=op:value`` pairs; a list or tuple value repeats the key (the conditions are AND-ed)."""
    out: list[tuple[str, str]] = []
    for key, value in filters.items():
        values: Iterable[Any] = value if isinstance(value, list | tuple) else (value,)
        out += [(key, _filter_value(v)) for v in values]
    return out


def _filter_value(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return filter_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | Decimal):
        return number_text(value)
    return str(value)


def probability_params(probability: int | Sequence[int] | None) -> list[tuple[str, str]]:
    """``probability=N``, or ``probability=gte:lo&probability=lte:hi`` for a range (the key repeated)."""
    if probability is None:
        return []
    if isinstance(probability, int):
        return [("probability", str(probability))]
    low, high = probability
    return [("probability", f"gte:{low}"), ("probability", f"lte:{high}")]
