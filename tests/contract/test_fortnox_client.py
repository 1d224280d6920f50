"""FortnoxClient and FortnoxOAuth against the Fortnox sandbox over real HTTP on 127.0.0.1 (demo seed).

Demo seed (sandbox/seed.py): customers 1001–1046 without 1017 and 1032 (deleted), 32 articles, price lists A
(pre-selected) and B, 26 invoices, 22 orders, 18 offers; invoices 1–4 and 6 are booked.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import pytest

from fortsync_gui.clients.errors import (
    ApiError,
    AuthError,
    InvalidGrant,
    MalformedResponse,
    NotFound,
    PermissionDenied,
    UncertainWrite,
    ValidationFailed,
)
from fortsync_gui.clients.fortnox import PAGE_SIZE
from fortsync_gui.clients.fortnox_auth import (
    ClientCredentialsSession,
    OAuthSession,
    StaticTokenProvider,
    TokenSet,
)
from fortsync_gui.sandbox import Sandbox
from fortsync_gui.sandbox.faults import Fault, FaultKind
from tests.sandbox_clients import TIME_SCALE, FortnoxTestClient, fortnox_client, fortnox_oauth

SHORT_TIMEOUT = 0.5
DEMO_CUSTOMERS = {str(n) for n in range(1001, 1047)} - {"1017", "1032"}


class Connection:
    """A signed-in client, with every token set handed to ``persist`` recorded."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.oauth = fortnox_oauth(sandbox)
        self.persisted: list[TokenSet] = []
        self.session = OAuthSession(self.oauth, self.oauth.exchange_code(sandbox.fortnox.issue_authorization_code()),
                                    self.persisted.append)
        self.client = fortnox_client(sandbox, self.session)

    def close(self) -> None:
        self.client.close()
        self.oauth.close()


@pytest.fixture
def conn(sandbox: Sandbox) -> Iterator[Connection]:
    connection = Connection(sandbox)
    yield connection
    connection.close()


@pytest.fixture
def fx(conn: Connection) -> FortnoxTestClient:
    return conn.client


def faults(sandbox: Sandbox, *items: Fault) -> None:
    for fault in items:
        sandbox.fortnox.faults.add(fault)


# --- OAuth --------------------------------------------------------------------------------------------------------

def test_code_to_tokens_to_customers(sandbox: Sandbox) -> None:
    oauth = fortnox_oauth(sandbox)
    tokens = oauth.exchange_code(sandbox.info.fortnox_api_kod)
    assert tokens.refresh_token and tokens.expires_at > tokens.expires_at.now(tokens.expires_at.tzinfo)
    assert {"customer", "invoice"} <= set(tokens.scopes)
    fx = fortnox_client(sandbox, OAuthSession(oauth, tokens, lambda ts: None))
    assert {c.customer_number for c in fx.iter_customers()} == DEMO_CUSTOMERS
    assert fx.request_count == 1


def test_authorization_code_is_single_use(sandbox: Sandbox) -> None:
    oauth = fortnox_oauth(sandbox)
    code = sandbox.fortnox.issue_authorization_code()
    oauth.exchange_code(code)
    with pytest.raises(InvalidGrant):
        oauth.exchange_code(code)


def test_expired_authorization_code(sandbox: Sandbox) -> None:
    code = sandbox.fortnox.issue_authorization_code()
    sandbox.clock.advance(11 * 60)  # codes live 10 minutes
    with pytest.raises(InvalidGrant):
        fortnox_oauth(sandbox).exchange_code(code)


def test_wrong_client_secret(sandbox: Sandbox) -> None:
    oauth = fortnox_oauth(sandbox, "not-the-secret")
    with pytest.raises(AuthError) as caught:
        oauth.exchange_code(sandbox.fortnox.issue_authorization_code())
    assert caught.value.message_key == "fortnox.invalid_client"


