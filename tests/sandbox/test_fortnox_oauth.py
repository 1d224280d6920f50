"""The simulator's ``/oauth-v1/`` endpoints: the consent page, the token endpoint (authorization code, refresh
rotation, client credentials), revoke and migrate, with the error bodies Fortnox records."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from fortsync_gui.sandbox.fortnox import FortnoxSim
from tests.sandbox.test_fortnox_sim import TENANT, FortnoxHost

REDIRECT = "http://127.0.0.1:53682/fortsync/fortnox-callback"
INVALID_CLIENT = '{"error":"invalid_client","error_description":"The client credentials are invalid"}'


@pytest.fixture(scope="module")
def host() -> Iterator[FortnoxHost]:
    h = FortnoxHost()
    yield h
    h.stop()


@pytest.fixture
def sim(host: FortnoxHost) -> FortnoxSim:
    return host.plug()


@pytest.fixture
def web(host: FortnoxHost) -> Iterator[httpx.Client]:
    """A browser: no automatic redirects, so the test sees where Fortnox sends it."""
    with httpx.Client(base_url=host.url, follow_redirects=False, timeout=5) as client:
        yield client


def token(web: httpx.Client, sim: FortnoxSim, secret: str | None = None, headers: dict[str, str] | None = None,
          **form: str) -> httpx.Response:
    return web.post("/oauth-v1/token", data=form, auth=(sim.client_id, secret or sim.client_secret), headers=headers)


def with_code(web: httpx.Client, sim: FortnoxSim, code: str, **form: str) -> httpx.Response:
    return token(web, sim, grant_type="authorization_code", code=code, **form)


def api_status(web: httpx.Client, access_token: str) -> int:
    return web.get("/3/companyinformation", headers={"Authorization": f"Bearer {access_token}"}).status_code


def claims(jwt: str) -> dict[str, object]:
    header, payload, signature = jwt.split(".")
    assert signature and json.loads(base64.urlsafe_b64decode(header + "==")) == {"alg": "HS256", "typ": "JWT"}
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def consent_query(sim: FortnoxSim, **overrides: str) -> str:
    params = {"client_id": sim.client_id, "redirect_uri": REDIRECT, "scope": "customer invoice companyinformation",
              "state": "s-123", "access_type": "offline", "response_type": "code", **overrides}
    return urlencode({k: v for k, v in params.items() if v})


def hidden_fields(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))


# --- consent page -------------------------------------------------------------------------------------------------

def test_consent_page(web: httpx.Client, sim: FortnoxSim) -> None:
    r = web.get(f"/oauth-v1/auth?{consent_query(sim)}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "Godkänn" in page and "Avbryt" in page and 'method="post"' in page
    assert "Kunder (customer)" in page and "Fakturor (invoice)" in page and "Testbolaget i Åre AB" in page
    assert hidden_fields(page)["state"] == "s-123"


def test_approving_redirects_with_a_working_code(web: httpx.Client, sim: FortnoxSim) -> None:
    page = web.get(f"/oauth-v1/auth?{consent_query(sim)}").text
    r = web.post("/oauth-v1/auth", data={**hidden_fields(page), "action": "approve"})
    assert r.status_code == 302
    target = urlsplit(r.headers["location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == REDIRECT
    query = parse_qs(target.query)
    assert query["state"] == ["s-123"]
    issued = with_code(web, sim, query["code"][0], redirect_uri=REDIRECT)
    assert issued.status_code == 200 and issued.json()["scope"] == "customer invoice companyinformation"


def test_cancelling_redirects_with_access_denied(web: httpx.Client, sim: FortnoxSim) -> None:
    page = web.get(f"/oauth-v1/auth?{consent_query(sim)}").text
    r = web.post("/oauth-v1/auth", data={**hidden_fields(page), "action": "deny"})
    assert r.status_code == 302
    assert parse_qs(urlsplit(r.headers["location"]).query) == {"error": ["access_denied"], "state": ["s-123"]}


def test_without_a_redirect_uri_the_code_is_shown(web: httpx.Client, sim: FortnoxSim) -> None:
    page = web.get(f"/oauth-v1/auth?{consent_query(sim, redirect_uri='')}").text
    shown = web.post("/oauth-v1/auth", data={**hidden_fields(page), "action": "approve"})
    code = re.search(r'<code id="api-kod">([^<]+)</code>', shown.text)
    assert shown.status_code == 200 and code and "API-kod" in shown.text
    assert with_code(web, sim, code.group(1)).status_code == 200


@pytest.mark.parametrize("uri", ["http://localhost:8765/cb", "http://127.0.0.1:1/x?keep=1", "http://[::1]:9/cb"])
def test_any_loopback_redirect_is_accepted(web: httpx.Client, sim: FortnoxSim, uri: str) -> None:
    page = web.get(f"/oauth-v1/auth?{consent_query(sim, redirect_uri=uri)}").text
    r = web.post("/oauth-v1/auth", data={**hidden_fields(page), "action": "approve"})
    assert r.status_code == 302 and r.headers["location"].startswith(uri)
    assert "code" in parse_qs(urlsplit(r.headers["location"]).query)


@pytest.mark.parametrize("overrides", [{"client_id": "someone-else"}, {"redirect_uri": "https://evil.example/cb"},
                                       {"redirect_uri": "http://192.168.1.5:8000/cb"}, {"state": ""}])
def test_bad_consent_requests_get_a_400_page(web: httpx.Client, sim: FortnoxSim, overrides: dict[str, str]) -> None:
    r = web.get(f"/oauth-v1/auth?{consent_query(sim, **overrides)}")
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(("overrides", "error"), [({"scope": "customer fly"}, "invalid_scope"),
                                                  ({"scope": ""}, "invalid_scope"),
                                                  ({"response_type": "token"}, "unsupported_response_type"),
                                                  ({"account_type": "personal"}, "invalid_request")])
def test_bad_parameters_are_redirected_back(web: httpx.Client, sim: FortnoxSim, overrides: dict[str, str],
                                            error: str) -> None:
    r = web.get(f"/oauth-v1/auth?{consent_query(sim, **overrides)}")
    assert r.status_code == 302
    assert parse_qs(urlsplit(r.headers["location"]).query) == {"error": [error], "state": ["s-123"]}


# --- token endpoint -----------------------------------------------------------------------------------------------

def test_code_exchange(web: httpx.Client, sim: FortnoxSim) -> None:
    before = int(sim.clock.now().timestamp())
    r = with_code(web, sim, sim.issue_authorization_code())
    after = sim.clock.now().timestamp()
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    body = r.json()
    assert set(body) == {"access_token", "refresh_token", "scope", "expires_in", "token_type"}
    assert (body["expires_in"], body["token_type"]) == (3600, "bearer")
    assert body["scope"] == "customer article price invoice order offer companyinformation settings"
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", body["refresh_token"])
    jwt = claims(body["access_token"])
    assert (jwt["tenantId"], jwt["clientId"], jwt["scope"]) == (TENANT, sim.client_id, body["scope"])
    assert before + 3600 <= int(str(jwt["exp"])) <= after + 3600  # issued during the exchange, valid for an hour
    assert api_status(web, body["access_token"]) == 200


def test_bad_client_credentials(web: httpx.Client, sim: FortnoxSim) -> None:
    code = sim.issue_authorization_code()
    for response in (token(web, sim, secret="wrong", grant_type="authorization_code", code=code),
                     web.post("/oauth-v1/token", data={"grant_type": "authorization_code", "code": code})):
        assert response.status_code == 401 and response.text == INVALID_CLIENT
        assert response.headers["content-type"] == "text/plain;charset=UTF-8"
    assert with_code(web, sim, code).status_code == 200  # the code was not spent by the failed attempts


def test_codes_are_single_use(web: httpx.Client, sim: FortnoxSim) -> None:
    code = sim.issue_authorization_code()
    assert with_code(web, sim, code).status_code == 200
    again = with_code(web, sim, code)
    assert again.status_code == 400 and again.headers["content-type"] == "text/html; charset=UTF-8"
    assert again.json()["error"] == "invalid_grant" and again.json()["error_description"]


def test_codes_expire_after_ten_minutes(web: httpx.Client, sim: FortnoxSim) -> None:
    fresh, stale = sim.issue_authorization_code(), sim.issue_authorization_code()
    sim.clock.advance(9 * 60)
    assert with_code(web, sim, fresh).status_code == 200
    sim.clock.advance(2 * 60)
    assert with_code(web, sim, stale).json()["error"] == "invalid_grant"


def test_redirect_uri_must_match(web: httpx.Client, sim: FortnoxSim) -> None:
    for sent in (None, "http://127.0.0.1:1/other"):
        code = sim.issue_authorization_code(redirect_uri=REDIRECT)
        form = {"redirect_uri": sent} if sent else {}
        assert with_code(web, sim, code, **form).json()["error"] == "invalid_grant"
    assert with_code(web, sim, sim.issue_authorization_code(redirect_uri=REDIRECT),
                     redirect_uri=REDIRECT).status_code == 200


def test_refresh_rotates_the_refresh_token(web: httpx.Client, sim: FortnoxSim) -> None:
    first = with_code(web, sim, sim.issue_authorization_code()).json()
    second = token(web, sim, grant_type="refresh_token", refresh_token=first["refresh_token"]).json()
    assert second["refresh_token"] != first["refresh_token"] and second["access_token"] != first["access_token"]
    reused = token(web, sim, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert reused.status_code == 400
    assert reused.text == '{"error":"invalid_grant","error_description":"Invalid refresh token"}'  # as recorded
    assert api_status(web, second["access_token"]) == 200
    assert token(web, sim, grant_type="refresh_token", refresh_token=second["refresh_token"]).status_code == 200


def test_tokens_expire(web: httpx.Client, sim: FortnoxSim) -> None:
    tokens = with_code(web, sim, sim.issue_authorization_code()).json()
    sim.clock.advance(3601)
    assert api_status(web, tokens["access_token"]) == 401
    renewed = token(web, sim, grant_type="refresh_token", refresh_token=tokens["refresh_token"]).json()
    assert api_status(web, renewed["access_token"]) == 200
    sim.clock.advance(45 * 86400 + 1)  # refresh tokens live 45 days
    assert token(web, sim, grant_type="refresh_token",
                 refresh_token=renewed["refresh_token"]).json()["error"] == "invalid_grant"


def test_client_credentials(web: httpx.Client, sim: FortnoxSim) -> None:
    r = token(web, sim, headers={"TenantId": str(TENANT)}, grant_type="client_credentials")
    body = r.json()
    assert r.status_code == 200 and "refresh_token" not in body and claims(body["access_token"])["tenantId"] == TENANT
    assert api_status(web, body["access_token"]) == 200
    wrong = token(web, sim, headers={"TenantId": "1"}, grant_type="client_credentials")
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    missing = token(web, sim, grant_type="client_credentials")
    assert missing.status_code == 400 and missing.json()["error"] == "invalid_request"
    assert token(web, sim, secret="wrong", headers={"TenantId": str(TENANT)},
                 grant_type="client_credentials").status_code == 401


def test_service_account_consent_sets_the_client_credentials_scopes(web: httpx.Client, sim: FortnoxSim) -> None:
    page = web.get(f"/oauth-v1/auth?{consent_query(sim, scope='customer article', account_type='service')}").text
    assert web.post("/oauth-v1/auth", data={**hidden_fields(page), "action": "approve"}).status_code == 302
    r = token(web, sim, headers={"TenantId": str(TENANT)}, grant_type="client_credentials")
    assert r.json()["scope"] == "customer article"


def test_unsupported_grant_type(web: httpx.Client, sim: FortnoxSim) -> None:
    r = token(web, sim, grant_type="password", username="u", password="p")
    assert r.status_code == 400 and r.json()["error"] == "unsupported_grant_type"


# --- revoke and migrate -------------------------------------------------------------------------------------------

def test_revoking_a_refresh_token_ends_its_grant(web: httpx.Client, sim: FortnoxSim) -> None:
    first = with_code(web, sim, sim.issue_authorization_code()).json()
    second = token(web, sim, grant_type="refresh_token", refresh_token=first["refresh_token"]).json()
    other = with_code(web, sim, sim.issue_authorization_code()).json()
    r = web.post("/oauth-v1/revoke", data={"token_type_hint": "refresh_token", "token": second["refresh_token"]},
                 auth=(sim.client_id, sim.client_secret))
    assert (r.status_code, r.json()) == (200, {"revoked": True})
    assert token(web, sim, grant_type="refresh_token", refresh_token=second["refresh_token"]).status_code == 400
    assert api_status(web, first["access_token"]) == 401 and api_status(web, second["access_token"]) == 401
    assert api_status(web, other["access_token"]) == 200  # another consent is untouched
    bad_client = web.post("/oauth-v1/revoke", data={"token": other["refresh_token"]}, auth=(sim.client_id, "x"))
    assert bad_client.status_code == 401


def test_migrating_a_legacy_token_works_once(web: httpx.Client, sim: FortnoxSim) -> None:
    r = web.post("/oauth-v1/migrate", data={"access_token": sim.legacy_token}, auth=(sim.client_id, sim.client_secret))
    body = r.json()
    assert r.status_code == 200 and {"access_token", "refresh_token", "scope", "expires_in", "token_type"} == set(body)
    assert api_status(web, body["access_token"]) == 200
    again = web.post("/oauth-v1/migrate", data={"access_token": sim.legacy_token},
                     auth=(sim.client_id, sim.client_secret))
    assert (again.status_code, again.json()) == (404, {"message": "Access-token not found"})
    unknown = web.post("/oauth-v1/migrate", data={"access_token": "nope"}, auth=(sim.client_id, sim.client_secret))
    assert unknown.status_code == 404
    bad_client = web.post("/oauth-v1/migrate", data={"access_token": "nope"}, auth=(sim.client_id, "x"))
    assert (bad_client.status_code, bad_client.json()) == (401, {"message": "Invalid authorization"})


def test_issue_authorization_code_checks_scopes(sim: FortnoxSim) -> None:
    with pytest.raises(ValueError, match="unknown scope"):
        sim.issue_authorization_code(["customer", "everything"])
