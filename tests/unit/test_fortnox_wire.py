"""Parsing Fortnox's wire JSON and serialising writes (clients/fortnox_wire.py).

The bodies below are copied from reference/fortnox-api.md §13 (real recorded traffic where the section says [V-rec])
and from §2.1, §4.1, §5.1 and §6.3 where noted; only the line breaks differ (JSON whitespace). The §13.6 offer
response has ``…`` placeholders for its totals in the reference: numbers are filled in here.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from fortsync_gui.clients import fortnox_wire as wire
from fortsync_gui.clients.fortnox_wire import API_BLANK, WireFormatError

# --- §13.1 customer: create request, the 201 response, a typical create request for our sync ----------------------

CUSTOMER_CREATE_REQUEST = r"""
{"Customer":{"Name":"A value"}}"""

CUSTOMER_CREATED = r"""
{"Customer":{"@url":"https://api.fortnox.se/3/customers/6","Address1":null,"Address2":null,"City":null,
 "Country":null,
 "Comments":null,"Currency":"SEK","CostCenter":null,"CountryCode":null,"Active":true,"CustomerNumber":"6",
 "DefaultDeliveryTypes":{"Invoice":"PRINT","Order":"PRINT","Offer":"PRINT"},
 "DefaultTemplates":{"Order":"DEFAULTTEMPLATE","Offer":"DEFAULTTEMPLATE","Invoice":"DEFAULTTEMPLATE",
 "CashInvoice":"DEFAULTTEMPLATE"},
 "DeliveryAddress1":null, "…":"…",
 "Email":"","EmailInvoice":"","EmailInvoiceBCC":"","EmailInvoiceCC":"","EmailOffer":"","EmailOfferBCC":"",
 "EmailOfferCC":"",
 "EmailOrder":"","EmailOrderBCC":"","EmailOrderCC":"","ExternalReference":null,"Fax":null,"GLN":null,
 "GLNDelivery":null,
 "InvoiceAdministrationFee":null,"InvoiceDiscount":null,"InvoiceFreight":null,"InvoiceRemark":"","Name":"A value",
 "OrganisationNumber":"","OurReference":"","Phone1":null,"Phone2":null,"PriceList":"A","Project":"",
 "SalesAccount":null,
 "ShowPriceVATIncluded":false,"TermsOfDelivery":"","TermsOfPayment":"","Type":"COMPANY","VATNumber":"",
 "VATType":"SEVAT",
 "VisitingAddress":null,"VisitingCity":null,"VisitingCountry":null,"VisitingCountryCode":null,
 "VisitingZipCode":null,
 "WayOfDelivery":"","WWW":"","YourReference":"","ZipCode":null}}"""

CUSTOMER_CREATE_TYPICAL = r"""
{"Customer":{"Name":"Acme AB","OrganisationNumber":"556000-0000","Email":"info@acme.se","Phone1":"08-123456",
 "Address1":"Storgatan 1","ZipCode":"111 22","City":"Stockholm","CountryCode":"SE","Type":"COMPANY",
 "VATNumber":"SE556000000001","Currency":"SEK","PriceList":"A","OurReference":"Anna Andersson","Active":true}}"""

# --- §13.2 article: create request, response, list item ------------------------------------------------------------

ARTICLE_CREATE_REQUEST = r"""
{"Article":{"Description":"A value","SalesAccount":1250}}"""

ARTICLE_CREATED = r"""
{"Article":{"@url":"https://api.fortnox.se/3/articles/102","ArticleNumber":"102","Bulky":false,
 "ConstructionAccount":0,
 "Depth":0,"Description":"A value","DisposableQuantity":0,"EAN":"","EUAccount":3108,"EUVATAccount":3106,
 "ExportAccount":3105,
 "Height":0,"Housework":false,"HouseworkType":null,"Active":true,"Manufacturer":null,
 "ManufacturerArticleNumber":"","Note":"",
 "PurchaseAccount":4000,"PurchasePrice":0,"QuantityInStock":0,"ReservedQuantity":0,"SalesAccount":1250,
 "StockGoods":false,
 "StockPlace":null,"StockValue":0,"StockWarning":0,"SupplierName":null,"SupplierNumber":null,"Type":"STOCK",
 "Unit":null,
 "VAT":0, "…":"…","SalesPrice":null}}"""

ARTICLE_LIST_ITEM = r"""
{"@url":"https://api.fortnox.se/3/articles/1","ArticleNumber":"1","Description":"Test article",
 "DisposableQuantity":"0",
 "EAN":"5901234123457","Housework":false,"PurchasePrice":"0","SalesPrice":null,"QuantityInStock":"0",
 "ReservedQuantity":"0",
 "StockPlace":null,"StockValue":"0","Unit":"","VAT":null,"WebshopArticle":false}"""

# --- §13.3 price list (old doc example), price create request, single price, sublist -------------------------------

PRICE_LIST = r"""
{"PriceList":{"Code":"AB","Description":"Prislista AB","Comments":"En prislista för privatpersoner",
 "PreSelected":false}}"""

PRICE_CREATE_REQUEST = r"""
{"Price":{"ArticleNumber":"102","PriceList":"TST_PR","FromQuantity":1,"Price":12.5}}"""

PRICE = r"""
{"Price":{"@url":"https://api.fortnox.se/3/prices/A/102/0","ArticleNumber":"102","Date":"2024-12-02",
 "FromQuantity":0,"Percent":0,"Price":199.0,"PriceList":"A"}}"""

PRICE_SUBLIST = r"""
{"Prices":[{"@url":"…","ArticleNumber":"102","FromQuantity":0,"Price":199.0,"PriceList":"A"},
           {"@url":"…","ArticleNumber":"102","FromQuantity":10,"Price":179.0,"PriceList":"A"}]}"""

# --- §13.4 invoice: create request, response (row_price_limit.yml), list item (filter_hit.yml) ----------------------

INVOICE_CREATE_REQUEST = r"""
{"Invoice":{"CustomerNumber":"1","InvoiceDate":"2019-01-20","DueDate":"2019-02-20","Comments":"TestInvoice",
 "OurReference":"Anna Andersson","YourReference":"Bo Berg","ExternalInvoiceReference1":"UPSALES-ORDER-123",
 "InvoiceRows":[{"ArticleNumber":"102","DeliveredQuantity":10,"Price":100},
                {"ArticleNumber":"102","DeliveredQuantity":20,"Price":100,"Discount":10,"DiscountType":"PERCENT"}]}}"""

INVOICE = r"""
{"Invoice":{"@url":"https://api.fortnox.se/3/invoices/39",
 "@urlTaxReductionList":"https://api.fortnox.se/3/taxreductions?filter=invoices&referencenumber=39",
 "AccountingMethod":"ACCRUAL","Address1":"","Address2":"","AdministrationFee":0,"AdministrationFeeVAT":0,
 "Balance":0,
 "BasisTaxReduction":0,"Booked":false,"Cancelled":false,"City":"New York","Comments":"","ContractReference":"0",
 "ContributionPercent":0,"ContributionValue":0,"CostCenter":"","Country":"","Credit":"false",
 "CreditInvoiceReference":"0",
 "Currency":"SEK","CurrencyRate":1,"CurrencyUnit":1,"CustomerName":"Updated name","CustomerNumber":"1", "…":"…",
 "DocumentNumber":"39","DueDate":"2025-01-01",
 "EDIInformation":{"EDIGlobalLocationNumber":null,"EDIGlobalLocationNumberDelivery":null,"EDIInvoiceExtra1":null,
   "EDIInvoiceExtra2":null,"EDIOurElectronicReference":null,"EDIYourElectronicReference":null,"EDIStatus":""},
 "EUQuarterlyReport":false,
 "EmailInformation":{"EmailAddressFrom":null,"EmailAddressTo":"","EmailAddressCC":null,"EmailAddressBCC":null,
   "EmailSubject":"Faktura {no} bifogas","EmailBody":" "},
 "ExternalInvoiceReference1":"","ExternalInvoiceReference2":"","FinalPayDate":null,"Freight":0,"FreightVAT":0,
 "Gross":0,
 "HouseWork":false,"InvoiceDate":"2024-12-02","InvoicePeriodEnd":"","InvoicePeriodStart":"","InvoiceReference":"0",
 "InvoiceRows":[{"AccountNumber":3001,"ArticleNumber":"101","ContributionPercent":"0","ContributionValue":"0",
 "Cost":0,
   "CostCenter":"","DeliveredQuantity":"0","Description":"Test","Discount":0,"DiscountType":"PERCENT",
 "HouseWork":false,
   "HouseWorkHoursToReport":null,"HouseWorkType":null,"Price":1.12,"PriceExcludingVAT":1.12,"Project":"","RowId":27,
   "StockPointCode":null,"Total":0,"TotalExcludingVAT":0,"Unit":"","VAT":0,"VATCode":null}],
 "InvoiceType":"INVOICE","Labels":[],"Language":"SV","LastRemindDate":null,"Net":0,"NotCompleted":false,
 "NoxFinans":false,
 "OCR":"3947","OfferReference":"0","OrderReference":"0","OrganisationNumber":"","OurReference":"",
 "OutboundDate":"2024-12-02",
 "PaymentWay":"","Phone1":"","Phone2":"","PriceList":"A","PrintTemplate":"st","Project":"","Remarks":"",
 "Reminders":0,
 "RoundOff":0,"Sent":false,"TaxReduction":null,"TaxReductionType":"none","TermsOfDelivery":"","TermsOfPayment":"30",
 "TimeBasisReference":null,"Total":0,"TotalToPay":0,"TotalVAT":0,"VATIncluded":false,"VoucherNumber":null,
 "VoucherSeries":null,"VoucherYear":null,"WarehouseReady":true,"WayOfDelivery":"","YourOrderNumber":"",
 "YourReference":"",
 "ZipCode":"10001"}}"""

INVOICE_LIST_ITEM = r"""
{"@url":"https://api.fortnox.se/3/invoices/32","Balance":0,"Booked":true,"Cancelled":false,"CostCenter":"",
 "Currency":"SEK",
 "CurrencyRate":"1","CurrencyUnit":1,"CustomerName":"Updated name","CustomerNumber":"1","DocumentNumber":"32",
 "DueDate":"2023-03-01","ExternalInvoiceReference1":"","ExternalInvoiceReference2":"","InvoiceDate":"2023-01-30",
 "InvoiceType":"INVOICE","NoxFinans":false,"OCR":"3244","VoucherNumber":1,"VoucherSeries":"B","VoucherYear":1,
 "WayOfDelivery":"","TermsOfPayment":"30","Project":"","Sent":false,"Total":0,"FinalPayDate":"2023-01-30"}"""

# --- §13.5 order: create request, response (save_with_nested_model.yml), list item --------------------------------

ORDER_CREATE_REQUEST = r"""
{"Order":{"CustomerNumber":"1","OrderRows":[{"ArticleNumber":"101","Price":-9999999999.0,"OrderedQuantity":1.0}]}}"""

ORDER = r"""
{"Order":{"@url":"https://api.fortnox.se/3/orders/7",
 "@urlTaxReductionList":"https://api.fortnox.se/3/taxreductions?filter=orders&referencenumber=7",
 "AdministrationFee":0,"AdministrationFeeVAT":0,"Address1":"","Address2":"","BasisTaxReduction":0,"Cancelled":false,
 "City":"New York","Comments":"","ContributionPercent":0,"ContributionValue":0,"CopyRemarks":false,"Country":"",
 "CostCenter":"",
 "Currency":"SEK","CurrencyRate":1,"CurrencyUnit":1,"CustomerName":"Updated name","CustomerNumber":"1",
 "DeliveryState":"delivery",
 "DeliveryAddress1":"","DeliveryAddress2":"","DeliveryCity":"","DeliveryCountry":"","DeliveryDate":null,
 "DeliveryName":"",
 "DeliveryZipCode":"","DocumentNumber":"7",
 "EmailInformation":{"EmailAddressFrom":null,"EmailAddressTo":"","EmailAddressCC":null,"EmailAddressBCC":null,
 "EmailSubject":"Order {no} bifogas","EmailBody":" "},
 "ExternalInvoiceReference1":"","ExternalInvoiceReference2":"","Freight":0,"FreightVAT":0,"Gross":0,
 "HouseWork":false,
 "InvoiceReference":"0","Labels":[],"Language":"SV","Net":0,"NotCompleted":false,"OfferReference":"0",
 "OrderDate":"2023-01-30",
 "OrderRows":[{"AccountNumber":3001,"ArticleNumber":"101","ContributionPercent":"0","ContributionValue":"-0",
 "Cost":0,"CostCenter":"",
   "DeliveredQuantity":"0","Description":"Hammer","Discount":0,"DiscountType":"PERCENT","HouseWork":false,
 "HouseWorkHoursToReport":null,
   "HouseWorkType":null,"OrderedQuantity":"1","Price":-9999999999,"Project":"","ReservedQuantity":"0","RowId":5,
 "StockPointCode":null,
   "StockPointId":null,"Total":0,"Unit":"","VAT":0}],
 "OrderType":"Order","OrganisationNumber":"","OurReference":"","Phone1":"","Phone2":"","PriceList":"A",
 "PrintTemplate":"oc","Project":"",
 "WarehouseReady":true,"OutboundDate":"2023-01-30","Remarks":"","RoundOff":0,"Sent":false,"TaxReduction":null,
 "TermsOfDelivery":"",
 "TermsOfPayment":"30","TimeBasisReference":null,"Total":0,"TotalToPay":0,"TotalVAT":0,"VATIncluded":false,
 "WayOfDelivery":"",
 "YourReference":"","YourOrderNumber":"","ZipCode":"10001","StockPointCode":null,"StockPointId":null,
 "TaxReductionType":"none"}}"""

ORDER_LIST_ITEM = r"""
{"@url":"https://api.fortnox.se/3/orders/3","Cancelled":true,"Currency":"SEK","CustomerName":"Test customer",
 "CustomerNumber":"2",
 "DeliveryDate":"2023-01-27","DocumentNumber":"3","ExternalInvoiceReference1":"","ExternalInvoiceReference2":"",
 "OrderDate":"2023-01-27",
 "OrderType":"Order","Project":"","Sent":false,"Total":0}"""

# --- §13.6 offer: create request (.NET test), response built from the spec ---------------------------------------

OFFER_CREATE_REQUEST = r"""
{"Offer":{"CustomerNumber":"1","OfferDate":"2019-01-20","ExpireDate":"2019-02-20","Comments":"TestOrder",
 "OfferRows":[{"ArticleNumber":"102","Quantity":10},{"ArticleNumber":"102","Quantity":20,"Price":95}]}}"""

OFFER = r"""
{"Offer":{"@url":"https://api.fortnox.se/3/offers/5","@urlTaxReductionList":"…","Cancelled":false,
 "CustomerNumber":"1",
 "CustomerName":"…","DocumentNumber":"5","OfferDate":"2019-01-20","ExpireDate":"2019-02-20","Currency":"SEK",
 "OrderReference":"0","InvoiceReference":"0","OurReference":"","YourReference":"","Sent":false,"NotCompleted":false,
 "OfferRows":[{"ArticleNumber":"102","Description":"…","Quantity":"10","Price":100,"Discount":0,
 "DiscountType":"PERCENT",
   "VAT":25,"RowId":1,"Total":1000,"Unit":"st"}],
 "Total":1000,"TotalVAT":250,"Net":1000,"Gross":1000,"RoundOff":0, "…":"…"}}"""

# --- §13.7 clearing a field -----------------------------------------------------------------------------------------

CLEAR_FIELD_REQUEST = r"""
{"Customer":{"Phone2":"API_BLANK"}}"""

# --- §4.1 list envelope (customers/all.yml, "/" escaped as in the raw JSON) and the empty list (search_miss.yml) ---

CUSTOMERS_PAGE = r"""
{"MetaInformation":{"@TotalResources":7,"@TotalPages":1,"@CurrentPage":1},
 "Customers":[{"@url":"https:\/\/api.fortnox.se\/3\/customers\/1","Address1":"","Address2":"","City":"New York",
   "CustomerNumber":"1","Email":"","Name":"Updated name","OrganisationNumber":"","Phone":"","ZipCode":"10001"}]}"""

ARTICLES_EMPTY = r"""{"MetaInformation":{"@TotalResources":0,"@TotalPages":0,"@CurrentPage":1},"Articles":[]}"""

# --- §6.3 the old docs' legacy price-list shape ---------------------------------------------------------------------

PRICE_LISTS_LEGACY = r"""
{"PriceLists":{"PriceListSubset":[{"@url":"https://api.fortnox.se/3/pricelists/A","Code":"A",
 "Description":"Prislista A","Comments":"","PreSelected":true}]}}"""

# --- §5.1 error shapes ----------------------------------------------------------------------------------------------

NOT_FOUND = r"""{"ErrorInformation":{"Error":1,"Message":"Kan inte hitta kunden.","Code":2000433}}"""
INVALID_FILTER = r"""{"ErrorInformation":{"error":1,"message":"Ett ogiltigt filter har använts.","code":2000587}}"""
UNAUTHORIZED = r"""{"message":"unauthorized"}"""
INVALID_GRANT = r"""{"error":"invalid_grant","error_description":"Invalid refresh token"}"""


def _load(text: str) -> Any:
    return json.loads(text)


def test_every_example_body_is_json() -> None:
    for name, value in dict(globals()).items():
        if name.isupper() and isinstance(value, str) and name != "API_BLANK":
            _load(value)


# --- customers ------------------------------------------------------------------------------------------------------

def test_created_customer_nulls_and_empty_strings_are_both_none() -> None:
    customer = wire.customer(wire.unwrap(_load(CUSTOMER_CREATED), "Customer"))
    assert customer.customer_number == "6" and customer.name == "A value"
    assert customer.active is True and customer.currency == "SEK" and customer.price_list == "A"
    assert customer.address1 is None  # null
    assert customer.email is None and customer.organisation_number is None  # ""
    assert customer.is_partial is False
    assert customer.external_reference is None  # null
    assert not hasattr(customer, "__dict__")  # slots: 100 000 customers in a run are held compactly


def test_typical_create_request_parses_as_a_customer() -> None:
    customer = wire.customer({**_load(CUSTOMER_CREATE_TYPICAL)["Customer"], "CustomerNumber": "7"})
    assert (customer.organisation_number, customer.phone1, customer.vat_number) == (
        "556000-0000", "08-123456", "SE556000000001")
    assert (customer.address1, customer.zip_code, customer.city, customer.country_code) == (
        "Storgatan 1", "111 22", "Stockholm", "SE")
    assert customer.our_reference == "Anna Andersson"


def test_customer_list_item_is_partial_and_phone_is_phone1() -> None:
    page = wire.page(_load(CUSTOMERS_PAGE), "Customers")
    assert (page.current_page, page.total_pages, page.total_resources, page.is_last) == (1, 1, 7, True)
    item = wire.customer({**page.items[0], "Phone": "08-1"}, partial=True)
    assert item.is_partial and item.phone1 == "08-1" and item.city == "New York"
    assert item.active is None  # list items do not say


def test_empty_list_has_zero_pages_and_is_the_last() -> None:
    page = wire.page(_load(ARTICLES_EMPTY), "Articles")
    assert page.items == [] and page.total_pages == 0 and page.current_page == 1 and page.is_last


# --- articles -------------------------------------------------------------------------------------------------------

def test_created_article() -> None:
    article = wire.article(wire.unwrap(_load(ARTICLE_CREATED), "Article"))
    assert article.article_number == "102" and article.description == "A value"
    assert article.active is True and article.sales_price is None and article.purchase_price == 0
    assert article.type == "STOCK" and article.unit is None and article.vat == 0


def test_article_list_item_numbers_as_strings() -> None:
    article = wire.article(_load(ARTICLE_LIST_ITEM), partial=True)
    assert article.purchase_price == Decimal(0) and isinstance(article.purchase_price, Decimal)
    assert article.vat is None and article.sales_price is None and article.ean == "5901234123457"
    assert article.active is None and article.is_partial


# --- price lists and prices -----------------------------------------------------------------------------------------

def test_price_list() -> None:
    price_list = wire.price_list(wire.unwrap(_load(PRICE_LIST), "PriceList"))
    assert (price_list.code, price_list.description, price_list.preselected) == ("AB", "Prislista AB", False)
    assert price_list.comments == "En prislista för privatpersoner"


def test_price_lists_in_the_legacy_subset_shape_and_the_current_shape() -> None:
    legacy = wire.page(_load(PRICE_LISTS_LEGACY), "PriceLists")
    assert [wire.price_list(i).code for i in legacy.items] == ["A"]
    assert wire.price_list(legacy.items[0]).preselected is True
    current = wire.page({"PriceLists": [{"Code": "A", "Description": "Prislista A", "PreSelected": "true"}]},
                        "PriceLists")
    assert wire.price_list(current.items[0]).preselected is True


def test_price_and_its_create_request() -> None:
    price = wire.price(wire.unwrap(_load(PRICE), "Price"))
    assert (price.price_list, price.article_number, price.from_quantity, price.price) == ("A", "102", 0, Decimal(199))
    assert price.percent == 0 and price.date == "2024-12-02"
    request = wire.price(wire.unwrap(_load(PRICE_CREATE_REQUEST), "Price"))
    assert request.price == Decimal("12.5") and request.from_quantity == 1


def test_price_sublist_without_meta_information_is_one_page() -> None:
    page = wire.page(_load(PRICE_SUBLIST), "Prices")
    assert page.is_last and page.total_resources is None
    assert [(p.from_quantity, p.price) for p in map(wire.price, page.items)] == [(0, 199), (10, 179)]


# --- documents ------------------------------------------------------------------------------------------------------

def test_invoice_with_its_quirks() -> None:
    invoice = wire.document("invoice", wire.unwrap(_load(INVOICE), "Invoice"))
    assert invoice.kind == "invoice" and invoice.document_number == "39" and invoice.customer_number == "1"
    assert invoice.date == date(2024, 12, 2) and invoice.currency == "SEK" and invoice.total == 0
    assert invoice.credit is False  # "Credit":"false"
    assert invoice.order_reference is None and invoice.offer_reference is None  # "0"
    assert invoice.invoice_reference is None and invoice.credit_invoice_reference is None
    assert invoice.cancelled is False and invoice.booked is False
    assert invoice.external_invoice_reference1 is None and invoice.our_reference is None  # ""
    (row,) = invoice.rows
    assert row.article_number == "101" and row.description == "Test" and row.row_id == 27
    assert row.quantity == 0 and isinstance(row.quantity, Decimal)  # "DeliveredQuantity":"0"
    assert row.price == Decimal("1.12") and str(row.price) == "1.12"  # a float on the wire, exact here
    assert row.discount == 0 and row.discount_type == "PERCENT" and row.vat == 0


def test_invoice_create_request_rows() -> None:
    payload = wire.document("invoice", {**_load(INVOICE_CREATE_REQUEST)["Invoice"], "DocumentNumber": "1"})
    assert payload.external_invoice_reference1 == "UPSALES-ORDER-123" and payload.stamp == "UPSALES-ORDER-123"
    assert payload.our_reference == "Anna Andersson" and payload.your_reference == "Bo Berg"
    assert [(r.quantity, r.price, r.discount, r.discount_type) for r in payload.rows] == [
        (10, 100, None, None), (20, 100, 10, "PERCENT")]


def test_invoice_list_item() -> None:
    item = wire.document("invoice", _load(INVOICE_LIST_ITEM), partial=True)
    assert item.is_partial and item.rows == () and item.booked is True and item.document_number == "32"
    assert item.date == date(2023, 1, 30)


def test_order_with_string_quantities_and_minus_zero() -> None:
    order = wire.document("order", wire.unwrap(_load(ORDER), "Order"))
    assert order.document_number == "7" and order.date == date(2023, 1, 30)
    assert order.invoice_reference is None and order.offer_reference is None
    (row,) = order.rows
    assert row.quantity == 1 and row.price == Decimal(-9999999999) and row.description == "Hammer"
    assert wire.decimal("-0") == 0
    assert str(wire.decimal("-0")) == "0"


def test_order_create_request_and_list_item() -> None:
    request = wire.document("order", {**_load(ORDER_CREATE_REQUEST)["Order"], "DocumentNumber": "1"})
    assert request.rows[0].quantity == 1 and request.rows[0].price == Decimal("-9999999999")
    item = wire.document("order", _load(ORDER_LIST_ITEM), partial=True)
    assert item.cancelled is True and item.customer_name == "Test customer" and item.date == date(2023, 1, 27)


def test_offer_and_its_create_request() -> None:
    offer = wire.document("offer", wire.unwrap(_load(OFFER), "Offer"))
    assert offer.kind == "offer" and offer.date == date(2019, 1, 20) and offer.total == 1000
    assert offer.order_reference is None and offer.invoice_reference is None
    (row,) = offer.rows
    assert row.quantity == 10 and row.vat == 25 and row.unit == "st" and row.row_id == 1
    request = wire.document("offer", {**_load(OFFER_CREATE_REQUEST)["Offer"], "DocumentNumber": "1"})
    assert [r.quantity for r in request.rows] == [10, 20] and request.rows[1].price == 95


def test_offer_stamp_is_your_reference_number() -> None:
    offer = wire.document("offer", {"DocumentNumber": "5", "YourReferenceNumber": "upsales:9",
                                    "ExternalInvoiceReference1": "other"})
    assert offer.stamp == "upsales:9"


def test_references_are_none_when_zero_and_kept_otherwise() -> None:
    assert [wire.reference(v) for v in ("0", 0, "-0", "", None, "12", 12)] == [None] * 5 + ["12", "12"]


def test_clear_field_request_shape() -> None:
    assert {"Customer": wire.for_update({"Phone2": None})} == _load(CLEAR_FIELD_REQUEST)


# --- scalars --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("1.12", Decimal("1.12")), (1.12, Decimal("1.12")), ("0", Decimal(0)), ("-0", Decimal(0)), (-0.0, Decimal(0)),
    (10, Decimal(10)), (" 5 ", Decimal(5)), ("", None), (None, None), (Decimal("2.50"), Decimal("2.50")),
])
def test_decimal(value: Any, expected: Decimal | None) -> None:
    assert wire.decimal(value) == expected
    if expected is not None:
        assert isinstance(wire.decimal(value), Decimal)


@pytest.mark.parametrize("value", ["abc", True, "NaN", "Infinity", [1]])
def test_decimal_rejects_non_numbers(value: Any) -> None:
    with pytest.raises(WireFormatError):
        wire.decimal(value)


@pytest.mark.parametrize(("value", "expected"), [
    (True, True), (False, False), ("true", True), ("false", False), ("False", False), ("1", True), (0, False),
    (None, None), ("", None),
])
def test_boolean(value: Any, expected: bool | None) -> None:
    assert wire.boolean(value) is expected


def test_boolean_rejects_other_text() -> None:
    with pytest.raises(WireFormatError):
        wire.boolean("maybe")


def test_text_and_dates() -> None:
    assert wire.text(3947) == "3947" and wire.text(3947.0) == "3947" and wire.text("") is None
    assert wire.iso_date("2024-12-02") == date(2024, 12, 2)
    assert wire.iso_date("2024-12-02 09:30:00") == date(2024, 12, 2)
    assert wire.iso_date("") is None and wire.iso_date(None) is None
    with pytest.raises(WireFormatError):
        wire.iso_date("02/12/2024")


def test_missing_keys_and_wrong_shapes_are_wire_format_errors() -> None:
    with pytest.raises(WireFormatError):
        wire.customer({"Name": "No number"})
    with pytest.raises(WireFormatError):
        wire.unwrap({"Customers": []}, "Customer")
    with pytest.raises(WireFormatError):
        wire.page({"MetaInformation": {}}, "Customers")
    with pytest.raises(WireFormatError):
        wire.page({"Customers": "nope"}, "Customers")
    with pytest.raises(WireFormatError):
        wire.document("invoice", {"DocumentNumber": "1", "InvoiceRows": {"x": 1}})


def test_company_information_and_me() -> None:
    info = wire.company_information({"CompanyName": "Demo AB", "OrganizationNumber": "556677-8899",
                                     "DatabaseNumber": 29302, "City": "Stockholm"})
    assert (info.company_name, info.organisation_number, info.database_number) == ("Demo AB", "556677-8899", 29302)
    me = wire.me({"Email": "a@b.se", "Id": "42", "Locale": "sv_SE", "Name": "Anna", "SysAdmin": True})
    assert me.id == "42" and me.sys_admin is True


# --- errors ---------------------------------------------------------------------------------------------------------

def test_error_bodies_in_both_casings_and_other_shapes() -> None:
    assert wire.error_body(_load(NOT_FOUND)) == wire.ErrorBody("Kan inte hitta kunden.", 2000433)
    assert wire.error_body(_load(INVALID_FILTER)) == wire.ErrorBody("Ett ogiltigt filter har använts.", 2000587)
    assert wire.error_body({"ErrorInformation": {"error": 1, "message": "x", "code": "2001101"}}).code == 2001101
    assert wire.error_body(_load(UNAUTHORIZED)) == wire.ErrorBody("unauthorized")
    assert wire.error_body(_load(INVALID_GRANT)) == wire.ErrorBody("Invalid refresh token", "invalid_grant")
    assert wire.error_body({"something": "else"}) is None and wire.error_body(["x"]) is None


# --- writes ---------------------------------------------------------------------------------------------------------

def test_update_sends_only_given_fields_none_as_api_blank_and_decimals_as_numbers() -> None:
    body = wire.for_update({"Phone1": None, "Name": "Acme AB", "InvoiceDiscount": Decimal("2.50"),
                            "Active": False, "DeliveryDate": date(2024, 1, 2)})
    assert body == {"Phone1": API_BLANK, "Name": "Acme AB", "InvoiceDiscount": 2.5, "Active": False,
                    "DeliveryDate": "2024-01-02"}
    assert json.dumps(body)  # serialisable as is


def test_update_rows_and_integral_decimals() -> None:
    body = wire.for_update({"InvoiceRows": [{"ArticleNumber": "1", "DeliveredQuantity": Decimal("3"),
                                             "Price": Decimal("1.12"), "Description": None}]})
    assert body == {"InvoiceRows": [{"ArticleNumber": "1", "DeliveredQuantity": 3, "Price": 1.12,
                                     "Description": API_BLANK}]}
    assert json.dumps(body) == ('{"InvoiceRows": [{"ArticleNumber": "1", "DeliveredQuantity": 3, "Price": 1.12, '
                                '"Description": "API_BLANK"}]}')


def test_create_requests_of_section_13_are_reproduced() -> None:
    assert {"Customer": wire.for_create({"Name": "A value", "Email": None})} == _load(CUSTOMER_CREATE_REQUEST)
    assert {"Article": wire.for_create({"Description": "A value", "SalesAccount": 1250})} == _load(
        ARTICLE_CREATE_REQUEST)
    order = {"CustomerNumber": "1", "OrderRows": [{"ArticleNumber": "101", "Price": Decimal("-9999999999.0"),
                                                   "OrderedQuantity": Decimal("1.0")}]}
    assert {"Order": wire.for_create(order)} == _load(ORDER_CREATE_REQUEST)
    price = {"ArticleNumber": "102", "PriceList": "TST_PR", "FromQuantity": Decimal(1), "Price": Decimal("12.5")}
    assert {"Price": wire.for_create(price)} == _load(PRICE_CREATE_REQUEST)


def test_create_leaves_none_out() -> None:
    assert wire.for_create({"Name": "Acme", "Email": None, "Rows": [{"Price": Decimal("9.90"), "VAT": None}]}) == {
        "Name": "Acme", "Rows": [{"Price": 9.9}]}


def test_lastmodified_is_stockholm_local_time_to_the_minute() -> None:
    assert wire.lastmodified_param(datetime(2024, 7, 1, 10, 30, 59, tzinfo=UTC)) == "2024-07-01 12:30"  # CEST
    assert wire.lastmodified_param(datetime(2024, 1, 15, 23, 5, tzinfo=UTC)) == "2024-01-16 00:05"  # CET
    with pytest.raises(ValueError):
        wire.lastmodified_param(datetime(2024, 1, 1))


def test_number_text_for_paths() -> None:
    assert [wire.number_text(v) for v in (0, Decimal("0.00"), 10, Decimal("2.50"), Decimal("1E+1"))] == [
        "0", "0", "10", "2.5", "10"]