def test_refresh_rotates_and_the_old_refresh_token_is_rejected(sandbox: Sandbox) -> None:
    oauth = fortnox_oauth(sandbox)
    first = oauth.exchange_code(sandbox.fortnox.issue_authorization_code())
    second = oauth.refresh(first.refresh_token or "")
    assert second.refresh_token and second.refresh_token != first.refresh_token
    assert second.access_token != first.access_token
    with pytest.raises(InvalidGrant):
        oauth.refresh(first.refresh_token or "")
    assert oauth.refresh(second.refresh_token).refresh_token


def test_revoked_refresh_token(sandbox: Sandbox) -> None:
    oauth = fortnox_oauth(sandbox)
    tokens = oauth.exchange_code(sandbox.fortnox.issue_authorization_code())
    oauth.revoke(tokens.refresh_token or "")
    with pytest.raises(InvalidGrant):
        oauth.refresh(tokens.refresh_token or "")


def test_client_credentials(sandbox: Sandbox) -> None:
    session = ClientCredentialsSession(fortnox_oauth(sandbox), sandbox.info.fortnox_tenant_id)
    fx = fortnox_client(sandbox, session)
    info = fx.company_information()
    assert info.database_number == sandbox.info.fortnox_tenant_id
    assert session.limiter_key.endswith(f":{sandbox.info.fortnox_tenant_id}")


def test_migrate_a_legacy_token(sandbox: Sandbox) -> None:
    oauth = fortnox_oauth(sandbox)
    legacy = sandbox.fortnox.legacy_token
    tokens = oauth.migrate(legacy)
    assert tokens.refresh_token
    fx = fortnox_client(sandbox, OAuthSession(oauth, tokens, lambda ts: None))
    assert fx.company_information().company_name == "Kontorsmästarna i Västerås AB"
    with pytest.raises(InvalidGrant):  # the legacy token was spent
        oauth.migrate(legacy)


def test_tenant_id_and_limiter_key_from_the_jwt(conn: Connection, sandbox: Sandbox) -> None:
    tenant = str(sandbox.info.fortnox_tenant_id)
    assert conn.session.tokens.tenant_id == tenant
    assert conn.session.limiter_key == f"{sandbox.info.fortnox_client_id}:{tenant}"


def test_expired_token_fault_refreshes_once_and_retries(sandbox: Sandbox, conn: Connection) -> None:
    before = conn.session.tokens
    faults(sandbox, Fault(FaultKind.EXPIRED_TOKEN))
    assert conn.client.company_information().company_name == "Kontorsmästarna i Västerås AB"
    assert conn.client.request_count == 2
    assert len(conn.persisted) == 1 and conn.session.tokens == conn.persisted[0] != before
    with pytest.raises(InvalidGrant):  # rotated: the old refresh token is spent
        conn.oauth.refresh(before.refresh_token or "")


def test_access_token_expiry_on_the_server_clock(sandbox: Sandbox, conn: Connection) -> None:
    sandbox.clock.advance(3600 + 60)  # the sandbox now sees the access token as expired; our clock does not
    assert len(list(conn.client.iter_articles())) == 32
    assert len(conn.persisted) == 1 and conn.client.request_count == 2


def test_static_token_gets_auth_error_when_expired(sandbox: Sandbox) -> None:
    tokens = fortnox_oauth(sandbox).exchange_code(sandbox.fortnox.issue_authorization_code())
    fx = fortnox_client(sandbox, StaticTokenProvider(tokens.access_token))
    assert fx.company_information()
    sandbox.clock.advance(3600 + 60)
    with pytest.raises(AuthError):
        fx.company_information()


def test_missing_licence_is_permission_denied(sandbox: Sandbox, fx: FortnoxTestClient) -> None:
    sandbox.fortnox.licences.discard("order")
    with pytest.raises(PermissionDenied) as caught:
        fx.probe("orders")
    assert caught.value.code in (2001101, 2000663, 2001103)
    fx.probe("invoices")  # other resources still work


# --- faults -------------------------------------------------------------------------------------------------------

