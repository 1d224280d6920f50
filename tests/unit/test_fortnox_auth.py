"""Fortnox OAuth (clients/fortnox_auth.py) and token refresh through the client, on httpx.MockTransport."""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from fortsync_gui.clients.errors import (
    AuthError,
    InvalidClient,
    InvalidGrant,
    KeyringRefused,
    NetworkError,
    PermissionDenied,
    RefreshLost,
    TokensNotSaved,
    UncertainWrite,
    ValidationFailed,
)
from fortsync_gui.clients.fortnox_auth import (
    ClientCredentialsSession,
    OAuthSession,
    StaticTokenProvider,
    TokenProvider,
    TokenSet,
    refresh_interrupted,
)
from tests.sandbox_clients import FAST_RETRY, FortnoxTestClient, FortnoxTestOAuth, mock_fortnox

SECRET = "client-secret-xyz"
COMPANY = {"CompanyInformation": {"CompanyName": "Demo AB", "OrganizationNumber": "556677-8899",
                                  "DatabaseNumber": 29302}}


def jwt(**claims: object) -> str:
    def part(obj: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")
    return f"{part({'alg': 'RS256', 'typ': 'JWT'})}.{part(claims)}.signature-bytes"


def token_json(access: str, refresh: str | None = "refresh-1", expires_in: int = 3600) -> dict[str, object]:
    body: dict[str, object] = {"access_token": access, "scope": "customer invoice", "expires_in": expires_in,
                               "token_type": "bearer"}
    if refresh:
        body["refresh_token"] = refresh
    return body


def form(request: httpx.Request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(request.content.decode()).items()}


def oauth(handler: Callable[[httpx.Request], httpx.Response]) -> FortnoxTestOAuth:
    return FortnoxTestOAuth("https://apps.test", "client-1", SECRET, transport=httpx.MockTransport(handler),
                            retry=FAST_RETRY)


def tokens(access: str, refresh: str | None = "refresh-0", expires_in: float = 3600) -> TokenSet:
    return TokenSet(access, refresh, datetime.now(UTC) + timedelta(seconds=expires_in), ("customer",))


def client(provider: TokenProvider, handler: Callable[[httpx.Request], httpx.Response]) -> FortnoxTestClient:
    return mock_fortnox(handler, provider)


def bearer(request: httpx.Request) -> str:
    return request.headers["Authorization"].removeprefix("Bearer ")


# --- the token endpoint ---------------------------------------------------------------------------------------------

def test_authorization_url() -> None:
    url = oauth(lambda r: httpx.Response(500)).authorization_url("st4te", "http://127.0.0.1:8765/cb",
                                                                ("customer", "invoice"), account_type="service")
    split = urlsplit(url)
    assert (split.scheme, split.netloc, split.path) == ("https", "apps.test", "/oauth-v1/auth")
    assert "scope=customer%20invoice" in split.query  # space-delimited, encoded as %20
    assert parse_qs(split.query) == {"client_id": ["client-1"], "redirect_uri": ["http://127.0.0.1:8765/cb"],
                                     "scope": ["customer invoice"], "state": ["st4te"], "access_type": ["offline"],
                                     "response_type": ["code"], "account_type": ["service"]}
    assert "account_type" not in oauth(lambda r: httpx.Response(500)).authorization_url("s", None)


def test_exchange_code_uses_basic_auth_and_a_form_body() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=token_json(jwt(tenantId=29302, clientId="client-1"), "rt-1"))

    before = datetime.now(UTC)
    result = oauth(handler).exchange_code("the-code-123", redirect_uri="http://127.0.0.1/cb")
    (request,) = seen
    assert request.method == "POST" and request.url.path == "/oauth-v1/token"
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(f"client-1:{SECRET}".encode()).decode()
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert form(request) == {"grant_type": "authorization_code", "code": "the-code-123",
                             "redirect_uri": "http://127.0.0.1/cb"}
    assert result.refresh_token == "rt-1" and result.scopes == ("customer", "invoice")
    assert result.tenant_id == "29302"
    assert before + timedelta(seconds=3590) < result.expires_at <= datetime.now(UTC) + timedelta(seconds=3600)


