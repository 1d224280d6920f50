"""The sandbox seed: deterministic, and the demo holds what every rule (R1–R14) needs to be shown."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from fortsync_gui.domain.names import email_domain
from fortsync_gui.domain.orgno import luhn_valid, normalise_org_no
from fortsync_gui.sandbox.clock import SimClock
from fortsync_gui.sandbox.seed import DEMO_DAY, build_seed
from fortsync_gui.sandbox.seed_types import Json, SeedData
from fortsync_gui.sandbox.upsales import UpsalesSim

SWEDISH = re.compile("[åäöÅÄÖ]")
ROWS = {"invoices": ("InvoiceRows", "DeliveredQuantity", "InvoiceDate"),
        "orders": ("OrderRows", "OrderedQuantity", "OrderDate"),
        "offers": ("OfferRows", "Quantity", "OfferDate")}


@pytest.fixture(scope="module")
def demo() -> SeedData:
    return build_seed("demo")


def documents(seed: SeedData) -> list[tuple[str, Json]]:
    f = seed.fortnox
    return [(kind, doc) for kind, docs in (("invoices", f.invoices), ("orders", f.orders), ("offers", f.offers))
            for doc in docs]


# --- determinism and specs ----------------------------------------------------------------------------------------

def test_builds_are_identical(demo: SeedData) -> None:
    assert build_seed("demo") == demo
    assert build_seed("large:300") == build_seed("large:300")


@pytest.mark.parametrize("spec", ["", "nonsense", "DEMO", "large", "large:", "large:0", "large:-5", "large:ten"])
def test_unknown_specs_are_refused_clearly(spec: str) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(spec))):
        build_seed(spec)


# --- Fortnox ------------------------------------------------------------------------------------------------------

def test_company_information(demo: SeedData) -> None:
    company = demo.fortnox.company
    assert isinstance(company["DatabaseNumber"], int)
    assert company["CountryCode"] == "SE" and company["City"] == "Västerås"
    assert luhn_valid(normalise_org_no(company["OrganizationNumber"]) or "")


def test_customers(demo: SeedData) -> None:
    customers = demo.fortnox.customers
    assert len(customers) >= 40
    numbers = [c["CustomerNumber"] for c in customers]
    assert numbers[0] == "1001" and len(set(numbers)) == len(numbers)
    assert not set(demo.fortnox.deleted_customer_numbers) & set(numbers)
    assert len(demo.fortnox.deleted_customer_numbers) >= 2
    for c in customers:
        assert re.fullmatch(r"\d{6}-\d{4}", c["OrganisationNumber"]), c
        assert luhn_valid(c["OrganisationNumber"].replace("-", "")), c
        assert c["VATNumber"] == f"SE{c['OrganisationNumber'].replace('-', '')}01"
        assert all(c[k] for k in ("Name", "Address1", "ZipCode", "City", "Phone1", "Email"))
        assert c["CountryCode"] == "SE"
    assert len({c["OrganisationNumber"] for c in customers}) == len(customers)
    assert sum(bool(SWEDISH.search(c["Name"])) for c in customers) >= 10
    assert sum(bool(SWEDISH.search(c["Address1"] + c["City"])) for c in customers) >= 10
    assert any("VisitingAddress" in c for c in customers) and any("DeliveryAddress1" in c for c in customers)
    assert {c["PriceList"] for c in customers} == {"A", "B"}


def test_articles_and_prices(demo: SeedData) -> None:
    f = demo.fortnox
    assert len(f.articles) >= 25
    numbers = {a["ArticleNumber"] for a in f.articles}
    assert "KONT-100" in numbers and len(numbers) == len(f.articles)
    assert {a["Unit"] for a in f.articles} == {"st", "h"} and {a["VAT"] for a in f.articles} == {25}
    assert 1 <= sum(not a["Active"] for a in f.articles) <= 5
    assert any(SWEDISH.search(a["Description"]) for a in f.articles)
    assert [(p["Code"], p["Description"], p["PreSelected"]) for p in f.price_lists] == [
        ("A", "Prislista A", True), ("B", "Återförsäljare", False)]
    for code in ("A", "B"):
        assert {p["ArticleNumber"] for p in f.prices if p["PriceList"] == code and p["FromQuantity"] == 0} == numbers
    assert sum(p["FromQuantity"] > 0 for p in f.prices) >= 3
    assert all(p["Price"] > 0 for p in f.prices)


def test_documents(demo: SeedData) -> None:
    f = demo.fortnox
    articles = {a["ArticleNumber"] for a in f.articles}
    customers = {c["CustomerNumber"] for c in f.customers}
    docs = documents(demo)
    assert len(docs) >= 60 and min(len(f.invoices), len(f.orders), len(f.offers)) >= 15
    assert len({d["CustomerNumber"] for _, d in docs}) >= 20
    for kind, doc in docs:
        rows_key, quantity_key, date_key = ROWS[kind]
        assert doc["CustomerNumber"] in customers
        assert DEMO_DAY - timedelta(days=365) <= date.fromisoformat(doc[date_key]) <= DEMO_DAY
        assert 1 <= len(doc[rows_key]) <= 4
        for row in doc[rows_key]:
            assert row["ArticleNumber"] in articles and float(row[quantity_key]) > 0 and row["Price"] > 0
    assert any("Discount" in row for _, d in docs for row in d[ROWS[_][0]])
    assert sum(d.get("_cancelled", False) for d in f.invoices) >= 2
    assert sum(d.get("_cancelled", False) for d in f.orders) >= 2
    assert sum(d.get("_booked", False) for d in f.invoices) >= 2
    assert sum(d.get("_invoiced", False) for d in f.orders) >= 2
    assert sum(d.get("_created_order", False) for d in f.offers) >= 2
    assert not any(d.get("_cancelled") and (d.get("_booked") or d.get("_invoiced")) for _, d in docs)


def test_our_reference_partly_matches_user_names(demo: SeedData) -> None:
    """R13: exact matches, near misses (which must fall back to the Uppsamlingsanvändare) and blanks."""
    users = {u["name"] for u in demo.upsales.users}
    references = [d["OurReference"] for _, d in documents(demo)]
    exact = [r for r in references if r in users]
    near = [r for r in references if r and r not in users and _loose(r) in {_loose(u) for u in users}]
    assert len(exact) >= 10 and len(near) >= 3
    assert "" in references
    assert any(r and r not in users and r not in near for r in references)  # someone Upsales does not know


def _loose(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower().translate(str.maketrans("åäö", "aao")))


# --- Upsales ------------------------------------------------------------------------------------------------------

def test_upsales_users_stages_and_fields(demo: SeedData) -> None:
    up = demo.upsales
    assert 5 <= len(up.users) <= 8
    me = next(u for u in up.users if u["id"] == up.self_user_id)
    assert me["ghost"] == 1 and me["email"].endswith("@api.upsales.com")
    assert sum(u.get("active", 1) == 0 for u in up.users) == 1
    stages = {s["name"]: s for s in up.stages}
    assert stages["Order"]["probability"] == 100 and stages["Förlorad"]["probability"] == 0
    assert stages["Offert"]["probability"] == 50
    assert stages["Order (ej Fortnox)"]["exclude"] == 1 and stages["Order (ej Fortnox)"]["probability"] == 100
    assert any(p["code"] == "A" for p in up.price_lists)
    aliases = {f["alias"] for fields in up.custom_fields.values() for f in fields}
    assert {"EMAIL", "VAT_NO"} <= aliases
    assert not any((a or "").startswith("FORTNOX") or a == "SKIP_SYNC" for a in aliases)


def test_upsales_companies_duplicate_fortnox_customers_in_other_formats(demo: SeedData) -> None:
    """R1: the same company written differently on each side, one matching by e-mail domain, some only in Upsales."""
    by_org = {normalise_org_no(c["OrganisationNumber"]): c for c in demo.fortnox.customers}
    accounts = demo.upsales.accounts
    assert 5 <= len(accounts) <= 8
    matched = [(a, by_org[normalise_org_no(a["orgNo"])]) for a in accounts
               if a.get("orgNo") and normalise_org_no(a["orgNo"]) in by_org]
    assert len(matched) >= 3
    assert {len(a["orgNo"]) for a, _ in matched} >= {10, 11, 13}  # no dash, dash, 12-digit "16" form
    assert any(a["name"] != c["Name"] for a, c in matched)
    domains = {email_domain(c["Email"]) for c in demo.fortnox.customers} - {None}
    by_mail = [a for a in accounts if not a.get("orgNo") and email_domain(a.get("custom", {}).get("EMAIL")) in domains]
    assert len(by_mail) == 1
    only_upsales = [a for a in accounts if a not in by_mail and normalise_org_no(a.get("orgNo")) not in by_org]
    assert len(only_upsales) >= 2


def test_upsales_orders_and_products(demo: SeedData) -> None:
    up = demo.upsales
    stages = {s["id"]: s for s in up.stages}
    account_ids, product_ids = {a["id"] for a in up.accounts}, {p["id"] for p in up.products}
    for order in up.orders:
        assert order["client"]["id"] in account_ids and order["stage"]["id"] in stages
        assert all(r["product"]["id"] in product_ids for r in order["orderRow"])
    won = [o for o in up.orders if o["probability"] == 100 and stages[o["stage"]["id"]]["name"] == "Order"]
    offer = [o for o in up.orders if stages[o["stage"]["id"]]["name"] == "Offert"]
    assert won and offer
    assert any(p.get("articleNo") == "STOL-101" for p in up.products) and any(not p["active"] for p in up.products)


def test_demo_tenant_loads_into_the_simulator(demo: SeedData) -> None:
    sim = UpsalesSim(SimClock())
    sim.load_seed(demo.upsales)
    t = sim.store.tenant
    assert (len(t.accounts), len(t.products), len(t.orders), len(t.users)) == (6, 3, 5, 7)
    assert t.accounts[1]["custom"] and t.orders[1]["closeDate"] == t.orders[1]["date"]


# --- large:N ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [10, 400])
def test_large_scales_with_n(n: int) -> None:
    seed = build_seed(f"large:{n}")
    f = seed.fortnox
    assert seed.name == f"large:{n}"
    assert len(f.customers) == n and len(f.articles) == max(25, n // 4)
    assert len(f.price_lists) == 2 and len(f.prices) == 2 * len(f.articles)
    assert abs(len(documents(seed)) - 1.5 * n) <= 3
    assert len({c["OrganisationNumber"] for c in f.customers}) == n
    assert all(luhn_valid(c["OrganisationNumber"].replace("-", "")) for c in f.customers)
    assert seed.upsales.users and seed.upsales.stages and not seed.upsales.accounts


def test_large_20000_builds() -> None:
    seed = build_seed("large:20000")  # how long it takes is benchmarks/seed_build.py's business
    assert len(seed.fortnox.customers) == 20000 and len(seed.fortnox.articles) == 5000


class _FixedClock(SimClock):
    def now(self) -> datetime:
        return FIXED


FIXED = datetime(2026, 11, 1, 12, tzinfo=UTC)


def test_seeded_records_were_last_modified_days_ago() -> None:
    """Between 1 and 60 days before the start, spread, the same on every start."""
    from fortsync_gui.sandbox.fortnox import FortnoxSim

    seed = build_seed("demo")
    fortnox, upsales = FortnoxSim(_FixedClock()), UpsalesSim(_FixedClock())
    fortnox.load_seed(seed.fortnox)
    upsales.load_seed(seed.upsales)
    fx = fortnox.store
    days = sorted((FIXED - r.modified) / timedelta(days=1)
                  for r in (*fx.customers.values(), *fx.articles.values(), *fx.prices.values(),
                            *(d for docs in fx.documents.records.values() for d in docs.values())))
    assert days[0] >= 1 and days[-1] <= 60 and days[-1] - days[0] > 30
    account_days = {(FIXED - datetime.fromisoformat(a["modDate"])) / timedelta(days=1)
                    for a in upsales.store.tenant.accounts.values()}
    assert len(account_days) == 6 and min(account_days) >= 1


def test_a_listing_of_the_last_hours_shows_nothing_seeded() -> None:
    """As a real tenant's: what changed since yesterday is what someone changed, not the seed."""
    from fortsync_gui.sandbox import Sandbox
    from tests.sandbox_clients import connections

    with Sandbox(seed="demo") as sandbox:
        conns = connections(sandbox)
        try:
            since = sandbox.clock.now() - timedelta(hours=20)  # lastmodified counts whole minutes
            assert list(conns.fortnox.iter_customers(lastmodified=since)) == []
            assert list(conns.upsales.iter_accounts(modified_since=since)) == []
            assert len(list(conns.upsales.iter_accounts())) == 6
        finally:
            conns.close()


def test_a_seed_can_be_dated_now() -> None:
    from dataclasses import replace

    from fortsync_gui.sandbox.fortnox import FortnoxSim

    sim = FortnoxSim(_FixedClock())
    sim.load_seed(replace(build_seed("demo").fortnox, age_days=(0.0, 0.0)))
    assert {r.modified for r in sim.store.customers.values()} == {FIXED}