def test_429_burst_is_absorbed(sandbox: Sandbox, fx: FortnoxTestClient) -> None:
    faults(sandbox, Fault.status_code(429, times=3))
    assert fx.get_customer("1001").name
    assert fx.request_count == 4


@pytest.mark.parametrize("status", [500, 502, 503])
def test_get_survives_5xx(sandbox: Sandbox, fx: FortnoxTestClient, status: int) -> None:
    faults(sandbox, Fault.status_code(status, times=2, method="GET"))
    assert fx.get_article(next(fx.iter_articles()).article_number)
    assert fx.request_count == 4


def test_post_5xx_is_an_uncertain_write(sandbox: Sandbox, fx: FortnoxTestClient) -> None:
    faults(sandbox, Fault.status_code(500, method="POST", path=r"^/3/customers$"))
    with pytest.raises(UncertainWrite):
        fx.create_customer({"Name": "Fel AB"})
    assert fx.request_count == 1


def test_slow_get_times_out_and_is_retried(sandbox: Sandbox, conn: Connection) -> None:
    fx = fortnox_client(sandbox, conn.session, timeout=SHORT_TIMEOUT)
    faults(sandbox, Fault(FaultKind.SLOW, method="GET", delay=SHORT_TIMEOUT * 3))
    assert fx.get_customer("1001").customer_number == "1001"
    assert fx.request_count == 2


def test_slow_post_is_an_uncertain_write(sandbox: Sandbox, conn: Connection) -> None:
    fx = fortnox_client(sandbox, conn.session, timeout=SHORT_TIMEOUT, write_timeout=SHORT_TIMEOUT)
    faults(sandbox, Fault(FaultKind.SLOW, method="POST", delay=SHORT_TIMEOUT * 3))
    with pytest.raises(UncertainWrite):
        fx.create_article({"ArticleNumber": "SLOW-1", "Description": "Långsam artikel"})
    assert fx.request_count == 1
    time.sleep(SHORT_TIMEOUT * 3)  # the server finishes the write the client gave up on
    assert fx.get_article("SLOW-1").description == "Långsam artikel"


def test_malformed_json(sandbox: Sandbox, fx: FortnoxTestClient) -> None:
    faults(sandbox, Fault(FaultKind.MALFORMED, method="GET"))
    with pytest.raises(MalformedResponse):
        fx.company_information()
    assert fx.company_information().company_name  # the next answer is fine


def test_html_error_page_on_get_is_retried(sandbox: Sandbox, fx: FortnoxTestClient) -> None:
    faults(sandbox, Fault(FaultKind.HTML, status=502, method="GET"))
    assert fx.list_price_lists()
    assert fx.request_count == 2


@pytest.mark.parametrize("kind", [FaultKind.DROP_BEFORE, FaultKind.DROP_AFTER])
def test_dropped_get_is_retried(sandbox: Sandbox, fx: FortnoxTestClient, kind: FaultKind) -> None:
    faults(sandbox, Fault(kind, method="GET"))
    assert fx.get_customer("1002").customer_number == "1002"
    assert fx.request_count == 2


@pytest.mark.parametrize(("kind", "took_effect"), [(FaultKind.DROP_BEFORE, False), (FaultKind.DROP_AFTER, True)])
def test_dropped_post_is_never_repeated(sandbox: Sandbox, fx: FortnoxTestClient, kind: FaultKind,
                                        took_effect: bool) -> None:
    stamp = f"upsales:{kind.value}"
    faults(sandbox, Fault(kind, method="POST", path=r"^/3/invoices$"))
    with pytest.raises(UncertainWrite):
        fx.create_invoice({"CustomerNumber": "1001", "ExternalInvoiceReference1": stamp,
                           "InvoiceRows": [{"ArticleNumber": next(fx.iter_articles()).article_number,
                                            "DeliveredQuantity": Decimal(1)}]})
    # The caller's recovery: look the stamp up before trying again.
    assert len(fx.find_documents_by_stamp("invoice", stamp)) == (1 if took_effect else 0)


# --- customers ----------------------------------------------------------------------------------------------------

