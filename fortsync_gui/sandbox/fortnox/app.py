"""The Fortnox simulator as the sandbox server sees it: faults, bearer auth, scopes and licences, the rate limit,
then the ``/3/`` API or the ``/oauth-v1/`` endpoints.

Order of checks on ``/3/``: a missing, expired or revoked token gets 401 ``{"message":"unauthorized"}`` (legacy
``Access-Token``/``Client-Secret`` headers get 2000311), then 25 requests per 5 s per token (429), then the route
(404 unknown path, 405 method the resource does not have), then the token's scope (403, 2000663) and the company's
licence for it (403, 2001101).
"""

from __future__ import annotations

import threading
import time

from ..clock import SimClock
from ..faults import Fault, FaultInjector, FaultKind
from ..ratelimit import SlidingWindow
from ..seed_types import FortnoxSeed
from ..server import App, DropConnection, Request, Response, Router, html_response
from . import pages, wire
from .api import Api
from .errors import (
    INVALID_PARAMETER,
    LEGACY_LOGIN,
    METHOD_NOT_ALLOWED,
    NO_LICENCE,
    NOT_IN_SCOPE,
    RATE_LIMITED,
    SYSTEM_EXCEPTION,
    UNKNOWN_RESOURCE,
    FortnoxError,
)
from .oauth import DEFAULT_SCOPES, KNOWN_SCOPES, OAuthEndpoints
from .store import FortnoxStore
from .tokens import TokenStore

DEMO_CLIENT_ID = "fortsync-sandbox"
DEMO_CLIENT_SECRET = "fsx-demo-3b7e91c4d2a85f60"  # the sandbox's published demo secret, not a real one
DEMO_TENANT_ID = 1234567  # the demo seed's DatabaseNumber
RATE_LIMIT, RATE_WINDOW = 25, 5.0
SCOPE_OF = {"customers": "customer", "articles": "article", "pricelists": "price", "prices": "price",
            "invoices": "invoice", "orders": "order", "offers": "offer", "companyinformation": "companyinformation",
            "settings": "settings", "me": "profile"}
WRITE_METHODS = frozenset({"POST", "PUT", "DELETE"})
TRUNCATED = b'{"MetaInformation":{"@TotalResources":44,"@TotalPages":1,"@CurrentPage":1},"Customers":[{"@url":"ht'


def too_many_requests() -> Response:
    return wire.error(FortnoxError(429, RATE_LIMITED, "För många anrop. Gränsen är 25 anrop per 5 sekunder."))


