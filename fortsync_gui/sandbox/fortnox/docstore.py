"""Invoices, orders and offers: creation with the customer's and articles' defaults, partial updates with Fortnox's
row rules, and the actions (cancel, bookkeep, credit, createinvoice, createorder). Documents cannot be deleted.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..seed_types import FortnoxSeed, Json
from .documents import KINDS, DocKind
from .errors import (
    ALREADY_EXISTS,
    DOCUMENT_STATE,
    ROWS_LOCKED,
    FortnoxError,
    bad_value,
    invalid,
    missing,
    not_found,
    unknown,
)
from .payload import apply
from .records import Numbering, Record
from .totals import document_sums, ocr
from .values import decimal, number, quantity

if TYPE_CHECKING:
    from .store import FortnoxStore

VOUCHER_SERIES = "B"  # Fortnox's series for customer invoices
FINANCIAL_YEAR_ID = 1  # VoucherYear is the financial year's id (recorded: 1)
OFFER_VALIDITY = timedelta(days=30)
NEVER_COPIED = frozenset({"DocumentNumber", "PrintTemplate", "OCR", "DeliveryState", "CopyRemarks", "NotCompleted",
                          "OutboundDate", "DueDate", "InvoiceDate", "OrderDate", "OfferDate", "ExpireDate"})


def _state_error(message: str) -> FortnoxError:
    return invalid(DOCUMENT_STATE, message)


class DocumentStore:
    def __init__(self, store: FortnoxStore) -> None:
        self.store = store
        self.records: dict[str, dict[str, Record]] = {kind: {} for kind in KINDS}
        self._numbers = {kind: Numbering() for kind in KINDS}
        self._row_ids = itertools.count(1)
        self._vouchers = itertools.count(1)

    def get(self, kind: str, number: str) -> Record:
        record = self.records[kind].get(number)
        if record is None:
            raise not_found(kind)
        return record

    # --- create and update ----------------------------------------------------------------------------------------

    def create(self, kind: str, payload: Json, *, day: str | None = None) -> Record:
        k = KINDS[kind]
        with self.store.lock:
            customer_number = payload.get("CustomerNumber")
            if customer_number in (None, ""):
                raise missing("CustomerNumber")
            customer = self.store.customers.get(str(customer_number))
            if customer is None:
                raise unknown("customer")
            doc = k.spec.defaults()
            doc.update(_from_customer(customer.data, kind))
            apply(doc, payload, k.spec, creating=True)
            number = doc["DocumentNumber"] or self._numbers[kind].next()
            if number in self.records[kind]:
                raise invalid(ALREADY_EXISTS, f"Dokumentnummer {number} används redan.")
            doc["DocumentNumber"] = number
            self._dates(k, doc, day or self.store.today())
            if doc["PriceList"] not in self.store.price_lists:
                raise unknown("pricelist")
            doc[k.rows] = [self._new_row(k, doc, row) for row in _rows(k, payload.get(k.rows) or [])]
            self._number_rows(k, doc)
            record = self.records[kind][self._numbers[kind].use(number)] = Record(doc, self.store.now())
            return record

    def update(self, kind: str, number: str, payload: Json) -> Record:
        k = KINDS[kind]
        with self.store.lock:
            record = self.get(kind, number)
            if record.data.get("Booked"):
                raise _state_error("Fakturan är bokförd och kan inte ändras.")
            with self.store.changing(record) as doc:
                previous_customer = doc["CustomerNumber"]
                apply(doc, payload, k.spec, creating=False)
                if doc["CustomerNumber"] != previous_customer:
                    customer = self.store.customers.get(doc["CustomerNumber"])
                    if customer is None:
                        raise unknown("customer")
                    doc["CustomerName"] = payload.get("CustomerName") or customer.data["Name"]
                rows = payload.get(k.rows)
                if rows is not None:
                    if record.from_order:
                        raise invalid(ROWS_LOCKED, "En eller flera rader har koppling till en order, det går därför "
                                                   "inte att uppdatera raderna via API.")
                    doc[k.rows] = self._merge_rows(k, doc, _rows(k, rows))
                self._number_rows(k, doc)
            return record

    def _number_rows(self, k: DocKind, doc: Json) -> None:
        """Fresh RowIds ("new RowIds are generated for all rows every time an invoice is updated"), then the sums."""
        for row in doc[k.rows]:
            row["RowId"] = next(self._row_ids)
        document_sums(doc, k)

    def _dates(self, k: DocKind, doc: Json, today: str) -> None:
        doc[k.date] = doc[k.date] or today
        doc["TermsOfPayment"] = doc["TermsOfPayment"] or "30"  # the company's default terms
        issued = date.fromisoformat(doc[k.date])
        if k.kind == "invoice":
            days = int(doc["TermsOfPayment"]) if doc["TermsOfPayment"].isdigit() else 30
            doc["DueDate"] = doc["DueDate"] or (issued + timedelta(days=days)).isoformat()
            doc["OCR"] = doc["OCR"] or ocr(doc["DocumentNumber"])
        if k.kind == "offer":
            doc["ExpireDate"] = doc["ExpireDate"] or (issued + OFFER_VALIDITY).isoformat()
        else:
            doc["OutboundDate"] = doc["OutboundDate"] or doc[k.date]

    def _new_row(self, k: DocKind, doc: Json, given: Json, base: Json | None = None) -> Json:
        """A row from the request, on top of ``base`` (the row it updates) or of the article's defaults."""
        row = dict(base) if base is not None else k.row_spec.defaults()
        article_number = given.get("ArticleNumber")
        if article_number not in (None, "") and (base is None or str(article_number) != base["ArticleNumber"]):
            article = self.store.articles.get(str(article_number))
            if article is None:
                raise unknown("article")
            a = article.data
            row.update(ArticleNumber=a["ArticleNumber"], Description=a["Description"], Unit=a["Unit"] or "",
                       VAT=a["VAT"] if a["VAT"] is not None else 0, AccountNumber=a["SalesAccount"] or 3001,
                       Cost=a["PurchasePrice"] or 0)
            if given.get("Price") in (None, ""):
                row["Price"] = number(self.store.list_price(doc["PriceList"], row["ArticleNumber"],
                                                            decimal(given.get(k.quantity) or 0)))
        apply(row, {key: v for key, v in given.items() if key != "RowId"}, k.row_spec, creating=base is None)
        return row

    def _merge_rows(self, k: DocKind, doc: Json, given: list[Json]) -> list[Json]:
        """Without RowIds rows map onto the existing ones in order; with RowIds a row updates the row with that id
        and rows without one are new. Rows not mentioned are removed."""
        existing = doc[k.rows]
        if not any("RowId" in row for row in given):
            return [self._new_row(k, doc, row, existing[i] if i < len(existing) else None)
                    for i, row in enumerate(given)]
        by_id = {row["RowId"]: row for row in existing}
        merged = []
        for row in given:
            if "RowId" not in row:
                merged.append(self._new_row(k, doc, row))
                continue
            try:
                base = by_id[int(row["RowId"])]
            except (KeyError, TypeError, ValueError):
                raise bad_value("RowId", row["RowId"]) from None
            merged.append(self._new_row(k, doc, row, base))
        return merged

    # --- actions --------------------------------------------------------------------------------------------------

    def cancel(self, kind: str, number: str) -> Record:
        with self.store.lock:
            record = self.get(kind, number)
            doc = record.data
            if doc["Cancelled"]:
                raise _state_error(f"{_name(kind)} är redan makulerad.")
            if doc.get("Booked"):
                raise _state_error("Fakturan är bokförd och kan inte makuleras. Kreditera den i stället.")
            if kind == "order" and doc["InvoiceReference"] != "0":
                raise _state_error("Ordern är fakturerad och kan inte makuleras.")
            if kind == "offer" and doc["OrderReference"] != "0":
                raise _state_error("Det finns en order skapad från offerten; den kan inte makuleras.")
            return self._set(kind, record, Cancelled=True)

    def bookkeep(self, number: str) -> Record:
        with self.store.lock:
            record = self.get("invoice", number)
            if record.data["Cancelled"]:
                raise _state_error("Fakturan är makulerad och kan inte bokföras.")
            if record.data["Booked"]:
                raise _state_error("Fakturan är redan bokförd.")
            return self._set("invoice", record, Booked=True, VoucherNumber=next(self._vouchers),
                             VoucherSeries=VOUCHER_SERIES, VoucherYear=FINANCIAL_YEAR_ID)

    def credit(self, number: str) -> Record:
        """Makes a credit invoice (rows negated) and returns the credited invoice, now pointing at it."""
        with self.store.lock:
            record = self.get("invoice", number)
            doc = record.data
            if doc["Cancelled"] or doc["Credit"] == "true" or doc["CreditInvoiceReference"] != "0":
                raise _state_error("Fakturan kan inte krediteras.")
            payload = self._copy_payload(KINDS["invoice"], doc, KINDS["invoice"], "DeliveredQuantity",
                                         negate=True)
            credit = self.create("invoice", payload)
            self._set("invoice", credit, Credit="true", CreditInvoiceReference=number)
            return self._set("invoice", record, CreditInvoiceReference=credit.data["DocumentNumber"])

    def create_invoice(self, kind: str, number: str, *, day: str | None = None) -> Record:
        """``PUT /orders/{n}/createinvoice`` and ``/offers/{n}/createinvoice``: the new invoice."""
        with self.store.lock:
            record = self.get(kind, number)
            source = record.data
            if source["Cancelled"]:
                raise _state_error(f"{_name(kind)} är makulerad.")
            if source["InvoiceReference"] != "0" or (kind == "offer" and source["OrderReference"] != "0"):
                raise _state_error(f"Det finns redan en faktura eller order skapad från {_name(kind).lower()}.")
            quantity_field = "DeliveredQuantity" if kind == "order" else "Quantity"
            invoice = self.create("invoice", self._copy_payload(KINDS[kind], source, KINDS["invoice"],
                                                                quantity_field), day=day)
            links = {"OrderReference": number, "OfferReference": source.get("OfferReference", "0")} \
                if kind == "order" else {"OfferReference": number}
            invoice.from_order = kind == "order"
            self._set("invoice", invoice, **links)
            self._set(kind, record, InvoiceReference=invoice.data["DocumentNumber"])
            return invoice

    def create_order(self, number: str, *, day: str | None = None) -> Record:
        """``PUT /offers/{n}/createorder``: the new order (rows ordered and delivered as offered)."""
        with self.store.lock:
            record = self.get("offer", number)
            source = record.data
            if source["Cancelled"]:
                raise _state_error("Offerten är makulerad.")
            if source["OrderReference"] != "0" or source["InvoiceReference"] != "0":
                raise _state_error("Det finns redan en order eller faktura skapad från offerten.")
            payload = self._copy_payload(KINDS["offer"], source, KINDS["order"], "Quantity")
            for row in payload["OrderRows"]:
                row["OrderedQuantity"] = row["DeliveredQuantity"]
            order = self.create("order", payload, day=day)
            self._set("order", order, OfferReference=number)
            self._set("offer", record, OrderReference=order.data["DocumentNumber"])
            return order

    def _copy_payload(self, source: DocKind, doc: Json, target: DocKind, quantity_field: str, *,
                      negate: bool = False) -> Json:
        """A POST body for ``target`` carrying the source document's header and rows."""
        writable = {name for name, f in target.spec.fields.items() if not f.readonly} - NEVER_COPIED - {target.rows}
        payload = {name: doc[name] for name in writable if name in doc and doc[name] is not None}
        target_quantity = "DeliveredQuantity" if target.kind != "offer" else "Quantity"
        payload[target.rows] = []
        for row in doc[source.rows]:
            amount = decimal(row.get(quantity_field) or 0)
            copied = {name: row[name] for name in ("ArticleNumber", "Description", "Price", "Discount",
                                                   "DiscountType", "Unit", "VAT", "AccountNumber", "CostCenter",
                                                   "Project") if row.get(name) not in (None, "")}
            copied[target_quantity] = quantity(-amount if negate else amount)
            payload[target.rows].append(copied)
        return payload

    def _set(self, kind: str, record: Record, **fields: Any) -> Record:
        """Change read-only fields (what actions do) and bump the modification time."""
        with self.store.changing(record) as doc:
            doc.update(fields)
            document_sums(doc, KINDS[kind])
        return record

    # --- seed -----------------------------------------------------------------------------------------------------

    def load_seed(self, seed: FortnoxSeed) -> None:
        for kind, docs in (("invoice", seed.invoices), ("order", seed.orders), ("offer", seed.offers)):
            for entry in docs:
                record = self.create(kind, {k: v for k, v in entry.items() if not k.startswith("_")})
                number, day = record.data["DocumentNumber"], record.data[KINDS[kind].date]
                if entry.get("_booked"):
                    self.bookkeep(number)
                if entry.get("_invoiced"):
                    self.create_invoice(kind, number, day=day)
                if entry.get("_created_order"):
                    self.create_order(number, day=day)
                if entry.get("_cancelled"):
                    self.cancel(kind, number)