def test_customer_crud(fx: FortnoxTestClient) -> None:
    created = fx.create_customer({"Name": "Nya Kunden AB", "OrganisationNumber": "556000-0000", "Phone1": "08-123",
                                  "Email": "info@nyakunden.se", "CountryCode": "SE"})
    number = created.customer_number
    assert number and number not in DEMO_CUSTOMERS and created.active is True
    assert created.phone1 == "08-123" and created.is_partial is False
    updated = fx.update_customer(number, {"Phone1": None, "City": "Västerås", "Email": ""})
    assert updated.phone1 is None  # cleared with API_BLANK
    assert updated.city == "Västerås" and updated.email == "info@nyakunden.se"  # "" does not clear
    assert updated.name == "Nya Kunden AB" and updated.organisation_number == "556000-0000"
    assert fx.get_customer(number) == updated
    fx.delete_customer(number)
    with pytest.raises(NotFound) as caught:
        fx.get_customer(number)
    assert caught.value.code == 2000433


def test_customer_list_items_are_partial(fx: FortnoxTestClient) -> None:
    item = next(fx.iter_customers(customernumber="1005"))
    full = fx.get_customer(item.customer_number)
    assert item.is_partial and not full.is_partial
    assert (item.name, item.organisation_number, item.phone1, item.email) == (
        full.name, full.organisation_number, full.phone1, full.email)


def test_customer_search_is_a_substring_match(fx: FortnoxTestClient) -> None:
    found = {c.customer_number for c in fx.iter_customers(customernumber="100")}
    assert found == {n for n in DEMO_CUSTOMERS if "100" in n}


def test_deleted_customer_numbers_are_not_reusable(fx: FortnoxTestClient) -> None:
    with pytest.raises(ApiError) as caught:
        fx.create_customer({"CustomerNumber": "1017", "Name": "Återanvänd AB"})
    assert caught.value.code == 2000637


def test_customer_numbers_and_deletion_detection(fx: FortnoxTestClient) -> None:
    before = fx.customer_numbers()
    assert before == DEMO_CUSTOMERS and fx.request_count == 1
    fx.delete_customer("1040")
    assert before - fx.customer_numbers() == {"1040"}


def test_inactive_filter(fx: FortnoxTestClient) -> None:
    inactive = list(fx.iter_customers(filter="inactive"))
    assert len(inactive) == 1
    assert fx.get_customer(inactive[0].customer_number).active is False


def test_lastmodified_lists_only_what_changed(sandbox: Sandbox, fx: FortnoxTestClient) -> None:
    sandbox.clock.advance(180)  # past the seed's minute: lastmodified has minute resolution
    since = sandbox.clock.now()
    fx.update_customer("1005", {"Comments": "Ändrad"})
    fx.update_article(next(fx.iter_articles()).article_number, {"Note": "Ändrad"})
    assert [c.customer_number for c in fx.iter_customers(lastmodified=since)] == ["1005"]
    assert len(list(fx.iter_articles(lastmodified=since))) == 1
    assert list(fx.iter_invoices(lastmodified=since)) == []
    sandbox.clock.advance(180)
    assert list(fx.iter_customers(lastmodified=sandbox.clock.now())) == []


# --- articles -----------------------------------------------------------------------------------------------------

def test_article_crud(fx: FortnoxTestClient) -> None:
    created = fx.create_article({"ArticleNumber": "TEST-1", "Description": "Testartikel", "Unit": "st",
                                 "PurchasePrice": Decimal("12.50")})
    assert created.article_number == "TEST-1" and created.purchase_price == Decimal("12.5")
    assert created.active is True
    updated = fx.update_article("TEST-1", {"Description": "Testartikel 2", "Active": False})
    assert updated.description == "Testartikel 2" and updated.active is False
    assert "TEST-1" in fx.article_numbers()
    assert "TEST-1" in {a.article_number for a in fx.iter_articles(filter="inactive")}
    fx.delete_article("TEST-1")
    assert "TEST-1" not in fx.article_numbers()
    with pytest.raises(NotFound):
        fx.get_article("TEST-1")


