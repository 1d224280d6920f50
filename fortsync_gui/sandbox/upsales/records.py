"""The tenant's data and how each record reads back on the wire.

Internal records keep wire field names for plain values and ids for relations; rendering fills in everything else a
real response carries (the Postman examples plus what recorded traffic adds), so clients see the full shapes.
Fields Upsales computes from other data we do not simulate (scores, prospecting, activity dates) read as their
"nothing known" value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .custom import render_values
from .wire import Json, tidy

MASTER_CURRENCY = "SEK"
ADDRESS_TYPES = frozenset({"Mail", "Visit", "Delivery", "Invoice", "Other"})
ADDRESS_KEYS = ("type", "address", "zipcode", "state", "city", "municipality", "country", "latitude", "longitude")


@dataclass
class Tenant:
    client: Json  # {"id", "name"} of the Upsales customer account
    self_user_id: int
    users: dict[int, Json] = field(default_factory=dict)
    stages: dict[int, Json] = field(default_factory=dict)
    price_lists: dict[int, Json] = field(default_factory=dict)
    fields: dict[str, dict[int, Json]] = field(default_factory=dict)  # entity -> field id -> definition
    accounts: dict[int, Json] = field(default_factory=dict)
    products: dict[int, Json] = field(default_factory=dict)
    orders: dict[int, Json] = field(default_factory=dict)

    def definitions(self, entity: str) -> dict[int, Json]:
        return self.fields.setdefault(entity, {})

    def default_price_list_id(self) -> int | None:
        return next((p["id"] for p in self.price_lists.values() if p["isDefault"]), None)


# --- users, stages, price lists, field definitions: stored in wire shape ------------------------------------------

USER_DEFAULTS: Json = {
    "id": None, "name": None, "email": None, "administrator": 0, "role": None, "teamLeader": 0, "active": 1,
    "ghost": 0, "free": 0, "userTitle": None, "userAddress": None, "userZipCode": None, "userState": None,
    "userPhone": None, "userCellPhone": None, "export": 0, "custom": [], "billingAdmin": 0, "regDate": None,
    "crm": 1, "support": 0, "service": 0, "supportAdmin": 0, "projectAdmin": 0,
}
STAGE_DEFAULTS: Json = {"id": None, "name": None, "probability": 0, "exclude": 0, "roles": []}
PRICE_LIST_DEFAULTS: Json = {"id": None, "name": None, "code": None, "active": True, "isDefault": False,
                             "showDiscount": False, "regDate": None, "modDate": None, "modBy": 0, "regBy": 0}


def user_ref(tenant: Tenant, user_id: int | None) -> Json | None:
    user = tenant.users.get(user_id) if user_id is not None else None
    if user is None:
        return None
    return {"id": user["id"], "name": user["name"], "role": user["role"], "email": user["email"]}


# --- accounts -----------------------------------------------------------------------------------------------------

ACCOUNT_DEFAULTS: Json = {
    "id": None, "name": None, "phone": None, "phoneCountryCode": None, "fax": None, "webpage": None, "notes": None,
    "parent": None, "operationalAccount": None, "active": 1, "currency": None, "users": [], "regDate": None,
    "regBy": None, "modDate": None, "dunsNo": None, "projects": [], "categories": [], "addresses": [],
    "mailAddress": None, "custom": [], "userRemovable": True, "userEditable": True, "connectedClients": [],
    "soliditet": {}, "score": 0, "scoreUpdateDate": None, "isExternal": 0, "externalClientData": {},
    "hasOrder": None, "hadOrder": None, "hasOpportunity": None, "hadOpportunity": None, "hasActivity": None,
    "hadActivity": None, "hasMail": False, "hasForm": False, "hasVisit": False, "hasAppointment": None,
    "hadAppointment": None, "assigned": [], "ads": {"clicks": 0, "impressions": 0}, "adCampaign": [],
    "importId": None, "orgNo": None, "registrationDate": None, "status": None, "sniCode": None, "companyForm": None,
    "creditRating": None, "turnover": None, "profit": None, "noEmployees": None, "facebook": None, "twitter": None,
    "linkedin": None, "sicCode": None, "ukSicCode": None, "naicsCode": None, "journeyStep": "lead",
    "deactivationReason": None, "deactivationDate": None, "deactivatedBy": None, "cfar": None, "about": None,
    "headquarters": 0, "prospectingId": None, "autoMatchedProspectingId": None, "prospectingUpdateDate": None,
    "prospectingCreditRating": None, "prospectingNumericCreditRating": None, "monitorChangeDate": None,
    "naceCode": None, "processedBy": None, "source": None, "numberOfSubaccounts": 0, "numberOfContacts": 0,
    "numberOfContactsTotal": 0, "extraFields": {}, "clientQuotas": [], "priceListId": None, "priceList": None,
    "clientPlans": [], "supportTickets": {"hasOpen": False, "hasClosed": False}, "isMonitored": False,
    "excludedFromProspectingMonitor": False,
}
# Kept as stored; relations (parent, users, regBy, priceList) and custom values are rendered.
ACCOUNT_PLAIN = ("id", "name", "phone", "fax", "webpage", "notes", "active", "currency", "regDate", "modDate",
                 "dunsNo", "isExternal", "importId", "orgNo", "journeyStep", "about", "headquarters", "priceListId")


def blank_address(kind: str) -> Json:
    return {key: (kind if key == "type" else None) for key in ADDRESS_KEYS}


def render_account(tenant: Tenant, account: Json) -> Json:
    out = dict(ACCOUNT_DEFAULTS)
    for key in ACCOUNT_PLAIN:
        out[key] = account[key]
    parent = tenant.accounts.get(account["parent"]) if account["parent"] is not None else None
    out["parent"] = {"id": parent["id"], "name": parent["name"]} if parent else None
    out["users"] = [user_ref(tenant, uid) for uid in account["users"] if uid in tenant.users]
    out["regBy"] = user_ref(tenant, account["regBy"])
    out["addresses"] = [dict(a) for a in account["addresses"]]
    out["mailAddress"] = next((dict(a) for a in account["addresses"] if a["type"] == "Mail"), blank_address("Mail"))
    out["custom"] = render_values(account["custom"], tenant.definitions("account"))
    price_list = tenant.price_lists.get(account["priceListId"]) if account["priceListId"] is not None else None
    out["priceList"] = {"id": price_list["id"], "name": price_list["name"]} if price_list else None
    return out


# --- products -----------------------------------------------------------------------------------------------------

PRODUCT_DEFAULTS: Json = {
    "id": None, "name": None, "listPrice": 0, "active": 1, "category": None, "sortId": 0, "recurringInterval": None,
    "isMultiCurrency": 0, "isRecurring": 0, "custom": [], "userRemovable": True, "userEditable": True, "roles": [],
    "currencies": [], "tiers": [], "purchaseCost": 0, "articleNo": None, "importId": None, "bundle": [],
    "bundlePriceAdjustment": None, "bundlePriceAdjustmentType": None, "bundleFixedPrice": False,
    "bundleEditable": False, "description": None, "projectPlanTemplate": None,
}
PRODUCT_PLAIN = ("id", "name", "listPrice", "active", "sortId", "recurringInterval", "isMultiCurrency", "isRecurring",
                 "purchaseCost", "articleNo", "importId", "description")


def render_product(tenant: Tenant, product: Json, *, price_lists: bool) -> Json:
    """With ``usePriceLists=true`` every price list has a price (0 when none is stored) tagged ``priceListId``;
    without it, the plain multi-currency list as last written without price lists."""
    out = dict(PRODUCT_DEFAULTS)
    for key in PRODUCT_PLAIN:
        out[key] = product[key]
    out["custom"] = render_values(product["custom"], tenant.definitions("product"))
    out["bundle"] = [dict(b) for b in product["bundle"]]
    if price_lists:
        prices = [dict(p) for p in product["prices"]]
        priced = {p["priceListId"] for p in prices}
        prices += [{"currency": MASTER_CURRENCY, "price": 0, "purchaseCost": 0, "priceListId": pid}
                   for pid, pl in tenant.price_lists.items() if pl["active"] and pid not in priced]
        out["currencies"] = sorted(prices, key=lambda p: (p["priceListId"], p["currency"]))
        out["tiers"] = [dict(t) for t in product["tiers"]]
    else:
        default = tenant.default_price_list_id()
        out["currencies"] = [dict(c) for c in product["currencies"]]
        out["tiers"] = [{k: v for k, v in t.items() if k != "priceListId"} for t in product["tiers"]
                        if t["priceListId"] == default]
    return out


def product_ref(tenant: Tenant, product_id: int) -> Json | None:
    product = tenant.products.get(product_id)
    if product is None:
        return None
    return {"name": product["name"], "id": product["id"], "category": None, "articleNo": product["articleNo"],
            "purchaseCost": product["purchaseCost"], "isRecurring": bool(product["isRecurring"])}


# --- orders (and opportunities: the same entity) -------------------------------------------------------------------

ORDER_DEFAULTS: Json = {
    "id": None, "description": None, "closeDate": None, "date": None, "notes": None, "user": None, "client": None,
    "contact": None, "project": None, "regDate": None, "stage": None, "probability": 0, "modDate": None,
    "clientConnection": None, "currencyRate": 1, "currency": MASTER_CURRENCY, "locked": 0, "custom": [],
    "stakeholders": [], "titleCategories": [], "orderRow": [], "recurringInterval": None, "periodization": None,
    "value": 0, "contributionMargin": 0, "weightedContributionMargin": 0, "contributionMarginLocalCurrency": 0,
    "weightedContributionMarginLocalCurrency": 0, "purchaseCost": 0, "annualValue": 0,
    "annualValueInMasterCurrency": 0, "weightedAnnualValue": 0, "weightedAnnualValueInMasterCurrency": 0,
    "monthlyValue": 0, "monthlyValueInMasterCurrency": 0, "weightedMonthlyValue": 0,
    "weightedMonthlyValueInMasterCurrency": 0, "weightedValue": 0, "valueInMasterCurrency": 0,
    "weightedValueInMasterCurrency": 0, "oneOffValue": 0, "weightedOneOffValue": 0, "oneOffValueInMasterCurrency": 0,
    "weightedOneOffValueInMasterCurrency": 0, "agreement": None, "userRemovable": True, "userEditable": True,
    "lastIntegrationStatus": [], "confirmedBudget": None, "confirmedDate": None, "confirmedSolution": False,
    "lostReason": None, "competitorId": None, "regBy": None, "salesCoach": [], "checklist": [],
    "marketingContribution": None, "priceListId": None, "invoiceRelatedClient": False, "projectPlanOptions": [],
}
ORDER_PLAIN = ("id", "description", "closeDate", "date", "notes", "regDate", "probability", "modDate",
               "currencyRate", "currency", "locked", "priceListId", "lostReason", "competitorId")


def _row(tenant: Tenant, row: Json) -> Json:
    margin = tidy(row["quantity"] * (row["price"] - (row["purchaseCost"] or 0)))
    return {
        "id": row["id"], "quantity": row["quantity"], "price": row["price"], "discount": row["discount"],
        "product": product_ref(tenant, row["productId"]),
        "custom": render_values(row["custom"], tenant.definitions("orderrow")),
        "bundleRows": [], "productId": row["productId"], "tierQuantity": row["tierQuantity"], "sortId": row["sortId"],
        "listPrice": row["listPrice"], "purchaseCost": row["purchaseCost"], "bundleFixedPrice": False,
        "contributionMargin": margin, "contributionMarginLocalCurrency": margin,
    }


def render_order(tenant: Tenant, order: Json) -> Json:
    out = dict(ORDER_DEFAULTS)
    for key in ORDER_PLAIN:
        out[key] = order[key]
    out["user"] = user_ref(tenant, order["user"])
    out["regBy"] = user_ref(tenant, order["regBy"])
    client = tenant.accounts.get(order["client"])
    out["client"] = None if client is None else {
        "operationalAccount": None, "journeyStep": client["journeyStep"], "name": client["name"], "id": client["id"],
        "users": [user_ref(tenant, uid) for uid in client["users"] if uid in tenant.users]}
    stage = tenant.stages.get(order["stage"])
    out["stage"] = {"name": stage["name"], "id": stage["id"]} if stage else None
    out["custom"] = render_values(order["custom"], tenant.definitions("order"))
    out["orderRow"] = [_row(tenant, r) for r in order["rows"]]
    value = sum(r["quantity"] * r["price"] for r in order["rows"])
    cost = sum(r["quantity"] * (r["purchaseCost"] or 0) for r in order["rows"])
    share = order["probability"] / 100
    in_master = value / (order["currencyRate"] or 1)
    out.update({
        "value": tidy(value), "purchaseCost": tidy(cost), "weightedValue": tidy(value * share),
        "valueInMasterCurrency": tidy(in_master), "weightedValueInMasterCurrency": tidy(in_master * share),
        "oneOffValue": tidy(value), "weightedOneOffValue": tidy(value * share),
        "oneOffValueInMasterCurrency": tidy(in_master), "weightedOneOffValueInMasterCurrency": tidy(in_master * share),
        "contributionMargin": tidy(value - cost), "contributionMarginLocalCurrency": tidy(value - cost),
        "weightedContributionMargin": tidy((value - cost) * share),
        "weightedContributionMarginLocalCurrency": tidy((value - cost) * share),
    })
    return out


# --- /self --------------------------------------------------------------------------------------------------------

FEATURES = ("automations", "companyProfile", "forms", "leads", "recurringOrder", "triggers", "multiCurrency",
            "activitiesAndAppointments", "projects", "advancedSearch", "companiesAndContacts", "documents", "email",
            "integrations", "orders", "salesboard", "pipeline", "reports", "apiKeys", "companyRelations",
            "orderRowCustom", "productCustomFields", "stagesAdmin", "clientCustom", "contactCustom", "orderCustom",
            "userCustom", "createCustomFieldsClient", "createCustomFieldsContact", "createCustomFieldsOrder",
            "createCustomFieldsOrderRow", "createCustomFieldsProduct", "adminProducts", "adminCurrencies",
            "exportData")


# Upsales' contact for the tenant, as /self names it (keys of the Postman example and of 2025 traffic).
ACCOUNT_MANAGER: Json = {
    "id": 167, "name": "Upsales Support", "administrator": False, "roleId": None, "teamLeader": False, "active": True,
    "ghost": False, "free": False, "userTitle": None, "userAddress": None, "userZipCode": None, "userState": None,
    "userPhone": None, "userCellPhone": None, "export": 0, "custom": [], "email": "support@upsales.com",
    "title": "Kundansvarig", "phone": "08-505 806 00", "cellPhone": "",
}


def master_user_id(tenant: Tenant) -> int:
    """``/self`` answers the key's *master* user id; the tenant's own user id is ``client.userId`` (Postman
    example: ``"id": 70896`` with ``"client": {"userId": 2}``, and records show ``regBy.id`` 2)."""
    return 70000 + tenant.self_user_id


def render_self(tenant: Tenant) -> Json:
    user: Any = tenant.users.get(tenant.self_user_id) or {"name": None, "email": None}
    client_id, client_name = tenant.client["id"], tenant.client["name"]
    products = {"ma": False, "crm": True}
    return {
        "id": master_user_id(tenant), "email": user["email"],
        "clients": [{"name": client_name, "clientId": client_id, "userId": tenant.self_user_id}],
        "client": {"id": client_id, "name": client_name, "numberOfLicenses": len(tenant.users), "killDate": None,
                   "isTrial": False, "provisioningMaxContactTotal": 0, "userId": tenant.self_user_id,
                   "address": None, "zipCode": None, "state": None, "country": "SE", "www": None,
                   "contactEmail": None, "delayedPayment": None, "orgNumber": "", "migrated": 0,
                   "movingStarted": None},
        "name": user["name"], "lastOnline": None, "lastOnlinePower": None, "language": "sv-SE",
        "versionData": {"name": "Professional", "parent": "Professional", "products": products,
                        "unlimitedEmails": False, "includedAddons": [], "canPurchaseAddons": [], "features": [],
                        "whitelabel": False, "trialAddons": [], "availableAddons": []},
        "version": "Professional", "whitelabel": False, "products": products,
        "features": {name: True for name in FEATURES}, "boughtAddons": {}, "availableAddons": [],
        "unreleasedFeatures": {}, "userActivatedFeatures": {}, "accountManager": ACCOUNT_MANAGER,
    }
