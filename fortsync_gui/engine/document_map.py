"""The field map of R10/R11 for invoices, orders and offers: a Fortnox document as one dict of canonical values
(the link's Fortnox state), those values as an Upsales order, and an Upsales deal as a Fortnox document. Pure: no I/O.

Canonical values are JSON-able (numbers as normalised decimal strings), so a state stored in the link compares
equal to the same document read again, and Fortsync's own writes never come back as changes.

Rows (DESIGN.md §1):
- Fortnox ``Price`` is the unit price before the row discount (``PERCENT`` of the row, or an ``AMOUNT`` off the row
  total); Upsales ``listPrice`` is the price before discount and ``price`` the net unit price ("the difference
  between listPrice and price is the discount"). Upsales' own ``discount`` is left at 0 so the discount is never
  counted twice.
- Upsales needs a product on every row. A Fortnox row without an article, or whose article is not linked to a
  product, cannot become an Upsales row: it is listed in the order's ``notes`` (text, quantity, price) instead.
- An Upsales row whose product is not linked to an article becomes a Fortnox row without article: the product's
  name as description, with quantity and price.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from fortsync_gui.domain.fortnox import Document, DocumentKind, DocumentRow
from fortsync_gui.domain.upsales import Order, OrderRow
from fortsync_gui.store import EntityKind

STAMP_PREFIX = "upsales:"
# Upsales order custom field (alias) holding each kind's Fortnox document number
CUSTOM_ALIAS: dict[EntityKind, str] = {EntityKind.INVOICE: "FORTNOX_ID", EntityKind.ORDER: "FORTNOX_ORDER_ID",
                                       EntityKind.OFFER: "FORTNOX_OFFER_ID"}
DOC_KIND: dict[EntityKind, DocumentKind] = {EntityKind.INVOICE: "invoice", EntityKind.ORDER: "order",
                                            EntityKind.OFFER: "offer"}
ROWS = {"invoice": "InvoiceRows", "order": "OrderRows", "offer": "OfferRows"}
QUANTITY = {"invoice": "DeliveredQuantity", "order": "OrderedQuantity", "offer": "Quantity"}
DATE = {"invoice": "InvoiceDate", "order": "OrderDate", "offer": "OfferDate"}
STAMP_FIELD = {"invoice": "ExternalInvoiceReference1", "order": "ExternalInvoiceReference1",
               "offer": "YourReferenceNumber"}
TITLE = {"invoice": "Faktura", "order": "Order", "offer": "Offert"}  # the Upsales description of an import
OUR_REFERENCE_MAX = 50
DESCRIPTION_MAX = 255
COMMENTS_MAX = 1024
CENT = Decimal("0.01")
HUNDRED = Decimal(100)

FIELDS = ("customer", "date", "currency", "our_reference", "cancelled", "rows")


def stamp(deal_id: int | str) -> str:
    """Fortsync's idempotency stamp for the Upsales deal ``deal_id``."""
    return f"{STAMP_PREFIX}{deal_id}"


def deal_of_stamp(value: str | None) -> int | None:
    """The Upsales deal id a stamp names (``upsales:1234`` -> 1234); None for anything else."""
    text = (value or "").strip()
    if not text.startswith(STAMP_PREFIX):
        return None
    digits = text[len(STAMP_PREFIX):]
    return int(digits) if digits.isdigit() else None


def number_text(value: Decimal | int | None) -> str:
    """A canonical decimal string: ``8`` for 8.00, ``2545.75``, ``0`` for None."""
    if value is None:
        return "0"
    number = Decimal(value)
    return "0" if number == 0 else format(number.normalize(), "f")


def _dec(value: Any) -> Decimal:
    try:
        return Decimal(str(value)) if value not in (None, "") else Decimal(0)
    except InvalidOperation:
        return Decimal(0)


def _text(value: str | None) -> str | None:
    text = (value or "").strip()
    return text or None


# --- Fortnox document -> canonical values ------------------------------------------------------------------------


ROW_FIELDS = ("article", "description", "quantity", "price", "discount", "discount_type")  # row_values' keys


def row_values(row: DocumentRow) -> dict[str, Any]:
    discount = row.discount or Decimal(0)
    return {
        "article": _text(row.article_number),
        # a row with an article shows the article's text in Fortnox; only free rows carry their own
        "description": None if _text(row.article_number) else _text(row.description),
        "quantity": number_text(row.quantity),
        "price": number_text(row.price),
        "discount": number_text(discount),
        "discount_type": (row.discount_type or "PERCENT").upper() if discount else None,
    }


def document_values(doc: Document) -> dict[str, Any]:
    """The canonical values of a full document (read by number: list items have no rows)."""
    return {
        "customer": doc.customer_number,
        "date": doc.date.isoformat() if doc.date else None,
        "currency": (doc.currency or "SEK").upper(),
        "our_reference": _text(doc.our_reference),
        "cancelled": bool(doc.cancelled),
        "rows": [row_values(r) for r in doc.rows],
    }


def changed_fields(state: Mapping[str, Any] | None, values: Mapping[str, Any]) -> set[str]:
    """The fields whose value differs from the state (every field when there is none)."""
    if state is None:
        return set(FIELDS)
    return {name for name in FIELDS if state.get(name) != values.get(name)}


# --- canonical values -> Upsales order ---------------------------------------------------------------------------