def test_article_numbers_and_sales_price(fx: FortnoxTestClient) -> None:
    numbers = fx.article_numbers()
    assert len(numbers) == 32
    article = fx.get_article(sorted(numbers)[0])
    base = fx.get_price("A", article.article_number)
    assert base is not None and article.sales_price == base.price  # SalesPrice mirrors the default list


def test_sales_price_is_read_only(fx: FortnoxTestClient) -> None:
    with pytest.raises(ValidationFailed):
        fx.create_article({"Description": "Med pris", "SalesPrice": 100})


# --- price lists and prices ---------------------------------------------------------------------------------------

def test_price_lists(fx: FortnoxTestClient) -> None:
    lists = {p.code: p for p in fx.list_price_lists()}
    assert set(lists) == {"A", "B"} and lists["A"].preselected and not lists["B"].preselected
    assert fx.get_price_list("B").description == "Återförsäljare"
    with pytest.raises(NotFound):
        fx.get_price_list("ZZ")


def test_prices(fx: FortnoxTestClient) -> None:
    article = sorted(fx.article_numbers())[0]
    base = fx.get_price("B", article)
    assert base is not None and base.from_quantity == 0 and isinstance(base.price, Decimal)
    assert fx.set_price("B", article, Decimal("123.50")).price == Decimal("123.5")
    assert fx.get_price("B", article).price == Decimal("123.5")  # type: ignore[union-attr]
    assert fx.get_price("B", article, 250) is None
    tier = fx.set_price("B", article, Decimal("99"), from_quantity=250)  # no such row: created with POST
    assert tier.from_quantity == 250 and tier.price == 99
    tiers = fx.price_sublist("B", article)
    assert {(p.from_quantity, p.price) for p in tiers} >= {(Decimal(0), Decimal("123.5")), (Decimal(250), 99)}
    fx.delete_price("B", article, 250)
    assert fx.get_price("B", article, 250) is None


def test_iter_prices_and_lastmodified(sandbox: Sandbox, fx: FortnoxTestClient) -> None:
    every = list(fx.iter_prices())
    assert {p.price_list for p in every} == {"A", "B"} and len(every) >= 64
    sandbox.clock.advance(180)
    since = sandbox.clock.now()
    article = sorted(fx.article_numbers())[1]
    fx.set_price("A", article, Decimal("555"))
    changed = list(fx.iter_prices(lastmodified=since))
    assert [(p.price_list, p.article_number, p.price) for p in changed] == [("A", article, Decimal(555))]


# --- documents ----------------------------------------------------------------------------------------------------

def test_document_listings(fx: FortnoxTestClient) -> None:
    invoices, orders, offers = list(fx.iter_invoices()), list(fx.iter_orders()), list(fx.iter_offers())
    # the seed's 26 invoices and 22 orders, plus the 4 invoices and 4 orders its orders and offers were turned into
    assert (len(invoices), len(orders), len(offers)) == (30, 26, 18)
    assert fx.request_count == 3
    assert sum(d.cancelled for d in invoices) == 3 and sum(d.booked for d in invoices) == 5
    assert len(list(fx.iter_orders(filter="cancelled"))) == 3
    assert all(d.is_partial and d.rows == () for d in invoices + orders + offers)


def test_full_documents_have_rows_and_references(fx: FortnoxTestClient) -> None:
    for kind, items in (("invoice", fx.iter_invoices()), ("order", fx.iter_orders()), ("offer", fx.iter_offers())):
        doc = fx.get_document(kind, next(items).document_number)  # type: ignore[arg-type]
        assert doc.kind == kind and doc.rows and doc.date is not None and doc.currency == "SEK"
        assert all(row.quantity is not None and row.price is not None for row in doc.rows)
    invoiced = [fx.get_order(o.document_number) for o in fx.iter_orders(filter="invoicecreated")]
    assert len(invoiced) == 4 and all(o.invoice_reference for o in invoiced)
    assert fx.get_invoice(invoiced[0].invoice_reference or "").order_reference == invoiced[0].document_number


