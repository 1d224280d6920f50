"""Customers, articles, price lists, prices and company endpoints of the Fortnox simulator: defaults as recorded,
list items, partial updates, numbering and the error bodies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from fortsync_gui.sandbox.fortnox import FortnoxSim
from tests.sandbox.test_fortnox_sim import TENANT, FortnoxHost, connect, error_of

# POST {"Customer":{"Name":"A value"}} as recorded on api.fortnox.se (accodeing/fortnox-api customers/save_new.yml)
RECORDED_NEW_CUSTOMER: dict[str, Any] = {
    "Address1": None, "Address2": None, "City": None, "Country": None, "Comments": None, "Currency": "SEK",
    "CostCenter": None, "CountryCode": None, "Active": True,
    "DefaultDeliveryTypes": {"Invoice": "PRINT", "Order": "PRINT", "Offer": "PRINT"},
    "DefaultTemplates": {"Order": "DEFAULTTEMPLATE", "Offer": "DEFAULTTEMPLATE", "Invoice": "DEFAULTTEMPLATE",
                         "CashInvoice": "DEFAULTTEMPLATE"},
    "DeliveryAddress1": None, "DeliveryAddress2": None, "DeliveryCity": None, "DeliveryCountry": None,
    "DeliveryCountryCode": None, "DeliveryFax": None, "DeliveryName": None, "DeliveryPhone1": None,
    "DeliveryPhone2": None, "DeliveryZipCode": None, "Email": "", "EmailInvoice": "", "EmailInvoiceBCC": "",
    "EmailInvoiceCC": "", "EmailOffer": "", "EmailOfferBCC": "", "EmailOfferCC": "", "EmailOrder": "",
    "EmailOrderBCC": "", "EmailOrderCC": "", "ExternalReference": None, "Fax": None, "GLN": None, "GLNDelivery": None,
    "InvoiceAdministrationFee": None, "InvoiceDiscount": None, "InvoiceFreight": None, "InvoiceRemark": "",
    "Name": "A value", "OrganisationNumber": "", "OurReference": "", "Phone1": None, "Phone2": None,
    "PriceList": "A", "Project": "", "SalesAccount": None, "ShowPriceVATIncluded": False, "TermsOfDelivery": "",
    "TermsOfPayment": "", "Type": "COMPANY", "VATNumber": "", "VATType": "SEVAT", "VisitingAddress": None,
    "VisitingCity": None, "VisitingCountry": None, "VisitingCountryCode": None, "VisitingZipCode": None,
    "WayOfDelivery": "", "WWW": "", "YourReference": "", "ZipCode": None,
}
# An article created 2024-12-02 with Description and QuantityInStock (articles/limits/quantity_in_stock_min_value.yml)
RECORDED_NEW_ARTICLE: dict[str, Any] = {
    "Bulky": False, "ConstructionAccount": 0, "Depth": 0, "Description": "Test article",
    "DisposableQuantity": -100000000000000, "EAN": "", "EUAccount": 3108, "EUVATAccount": 3106, "ExportAccount": 3105,
    "Height": 0, "Housework": False, "HouseworkType": None, "Active": True, "Manufacturer": None,
    "ManufacturerArticleNumber": "", "Note": "", "PurchaseAccount": 4000, "PurchasePrice": 0,
    "QuantityInStock": -100000000000000, "ReservedQuantity": 0, "SalesAccount": 3001, "StockGoods": False,
    "StockPlace": None, "StockValue": 0, "StockWarning": None, "SupplierName": None, "SupplierNumber": None,
    "Type": "STOCK", "Unit": None, "VAT": 25, "WebshopArticle": False, "Weight": 0, "Width": 0, "Expired": False,
    "SalesPrice": None, "CostCalculationMethod": None, "StockAccount": None, "StockChangeAccount": None,
    "DirectCost": None, "FreightCost": None, "OtherCost": None, "DefaultStockPoint": None,
    "DefaultStockLocation": None, "CommodityCode": "",
}


@pytest.fixture(scope="module")
def host() -> Iterator[FortnoxHost]:
    h = FortnoxHost()
    yield h
    h.stop()


@pytest.fixture
def sim(host: FortnoxHost) -> FortnoxSim:
    return host.plug()


@pytest.fixture
def api(host: FortnoxHost, sim: FortnoxSim) -> Iterator[httpx.Client]:
    with connect(host.url, sim) as client:
        yield client


def customer(api: httpx.Client, number: str) -> dict[str, Any]:
    return api.get(f"/customers/{number}").json()["Customer"]


# --- customers ----------------------------------------------------------------------------------------------------

def test_new_customer_has_the_recorded_defaults(api: httpx.Client, host: FortnoxHost) -> None:
    r = api.post("/customers", json={"Customer": {"Name": "A value"}})
    assert (r.status_code, r.headers["location"]) == (201, "customers")
    body = r.json()["Customer"]
    assert body.pop("@url") == f"{host.url}/3/customers/13"
    assert body.pop("CustomerNumber") == "13"  # after 11 and the deleted 12
    assert list(body) == list(RECORDED_NEW_CUSTOMER) and body == RECORDED_NEW_CUSTOMER


def test_country_names_come_from_the_codes(api: httpx.Client) -> None:
    body = api.post("/customers", json={"Customer": {
        "Name": "Grannen", "CountryCode": "no", "DeliveryCountryCode": "DK", "VisitingCountryCode": "SE",
        "Country": "ignored, read-only"}}).json()["Customer"]
    assert (body["CountryCode"], body["Country"]) == ("NO", "Norge")
    assert (body["DeliveryCountry"], body["VisitingCountry"]) == ("Danmark", "Sverige")


def test_customer_list_items_are_slimmer(api: httpx.Client, host: FortnoxHost) -> None:
    items = api.get("/customers").json()["Customers"]
    assert [c["CustomerNumber"] for c in items] == ["1", "2", "10", "11"]
    first = items[0]
    assert list(first) == ["@url", "Address1", "Address2", "City", "CustomerNumber", "Email", "Name",
                           "OrganisationNumber", "Phone", "ZipCode"]
    assert first["Phone"] == "021-10 20 30" and first["Address2"] == ""  # null in the full customer
    assert customer(api, "1")["Address2"] is None and first["@url"] == f"{host.url}/3/customers/1"


def test_swedish_text_round_trips(api: httpx.Client) -> None:
    name = "Åsa Öberg & Söner Järnhandel AB"
    number = api.post("/customers", json={"Customer": {"Name": name, "City": "Härnösand"}}).json()["Customer"][
        "CustomerNumber"]
    got = customer(api, number)
    assert (got["Name"], got["City"]) == (name, "Härnösand")


def test_partial_update_and_api_blank(api: httpx.Client) -> None:
    r = api.put("/customers/1", json={"Customer": {"City": "Köping", "Email": "", "Phone1": "API_BLANK",
                                                   "OurReference": "API_BLANK", "Address1": None}})
    body = r.json()["Customer"]
    assert r.status_code == 200 and body["City"] == "Köping"
    assert body["Email"] == "info@akerlund.se" and body["Address1"] == "Storgatan 1"  # "" and null change nothing
    assert body["Phone1"] is None and body["OurReference"] == ""  # API_BLANK empties, in the field's own way
    assert body["Name"] == "Åkerlunds Bygg AB" and body["OrganisationNumber"] == "556011-2233"


def test_customer_validation(api: httpx.Client) -> None:
    for payload, code in (({"City": "Utan namn"}, 2000012), ({"Name": "X", "OurReference": "x" * 51}, 2000013),
                          ({"Name": "X", "Type": "BOLAG"}, 2000014), ({"Name": "X", "Active": "ja"}, 2000134),
                          ({"Name": "X", "PriceList": "ZZ"}, 2000430)):
        r = api.post("/customers", json={"Customer": payload})
        assert r.status_code == 400, payload
        error = error_of(r)
        assert set(error) == {"error", "message", "code"} and error["code"] == code, (payload, error)
    assert api.put("/customers/1", json={"Customer": {"Name": "API_BLANK"}}).status_code == 400
    assert api.post("/customers", json={"Customer": {"Name": "X", "OurReference": "x" * 50}}).status_code == 201


def test_customer_numbers(api: httpx.Client) -> None:
    assert api.post("/customers", json={"Customer": {"CustomerNumber": "K-7", "Name": "Egen nummerserie"}}).json()[
        "Customer"]["CustomerNumber"] == "K-7"
    for taken in ("1", "12"):  # in use, and used before but deleted
        r = api.post("/customers", json={"Customer": {"CustomerNumber": taken, "Name": "Dubblett"}})
        assert r.status_code == 400
        assert error_of(r) == {"error": 1, "code": 2000637, "message": f"Kundnummer {taken} används redan. "
                               "Kundnumret har redan använts men blivit raderat."}
    assert api.post("/customers", json={"Customer": {"Name": "Nästa"}}).json()["Customer"]["CustomerNumber"] == "13"


def test_delete_customer_and_never_reuse_its_number(api: httpx.Client) -> None:
    r = api.delete("/customers/2")
    assert (r.status_code, r.content) == (204, b"")
    r = api.get("/customers/2")
    assert r.status_code == 404
    assert r.json() == {"ErrorInformation": {"Error": 1, "Message": "Kan inte hitta kunden.", "Code": 2000433}}
    assert api.delete("/customers/2").status_code == 404
    assert api.post("/customers", json={"Customer": {"CustomerNumber": "2", "Name": "Igen"}}).status_code == 400


# --- articles -----------------------------------------------------------------------------------------------------

def test_new_article_has_the_recorded_defaults(api: httpx.Client) -> None:
    r = api.post("/articles", json={"Article": {"Description": "Test article", "QuantityInStock": -100000000000000}})
    assert (r.status_code, r.headers["location"]) == (201, "articles")
    body = r.json()["Article"]
    assert body.pop("@url").endswith("/3/articles/1") and body.pop("ArticleNumber") == "1"
    assert list(body) == list(RECORDED_NEW_ARTICLE) and body == RECORDED_NEW_ARTICLE


def test_prices_and_quantities_are_rounded_to_two_decimals(api: httpx.Client) -> None:
    body = api.post("/articles", json={"Article": {"Description": "Avrundad", "QuantityInStock": 1.125,
                                                   "PurchasePrice": "1.123"}}).json()["Article"]
    assert (body["QuantityInStock"], body["PurchasePrice"]) == (1.13, 1.12)


def test_article_list_items_send_numbers_as_strings(api: httpx.Client) -> None:
    items = {a["ArticleNumber"]: a for a in api.get("/articles").json()["Articles"]}
    assert list(items) == ["OLD-1", "ST-1", "TJ-1"]
    st = items["ST-1"]
    assert list(st) == ["@url", "ArticleNumber", "Description", "DisposableQuantity", "EAN", "Housework",
                        "PurchasePrice", "SalesPrice", "QuantityInStock", "ReservedQuantity", "StockPlace",
                        "StockValue", "Unit", "VAT", "WebshopArticle"]
    assert (st["PurchasePrice"], st["SalesPrice"], st["QuantityInStock"], st["VAT"]) == ("400", "1000", "0", "25")
    assert "Active" not in st


def test_sales_price_is_read_only_and_mirrors_the_preselected_list(api: httpx.Client) -> None:
    r = api.post("/articles", json={"Article": {"Description": "Med pris", "SalesPrice": 100}})
    assert r.status_code == 400 and error_of(r)["code"] == 2001399
    assert api.put("/articles/ST-1", json={"Article": {"SalesPrice": 5}}).status_code == 400
    assert api.get("/articles/ST-1").json()["Article"]["SalesPrice"] == 1000
    api.put("/prices/A/ST-1/0", json={"Price": {"Price": 1250.5}})
    api.put("/prices/B/ST-1/0", json={"Price": {"Price": 1}})
    assert api.get("/articles/ST-1").json()["Article"]["SalesPrice"] == 1250.5


def test_a_new_article_gets_a_base_price_in_every_list(api: httpx.Client) -> None:
    api.post("/pricelists", json={"PriceList": {"Code": "C", "Description": "Kampanj"}})
    api.post("/articles", json={"Article": {"ArticleNumber": "NY-1", "Description": "Ny"}})
    for code in ("A", "B", "C"):
        price = api.get(f"/prices/{code}/NY-1/0").json()["Price"]
        assert (price["FromQuantity"], price["Price"], price["PriceList"]) == (0, 0, code)
    assert api.get("/articles/NY-1").json()["Article"]["SalesPrice"] is None


def test_article_update_delete_and_404(api: httpx.Client) -> None:
    body = api.put("/articles/ST-1", json={"Article": {"Description": "Stol Åsa, ek", "Active": False,
                                                       "Note": ""}}).json()["Article"]
    assert (body["Description"], body["Active"], body["Unit"]) == ("Stol Åsa, ek", False, "st")
    assert api.post("/articles", json={"Article": {"ArticleNumber": "ST-1", "Description": "Dubblett"}}).status_code \
        == 400
    assert api.post("/articles", json={"Article": {"Unit": "st"}}).status_code == 400  # Description is required
    assert api.delete("/articles/ST-1").status_code == 204
    r = api.get("/articles/ST-1")
    assert r.status_code == 404
    assert r.json() == {"ErrorInformation": {"Error": 1, "Message": "Kan inte hitta artikeln.", "Code": 2000428}}
    assert api.get("/prices/A/ST-1/0").status_code == 404


def test_article_numbers_with_slashes_and_spaces(api: httpx.Client, host: FortnoxHost) -> None:
    body = api.post("/articles", json={"Article": {"ArticleNumber": "A/B 1", "Description": "Konstig"}}).json()
    assert body["Article"]["@url"] == f"{host.url}/3/articles/A%2FB%201"
    assert api.get("/articles/A%2FB%201").json()["Article"]["ArticleNumber"] == "A/B 1"


# --- price lists and prices ---------------------------------------------------------------------------------------

def test_price_lists(api: httpx.Client, host: FortnoxHost) -> None:
    lists = api.get("/pricelists").json()
    assert lists["MetaInformation"] == {"@TotalResources": 2, "@TotalPages": 1, "@CurrentPage": 1}
    assert lists["PriceLists"][0] == {"@url": f"{host.url}/3/pricelists/A", "Code": "A", "Description": "Prislista A",
                                      "Comments": "", "PreSelected": True}
    r = api.post("/pricelists", json={"PriceList": {"Code": "K", "Description": "Kampanj", "PreSelected": True}})
    assert r.status_code == 201 and r.json()["PriceList"]["PreSelected"] is False  # read-only
    updated = api.put("/pricelists/K", json={"PriceList": {"Comments": "Våren"}}).json()["PriceList"]
    assert updated["Comments"] == "Våren"
    assert api.post("/pricelists", json={"PriceList": {"Code": "K", "Description": "Igen"}}).status_code == 400
    assert api.post("/pricelists", json={"PriceList": {"Code": "L"}}).status_code == 400
    r = api.get("/pricelists/ZZ")
    assert r.status_code == 404 and error_of(r)["Code"] == 2000430


def test_price_rows(api: httpx.Client, host: FortnoxHost) -> None:
    first = api.get("/prices/A/ST-1").json()["Price"]  # the first (lowest FromQuantity) row
    assert list(first) == ["@url", "ArticleNumber", "Date", "FromQuantity", "Percent", "Price", "PriceList"]
    assert (first["@url"], first["FromQuantity"], first["Price"]) == (f"{host.url}/3/prices/A/ST-1/0", 0, 1000)
    assert api.get("/prices/A/ST-1/10").json()["Price"]["Price"] == 900
    assert api.get("/prices/A/ST-1/10.0").json()["Price"]["Price"] == 900
    assert api.put("/prices/A/ST-1", json={"Price": {"Price": 990}}).json()["Price"]["Price"] == 990
    assert api.put("/prices/A/ST-1/10", json={"Price": {"Price": 890.5}}).json()["Price"]["Price"] == 890.5
    r = api.get("/prices/A/ST-1/25")
    assert r.status_code == 404 and error_of(r)["Code"] == 2000431
    assert api.put("/prices/A/ST-1/25", json={"Price": {"Price": 1}}).status_code == 404


def test_create_and_delete_a_price_tier(api: httpx.Client) -> None:
    r = api.post("/prices", json={"Price": {"ArticleNumber": "ST-1", "PriceList": "B", "FromQuantity": 50,
                                            "Price": 700}})
    assert (r.status_code, r.headers["location"]) == (201, "prices")
    assert r.json()["Price"]["Date"] == api.get("/prices/B/ST-1/0").json()["Price"]["Date"]
    duplicate = api.post("/prices", json={"Price": {"ArticleNumber": "ST-1", "PriceList": "B", "FromQuantity": 50}})
    assert duplicate.status_code == 400
    for missing in ({"PriceList": "B"}, {"ArticleNumber": "ST-1"}):
        assert api.post("/prices", json={"Price": missing}).status_code == 400
    assert error_of(api.post("/prices", json={"Price": {"ArticleNumber": "NOPE", "PriceList": "B"}}))["code"] \
        == 2000428
    sublist = api.get("/prices/sublist/B/ST-1").json()
    assert [(p["FromQuantity"], p["Price"]) for p in sublist["Prices"]] == [(0, 800), (50, 700)]
    assert set(sublist["Prices"][0]) == {"@url", "ArticleNumber", "FromQuantity", "Price", "PriceList"}
    assert api.delete("/prices/B/ST-1/50").status_code == 204
    assert api.get("/prices/B/ST-1/50").status_code == 404
    base = api.delete("/prices/B/ST-1/0")
    assert base.status_code == 400 and api.get("/prices/B/ST-1/0").status_code == 200


def test_price_list_of_every_row(api: httpx.Client) -> None:
    body = api.get("/prices", params={"limit": 2}).json()
    assert body["MetaInformation"] == {"@TotalResources": 7, "@TotalPages": 4, "@CurrentPage": 1}
    first = body["Prices"][0]
    assert (first["PriceList"], first["ArticleNumber"], first["FromQuantity"]) == ("A", "OLD-1", 0)
    assert set(first) == {"@url", "ArticleNumber", "FromQuantity", "Price", "PriceList"}


# --- company ------------------------------------------------------------------------------------------------------

def test_company_information_and_settings(api: httpx.Client) -> None:
    info = api.get("/companyinformation").json()["CompanyInformation"]
    assert info == {"Address": "Östra vägen 3", "City": "Åre", "CompanyName": "Testbolaget i Åre AB",
                    "CountryCode": "SE", "DatabaseNumber": TENANT, "OrganizationNumber": "556677-8899",
                    "VisitAddress": "Östra vägen 3", "VisitCity": "Åre", "VisitCountryCode": "SE",
                    "VisitZipCode": "837 52", "ZipCode": "837 52"}
    settings = api.get("/settings/company").json()["CompanySettings"]
    assert settings["DatabaseNumber"] == str(TENANT) and settings["Name"] == "Testbolaget i Åre AB"
    assert settings["Country"] == "Sverige" and settings["VATNumber"] == "SE556677889901"
