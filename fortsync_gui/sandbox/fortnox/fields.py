"""The fields of each Fortnox entity: wire order, type, default, limits and what is read-only.

Orders and defaults follow the recorded responses (reference/fortnox-api.md §13, e.g. a customer created with only a
Name); names, types, length limits and enums follow the official OpenAPI schemas. The mix of ``null`` and ``""``
for "empty" is Fortnox's own and is kept as recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

HOUSEWORK_TYPES = frozenset({
    "CONSTRUCTION", "ELECTRICITY", "GLASSMETALWORK", "GROUNDDRAINAGEWORK", "MASONRY", "PAINTINGWALLPAPERING", "HVAC",
    "MAJORAPPLIANCEREPAIR", "MOVINGSERVICES", "ITSERVICES", "CLEANING", "TEXTILECLOTHING", "COOKING", "SNOWPLOWING",
    "GARDENING", "BABYSITTING", "OTHERCARE", "TUTORING", "FURNISHING", "HOMEMAINTENANCE", "TRANSPORTATIONSERVICES",
    "WASHINGANDCAREOFCLOTHING", "SOLARCELLS", "STORAGESELFPRODUCEDELECTRICITY", "CHARGINGSTATIONELECTRICVEHICLE",
    "EMPTYHOUSEWORK", "OTHERCOSTS",
})


@dataclass(frozen=True)
class Field:
    kind: str  # str | int | num | bool | date | qty (a number sent as a string) | obj | list
    default: Any = None
    readonly: bool = False
    max_len: int | None = None
    exact_len: int | None = None
    choices: frozenset[str] | None = None
    lowest: int | None = None  # for account numbers: 0/null means "none", anything else must be in range
    highest: int | None = None
    decimals: int = 2  # numbers are rounded half up (recorded: a price or quantity of 1.125 is stored as 1.13)


@dataclass(frozen=True)
class EntitySpec:
    fields: dict[str, Field]  # in wire order
    rejected: frozenset[str] = frozenset()  # read-only fields Fortnox answers 400 to
    nested: frozenset[str] = frozenset()  # fields the caller handles itself (document rows)
    create_only: frozenset[str] = frozenset()  # the number: given on POST, ignored on PUT
    required: tuple[str, ...] = ()

    def defaults(self) -> dict[str, Any]:
        """A new record: every field at its default, except the ``@url`` keys (derived when serving)."""
        return {name: _copy(f.default) for name, f in self.fields.items() if not name.startswith("@")}


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


def text(default: Any = None, **kw: Any) -> Field:
    return Field("str", default, **kw)


def whole(default: Any = None, **kw: Any) -> Field:
    return Field("int", default, **kw)


def num(default: Any = None, **kw: Any) -> Field:
    return Field("num", default, **kw)


def flag(default: bool | None = False, **kw: Any) -> Field:
    return Field("bool", default, **kw)


def day(**kw: Any) -> Field:
    """A ``YYYY-MM-DD`` date (``null`` when unset)."""
    return Field("date", None, **kw)


def qty(default: str = "0", **kw: Any) -> Field:
    return Field("qty", default, **kw)


def obj(default: dict[str, Any], **kw: Any) -> Field:
    return Field("obj", default, **kw)


def items(**kw: Any) -> Field:
    return Field("list", [], **kw)


def ro(kind: str = "str", default: Any = None) -> Field:
    return Field(kind, default, readonly=True)


ACCOUNT = {"lowest": 1000, "highest": 99999}
URL = ro()

CUSTOMER = EntitySpec(
    {
        "@url": URL, "Address1": text(max_len=1024), "Address2": text(max_len=1024), "City": text(max_len=1024),
        "Country": ro(), "Comments": text(max_len=1024), "Currency": text("SEK", exact_len=3), "CostCenter": text(),
        "CountryCode": text(exact_len=2), "Active": flag(True), "CustomerNumber": text(max_len=1024),
        "DefaultDeliveryTypes": obj({"Invoice": "PRINT", "Order": "PRINT", "Offer": "PRINT"}),
        "DefaultTemplates": obj({"Order": "DEFAULTTEMPLATE", "Offer": "DEFAULTTEMPLATE",
                                 "Invoice": "DEFAULTTEMPLATE", "CashInvoice": "DEFAULTTEMPLATE"}),
        "DeliveryAddress1": text(max_len=1024), "DeliveryAddress2": text(max_len=1024),
        "DeliveryCity": text(max_len=1024), "DeliveryCountry": ro(), "DeliveryCountryCode": text(exact_len=2),
        "DeliveryFax": text(max_len=1024), "DeliveryName": text(max_len=1024), "DeliveryPhone1": text(max_len=1024),
        "DeliveryPhone2": text(max_len=1024), "DeliveryZipCode": text(max_len=10),
        **{name: text("", max_len=1024) for name in (
            "Email", "EmailInvoice", "EmailInvoiceBCC", "EmailInvoiceCC", "EmailOffer", "EmailOfferBCC",
            "EmailOfferCC", "EmailOrder", "EmailOrderBCC", "EmailOrderCC")},
        "ExternalReference": text(max_len=1024), "Fax": text(max_len=1024), "GLN": text(exact_len=13),
        "GLNDelivery": text(exact_len=13), "InvoiceAdministrationFee": text(), "InvoiceDiscount": num(),
        "InvoiceFreight": text(), "InvoiceRemark": text("", max_len=1024), "Name": text(max_len=1024),
        "OrganisationNumber": text("", max_len=30), "OurReference": text("", max_len=50),
        "Phone1": text(max_len=1024), "Phone2": text(max_len=1024), "PriceList": text("A"), "Project": text(""),
        "SalesAccount": whole(lowest=1000, highest=9999), "ShowPriceVATIncluded": flag(),
        "TermsOfDelivery": text(""), "TermsOfPayment": text(""),
        "Type": text("COMPANY", choices=frozenset({"PRIVATE", "COMPANY"})), "VATNumber": text(""),
        "VATType": text("SEVAT", choices=frozenset({"SEVAT", "SEREVERSEDVAT", "EUREVERSEDVAT", "EUVAT", "EXPORT"})),
        "VisitingAddress": text(max_len=128), "VisitingCity": text(max_len=128), "VisitingCountry": ro(),
        "VisitingCountryCode": text(exact_len=2), "VisitingZipCode": text(max_len=10), "WayOfDelivery": text(""),
        "WWW": text("", max_len=128), "YourReference": text("", max_len=50), "ZipCode": text(max_len=10),
    },
    create_only=frozenset({"CustomerNumber"}),
    required=("Name",),
)

ARTICLE = EntitySpec(
    {
        "@url": URL, "ArticleNumber": text(max_len=50), "Bulky": flag(), "ConstructionAccount": whole(0, **ACCOUNT),
        "Depth": whole(0), "Description": text(max_len=200), "DisposableQuantity": ro("num", 0),
        "EAN": text("", max_len=30), "EUAccount": whole(3108, **ACCOUNT), "EUVATAccount": whole(3106, **ACCOUNT),
        "ExportAccount": whole(3105, **ACCOUNT), "Height": whole(0), "Housework": flag(),
        "HouseworkType": text(choices=HOUSEWORK_TYPES), "Active": flag(True), "Manufacturer": text(max_len=50),
        "ManufacturerArticleNumber": text("", max_len=50), "Note": text("", max_len=10000),
        "PurchaseAccount": whole(4000, **ACCOUNT), "PurchasePrice": num(0), "QuantityInStock": num(0),
        "ReservedQuantity": ro("num", 0), "SalesAccount": whole(3001, **ACCOUNT), "StockGoods": flag(),
        "StockPlace": text(max_len=100), "StockValue": ro("num", 0), "StockWarning": num(),
        "SupplierName": ro(), "SupplierNumber": text(),
        "Type": text("STOCK", choices=frozenset({"STOCK", "SERVICE"})), "Unit": text(), "VAT": num(25),
        "WebshopArticle": flag(), "Weight": whole(0), "Width": whole(0), "Expired": flag(),
        "SalesPrice": ro("num"), "CostCalculationMethod": text(), "StockAccount": whole(),
        "StockChangeAccount": whole(), "DirectCost": num(), "FreightCost": num(), "OtherCost": num(),
        "DefaultStockPoint": text(), "DefaultStockLocation": text(), "CommodityCode": text(""),
    },
    rejected=frozenset({"SalesPrice"}),  # "it really is read-only, giving BadRequest" (softwerkab PR #154)
    create_only=frozenset({"ArticleNumber"}),
    required=("Description",),
)

PRICE_LIST = EntitySpec(
    {"@url": URL, "Code": text(max_len=100), "Description": text(max_len=50), "Comments": text(""),
     "PreSelected": ro("bool", False)},
    create_only=frozenset({"Code"}),
    required=("Code", "Description"),
)

PRICE = EntitySpec(
    {"@url": URL, "ArticleNumber": text(), "Date": ro(), "FromQuantity": num(0), "Percent": num(0),
     "Price": num(0), "PriceList": text()},
    create_only=frozenset({"ArticleNumber", "PriceList", "FromQuantity"}),
    required=("ArticleNumber", "PriceList"),
)