def test_refresh_client_credentials_migrate_and_revoke_requests() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/oauth-v1/revoke":
            return httpx.Response(200, json={"revoked": True})
        return httpx.Response(200, json=token_json("at-x", None if "client_credentials" in str(request.content)
                                                   else "rt-x"))

    o = oauth(handler)
    assert o.refresh("rt-old").refresh_token == "rt-x"
    service = o.client_credentials(29302)
    assert service.refresh_token is None
    o.migrate("legacy-token-1")
    o.revoke("rt-x")
    refresh, cc, migrate, revoke = seen
    assert form(refresh) == {"grant_type": "refresh_token", "refresh_token": "rt-old"}
    assert form(cc) == {"grant_type": "client_credentials"} and cc.headers["TenantId"] == "29302"
    assert migrate.url.path == "/oauth-v1/migrate" and form(migrate) == {"access_token": "legacy-token-1"}
    assert revoke.url.path == "/oauth-v1/revoke"
    assert form(revoke) == {"token_type_hint": "refresh_token", "token": "rt-x"}


def test_invalid_grant_even_with_a_text_html_content_type() -> None:
    body = json.dumps({"error": "invalid_grant", "error_description": "Invalid refresh token"})
    o = oauth(lambda r: httpx.Response(400, text=body, headers={"Content-Type": "text/html"}))
    with pytest.raises(InvalidGrant) as caught:
        o.refresh("rt-spent")
    assert caught.value.status == 400 and caught.value.code == "invalid_grant"
    assert caught.value.message_key == "fortnox.invalid_grant"


def test_invalid_client_as_text_plain() -> None:
    body = json.dumps({"error": "invalid_client", "error_description": "The client credentials are invalid"})
    o = oauth(lambda r: httpx.Response(401, text=body, headers={"Content-Type": "text/plain"}))
    with pytest.raises(InvalidClient) as caught:
        o.exchange_code("code-1")
    assert caught.value.status == 401 and "client credentials are invalid" in caught.value.message


@pytest.mark.parametrize(("status", "message", "error"), [
    (404, "Access-token not found", InvalidGrant),
    (401, "Invalid authorization", InvalidClient),
    (400, "Could not create JWT", ValidationFailed),
    (403, "Not allowed to create JWT for this client", PermissionDenied),
])
def test_migrate_errors(status: int, message: str, error: type[Exception]) -> None:
    o = oauth(lambda r: httpx.Response(status, json={"message": message}))
    with pytest.raises(error) as caught:
        o.migrate("legacy-token-2")
    assert message in str(caught.value)


def test_token_request_is_not_repeated_after_a_read_timeout() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        raise httpx.ReadTimeout("slow")

    with pytest.raises(UncertainWrite):
        oauth(handler).refresh("rt-once")
    assert calls == [1]


def test_token_request_is_not_repeated_after_a_5xx() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(503)

    with pytest.raises(UncertainWrite):
        oauth(handler).exchange_code("code-once")
    assert calls == [1]


# --- TokenSet -------------------------------------------------------------------------------------------------------

def test_token_set_never_shows_its_tokens() -> None:
    access = jwt(tenantId=77, clientId="c")
    ts = TokenSet(access, "refresh-secret-1", datetime(2030, 1, 1, tzinfo=UTC), ("customer",))
    for text in (repr(ts), str(ts), f"{ts}", repr([ts])):
        assert access not in text and "refresh-secret-1" not in text
    assert ts.tenant_id == "77" and "77" in repr(ts)


def test_token_set_json_round_trip_and_opaque_tokens() -> None:
    ts = TokenSet("opaque-access", None, datetime(2030, 1, 1, 12, tzinfo=UTC), ("a", "b"))
    assert ts.tenant_id is None
    assert TokenSet.from_json(ts.to_json()) == ts


# --- OAuthSession through the client ------------------------------------------------------------------------------