class FortnoxSim(App):
    prefixes = ("/3", "/oauth-v1")

    def __init__(self, clock: SimClock, *, client_id: str = DEMO_CLIENT_ID, client_secret: str = DEMO_CLIENT_SECRET,
                 tenant_id: int = DEMO_TENANT_ID) -> None:
        self.clock = clock
        self.client_id = client_id
        self.client_secret = client_secret
        self.tenant_id = tenant_id
        self.base_url = ""  # set by the runtime once the server listens; used for absolute @url values
        self.faults = FaultInjector()
        self.store = FortnoxStore(clock, tenant_id)
        self.licences: set[str] = set(KNOWN_SCOPES - {"salary"})  # a typical company: no payroll licence
        self.tokens = TokenStore(clock, client_id, tenant_id)
        self.oauth = OAuthEndpoints(self.tokens, client_id, client_secret, tenant_id,
                                    lambda: str(self.store.company["CompanyName"]))
        self.rate_limit = SlidingWindow(RATE_LIMIT, clock.scaled(RATE_WINDOW), clock.monotonic)
        self.rate_limited = 0  # requests the limiter answered with 429
        self.writes = 0  # POST/PUT/DELETE on /3/ that took effect (answered below 400)
        self._count_lock = threading.Lock()
        self._api = Router()
        Api(self.store, lambda: self.base_url).add_routes(self._api)
        self._auth = Router()
        self.oauth.add_routes(self._auth)

    @property
    def legacy_token(self) -> str:
        """A pre-2025 Access-Token of the demo company, usable once with ``/oauth-v1/migrate``."""
        return self.tokens.legacy_token

    def issue_authorization_code(self, scopes: list[str] | None = None, redirect_uri: str | None = None) -> str:
        """An API-kod for the demo app, as if the user had clicked Godkänn on the consent page."""
        granted = tuple(scopes or DEFAULT_SCOPES)
        if not set(granted) <= KNOWN_SCOPES:
            raise ValueError(f"unknown scope in {granted!r}")
        return self.tokens.issue_code(granted, redirect_uri)

    def load_seed(self, seed: FortnoxSeed) -> None:
        self.store.load_seed(seed)
        self.store.company["DatabaseNumber"] = self.tenant_id  # the tenant id is the company's database number

    # --- request pipeline -----------------------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        fault = self.faults.take(request.method, request.path)
        if fault is not None:
            if fault.kind is FaultKind.DROP_BEFORE or (fault.kind is FaultKind.HOLD_BEFORE and fault.hold()):
                raise DropConnection
            if fault.kind is FaultKind.SLOW:
                time.sleep(fault.delay)
            faulted = _fault_response(fault)
            if faulted is not None:
                return faulted
        response = self._serve(request)
        if request.method in WRITE_METHODS and request.path.startswith("/3/") and response.status < 400:
            with self._count_lock:
                self.writes += 1
        if fault is not None and (fault.kind is FaultKind.DROP_AFTER or (fault.kind is FaultKind.HOLD_AFTER
                                                                         and fault.hold())):
            raise DropConnection  # the request took effect; the client never hears about it
        return response

    def _serve(self, request: Request) -> Response:
        if request.path.startswith("/oauth-v1"):
            handler, exists = self._auth.resolve(request)
            if handler is None:
                return html_response(405 if exists else 404, pages.bad_request("Sidan finns inte."))
            return handler(request)
        return self._serve_api(request)

    def _serve_api(self, request: Request) -> Response:
        scheme, _, token = (request.header("authorization") or "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            if request.header("access-token") or request.header("client-secret"):  # retired 2025-04-30
                return wire.error(FortnoxError(401, LEGACY_LOGIN, "Kan inte logga in, access-token eller "
                                               "client-secret saknas(2).", capitalised=True))
            return wire.unauthorized()
        scopes = self.tokens.scopes_of(token)
        if scopes is None:
            return wire.unauthorized()
        allowed, _, _ = self.rate_limit.hit(token)
        if not allowed:
            with self._count_lock:
                self.rate_limited += 1
            return too_many_requests()
        handler, exists = self._api.resolve(request)
        if handler is None:
            if exists:
                return wire.error(FortnoxError(405, METHOD_NOT_ALLOWED, f"Metoden {request.method} finns inte för "
                                               "den här resursen."))
            return wire.error(FortnoxError(404, UNKNOWN_RESOURCE, "Resursen finns inte.", capitalised=True))
        scope = SCOPE_OF[request.path.split("/")[2]]
        try:
            if scope not in scopes:
                raise FortnoxError(403, NOT_IN_SCOPE, f"Saknar behörighet för scope {scope}.")
            if scope not in self.licences:
                raise FortnoxError(403, NO_LICENCE, "Det finns ingen aktiv licens för önskat scope")
            with self.store.lock:
                return handler(request)
        except FortnoxError as err:
            return wire.error(err)


def _fault_response(fault: Fault) -> Response | None:
    """The answer a fault replaces the real one with; ``None`` for faults that let the request through."""
    if fault.kind is FaultKind.EXPIRED_TOKEN:
        return wire.unauthorized()
    if fault.kind is FaultKind.MALFORMED:
        return Response(200, TRUNCATED, {"Content-Type": wire.JSON_TYPE})
    if fault.kind is FaultKind.HTML:
        return html_response(fault.status, pages.proxy_error(fault.status))
    if fault.kind is not FaultKind.STATUS:
        return None
    if fault.status == 429:
        return too_many_requests()
    if fault.status == 401:
        return wire.unauthorized()
    if fault.status >= 500:
        return wire.error(FortnoxError(fault.status, SYSTEM_EXCEPTION, "System exception"))
    return wire.error(FortnoxError(fault.status, INVALID_PARAMETER, "Ogiltig parameter i anropet."))
