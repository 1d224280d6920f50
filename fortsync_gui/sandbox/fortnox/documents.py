"""Invoices, orders and offers: their fields, rows and list items (reference/fortnox-api.md §6.5–6.7, §13.4–13.6).

Invoice and order fields and defaults follow recorded responses (2024 and 2023); offers, never recorded, follow the
OpenAPI schema with the same conventions: references ``"0"`` when unset, quantities as strings, ``Credit:"false"``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .fields import HOUSEWORK_TYPES, EntitySpec, Field, day, flag, items, num, obj, qty, ro, text, whole

DISCOUNT_TYPES = frozenset({"AMOUNT", "PERCENT"})
TAX_REDUCTION_TYPES = frozenset({"none", "rot", "rut", "green"})
EDI_INFORMATION = {"EDIGlobalLocationNumber": None, "EDIGlobalLocationNumberDelivery": None, "EDIInvoiceExtra1": None,
                   "EDIInvoiceExtra2": None, "EDIOurElectronicReference": None, "EDIYourElectronicReference": None,
                   "EDIStatus": ""}


def _email(subject: str) -> Field:
    return obj({"EmailAddressFrom": None, "EmailAddressTo": "", "EmailAddressCC": None, "EmailAddressBCC": None,
                "EmailSubject": subject, "EmailBody": " "})


_ROW_FIELDS: dict[str, Field] = {
    "AccountNumber": whole(3001, lowest=1000, highest=9999), "ArticleNumber": text(""),
    "ContributionPercent": ro("str", "0"), "ContributionValue": ro("str", "0"), "Cost": ro("num", 0),
    "CostCenter": text(""), "DeliveredQuantity": qty(), "Description": text("", max_len=255), "Discount": num(0),
    "DiscountType": text("PERCENT", choices=DISCOUNT_TYPES), "HouseWork": flag(), "HouseWorkHoursToReport": whole(),
    "HouseWorkType": text(choices=HOUSEWORK_TYPES), "OrderedQuantity": qty(), "Price": num(0),
    "PriceExcludingVAT": ro("num", 0), "Project": text(""), "Quantity": qty(), "ReservedQuantity": ro("str", "0"),
    "RowId": whole(), "StockPointCode": text(), "StockPointId": text(), "Total": ro("num", 0),
    "TotalExcludingVAT": ro("num", 0), "Unit": text(""), "VAT": num(25), "VATCode": text(),
}


def _row_spec(names: str) -> EntitySpec:
    """A row schema: the named fields in recorded wire order (``Cost`` is on recorded rows but not in the spec)."""
    return EntitySpec({name: _ROW_FIELDS[name] for name in names.split()})


INVOICE_ROW = _row_spec("AccountNumber ArticleNumber ContributionPercent ContributionValue Cost CostCenter "
                        "DeliveredQuantity Description Discount DiscountType HouseWork HouseWorkHoursToReport "
                        "HouseWorkType Price PriceExcludingVAT Project RowId StockPointCode Total TotalExcludingVAT "
                        "Unit VAT VATCode")
ORDER_ROW = _row_spec("AccountNumber ArticleNumber ContributionPercent ContributionValue Cost CostCenter "
                      "DeliveredQuantity Description Discount DiscountType HouseWork HouseWorkHoursToReport "
                      "HouseWorkType OrderedQuantity Price Project ReservedQuantity RowId StockPointCode StockPointId "
                      "Total Unit VAT VATCode")
OFFER_ROW = _row_spec("AccountNumber ArticleNumber ContributionPercent ContributionValue Cost CostCenter Description "
                      "Discount DiscountType HouseWork HouseWorkHoursToReport HouseWorkType Price Project Quantity "
                      "RowId Total Unit VAT VATCode")

LONG = text("", max_len=1024)  # addresses, phones, comments


INVOICE = EntitySpec({
    "@url": ro(), "@urlTaxReductionList": ro(), "AccountingMethod": ro("str", "ACCRUAL"),
    "Address1": LONG, "Address2": LONG, "AdministrationFee": num(0),
    "AdministrationFeeVAT": ro("num", 0), "Balance": ro("num", 0), "BasisTaxReduction": ro("num", 0),
    "Booked": ro("bool", False), "Cancelled": ro("bool", False), "City": LONG,
    "Comments": LONG, "ContractReference": ro("str", "0"), "ContributionPercent": ro("num", 0),
    "ContributionValue": ro("num", 0), "CostCenter": text(""), "Country": text(""), "Credit": ro("str", "false"),
    "CreditInvoiceReference": ro("str", "0"), "Currency": text("SEK", exact_len=3), "CurrencyRate": num(1, decimals=4),
    "CurrencyUnit": num(1), "CustomerName": text(""), "CustomerNumber": text(),
    "DeliveryAddress1": LONG, "DeliveryAddress2": LONG,
    "DeliveryCity": LONG, "DeliveryCountry": text(""), "DeliveryDate": day(),
    "DeliveryName": LONG, "DeliveryZipCode": LONG,
    "DocumentNumber": text(), "DueDate": day(), "EDIInformation": obj(EDI_INFORMATION), "EUQuarterlyReport": flag(),
    "EmailInformation": _email("Faktura {no} bifogas"), "ExternalInvoiceReference1": text("", max_len=80),
    "ExternalInvoiceReference2": text("", max_len=80), "FinalPayDate": ro(), "Freight": num(0),
    "FreightVAT": ro("num", 0), "Gross": ro("num", 0), "HouseWork": ro("bool", False), "InvoiceDate": day(),
    "InvoicePeriodEnd": ro("str", ""), "InvoicePeriodReference": ro(), "InvoicePeriodStart": ro("str", ""),
    "InvoiceReference": ro("str", "0"), "InvoiceRows": items(),
    "InvoiceType": text("INVOICE", choices=frozenset({"INVOICE", "AGREEMENTINVOICE", "INTRESTINVOICE",
                                                      "SUMMARYINVOICE", "CASHINVOICE"})),
    "Labels": items(), "Language": text("SV", choices=frozenset({"SV", "EN"})), "LastRemindDate": ro(),
    "Net": ro("num", 0), "NotCompleted": flag(), "NoxFinans": ro("bool", False), "OCR": text(""),
    "OfferReference": ro("str", "0"), "OrderReference": ro("str", "0"), "OrganisationNumber": ro("str", ""),
    "OurReference": text("", max_len=50), "OutboundDate": day(),
    "PaymentWay": text("", choices=frozenset({"CASH", "CARD", "AG"})), "Phone1": LONG,
    "Phone2": LONG, "PriceList": text("A"), "PrintTemplate": text("st"), "Project": text(""),
    "Remarks": text("", max_len=1024), "Reminders": ro("int", 0), "RoundOff": ro("num", 0), "Sent": ro("bool", False),
    "TaxReduction": ro("int"), "TaxReductionType": text("none", choices=TAX_REDUCTION_TYPES),
    "TermsOfDelivery": text(""), "TermsOfPayment": text(""), "TimeBasisReference": ro("int"),
    "Total": ro("num", 0), "TotalToPay": ro("num", 0), "TotalVAT": ro("num", 0), "VATIncluded": flag(),
    "VoucherNumber": ro("int"), "VoucherSeries": ro(), "VoucherYear": ro("int"), "WarehouseReady": ro("bool", True),
    "WayOfDelivery": text(""), "YourOrderNumber": text("", max_len=75), "YourReference": text("", max_len=50),
    "ZipCode": LONG,
}, nested=frozenset({"InvoiceRows"}), create_only=frozenset({"DocumentNumber"}))

ORDER = EntitySpec({
    "@url": ro(), "@urlTaxReductionList": ro(), "AdministrationFee": num(0), "AdministrationFeeVAT": ro("num", 0),
    "Address1": LONG, "Address2": LONG, "BasisTaxReduction": ro("num", 0),
    "Cancelled": ro("bool", False), "City": LONG, "Comments": LONG,
    "ContributionPercent": ro("num", 0), "ContributionValue": ro("num", 0), "CopyRemarks": flag(),
    "Country": text(""), "CostCenter": text(""), "Currency": text("SEK", exact_len=3),
    "CurrencyRate": num(1, decimals=4), "CurrencyUnit": num(1), "CustomerName": text(""), "CustomerNumber": text(),
    "DeliveryState": text("delivery", choices=frozenset({"registration", "reservation", "delivery"})),
    "DeliveryAddress1": LONG, "DeliveryAddress2": LONG,
    "DeliveryCity": LONG, "DeliveryCountry": text(""), "DeliveryDate": day(),
    "DeliveryName": LONG, "DeliveryZipCode": LONG, "DocumentNumber": text(),
    "EmailInformation": _email("Order {no} bifogas"), "ExternalInvoiceReference1": text("", max_len=80),
    "ExternalInvoiceReference2": text("", max_len=80), "Freight": num(0), "FreightVAT": ro("num", 0),
    "Gross": ro("num", 0), "HouseWork": ro("bool", False), "InvoiceReference": ro("str", "0"), "Labels": items(),
    "Language": text("SV", choices=frozenset({"SV", "EN"})), "Net": ro("num", 0), "NotCompleted": flag(),
    "OfferReference": ro("str", "0"), "OrderDate": day(), "OrderRows": items(), "OrderType": ro("str", "Order"),
    "OrganisationNumber": ro("str", ""), "OurReference": text("", max_len=50), "Phone1": LONG,
    "Phone2": LONG, "PriceList": text("A"), "PrintTemplate": text("oc"), "Project": text(""),
    "WarehouseReady": ro("bool", True), "OutboundDate": day(), "Remarks": text("", max_len=1024),
    "RoundOff": ro("num", 0), "Sent": ro("bool", False), "TaxReduction": ro("num"), "TermsOfDelivery": text(""),
    "TermsOfPayment": text(""), "TimeBasisReference": ro("int"), "Total": ro("num", 0), "TotalToPay": ro("num", 0),
    "TotalVAT": ro("num", 0), "VATIncluded": flag(), "WayOfDelivery": text(""), "YourReference": text("", max_len=50),
    "YourOrderNumber": text("", max_len=75), "ZipCode": LONG, "StockPointCode": text(),
    "StockPointId": text(), "TaxReductionType": text("none", choices=TAX_REDUCTION_TYPES),
}, nested=frozenset({"OrderRows"}), create_only=frozenset({"DocumentNumber"}))

OFFER = EntitySpec({
    "@url": ro(), "@urlTaxReductionList": ro(), "Address1": LONG, "Address2": LONG,
    "AdministrationFee": num(0), "AdministrationFeeVAT": ro("num", 0), "BasisTaxReduction": ro("num", 0),
    "Cancelled": ro("bool", False), "City": LONG, "Comments": LONG,
    "ContributionPercent": ro("num", 0), "ContributionValue": ro("num", 0), "CopyRemarks": flag(),
    "CostCenter": text(""), "Country": text(""), "Currency": text("SEK", exact_len=3),
    "CurrencyRate": num(1, decimals=4), "CurrencyUnit": num(1), "CustomerName": text(""), "CustomerNumber": text(),
    "DeliveryAddress1": LONG, "DeliveryAddress2": LONG,
    "DeliveryCity": LONG, "DeliveryCountry": text(""), "DeliveryDate": day(),
    "DeliveryName": LONG, "DeliveryZipCode": LONG, "DocumentNumber": text(),
    "EmailInformation": _email("Offert {no} bifogas"), "ExpireDate": day(), "Freight": num(0),
    "FreightVAT": ro("num", 0), "Gross": ro("num", 0), "HouseWork": ro("bool", False),
    "InvoiceReference": ro("str", "0"), "Labels": items(), "Language": text("SV", choices=frozenset({"SV", "EN"})),
    "Net": ro("num", 0), "NotCompleted": flag(), "OfferDate": day(), "OfferRows": items(),
    "OrderReference": ro("str", "0"), "OrganisationNumber": ro("str", ""), "OurReference": text(""),
    "Phone1": LONG, "Phone2": LONG, "PriceList": text("A"), "PrintTemplate": text("of"),
    "Project": text(""), "Remarks": text(""), "RoundOff": ro("num", 0), "Sent": ro("bool", False),
    "TaxReduction": ro("int"), "TaxReductionType": text("none", choices=TAX_REDUCTION_TYPES),
    "TermsOfDelivery": text(""), "TermsOfPayment": text(""), "Total": ro("num", 0), "TotalToPay": ro("num", 0),
    "TotalVAT": ro("num", 0), "VATIncluded": flag(), "WayOfDelivery": text(""), "YourReference": text(""),
    "YourReferenceNumber": text(""), "ZipCode": LONG,
}, nested=frozenset({"OfferRows"}), create_only=frozenset({"DocumentNumber"}))


@dataclass(frozen=True)
class DocKind:
    kind: str  # invoice | order | offer
    path: str  # the /3/ resource
    singular: str
    plural: str
    rows: str
    quantity: str  # the quantity a row is entered with
    billed: str  # the quantity its total is computed from (orders: what is delivered)
    date: str
    spec: EntitySpec
    row_spec: EntitySpec
    list_fields: tuple[str, ...]


KINDS: dict[str, DocKind] = {
    "invoice": DocKind(
        "invoice", "invoices", "Invoice", "Invoices", "InvoiceRows", "DeliveredQuantity", "DeliveredQuantity",
        "InvoiceDate", INVOICE, INVOICE_ROW,
        ("@url", "Balance", "Booked", "Cancelled", "CostCenter", "Currency", "CurrencyRate", "CurrencyUnit",
         "CustomerName", "CustomerNumber", "DocumentNumber", "DueDate", "ExternalInvoiceReference1",
         "ExternalInvoiceReference2", "InvoiceDate", "InvoiceType", "NoxFinans", "OCR", "VoucherNumber",
         "VoucherSeries", "VoucherYear", "WayOfDelivery", "TermsOfPayment", "Project", "Sent", "Total",
         "FinalPayDate")),
    "order": DocKind(
        "order", "orders", "Order", "Orders", "OrderRows", "OrderedQuantity", "DeliveredQuantity", "OrderDate",
        ORDER, ORDER_ROW,
        ("@url", "Cancelled", "Currency", "CustomerName", "CustomerNumber", "DeliveryDate", "DocumentNumber",
         "ExternalInvoiceReference1", "ExternalInvoiceReference2", "OrderDate", "OrderType", "Project", "Sent",
         "Total")),
    "offer": DocKind(
        "offer", "offers", "Offer", "Offers", "OfferRows", "Quantity", "Quantity", "OfferDate", OFFER, OFFER_ROW,
        ("@url", "Cancelled", "Currency", "CustomerName", "CustomerNumber", "DocumentNumber", "OfferDate",
         "Project", "Sent", "Total")),
}
