"""Row and document sums, computed the way Fortnox presents them.

- A row's ``Total`` is quantity × price less the discount, excluding VAT unless the document has ``VATIncluded``.
  Orders sum what is *delivered*: a recorded order with ``OrderedQuantity`` 1 and ``DeliveredQuantity`` "0" came
  back with a row ``Total`` of -0 (price -9999999999), so ordered but undelivered rows add nothing.
- ``Net`` is the rows' sum excluding VAT, ``Gross`` adds freight and administration fee, ``TotalVAT`` is the VAT on
  all of it, and ``Total`` is Gross + VAT rounded to whole kronor for SEK (the difference is ``RoundOff``).
- Contribution (täckningsbidrag) is net less the articles' purchase cost.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .documents import DocKind
from .values import ZERO, decimal, money, number, quantity

FEE_VAT = Decimal("0.25")  # freight and administration fee carry the standard rate
HUNDRED = Decimal(100)


def _dec(value: Any) -> Decimal:
    return ZERO if value in (None, "") else decimal(value)


def row_sums(row: dict[str, Any], billed: str, vat_included: bool) -> tuple[Decimal, Decimal, Decimal]:
    """Fill the row's computed fields; (total excluding VAT, VAT, purchase cost)."""
    amount = _dec(row.get(billed)) * _dec(row.get("Price"))
    discount = _dec(row.get("Discount"))
    total = money(amount - discount if row.get("DiscountType") == "AMOUNT" else amount * (1 - discount / HUNDRED))
    rate = _dec(row.get("VAT")) / HUNDRED
    excluding = money(total / (1 + rate)) if vat_included else total
    cost = money(_dec(row.get("Cost")) * _dec(row.get(billed)))
    contribution = excluding - cost
    row["Total"] = number(total)
    if "TotalExcludingVAT" in row:
        row["TotalExcludingVAT"] = number(excluding)
    if "PriceExcludingVAT" in row:
        price = _dec(row.get("Price"))
        row["PriceExcludingVAT"] = number(money(price / (1 + rate)) if vat_included else price)
    row["ContributionValue"] = quantity(contribution)
    row["ContributionPercent"] = quantity(money(contribution / excluding * HUNDRED) if excluding else ZERO)
    return excluding, money(excluding * rate), cost


def document_sums(doc: dict[str, Any], kind: DocKind) -> None:
    net = vat = cost = ZERO
    for row in doc[kind.rows]:
        row_net, row_vat, row_cost = row_sums(row, kind.billed, bool(doc.get("VATIncluded")))
        net, vat, cost = net + row_net, vat + row_vat, cost + row_cost
    freight, fee = _dec(doc.get("Freight")), _dec(doc.get("AdministrationFee"))
    freight_vat, fee_vat = money(freight * FEE_VAT), money(fee * FEE_VAT)
    gross = net + freight + fee
    total_vat = vat + freight_vat + fee_vat
    exact = gross + total_vat
    total = exact.quantize(Decimal(1), ROUND_HALF_UP) if doc.get("Currency") == "SEK" else money(exact)
    doc.update(Net=number(net), Gross=number(gross), TotalVAT=number(total_vat), Total=number(total),
               TotalToPay=number(total), RoundOff=number(total - exact), FreightVAT=number(freight_vat),
               AdministrationFeeVAT=number(fee_vat), ContributionValue=number(net - cost),
               ContributionPercent=number(money((net - cost) / net * HUNDRED) if net else ZERO))
    if kind.kind == "invoice":
        doc["Balance"] = 0 if doc.get("Cancelled") else number(total)


def ocr(document_number: str) -> str:
    """Fortnox's OCR: the number, a length digit and a Luhn check digit (invoice 18 → "1842", 37 → "3749")."""
    base = f"{document_number}{(len(document_number) + 2) % 10}"
    total = 0
    for i, ch in enumerate(reversed(base)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return f"{base}{(10 - total % 10) % 10}"