def test_create_update_and_cancel_an_invoice(fx: FortnoxTestClient) -> None:
    article = sorted(fx.article_numbers())[0]
    invoice = fx.create_invoice({"CustomerNumber": "1003", "ExternalInvoiceReference1": "upsales:501",
                                 "OurReference": "Erik Sjöberg", "Currency": "SEK",
                                 "InvoiceRows": [{"ArticleNumber": article, "DeliveredQuantity": Decimal("2.5"),
                                                  "Price": Decimal("100.10"), "Discount": Decimal(10),
                                                  "DiscountType": "PERCENT"}]})
    assert invoice.customer_number == "1003" and invoice.stamp == "upsales:501" and not invoice.cancelled
    (row,) = invoice.rows
    assert (row.article_number, row.quantity, row.price, row.discount) == (article, Decimal("2.5"),
                                                                          Decimal("100.1"), 10)
    updated = fx.update_invoice(invoice.document_number, {"YourReference": "Karin Ek", "OurReference": None})
    assert updated.your_reference == "Karin Ek" and updated.our_reference is None and updated.rows
    cancelled = fx.cancel_invoice(invoice.document_number)
    assert cancelled.cancelled and fx.get_invoice(invoice.document_number).cancelled


def test_cancel_is_idempotent_after_a_lost_answer(sandbox: Sandbox, fx: FortnoxTestClient) -> None:
    invoice = fx.create_invoice({"CustomerNumber": "1005", "InvoiceRows": [
        {"ArticleNumber": sorted(fx.article_numbers())[0], "DeliveredQuantity": Decimal(1)}]})
    faults(sandbox, Fault(FaultKind.DROP_AFTER, method="PUT", path=r"/cancel$"))
    before = fx.request_count
    assert fx.cancel_invoice(invoice.document_number).cancelled  # the retry is refused ("redan makulerad")
    assert fx.request_count - before == 3  # cancel (lost), cancel (refused), GET


def test_booked_invoice_cannot_be_cancelled(fx: FortnoxTestClient) -> None:
    invoice = fx.create_invoice({"CustomerNumber": "1004", "InvoiceRows": [
        {"ArticleNumber": sorted(fx.article_numbers())[0], "DeliveredQuantity": Decimal(1)}]})
    booked = fx.bookkeep_invoice(invoice.document_number)
    assert booked.booked
    with pytest.raises(ValidationFailed):
        fx.cancel_invoice(invoice.document_number)
    assert not fx.get_invoice(invoice.document_number).cancelled


def test_order_to_invoice(fx: FortnoxTestClient) -> None:
    order = fx.create_order({"CustomerNumber": "1006", "ExternalInvoiceReference1": "upsales:601",
                             "OrderRows": [{"ArticleNumber": sorted(fx.article_numbers())[0],
                                            "OrderedQuantity": Decimal(3)}]})
    assert order.invoice_reference is None and order.rows[0].quantity == 3
    invoice = fx.create_invoice_from_order(order.document_number)
    assert invoice.kind == "invoice" and invoice.order_reference == order.document_number
    assert fx.get_order(order.document_number).invoice_reference == invoice.document_number


def test_offer_to_order_and_cancel(fx: FortnoxTestClient) -> None:
    article = sorted(fx.article_numbers())[0]
    offer = fx.create_offer({"CustomerNumber": "1007", "YourReferenceNumber": "upsales:701",
                             "OfferRows": [{"ArticleNumber": article, "Quantity": Decimal(4)}]})
    assert offer.kind == "offer" and offer.stamp == "upsales:701" and offer.rows[0].quantity == 4
    order = fx.create_order_from_offer(offer.document_number)
    assert order.kind == "order" and order.offer_reference == offer.document_number
    assert fx.get_offer(offer.document_number).order_reference == order.document_number
    assert fx.cancel_order(order.document_number).cancelled
    other = fx.create_offer({"CustomerNumber": "1007", "OfferRows": [{"ArticleNumber": article,
                                                                       "Quantity": Decimal(1)}]})
    assert fx.cancel_offer(other.document_number).cancelled
    assert fx.update_offer(offer.document_number, {"YourReference": "Karin Ek"}).your_reference == "Karin Ek"