def _rows(k: DocKind, rows: Any) -> list[Json]:
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise bad_value(k.rows, rows)
    return rows


def _name(kind: str) -> str:
    return {"invoice": "Fakturan", "order": "Ordern", "offer": "Offerten"}[kind]


def _from_customer(c: Json, kind: str) -> Json:
    """What a new document copies from its customer ("Omitted values ... supplied by predefined values")."""
    text = {name: c[name] or "" for name in ("Address1", "Address2", "City", "ZipCode", "Phone1", "Phone2",
                                             "DeliveryName", "DeliveryAddress1", "DeliveryAddress2", "DeliveryCity",
                                             "DeliveryZipCode", "OrganisationNumber", "OurReference", "YourReference",
                                             "TermsOfDelivery", "TermsOfPayment", "WayOfDelivery", "CostCenter",
                                             "Project")}
    email = {"invoice": c["EmailInvoice"], "order": c["EmailOrder"], "offer": c["EmailOffer"]}[kind] or c["Email"]
    return {**text, "CustomerNumber": c["CustomerNumber"], "CustomerName": c["Name"], "Country": c["Country"] or "",
            "DeliveryCountry": c["DeliveryCountry"] or "", "Currency": c["Currency"] or "SEK",
            "PriceList": c["PriceList"], "VATIncluded": c["ShowPriceVATIncluded"],
            "EmailInformation": {**KINDS[kind].spec.fields["EmailInformation"].default, "EmailAddressTo": email},
            **({"Remarks": c["InvoiceRemark"] or ""} if kind == "invoice" else {})}