def test_proactive_refresh_persists_the_new_tokens_before_using_them() -> None:
    events: list[str] = []
    new_access = jwt(tenantId=1, n=2)

    def auth(request: httpx.Request) -> httpx.Response:
        events.append(f"refresh:{form(request)['refresh_token']}")
        return httpx.Response(200, json=token_json(new_access, "refresh-1"))

    def api(request: httpx.Request) -> httpx.Response:
        events.append("api:new" if bearer(request) == new_access else "api:old")
        return httpx.Response(200, json=COMPANY)

    def persist(ts: TokenSet) -> None:
        events.append(f"persist:{ts.refresh_token}")

    session = OAuthSession(oauth(auth), tokens(jwt(tenantId=1, n=1), expires_in=120), persist)  # inside 5 min
    assert client(session, api).company_information().company_name == "Demo AB"
    assert events == ["refresh:refresh-0", "persist:refresh-1", "api:new"]
    assert session.tokens.refresh_token == "refresh-1"


def test_401_refreshes_once_and_retries() -> None:
    events: list[str] = []
    old, new = jwt(tenantId=1, n=1), jwt(tenantId=1, n=2)

    def auth(request: httpx.Request) -> httpx.Response:
        events.append("refresh")
        return httpx.Response(200, json=token_json(new, "refresh-1"))

    def api(request: httpx.Request) -> httpx.Response:
        if bearer(request) == old:
            events.append("api:401")
            return httpx.Response(401, json={"message": "unauthorized"})
        events.append("api:200")
        return httpx.Response(200, json=COMPANY)

    fx = client(OAuthSession(oauth(auth), tokens(old), lambda ts: events.append("persist")), api)
    fx.company_information()
    assert events == ["api:401", "refresh", "persist", "api:200"]
    assert fx.request_count == 2


def test_second_401_after_the_refresh_is_an_auth_error() -> None:
    refreshes: list[int] = []

    def auth(request: httpx.Request) -> httpx.Response:
        refreshes.append(1)
        return httpx.Response(200, json=token_json(jwt(n=len(refreshes)), f"refresh-{len(refreshes)}"))

    fx = client(OAuthSession(oauth(auth), tokens("first-access"), lambda ts: None),
                lambda r: httpx.Response(401, json={"message": "unauthorized"}))
    with pytest.raises(AuthError) as caught:
        fx.company_information()
    assert type(caught.value) is AuthError and caught.value.status == 401
    assert refreshes == [1] and fx.request_count == 2


def test_invalid_grant_on_refresh_propagates() -> None:
    def auth(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json={"error": "invalid_grant", "error_description": "Invalid refresh token"})

    fx = client(OAuthSession(oauth(auth), tokens("first-access"), lambda ts: None),
                lambda r: httpx.Response(401, json={"message": "unauthorized"}))
    with pytest.raises(InvalidGrant):
        fx.company_information()


def test_concurrent_401s_cause_exactly_one_refresh() -> None:
    threads = 6
    old, new = jwt(tenantId=5, n=1), jwt(tenantId=5, n=2)
    refreshes: list[int] = []
    all_rejected = threading.Barrier(threads, timeout=10)

    def auth(request: httpx.Request) -> httpx.Response:
        refreshes.append(1)
        time.sleep(0.05)  # give the other threads time to queue on the lock
        return httpx.Response(200, json=token_json(new, f"refresh-{len(refreshes)}"))

    def api(request: httpx.Request) -> httpx.Response:
        if bearer(request) == old:
            all_rejected.wait()  # every thread holds a rejected token before anyone refreshes
            return httpx.Response(401, json={"message": "unauthorized"})
        return httpx.Response(200, json=COMPANY)

    persisted: list[str | None] = []
    fx = client(OAuthSession(oauth(auth), tokens(old), lambda ts: persisted.append(ts.refresh_token)), api)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            fx.company_information()
        except BaseException as exc:
            errors.append(exc)

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert errors == []
    assert refreshes == [1] and persisted == ["refresh-1"]
    assert fx.request_count == 2 * threads


def test_a_failed_persist_keeps_the_new_tokens_aside_instead_of_refreshing_again() -> None:
    refreshes: list[int] = []
    saved: list[str | None] = []
    fail = [True]

    def auth(request: httpx.Request) -> httpx.Response:
        refreshes.append(1)
        return httpx.Response(200, json=token_json("access-new-1", "refresh-new-1"))

    def persist(ts: TokenSet) -> None:
        if fail.pop():
            raise OSError("keyring locked")
        saved.append(ts.refresh_token)

    fail.insert(0, False)  # the second persist works
    fx = client(OAuthSession(oauth(auth), tokens("access-old-1", expires_in=60), persist),
                lambda r: httpx.Response(200, json=COMPANY))
    with pytest.raises(TokensNotSaved) as info:  # a typed error: the run stops with its sentence, no traceback
        fx.company_information()
    assert info.value.message_key == "fortnox.tokens_unsaved" and isinstance(info.value, AuthError)
    assert fx.company_information().company_name == "Demo AB"
    assert refreshes == [1] and saved == ["refresh-new-1"]


