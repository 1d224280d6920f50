"""Deterministic seed data for the sandbox: ``build_seed("demo")`` and ``build_seed("large:N")``.

**demo**: Kontorsmästarna i Västerås AB sells office furniture and services. Every call returns the same data
(fixed random seed, dates counted back from ``DEMO_DAY``).

Fortnox
- 44 customers, numbers 1001–1046; 1017 and 1032 were deleted (``deleted_customer_numbers``, never reusable).
  Swedish names and addresses with å, ä and ö, Luhn-valid org numbers ``NNNNNN-NNNN`` (AB 556…, HB 969…, förening
  769…), VAT ``SE<org>01``; some have visiting or delivery addresses, resellers use price list ``B``, one is inactive,
  one uses a free-mail address.
- 32 articles (``KONT-100``, ``STOL-101`` …; ``h`` for services), three inactive ("utgått") for R9.
- Price lists ``A`` "Prislista A" (pre-selected) and ``B`` "Återförsäljare": a base price (FromQuantity 0) for every
  article in both, plus quantity tiers on five articles.
- 66 documents over the year before ``DEMO_DAY``: 26 invoices, 22 orders, 18 offers, 1–4 rows each.
  - R12: invoices 5, 12, 20 and orders 4, 13, 18 are cancelled (``_cancelled``), as is offer 7 (1-based, date order).
  - Invoices 1–4 and 6 are booked; orders 1–3 and 6 were invoiced; offers 1–3 and 5 became orders.
  - R13 ("Vår referens"): ``OurReference`` cycles through exact user names (Erik Sjöberg, Maria Åkesson, Johan Öberg,
    Per Hägglund, and Lena Björklund, who is inactive), near misses that must fall back to the Uppsamlingsanvändare
    (``Anna-Karin Lund`` vs the user "Anna Karin Lund", ``Johan Oberg``), a former employee (Kalle Nilsson) and "".

Upsales: a tenant without any FORTNOX_* custom field (Fortsync creates them), with account fields ``VAT_NO`` and
``EMAIL`` (and a Select without alias).
- Users 1–6 plus the API key's ghost user 7 (``/self``); user 6, Lena Björklund, is inactive.
- Stages: Kvalificering 10 %, Offert 50 % (offer stage), Förhandling 75 %, Order 100 % (won), Förlorad 0 % (lost),
  and "Order (ej Fortnox)" 100 % with ``exclude: 1``.
- Price lists "Standard" (default, no code) and "Prislista A" (code ``A``).
- Six companies, for R1 duplicate matching:
  1 "Bergströms Bygg AB" = Fortnox 1003 "Bergström Bygg AB", org number without the dash;
  2 "Mälardalens Redovisning AB" = Fortnox 1002 "Mälardalens Redovisningsbyrå AB", 12-digit ``16…`` form;
  3 "Öhmans Fastigheter AB" = Fortnox 1004, same name and org number;
  4 "Västerås Tandvård" ~ Fortnox 1005 "Tandvårdshuset i Västerås AB" by e-mail domain only;
  5 "Nordkap Consulting AB" and 6 "Kafé Linnéa" exist only in Upsales.
- Three products (one with ``articleNo`` STOL-101 like the Fortnox article, one inactive) and five orders: won on
  company 1 (R6/R10), offer stage on company 5 (R10 offers), qualification on 6, lost on 2, won in the excluded
  stage on 3.

R8 and R9 play out by deleting a customer or deactivating an article in the Fortnox simulator after a sync; R14 needs
the order field ``SKIP_SYNC``, which Fortsync creates, so no seeded order carries it.

**Age**: the simulators date every seeded record back, as last modified between 1 and 60 days before the sandbox
started (``SEED_AGE_DAYS``, spread over the range, the same on every start), as a real tenant's records are: the
sync right after a first import lists only what changed since, so a benchmark measures Fortsync's own echoes and not
the seed's timestamps. A seed made with ``age_days=(0, 0)`` is dated "now".

**large:N**: N Fortnox customers, max(25, N/4) articles with base prices in both lists, ≈1.5·N documents (every 17th
invoice and order cancelled), and the demo's Upsales tenant without companies, products or orders.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

from .seed_types import FortnoxSeed, Json, SeedData, UpsalesSeed

DEMO_DAY = date(2026, 10, 31)  # fixed, so the demo (and its screenshots) never change

COMPANY: Json = {
    "CompanyName": "Kontorsmästarna i Västerås AB", "OrganizationNumber": "556812-3458", "DatabaseNumber": 1234567,
    "Address": "Kopparbergsvägen 47", "ZipCode": "722 13", "City": "Västerås", "CountryCode": "SE",
    "VisitAddress": "Stora Gatan 18", "VisitZipCode": "722 12", "VisitCity": "Västerås", "VisitCountryCode": "SE",
}

# city -> (first three zip digits, phone area code)
CITIES: dict[str, tuple[str, str]] = {
    "Västerås": ("722", "021"), "Köping": ("731", "0221"), "Eskilstuna": ("632", "016"), "Sala": ("733", "0224"),
    "Enköping": ("745", "0171"), "Fagersta": ("737", "0223"), "Kungsör": ("736", "0227"), "Arboga": ("732", "0589"),
    "Hallstahammar": ("734", "0220"), "Skultuna": ("726", "021"), "Örebro": ("702", "019"), "Uppsala": ("753", "018"),
    "Stockholm": ("118", "08"), "Gävle": ("803", "026"), "Göteborg": ("411", "031"), "Malmö": ("211", "040"),
    "Falun": ("791", "023"), "Borlänge": ("784", "0243"), "Karlstad": ("652", "054"), "Norrköping": ("602", "011"),
    "Linköping": ("582", "013"), "Jönköping": ("553", "036"), "Växjö": ("352", "0470"), "Umeå": ("903", "090"),
    "Luleå": ("972", "0920"), "Nyköping": ("611", "0155"), "Västervik": ("593", "0490"), "Hällefors": ("712", "0591"),
    "Kolbäck": ("734", "0220"),
}

STREETS = ("Kopparbergsvägen", "Stora Gatan", "Sjöhagsvägen", "Östra Ringvägen", "Björnövägen", "Mälarvägen",
           "Vasagatan", "Kungsgatan", "Drottninggatan", "Hälsingegatan", "Fältmätargatan", "Änggärdsgatan",
           "Sigurdsgatan", "Kopparlundsvägen", "Norra Källgatan", "Hantverkargatan", "Sörbyvägen", "Ängsgärdsgatan",
           "Köpmangatan", "Smedjegatan", "Åsgatan", "Järnvägsgatan", "Brunnsgatan", "Skolgatan")

# (name, city, price list, e-mail domain or None to derive one from the name)
DEMO_CUSTOMERS: tuple[tuple[str, str, str, str | None], ...] = (
    ("Åkerlunds Elektriska AB", "Köping", "A", None),
    ("Mälardalens Redovisningsbyrå AB", "Västerås", "A", "mdredovisning.se"),
    ("Bergström Bygg AB", "Västerås", "A", "bergstrombygg.se"),
    ("Öhmans Fastigheter AB", "Eskilstuna", "A", "ohmansfastigheter.se"),
    ("Tandvårdshuset i Västerås AB", "Västerås", "A", "tandvardshuset.se"),
    ("Sjöströms Advokatbyrå KB", "Västerås", "A", None),
    ("Hällefors Trävaror AB", "Hällefors", "B", None),
    ("Björkängens Förskola ekonomisk förening", "Sala", "A", None),
    ("Nyströms Måleri AB", "Enköping", "A", None),
    ("Grönsöö Gårdsbutik AB", "Enköping", "A", None),
    ("Fagersta Stålprodukter AB", "Fagersta", "A", None),
    ("Kungsörs Båtvarv AB", "Kungsör", "A", None),
    ("Arboga Mekaniska Verkstad AB", "Arboga", "A", None),
    ("Hallstahammars Kök & Bad AB", "Hallstahammar", "B", None),
    ("Skultuna Glasmästeri AB", "Skultuna", "A", None),
    ("Örebro Läkarhus AB", "Örebro", "A", None),
    ("Uppsala Språkskola AB", "Uppsala", "A", None),
    ("Södermalms Revision AB", "Stockholm", "A", None),
    ("Lindqvist & Söner Transport AB", "Västerås", "A", None),
    ("Ängsbacka Vårdcentral AB", "Sala", "A", None),
    ("Norrlandsgrossisten i Gävle AB", "Gävle", "B", None),
    ("Göta Konferens & Möten AB", "Göteborg", "A", None),
    ("Malmö Ljusdesign AB", "Malmö", "A", None),
    ("Dalarnas Försäkringsförmedling AB", "Falun", "A", None),
    ("Borlänge Bilservice AB", "Borlänge", "A", None),
    ("Karlstads Arkitektkontor AB", "Karlstad", "A", None),
    ("Norrköpings Tryckeri AB", "Norrköping", "A", None),
    ("Linköpings Datakonsult AB", "Linköping", "A", None),
    ("Jönköpings Bokhandel AB", "Jönköping", "B", None),
    ("Växjö Möbelsnickeri AB", "Växjö", "B", None),
    ("Umeå Fysioterapi AB", "Umeå", "A", None),
    ("Luleå Ingenjörsbyrå AB", "Luleå", "A", None),
    ("Nyköpings Hamnkontor AB", "Nyköping", "A", None),
    ("Västerviks Fiskförädling AB", "Västervik", "A", None),
    ("Köpings Gymnasieförening ekonomisk förening", "Köping", "A", None),
    ("Strömsholms Ridskola AB", "Kolbäck", "A", None),
    ("Tidö Slottscafé HB", "Västerås", "A", "gmail.com"),
    ("Rönnbäcks Städservice AB", "Västerås", "A", None),
    ("Ekonomihuset Mälarstaden AB", "Västerås", "A", None),
    ("Sala Gruvturism AB", "Sala", "A", None),
    ("Engström Fastighetsförvaltning AB", "Västerås", "A", None),
    ("Åsbergs Tandteknik AB", "Eskilstuna", "A", None),
    ("Mälarö Kontorsservice AB", "Västerås", "B", None),
    ("Hjälmarens Camping & Stugby AB", "Örebro", "A", None),
)
DELETED_CUSTOMER_NUMBERS = ("1017", "1032")
INACTIVE_CUSTOMER = "Strömsholms Ridskola AB"

# (article number, description, unit, purchase price, price in list A, active)
DEMO_ARTICLES: tuple[tuple[str, str, str, int, int, bool], ...] = (
    ("KONT-100", "Kontorspaket Bas (stol, bord och lampa)", "st", 4600, 9495, True),
    ("KONT-110", "Kontorspaket Premium", "st", 6900, 13995, True),
    ("STOL-101", "Kontorsstol Ergo Plus, svart", "st", 1450, 2995, True),
    ("STOL-102", "Kontorsstol Ergo Plus, grå", "st", 1450, 2995, True),
    ("STOL-110", "Konferensstol Åsa, ek och ull", "st", 890, 1795, True),
    ("STOL-120", "Ståstöd Balans", "st", 420, 895, True),
    ("STOL-130", "Besöksstol Märta, stapelbar", "st", 610, 1290, True),
    ("BORD-201", "Höj- och sänkbart skrivbord 160x80, vit", "st", 3100, 6495, True),
    ("BORD-202", "Höj- och sänkbart skrivbord 180x90, ek", "st", 3600, 7495, True),
    ("BORD-210", "Konferensbord Göta 240x110", "st", 5200, 10995, True),
    ("BORD-220", "Sidobord Ö-serien, runt Ø60", "st", 640, 1395, True),
    ("FORV-301", "Förvaringsskåp med jalusi, 120 cm", "st", 2100, 4295, True),
    ("FORV-302", "Hurts med tre lådor och lås", "st", 980, 1995, True),
    ("FORV-310", "Bokhylla Sälen, fem hyllplan", "st", 760, 1595, True),
    ("FORV-320", "Personalskåp, fyra fack med kodlås", "st", 1850, 3795, True),
    ("BEL-401", "Skrivbordslampa LED, dimbar", "st", 310, 695, True),
    ("BEL-402", "Golvlampa Lärkan, mässing", "st", 890, 1895, True),
    ("AKU-501", "Ljudabsorbent Tyst, 120x60, grön", "st", 540, 1195, True),
    ("AKU-502", "Skärmvägg Tyst, 160x140", "st", 1390, 2895, True),
    ("TILL-601", "Bildskärmsarm, dubbel", "st", 560, 1195, True),
    ("TILL-602", "Fotstöd, justerbart", "st", 140, 349, True),
    ("TILL-603", "Kabelränna under bord", "st", 95, 249, True),
    ("TILL-604", "Whiteboard 120x90, magnetisk", "st", 720, 1495, True),
    ("TJ-701", "Montering och installation", "h", 0, 695, True),
    ("TJ-702", "Inredningskonsultation", "h", 0, 1150, True),
    ("TJ-703", "Ergonomigenomgång på plats", "h", 0, 950, True),
    ("TJ-704", "Frakt inom Mälardalen", "st", 0, 495, True),
    ("TJ-705", "Bortforsling av gamla möbler", "st", 0, 1250, True),
    ("HYR-801", "Hyra av kontorsstol, per månad", "st", 0, 149, True),
    ("STOL-099", "Kontorsstol Klassik (utgått)", "st", 900, 1895, False),
    ("BORD-199", "Skrivbord Rak 140x70 (utgått)", "st", 1500, 2995, False),
    ("BEL-499", "Lysrörsarmatur (utgått)", "st", 200, 450, False),
)
TIERED = {"STOL-101": (10, 25), "STOL-102": (10,), "BORD-201": (10,), "AKU-501": (10,), "TILL-602": (10,)}

PRICE_LISTS: list[Json] = [
    {"Code": "A", "Description": "Prislista A", "PreSelected": True},
    {"Code": "B", "Description": "Återförsäljare", "PreSelected": False},
]

# "Vår referens" on Fortnox documents, cycled in order (R13): exact names, near misses, a stranger and blanks.
OUR_REFERENCES = ("Erik Sjöberg", "Maria Åkesson", "Anna-Karin Lund", "Johan Öberg", "", "Per Hägglund",
                  "Erik Sjöberg", "Johan Oberg", "Maria Åkesson", "Lena Björklund", "", "Kalle Nilsson")
YOUR_REFERENCES = ("Sven Lindgren", "Karin Ek", "Ali Hassan", "Eva Ström", "Mikael Nyberg", "Fatima Yilmaz",
                   "Ulf Håkansson", "Ingrid Sandberg", "", "")
DEMO_CANCELLED = {"invoice": (4, 11, 19), "order": (3, 12, 17), "offer": (6,)}  # 0-based, in date order
DEMO_FOLLOW_UP = {"invoice": ("_booked", (0, 1, 2, 3, 5)), "order": ("_invoiced", (0, 1, 2, 5)),
                  "offer": ("_created_order", (0, 1, 2, 4))}
DOCUMENT_KINDS = {  # kind -> (date field, rows field, quantity field)
    "invoice": ("InvoiceDate", "InvoiceRows", "DeliveredQuantity"),
    "order": ("OrderDate", "OrderRows", "OrderedQuantity"),
    "offer": ("OfferDate", "OfferRows", "Quantity"),
}


def build_seed(spec: str) -> SeedData:
    if spec == "demo":
        return _demo()
    match = re.fullmatch(r"large:(\d+)", spec)
    if match and int(match.group(1)) > 0:
        return _large(int(match.group(1)))
    raise ValueError(f"Unknown seed {spec!r}: use 'demo' or 'large:N' with N a positive whole number")


# --- shared helpers ---------------------------------------------------------------------------------------------------

def luhn_digit(nine: str) -> str:
    total = 0
    for i, ch in enumerate(nine):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def org_number(nine: str) -> str:
    """``NNNNNN-NNNN`` with a valid check digit."""
    return f"{nine[:6]}-{nine[6:]}{luhn_digit(nine)}"


def _org_prefix(name: str) -> str:
    if name.endswith((" HB", " KB")):
        return "969"
    return "769" if "förening" in name else "556"


_FOLD = str.maketrans("åäöéüÅÄÖÉÜ", "aaoeuaaoeu")
_LEGAL = re.compile(r"\b(ab|hb|kb|ekonomisk förening|i)\b")


def domain_of(name: str) -> str:
    base = _LEGAL.sub(" ", name.lower())
    return re.sub(r"[^a-z0-9]", "", base.translate(_FOLD)) + ".se"


def _phone(area: str, rng: random.Random) -> str:
    """Swedish grouping: 08-123 45 67, 021-12 34 56, 0221-123 45."""
    length = {2: 7, 3: 6}.get(len(area), 5)
    digits = str(rng.randrange(10 ** (length - 1) * 2, 10**length))
    groups = {7: (3, 2, 2), 6: (2, 2, 2), 5: (3, 2)}[length]
    parts, start = [], 0
    for size in groups:
        parts.append(digits[start:start + size])
        start += size
    return f"{area}-{' '.join(parts)}"


def _customer(number: str, name: str, city: str, price_list: str, email_domain: str | None,
              rng: random.Random, *, detail: int) -> Json:
    zip3, area = CITIES[city]
    domain = email_domain or domain_of(name)
    free_mail = domain == "gmail.com"
    org = org_number(f"{_org_prefix(name)}{rng.randrange(10**6):06d}")
    customer: Json = {
        "CustomerNumber": number, "Name": name, "OrganisationNumber": org, "Type": "COMPANY",
        "Address1": f"{STREETS[rng.randrange(len(STREETS))]} {rng.randint(1, 60)}",
        "ZipCode": f"{zip3} {rng.randint(10, 99)}", "City": city, "CountryCode": "SE",
        "Phone1": _phone(area, rng),
        "Email": f"{domain_of(name)[:-3]}@gmail.com" if free_mail else f"info@{domain}",
        "WWW": "" if free_mail else f"www.{domain}", "VATNumber": f"SE{org.replace('-', '')}01",
        "Currency": "SEK", "PriceList": price_list, "TermsOfPayment": "30",
    }
    if detail % 3 == 0:
        customer.update(VisitingAddress=f"{STREETS[(detail + 5) % len(STREETS)]} {detail % 40 + 2}",
                        VisitingZipCode=f"{zip3} {detail % 90 + 10}", VisitingCity=city, VisitingCountryCode="SE")
    if detail % 4 == 1:
        street = STREETS[detail % len(STREETS)]
        customer.update(DeliveryName=name, DeliveryAddress1=f"Lastkaj {detail % 9 + 1}, {street}",
                        DeliveryZipCode=f"{zip3} {detail % 80 + 15}", DeliveryCity=city, DeliveryCountryCode="SE")
    return customer


def _article(number: str, description: str, unit: str, purchase: int, active: bool) -> Json:
    service = unit == "h" or purchase == 0
    return {"ArticleNumber": number, "Description": description, "Unit": unit, "VAT": 25, "PurchasePrice": purchase,
            "Type": "SERVICE" if service else "STOCK", "Active": active,
            "StockGoods": not service, "QuantityInStock": 0 if service else 12}


def _reseller_price(price: float) -> int:
    return int(round(price * 0.8 / 5) * 5)


def _document(kind: str, customer: Json, day: date, rows: list[Json], our_reference: str,
              your_reference: str) -> Json:
    date_field, rows_field, _ = DOCUMENT_KINDS[kind]
    doc: Json = {"CustomerNumber": customer["CustomerNumber"], date_field: day.isoformat(), "Currency": "SEK",
                 "OurReference": our_reference, "YourReference": your_reference, rows_field: rows}
    if kind == "invoice":
        doc.update(DueDate=(day + timedelta(days=30)).isoformat(), TermsOfPayment="30")
    elif kind == "order":
        doc["DeliveryDate"] = (day + timedelta(days=14)).isoformat()
    else:
        doc["ExpireDate"] = (day + timedelta(days=30)).isoformat()
    return doc


def _row(kind: str, article: Json, quantity: int, price: float, discount: int) -> Json:
    row: Json = {"ArticleNumber": article["ArticleNumber"], "Description": article["Description"],
                 DOCUMENT_KINDS[kind][2]: str(quantity), "Price": price}
    if discount:
        row.update(Discount=discount, DiscountType="PERCENT")
    return row


# --- demo ---------------------------------------------------------------------------------------------------------

def _demo() -> SeedData:
    rng = random.Random(20261031)
    numbers = (str(n) for n in range(1001, 1100) if str(n) not in DELETED_CUSTOMER_NUMBERS)
    customers = [_customer(next(numbers), name, city, pl, domain, rng, detail=i)
                 for i, (name, city, pl, domain) in enumerate(DEMO_CUSTOMERS)]
    for customer in customers:
        if customer["Name"] == INACTIVE_CUSTOMER:
            customer["Active"] = False
        customer["OurReference"] = OUR_REFERENCES[int(customer["CustomerNumber"]) % 6]
    articles = [_article(n, d, u, p, active) for n, d, u, p, _, active in DEMO_ARTICLES]
    base_a = {n: price for n, _, _, _, price, _ in DEMO_ARTICLES}
    prices: list[Json] = []
    for number, price in base_a.items():
        prices.append({"PriceList": "A", "ArticleNumber": number, "FromQuantity": 0, "Price": price})
        prices.append({"PriceList": "B", "ArticleNumber": number, "FromQuantity": 0, "Price": _reseller_price(price)})
        for step, from_quantity in enumerate(TIERED.get(number, ())):
            factor = 0.93 - 0.05 * step
            prices.append({"PriceList": "A", "ArticleNumber": number, "FromQuantity": from_quantity,
                           "Price": round(price * factor)})
            if step == 0:
                prices.append({"PriceList": "B", "ArticleNumber": number, "FromQuantity": from_quantity,
                               "Price": round(_reseller_price(price) * 0.95)})
    documents = _demo_documents(rng, [c for c in customers if c.get("Active", True)],
                                [a for a in articles if a["Active"]], prices)
    fortnox = FortnoxSeed(company=dict(COMPANY), customers=customers, articles=articles,
                          price_lists=[dict(p) for p in PRICE_LISTS], prices=prices, invoices=documents["invoice"],
                          orders=documents["order"], offers=documents["offer"],
                          deleted_customer_numbers=list(DELETED_CUSTOMER_NUMBERS))
    return SeedData("demo", fortnox, _demo_upsales(customers))


def _demo_documents(rng: random.Random, customers: list[Json], articles: list[Json],
                    prices: list[Json]) -> dict[str, list[Json]]:
    base = {(p["PriceList"], p["ArticleNumber"]): p["Price"] for p in prices if p["FromQuantity"] == 0}
    counts = {"invoice": 26, "order": 22, "offer": 18}
    out: dict[str, list[Json]] = {}
    ref_index = 0
    for kind, count in counts.items():
        days = sorted(DEMO_DAY - timedelta(days=rng.randint(0, 364)) for _ in range(count))
        docs = []
        for i, day in enumerate(days):
            customer = customers[(i * 7 + len(out) * 11) % len(customers)]
            picked = rng.sample(articles, rng.randint(1, 4))
            rows = [_row(kind, a, rng.randint(1, 16 if a["Unit"] == "h" else 10),
                         base[(customer["PriceList"], a["ArticleNumber"])],
                         rng.choice((0, 0, 0, 0, 5, 10, 15))) for a in picked]
            docs.append(_document(kind, customer, day, rows, OUR_REFERENCES[ref_index % len(OUR_REFERENCES)],
                                  YOUR_REFERENCES[rng.randrange(len(YOUR_REFERENCES))]))
            ref_index += 1
        for i in DEMO_CANCELLED[kind]:
            docs[i]["_cancelled"] = True
        flag, indices = DEMO_FOLLOW_UP[kind]
        for i in indices:
            docs[i][flag] = True
        out[kind] = docs
    return out


# --- Upsales ------------------------------------------------------------------------------------------------------

SELF_USER_ID = 7
UPSALES_CLIENT: Json = {"id": 10342, "name": "Kontorsmästarna i Västerås AB"}
_SALES = {"id": 1, "name": "Sälj"}
UPSALES_USERS: list[Json] = [
    {"id": 1, "name": "Anna Karin Lund", "email": "anna-karin.lund@kontorsmastarna.se", "administrator": 1,
     "role": {"id": 2, "name": "Ledning"}, "userTitle": "VD", "export": 1},
    {"id": 2, "name": "Erik Sjöberg", "email": "erik.sjoberg@kontorsmastarna.se", "role": _SALES,
     "userTitle": "Säljare"},
    {"id": 3, "name": "Maria Åkesson", "email": "maria.akesson@kontorsmastarna.se", "role": _SALES,
     "userTitle": "Säljare"},
    {"id": 4, "name": "Johan Öberg", "email": "johan.oberg@kontorsmastarna.se", "role": _SALES,
     "userTitle": "Innesäljare"},
    {"id": 5, "name": "Per Hägglund", "email": "per.hagglund@kontorsmastarna.se", "role": _SALES,
     "userTitle": "Inredningskonsult"},
    {"id": 6, "name": "Lena Björklund", "email": "lena.bjorklund@kontorsmastarna.se", "role": _SALES, "active": 0},
    {"id": SELF_USER_ID, "name": "Fortsync", "email": "k7Qm2xZpW@api.upsales.com", "administrator": 1, "ghost": 1,
     "export": 1},
]
UPSALES_STAGES: list[Json] = [  # in the order the API lists them (not by id)
    {"id": 9, "name": "Kvalificering", "probability": 10, "exclude": 0},
    {"id": 10, "name": "Offert", "probability": 50, "exclude": 0},
    {"id": 11, "name": "Förhandling", "probability": 75, "exclude": 0},
    {"id": 12, "name": "Order", "probability": 100, "exclude": 0},
    {"id": 7, "name": "Förlorad", "probability": 0, "exclude": 0},
    {"id": 14, "name": "Order (ej Fortnox)", "probability": 100, "exclude": 1},
]
UPSALES_PRICE_LISTS: list[Json] = [
    {"id": 1, "name": "Standard", "code": None, "active": True, "isDefault": True},
    {"id": 2, "name": "Prislista A", "code": "A", "active": True, "isDefault": False},
]
UPSALES_FIELDS: dict[str, list[Json]] = {
    "account": [
        {"id": 1, "name": "VAT-Nummer", "alias": "VAT_NO", "datatype": "String"},
        {"id": 2, "name": "Bransch", "alias": None, "datatype": "Select",
         "default": ["Bygg", "Ekonomi", "Fastighet", "Handel", "Vård", "Övrigt"]},
        {"id": 3, "name": "E-post", "alias": "EMAIL", "datatype": "String"},
    ],
}


def _upsales_base(accounts: list[Json], products: list[Json], orders: list[Json]) -> UpsalesSeed:
    return UpsalesSeed(
        self_user_id=SELF_USER_ID, client=dict(UPSALES_CLIENT), users=[dict(u) for u in UPSALES_USERS],
        stages=[dict(s) for s in UPSALES_STAGES], price_lists=[dict(p) for p in UPSALES_PRICE_LISTS],
        custom_fields={k: [dict(f) for f in v] for k, v in UPSALES_FIELDS.items()},
        accounts=accounts, products=products, orders=orders)


def _address(kind: str, street: str, zipcode: str, city: str) -> Json:
    return {"type": kind, "address": street, "zipcode": zipcode, "city": city, "country": "SE"}


def _demo_upsales(customers: list[Json]) -> UpsalesSeed:
    by_name = {c["Name"]: c for c in customers}
    redovisning = by_name["Mälardalens Redovisningsbyrå AB"]
    bygg, ohman = by_name["Bergström Bygg AB"], by_name["Öhmans Fastigheter AB"]
    accounts: list[Json] = [
        {"id": 1, "name": "Bergströms Bygg AB", "orgNo": bygg["OrganisationNumber"].replace("-", ""),
         "phone": bygg["Phone1"], "webpage": bygg["WWW"], "users": [{"id": 2}],
         "addresses": [_address("Mail", bygg["Address1"], bygg["ZipCode"].replace(" ", ""), bygg["City"])],
         "custom": {"EMAIL": "info@bergstrombygg.se", "VAT_NO": bygg["VATNumber"]}},
        {"id": 2, "name": "Mälardalens Redovisning AB", "orgNo": "16" + redovisning["OrganisationNumber"],
         "phone": redovisning["Phone1"], "users": [{"id": 3}],
         "addresses": [_address("Visit", "Vasagatan 12", "722 15", "Västerås")],
         "custom": {"EMAIL": "kontakt@mdredovisning.se"}},
        {"id": 3, "name": "Öhmans Fastigheter AB", "orgNo": ohman["OrganisationNumber"], "users": [{"id": 5}],
         "webpage": ohman["WWW"],
         "addresses": [_address("Mail", ohman["Address1"], ohman["ZipCode"], ohman["City"]),
                       _address("Visit", "Kungsgatan 3", "632 20", "Eskilstuna")]},
        {"id": 4, "name": "Västerås Tandvård", "phone": "021-13 00 40", "users": [{"id": 2}],
         "custom": {"EMAIL": "reception@tandvardshuset.se"}},
        {"id": 5, "name": "Nordkap Consulting AB", "orgNo": org_number("559123456"), "phone": "08-410 220 00",
         "webpage": "www.nordkapconsulting.se", "users": [{"id": 3}],
         "addresses": [_address("Visit", "Drottninggatan 88", "111 36", "Stockholm")],
         "custom": {"EMAIL": "hej@nordkapconsulting.se"}},
        {"id": 6, "name": "Kafé Linnéa", "phone": "021-41 17 17", "users": [{"id": 4}],
         "addresses": [_address("Visit", "Stora Torget 4", "722 15", "Västerås")]},
    ]
    products: list[Json] = [
        {"id": 1, "name": "Kontorsstol Ergo Plus, svart", "articleNo": "STOL-101", "listPrice": 2995,
         "purchaseCost": 1450, "active": 1},
        {"id": 2, "name": "Montering", "listPrice": 650, "purchaseCost": 0, "active": 1},
        {"id": 3, "name": "Kontorsstol Klassik", "listPrice": 1895, "purchaseCost": 900, "active": 0},
    ]

    def order(ident: int, description: str, client: int, user: int, stage: int, probability: int, days_ago: int,
              rows: list[tuple[int, int, int]]) -> Json:
        day = (DEMO_DAY - timedelta(days=days_ago)).isoformat()
        return {"id": ident, "description": description, "date": day, "client": {"id": client}, "user": {"id": user},
                "stage": {"id": stage}, "probability": probability,
                "closeDate": day if probability in (0, 100) else None,
                "orderRow": [{"product": {"id": p}, "quantity": q, "price": price,
                              "listPrice": products[p - 1]["listPrice"]} for p, q, price in rows]}

    orders = [
        order(1, "Kontorsstolar till nya kontoret", 1, 2, 12, 100, 20, [(1, 8, 2995), (2, 3, 650)]),
        order(2, "Offert inredning konferensrum", 5, 3, 10, 50, 12, [(1, 12, 2795), (2, 6, 650)]),
        order(3, "Caféinredning", 6, 4, 9, 10, 5, [(1, 4, 2995)]),
        order(4, "Ljudabsorbenter till kontorslandskap", 2, 1, 7, 0, 90, [(2, 2, 650)]),
        order(5, "Möbler till visningslägenhet", 3, 5, 14, 100, 40, [(1, 2, 2995), (2, 2, 650)]),
    ]
    return _upsales_base(accounts, products, orders)


# --- large:N ------------------------------------------------------------------------------------------------------

SURNAMES = ("Andersson", "Berg", "Björk", "Dahl", "Ek", "Forsberg", "Gustafsson", "Hedlund", "Holm", "Håkansson",
            "Isaksson", "Jansson", "Karlsson", "Lind", "Lundqvist", "Magnusson", "Nordin", "Nyström", "Öberg",
            "Persson", "Sandberg", "Sjögren", "Ström", "Söderberg", "Törnqvist", "Wallin", "Åberg", "Ågren",
            "Ängström", "Östlund")
TRADES = ("Bygg", "Konsult", "Transport", "Fastigheter", "Måleri", "Elektriska", "Revision", "Tandvård", "Städ",
          "Rörteknik", "Snickeri", "Trädgård", "Redovisning", "Juridik", "Design", "Kök & Bad", "Data", "Hälsa",
          "Logistik", "Mekaniska")
ITEMS = ("Kontorsstol", "Skrivbord", "Förvaringsskåp", "Bokhylla", "Golvlampa", "Ljudabsorbent", "Whiteboard",
         "Konferensbord", "Hurts", "Fotstöd", "Skärmvägg", "Bildskärmsarm")
VARIANTS = ("svart", "vit", "grå", "ek", "björk", "grön", "blå", "mässing", "valnöt", "aluminium")


def _large(n: int) -> SeedData:
    rng = random.Random(n)
    cities = list(CITIES)
    customers: list[Json] = []
    for i in range(n):
        name = (f"{SURNAMES[i % len(SURNAMES)]}s {TRADES[(i // len(SURNAMES)) % len(TRADES)]} i "
                f"{cities[(i // 600) % len(cities)]} AB")
        city = cities[(i // 600) % len(cities)]
        zip3, area = CITIES[city]
        org = org_number(f"556{(i * 7919 + 123457) % 10**6:06d}")
        domain = f"{domain_of(name)[:-3]}{i}.se"
        customers.append({
            "CustomerNumber": str(1001 + i), "Name": name, "OrganisationNumber": org, "Type": "COMPANY",
            "Address1": f"{STREETS[i % len(STREETS)]} {i % 97 + 1}", "ZipCode": f"{zip3} {i % 90 + 10}",
            "City": city, "CountryCode": "SE", "Phone1": f"{area}-{i % 900 + 100} {i % 90 + 10} {i % 89 + 10}",
            "Email": f"info@{domain}", "WWW": f"www.{domain}", "VATNumber": f"SE{org.replace('-', '')}01",
            "Currency": "SEK", "PriceList": "B" if i % 9 == 0 else "A", "TermsOfPayment": "30",
        })
    articles, prices = [], []
    for i in range(max(25, n // 4)):
        number = f"ART-{i + 1:05d}"
        price = 100 + (i * 137) % 9900
        articles.append(_article(number, f"{ITEMS[i % len(ITEMS)]} {VARIANTS[(i // len(ITEMS)) % len(VARIANTS)]} "
                                         f"modell {i + 1}", "st", price // 2, i % 40 != 39))
        prices.append({"PriceList": "A", "ArticleNumber": number, "FromQuantity": 0, "Price": price})
        prices.append({"PriceList": "B", "ArticleNumber": number, "FromQuantity": 0, "Price": _reseller_price(price)})
    base = {(p["PriceList"], p["ArticleNumber"]): p["Price"] for p in prices}
    documents: dict[str, list[Json]] = {}
    for kind, share in (("invoice", 0.6), ("order", 0.5), ("offer", 0.4)):
        docs = []
        for i in range(round(n * share)):
            customer = customers[(i * 31 + len(documents)) % n]
            day = DEMO_DAY - timedelta(days=364 - (i * 365) // max(1, round(n * share)))
            rows = [_row(kind, a, 1 + int(rng.random() * 8), base[(customer["PriceList"], a["ArticleNumber"])], 0)
                    for a in (articles[int(rng.random() * len(articles))] for _ in range(1 + int(rng.random() * 4)))]
            doc = _document(kind, customer, day, rows, OUR_REFERENCES[i % len(OUR_REFERENCES)], "")
            if kind != "offer" and i % 17 == 16:
                doc["_cancelled"] = True
            docs.append(doc)
        documents[kind] = docs
    fortnox = FortnoxSeed(company=dict(COMPANY), customers=customers, articles=articles,
                          price_lists=[dict(p) for p in PRICE_LISTS], prices=prices, invoices=documents["invoice"],
                          orders=documents["order"], offers=documents["offer"])
    return SeedData(f"large:{n}", fortnox, _upsales_base([], [], []))