@pytest.mark.parametrize(("kind", "field"), [("invoice", "ExternalInvoiceReference1"),
                                             ("order", "ExternalInvoiceReference1"),
                                             ("offer", "YourReferenceNumber")])
def test_stamp_lookup_is_exact(fx: FortnoxTestClient, kind: str, field: str) -> None:
    article = sorted(fx.article_numbers())[0]
    rows = {"invoice": ("InvoiceRows", "DeliveredQuantity"), "order": ("OrderRows", "OrderedQuantity"),
            "offer": ("OfferRows", "Quantity")}[kind]
    made = {}
    for stamp in ("upsales:123", "upsales:12", "upsales:1234"):
        doc = fx.create_document(kind, {"CustomerNumber": "1008", field: stamp,  # type: ignore[arg-type]
                                        rows[0]: [{"ArticleNumber": article, rows[1]: Decimal(1)}]})
        made[stamp] = doc.document_number
    for stamp, number in made.items():
        found = fx.find_documents_by_stamp(kind, stamp, customer_number="1008")  # type: ignore[arg-type]
        assert [d.document_number for d in found] == [number]
    assert fx.find_documents_by_stamp(kind, "upsales:1") == []  # type: ignore[arg-type]


# --- company ------------------------------------------------------------------------------------------------------

def test_company_information_and_me(sandbox: Sandbox, fx: FortnoxTestClient) -> None:
    info = fx.company_information()
    assert info.company_name == "Kontorsmästarna i Västerås AB" and info.organisation_number == "556812-3458"
    assert info.database_number == sandbox.info.fortnox_tenant_id
    with pytest.raises(PermissionDenied) as caught:  # /3/me needs scope "profile", which Fortsync does not ask for
        fx.me()
    assert caught.value.code == 2000663
    oauth = fortnox_oauth(sandbox)
    code = sandbox.fortnox.issue_authorization_code(scopes=["companyinformation", "profile"])
    me = fortnox_client(sandbox, OAuthSession(oauth, oauth.exchange_code(code), lambda ts: None)).me()
    assert me.id and me.name


# --- paging -------------------------------------------------------------------------------------------------------

def test_paging_in_the_minimal_number_of_requests() -> None:
    with Sandbox(seed="large:1200", time_scale=TIME_SCALE) as big:
        connection = Connection(big)
        fx = connection.client
        total = sum(1 for _ in fx.iter_customers())
        assert total == 1200 and fx.request_count == math.ceil(1200 / PAGE_SIZE)
        before = fx.request_count
        assert list(fx.iter_customers(name="finns-inte-alls")) == []
        assert fx.request_count - before == 1
        before = fx.request_count
        numbers = fx.customer_numbers()
        assert len(numbers) == 1200 and fx.request_count - before == 3
        before = fx.request_count
        invoices = sum(1 for _ in fx.iter_invoices())
        assert fx.request_count - before == max(1, math.ceil(invoices / PAGE_SIZE))
        connection.close()


def test_token_refresh_margin_is_honoured(sandbox: Sandbox, conn: Connection) -> None:
    # An access token 4 minutes from expiry is refreshed before use (persisted first), not after a 401.
    tokens = conn.session.tokens
    near = TokenSet(tokens.access_token, tokens.refresh_token, tokens.expires_at.now(tokens.expires_at.tzinfo)
                    + timedelta(minutes=4), tokens.scopes)
    persisted: list[TokenSet] = []
    session = OAuthSession(conn.oauth, near, persisted.append)
    fx = fortnox_client(sandbox, session)
    fx.company_information()
    assert len(persisted) == 1 and fx.request_count == 1