# --- a refresh in three steps: mark, request, save (issue 9, item 2) -------------------------------------------------

class Keeper:
    """A keyring stand-in: the saved JSON, and whether it takes writes."""

    def __init__(self, saved: TokenSet, *, writable: bool = True) -> None:
        self.json = saved.to_json()
        self.writable = writable

    def prepare(self, ts: TokenSet) -> None:
        self.persist(ts, refreshing=True)

    def persist(self, ts: TokenSet, refreshing: bool = False) -> None:
        if not self.writable:
            raise OSError("keyring locked")
        self.json = ts.to_json(refreshing_since=datetime.now(UTC) if refreshing else None)

    @property
    def marked(self) -> bool:
        return refresh_interrupted(self.json)

    def session(self, handler: Callable[[httpx.Request], httpx.Response], **kw: object) -> OAuthSession:
        return OAuthSession(oauth(handler), TokenSet.from_json(self.json), self.persist, prepare=self.prepare,
                            **kw)  # type: ignore[arg-type]


def test_a_locked_keyring_is_found_before_the_refresh_token_is_spent() -> None:
    sent: list[httpx.Request] = []

    def auth(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=token_json("access-new-2", "refresh-new-2"))

    keeper = Keeper(tokens("access-old-2", expires_in=60), writable=False)
    session = keeper.session(auth)
    with pytest.raises(KeyringRefused) as info:
        session.access_token()
    assert sent == [] and info.value.message_key == "fortnox.keyring_locked"
    keeper.writable = True  # unlocked: the same session goes on, the saved set is the new one, unmarked
    assert session.access_token() == "access-new-2" and len(sent) == 1
    assert TokenSet.from_json(keeper.json).refresh_token == "refresh-new-2" and not keeper.marked


def test_the_saved_set_is_marked_while_the_refresh_is_in_flight() -> None:
    keeper = Keeper(tokens("access-old-3", expires_in=60))
    seen: list[bool] = []

    def auth(request: httpx.Request) -> httpx.Response:
        seen.append(keeper.marked)  # what a process killed right now would leave behind
        return httpx.Response(200, json=token_json("access-new-3", "refresh-new-3"))

    assert keeper.session(auth).access_token() == "access-new-3"
    assert seen == [True] and not keeper.marked


def test_a_lost_answer_is_asked_again_with_the_same_refresh_token() -> None:
    answers: list[httpx.Response | Exception] = [httpx.ReadTimeout("lost"),
                                                 httpx.Response(200, json=token_json("access-new-4", "refresh-new-4"))]
    asked: list[str] = []

    def auth(request: httpx.Request) -> httpx.Response:
        asked.append(form(request)["refresh_token"])
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    keeper = Keeper(tokens("access-old-4", expires_in=60))
    assert keeper.session(auth).access_token() == "access-new-4"
    assert asked == ["refresh-0", "refresh-0"] and not keeper.marked


def test_a_lost_answer_that_spent_the_token_says_sign_in_again() -> None:
    answers: list[httpx.Response | Exception] = [
        httpx.RemoteProtocolError("dropped after processing"),
        httpx.Response(400, json={"error": "invalid_grant", "error_description": "Invalid refresh token"})]

    def auth(request: httpx.Request) -> httpx.Response:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    keeper = Keeper(tokens("access-old-5", expires_in=60))
    with pytest.raises(RefreshLost) as info:
        keeper.session(auth).access_token()
    assert info.value.message_key == "fortnox.refresh_lost" and isinstance(info.value, InvalidGrant)
    assert keeper.marked  # the next start says so too


