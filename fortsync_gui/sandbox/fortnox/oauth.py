"""The ``/oauth-v1/`` endpoints of apps.fortnox.se: consent page, token, revoke and migrate.

Error bodies are copied from recorded traffic: ``invalid_grant`` is 400 JSON labelled ``text/html``,
``invalid_client`` is 401 JSON labelled ``text/plain``. Migrate errors are documented only as status and message
(404 "Access-token not found", 401 "Invalid authorization"), so they come as ``{"message": ...}``.
The demo app accepts any loopback redirect URI (``http://127.0.0.1:<port>/...``, ``http://localhost:<port>/...``).
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit, urlunsplit

from ..server import Request, Response, Router, html_response, redirect
from . import pages
from .tokens import GrantError, TokenStore
from .wire import body

KNOWN_SCOPES = frozenset(pages.SCOPE_NAMES)
DEFAULT_SCOPES = ("customer", "article", "price", "invoice", "order", "offer", "companyinformation", "settings")
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
AUTH_PARAMS = ("client_id", "redirect_uri", "scope", "state", "access_type", "response_type", "account_type")


def oauth_error(status: int, error: str, description: str, content_type: str) -> Response:
    text = json.dumps({"error": error, "error_description": description}, separators=(",", ":"))
    return Response(status, text.encode("utf-8"), {"Content-Type": content_type, "Cache-Control": "no-store"})


def invalid_client() -> Response:
    return oauth_error(401, "invalid_client", "The client credentials are invalid", "text/plain;charset=UTF-8")


def invalid_grant(description: str) -> Response:
    return oauth_error(400, "invalid_grant", description, "text/html; charset=UTF-8")


def is_loopback(uri: str) -> bool:
    parts = urlsplit(uri)
    return parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS


class OAuthEndpoints:
    def __init__(self, tokens: TokenStore, client_id: str, client_secret: str, tenant_id: int,
                 company_name: Callable[[], str]) -> None:
        self.tokens = tokens
        self.client_id = client_id
        self.client_secret = client_secret
        self.tenant_id = tenant_id
        self.company_name = company_name
        self.service_scopes: tuple[str, ...] = DEFAULT_SCOPES  # the service account's consent (given once)

    def add_routes(self, router: Router) -> None:
        router.add("GET", "/oauth-v1/auth", lambda q: self._authorize(q, {k: q.arg(k) or "" for k in AUTH_PARAMS}))
        router.add("POST", "/oauth-v1/auth", lambda q: self._authorize(q, q.form()))
        router.add("POST", "/oauth-v1/token", self.token)
        router.add("POST", "/oauth-v1/revoke", self.revoke)
        router.add("POST", "/oauth-v1/migrate", self.migrate)

    # --- consent --------------------------------------------------------------------------------------------------

    def _authorize(self, request: Request, params: dict[str, str]) -> Response:
        """GET shows the consent page; POST is the user's click on Godkänn or Avbryt."""
        if params.get("client_id") != self.client_id:
            return html_response(400, pages.bad_request("Okänd integration (client_id)."))
        target = params.get("redirect_uri") or None
        if target is not None and not is_loopback(target):
            return html_response(400, pages.bad_request("Adressen i redirect_uri är inte registrerad för "
                                                        "integrationen."))
        state = params.get("state", "")
        if not state:
            return html_response(400, pages.bad_request("Parametern state saknas."))
        scopes = tuple(dict.fromkeys(params.get("scope", "").split()))
        if params.get("response_type") != "code":
            return self._back(target, state, "unsupported_response_type")
        if not scopes or not set(scopes) <= KNOWN_SCOPES:
            return self._back(target, state, "invalid_scope")
        if params.get("account_type") not in (None, "", "service"):
            return self._back(target, state, "invalid_request")
        if request.method == "GET":
            fields = {k: params[k] for k in AUTH_PARAMS if params.get(k)}
            return html_response(200, pages.consent(self.company_name(), scopes, fields))
        if params.get("action") != "approve":
            return self._back(target, state, "access_denied")
        if params.get("account_type") == "service":
            self.service_scopes = scopes
        code = self.tokens.issue_code(scopes, target)
        if target is None:
            return html_response(200, pages.code_shown(code))
        return redirect(_with_query(target, {"code": code, "state": state}))

    def _back(self, target: str | None, state: str, error: str) -> Response:
        if target is None:
            if error == "access_denied":
                return html_response(200, pages.cancelled())
            return html_response(400, pages.bad_request(f"Fortnox kunde inte godkänna integrationen ({error})."))
        return redirect(_with_query(target, {"error": error, "state": state}))

    # --- token endpoint -------------------------------------------------------------------------------------------

    def token(self, request: Request) -> Response:
        if not self._client_authenticated(request):
            return invalid_client()
        form = request.form()
        grant_type = form.get("grant_type", "")
        try:
            if grant_type == "authorization_code":
                issued = self.tokens.exchange_code(form.get("code", ""), form.get("redirect_uri") or None)
            elif grant_type == "refresh_token":
                issued = self.tokens.refresh(form.get("refresh_token", ""))
            elif grant_type == "client_credentials":
                tenant = (request.header("tenantid") or "").strip()
                if not tenant:
                    return oauth_error(400, "invalid_request", "Missing TenantId header", "text/html; charset=UTF-8")
                if tenant != str(self.tenant_id):  # no service-account consent for that tenant
                    raise GrantError("Invalid TenantId")
                issued = self.tokens.client_credentials(self.service_scopes)
            else:
                return oauth_error(400, "unsupported_grant_type", "Unsupported grant type",
                                   "text/html; charset=UTF-8")
        except GrantError as exc:
            return invalid_grant(str(exc))
        return _tokens(issued.response())

    def revoke(self, request: Request) -> Response:
        if not self._client_authenticated(request):
            return invalid_client()
        self.tokens.revoke(request.form().get("token", ""))
        return body(200, {"revoked": True})

    def migrate(self, request: Request) -> Response:
        if not self._client_authenticated(request):
            return body(401, {"message": "Invalid authorization"})
        try:
            issued = self.tokens.migrate(request.form().get("access_token", ""), DEFAULT_SCOPES)
        except GrantError as exc:
            return body(404, {"message": str(exc)})
        return _tokens(issued.response())

    def _client_authenticated(self, request: Request) -> bool:
        scheme, _, value = (request.header("authorization") or "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            client_id, _, secret = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return (secrets.compare_digest(client_id.encode(), self.client_id.encode())
                and secrets.compare_digest(secret.encode(), self.client_secret.encode()))


def _tokens(payload: dict[str, object]) -> Response:
    return body(200, payload, {"Cache-Control": "no-store", "Pragma": "no-cache"})


def _with_query(uri: str, params: dict[str, str]) -> str:
    parts = urlsplit(uri)
    query = "&".join(filter(None, (parts.query, urlencode(params))))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