def net_price(row: Mapping[str, Any]) -> Decimal:
    """The unit price after the row's discount, to the öre."""
    price, discount, quantity = _dec(row["price"]), _dec(row["discount"]), _dec(row["quantity"])
    if not discount:
        return price.quantize(CENT, ROUND_HALF_UP) if price != price.to_integral_value() else price
    if row.get("discount_type") == "AMOUNT":
        net = price - discount / quantity if quantity else price
    else:
        net = price * (1 - discount / HUNDRED)
    return net.quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class UpsalesRows:
    rows: list[OrderRow]
    unmapped: list[dict[str, Any]]  # Fortnox rows Upsales cannot hold (no article, or no product for it)

    def notes(self, kind: DocumentKind, number: str) -> str | None:
        """What the Upsales order's notes say about the rows that are not on it."""
        if not self.unmapped:
            return None
        lines = [f"Rader i Fortnox {TITLE[kind].lower()} {number} utan produkt i Upsales:"]
        for row in self.unmapped:
            text = row.get("description") or row.get("article") or "(utan text)"
            lines.append(f"- {text}: {row['quantity']} × {number_text(net_price(row))}")
        return "\n".join(lines)


def upsales_rows(rows: Sequence[Mapping[str, Any]], product_of_article: Mapping[str, int]) -> UpsalesRows:
    """Upsales order rows for canonical Fortnox rows; ``product_of_article``: article number -> product id."""
    out: list[OrderRow] = []
    unmapped: list[dict[str, Any]] = []
    for index, row in enumerate(rows):
        product = product_of_article.get(row["article"]) if row.get("article") else None
        if product is None:
            unmapped.append(dict(row))
            continue
        out.append(OrderRow(id=None, product_id=product, quantity=_dec(row["quantity"]), price=net_price(row),
                            list_price=_dec(row["price"]), sort_id=index))
    return UpsalesRows(out, unmapped)


def merge_rows(mapped: UpsalesRows, current: Order, article_of_product: Mapping[int, str]) -> UpsalesRows:
    """The rows of a linked deal after its document's rows changed in Fortnox: the mapped Fortnox rows, plus the
    deal's rows whose product has no Fortnox article (they went to Fortnox as free rows and cannot come back as
    products: they are kept, never lost). A free Fortnox row named like such a product is not listed in the notes."""
    kept = [row for row in current.rows if row.product_id is None or row.product_id not in article_of_product]
    names = product_names(current)
    kept_names = {names.get(row.product_id) for row in kept if row.product_id is not None}
    unmapped = [row for row in mapped.unmapped if row.get("article") or row.get("description") not in kept_names]
    start = len(mapped.rows)
    rows = [*mapped.rows, *(OrderRow(row.id, row.product_id, row.quantity, row.price, row.list_price, row.discount,
                                     start + i) for i, row in enumerate(kept))]
    return UpsalesRows(rows, unmapped)


def description(kind: DocumentKind, number: str) -> str:
    return f"{TITLE[kind]} {number}"


# --- Upsales deal -> Fortnox document ----------------------------------------------------------------------------


def product_names(order: Order) -> dict[int, str]:
    """Product id -> name, as the order's rows carry it (for rows whose product has no article in Fortnox)."""
    return {row.product_id: row.product_name for row in order.rows if row.product_id is not None and row.product_name}


def fortnox_row(kind: DocumentKind, row: OrderRow, article: str | None, name: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if article:
        out["ArticleNumber"] = article
    else:
        out["Description"] = (name or "Produkt från Upsales")[:DESCRIPTION_MAX]
    out[QUANTITY[kind]] = number_text(row.quantity)
    list_price = row.list_price
    if list_price is not None and list_price > row.price and row.quantity:
        out["Price"] = list_price
        out["Discount"] = ((list_price - row.price) * row.quantity).quantize(CENT, ROUND_HALF_UP)
        out["DiscountType"] = "AMOUNT"
    else:
        out["Price"] = row.price
    return out


def fortnox_payload(kind: DocumentKind, order: Order, customer_number: str, *, article_of_product: Mapping[int, str],
                    our_reference: str | None) -> dict[str, Any]:
    """The POST body of the Fortnox document a won deal (or, for offers, a deal in the offer stage) creates."""
    names = product_names(order)
    rows = [fortnox_row(kind, row, article_of_product.get(row.product_id) if row.product_id is not None else None,
                        names.get(row.product_id) if row.product_id is not None else None)
            for row in sorted(order.rows, key=lambda r: r.sort_id)]
    payload: dict[str, Any] = {"CustomerNumber": customer_number, ROWS[kind]: rows, STAMP_FIELD[kind]: stamp(order.id)}
    if order.date is not None:
        payload[DATE[kind]] = order.date
    if order.currency:
        payload["Currency"] = order.currency.upper()
    if our_reference:
        payload["OurReference"] = our_reference.strip()[:OUR_REFERENCE_MAX]
    if order.description:
        payload["Comments"] = f"Upsales: {order.description}"[:COMMENTS_MAX]  # internal, never printed
    return payload


def user_name(user_id: int | None, users: Sequence[Any]) -> str | None:
    """R13, Upsales -> Fortnox: the deal user's full name for "Vår referens"."""
    if user_id is None:
        return None
    return next((u.name for u in users if u.id == user_id and u.name), None)


def close_date(values: Mapping[str, Any]) -> date | None:
    return date.fromisoformat(values["date"]) if values.get("date") else None