def test_an_interrupted_refresh_found_at_start_says_sign_in_again_when_the_token_is_spent() -> None:
    spent = httpx.Response(400, json={"error": "invalid_grant", "error_description": "Invalid refresh token"})
    keeper = Keeper(tokens("access-old-6", expires_in=60))
    keeper.prepare(TokenSet.from_json(keeper.json))  # a process died here
    assert keeper.marked
    session = keeper.session(lambda r: spent, interrupted=refresh_interrupted(keeper.json))
    with pytest.raises(RefreshLost):
        session.access_token()
    # ... and without the mark, a spent token is the usual "sign in again"
    plain = Keeper(tokens("access-old-7", expires_in=60))
    with pytest.raises(InvalidGrant) as info:
        plain.session(lambda r: spent).access_token()
    assert type(info.value) is InvalidGrant


def test_an_interrupted_refresh_whose_token_still_works_just_goes_on() -> None:
    keeper = Keeper(tokens("access-old-8", expires_in=60))
    keeper.prepare(TokenSet.from_json(keeper.json))  # killed before the request left
    session = keeper.session(lambda r: httpx.Response(200, json=token_json("access-new-8", "refresh-new-8")),
                             interrupted=True)
    assert session.access_token() == "access-new-8" and not keeper.marked


def test_a_refresh_that_never_reached_fortnox_leaves_no_mark() -> None:
    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    keeper = Keeper(tokens("access-old-9", expires_in=60))
    with pytest.raises(NetworkError):
        keeper.session(refused).access_token()
    assert not keeper.marked and TokenSet.from_json(keeper.json).refresh_token == "refresh-0"


def test_limiter_key_is_client_and_tenant() -> None:
    session = OAuthSession(oauth(lambda r: httpx.Response(500)), tokens(jwt(tenantId=42)), lambda ts: None)
    assert session.limiter_key == "client-1:42"
    static = StaticTokenProvider(jwt(tenantId=42, clientId="client-1"))
    assert static.limiter_key == "client-1:42"
    assert StaticTokenProvider("opaque-token-1").limiter_key.startswith("token:")


# --- other providers --------------------------------------------------------------------------------------------

def test_static_token_is_not_refreshed_on_401() -> None:
    fx = client(StaticTokenProvider("static-token-1"), lambda r: httpx.Response(401, json={"message": "unauthorized"}))
    with pytest.raises(AuthError):
        fx.company_information()
    assert fx.request_count == 1


def test_client_credentials_session_fetches_when_needed() -> None:
    issued: list[str] = []
    now = [datetime.now(UTC)]

    def auth(request: httpx.Request) -> httpx.Response:
        assert request.headers["TenantId"] == "29302"
        issued.append(f"cc-access-{len(issued) + 1}")
        return httpx.Response(200, json=token_json(issued[-1], None, expires_in=3600 if len(issued) == 1 else 86400))

    def api(request: httpx.Request) -> httpx.Response:
        if bearer(request) == "cc-access-2":
            return httpx.Response(401, json={"message": "unauthorized"})
        return httpx.Response(200, json=COMPANY)

    session = ClientCredentialsSession(oauth(auth), 29302, now=lambda: now[0])
    assert session.limiter_key == "client-1:29302"
    fx = client(session, api)
    fx.company_information()
    fx.company_information()
    assert issued == ["cc-access-1"]
    now[0] += timedelta(minutes=58)  # token 1 is about to expire
    fx.company_information()  # cc-access-2 is rejected: a third token is fetched and the call retried
    assert issued == ["cc-access-1", "cc-access-2", "cc-access-3"]


# --- secrets ----------------------------------------------------------------------------------------------------

def test_no_token_or_secret_in_logs_or_errors(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    access, refresh = "at-" + "s3cr3t" * 4, "rt-" + "s3cr3t" * 4

    def auth(request: httpx.Request) -> httpx.Response:
        echoed = form(request)["refresh_token"]
        return httpx.Response(400, json={"error": "invalid_grant", "error_description": f"Invalid token {echoed}"})

    def api(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={"message": f"unauthorized {bearer(request)}"})

    fx = client(OAuthSession(oauth(auth), TokenSet(access, refresh, datetime(2030, 1, 1, tzinfo=UTC)),
                             lambda ts: None), api)
    with pytest.raises(InvalidGrant) as caught:
        fx.company_information()
    for text in (str(caught.value), repr(caught.value), caplog.text):
        assert access not in text and refresh not in text and SECRET not in text
