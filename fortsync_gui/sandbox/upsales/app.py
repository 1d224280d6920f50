"""The Upsales API v2 over HTTP: auth, rate limit, fault injection and the routes Fortsync uses."""

from __future__ import annotations

import math
import secrets
import threading
import time
from collections.abc import Callable

from ..clock import SimClock
from ..faults import Fault, FaultInjector, FaultKind
from ..ratelimit import SlidingWindow
from ..seed_types import UpsalesSeed
from ..server import App, DropConnection, Request, Response, Router, html_response, json_response
from .store import UpsalesStore
from .wire import (
    DELETED,
    PREFIX,
    ApiError,
    Json,
    error_response,
    express_404,
    invalid,
    list_body,
    server_error,
    single_body,
    throttled,
    trimmed,
    unauthorized,
)

# The sandbox's fixed demo API key (real keys are opaque strings created under Settings → API keys).
DEMO_TOKEN = "fsdemo-7c1e0b5a9d3f4e82b6a1c0d9e8f7a6b5c4d3e2f1a0b9c8d7"
RATE_LIMIT, RATE_WINDOW = 200, 10.0  # requests per 10 s per key
WRITE_METHODS = frozenset({"POST", "PUT", "DELETE"})

_NGINX_PAGE = ("<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}"
               "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
_REASONS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Temporarily Unavailable",
            504: "Gateway Time-out"}


class UpsalesSim(App):
    prefixes = (PREFIX,)

    def __init__(self, clock: SimClock, *, token: str = DEMO_TOKEN) -> None:
        self.clock = clock
        self.token = token
        self.base_url = ""  # set by the runtime once the server is listening
        self.faults = FaultInjector()
        self.store = UpsalesStore(clock)
        self.rate_limit = SlidingWindow(RATE_LIMIT, clock.scaled(RATE_WINDOW), clock.monotonic)
        self._revoked = False
        self.writes = 0  # POST/PUT/DELETE that took effect (answered below 400)
        self._count_lock = threading.Lock()
        self._router = Router()
        self._add_routes()

    @property
    def api_url(self) -> str:
        return f"{self.base_url}{PREFIX}"

    def load_seed(self, seed: UpsalesSeed) -> None:
        self.store.load_seed(seed)

    def revoke_token(self) -> None:
        """An admin deleted the key: every request with it now gets 401."""
        self._revoked = True

    def issue_token(self) -> str:
        """A new key replaces the old one (keys cannot be edited, only deleted and created)."""
        self.token, self._revoked = secrets.token_hex(24), False
        return self.token

    # --- request pipeline -----------------------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        fault = self.faults.take(request.method, request.path)
        if fault and (fault.kind is FaultKind.DROP_BEFORE or (fault.kind is FaultKind.HOLD_BEFORE and fault.hold())):
            raise DropConnection
        if fault and fault.kind is FaultKind.SLOW:
            time.sleep(fault.delay)
        presented = request.cookies().get("token") or request.arg("token") or ""
        allowed, remaining, reset = self.rate_limit.hit(presented)
        headers = {"X-RateLimit-Limit": str(RATE_LIMIT), "X-RateLimit-Remaining": str(remaining if allowed else 0),
                   "X-RateLimit-Reset": self._reset_header(reset)}
        faulted = self._fault_response(fault, headers) if fault else None
        if faulted is not None:
            return faulted
        if not allowed:
            return throttled(headers)
        if self._revoked or not secrets.compare_digest(presented, self.token):
            return unauthorized(headers)
        response = self._dispatch(request)
        response.headers.update(headers)
        if request.method in WRITE_METHODS and response.status < 400:
            with self._count_lock:
                self.writes += 1
        if fault and (fault.kind is FaultKind.DROP_AFTER or (fault.kind is FaultKind.HOLD_AFTER and fault.hold())):
            raise DropConnection
        return response

    def _reset_header(self, seconds: float) -> str:
        """Whole seconds like the real API; in compressed sandbox time a decimal, so clients do not over-wait."""
        if self.clock.time_scale >= 1:
            return str(math.ceil(seconds))
        return f"{seconds:.3f}"

    def _fault_response(self, fault: Fault, headers: dict[str, str]) -> Response | None:
        if fault.kind is FaultKind.EXPIRED_TOKEN:
            return unauthorized(headers)
        if fault.kind is FaultKind.MALFORMED:
            return Response(200, b'{"error":null,"metadata":{"total":12,"limit":1000,"offs', {
                "Content-Type": "application/json; charset=utf-8", **headers})
        if fault.kind is FaultKind.HTML:
            reason = _REASONS.get(fault.status, "Error")
            return html_response(fault.status, _NGINX_PAGE.format(status=fault.status, reason=reason), headers)
        if fault.kind is FaultKind.STATUS:
            return self._status_response(fault.status, headers)
        return None

    def _status_response(self, status: int, headers: dict[str, str]) -> Response:
        if status == 429:
            return throttled({**headers, "X-RateLimit-Remaining": "0"})
        if status == 401:
            return unauthorized(headers)
        if status >= 500:
            return server_error(status, headers)
        if status == 400:
            return invalid("Bad request").response(headers)
        return error_response(status, "Error", 0, "Error", headers)

    def _dispatch(self, request: Request) -> Response:
        handler, _ = self._router.resolve(request)
        if handler is None:
            return express_404(request.method, request.path)
        try:
            return handler(request)
        except ApiError as error:
            return error.response()

    # --- routes ---------------------------------------------------------------------------------------------------

    def _add_routes(self) -> None:
        r, s = self._router, self.store
        r.add("GET", f"{PREFIX}/self", lambda q: json_response(200, {"errors": None, "data": s.self_info()}))
        self._list(f"{PREFIX}/users", "users")
        r.add("GET", f"{PREFIX}/users/{{id}}", lambda q: _single(s.get_user(q.path_params["id"])))

        self._list(f"{PREFIX}/accounts", "accounts")
        self._crud(f"{PREFIX}/accounts", s.get_account, s.save_account, s.delete_account)

        # No DELETE: "You can´t delete products", so the route does not exist (Express answers 404).
        r.add("GET", f"{PREFIX}/products", self._list_products)
        r.add("GET", f"{PREFIX}/products/{{id}}", lambda q: _single(
            s.get_product(q.path_params["id"], price_lists=_price_lists(q)), with_metadata=_price_lists(q)))
        r.add("POST", f"{PREFIX}/products", lambda q: _single(
            s.save_product(None, _body(q), price_lists=_price_lists(q))))
        r.add("PUT", f"{PREFIX}/products/{{id}}", lambda q: _single(
            s.save_product(q.path_params["id"], _body(q), price_lists=_price_lists(q))))

        for path in (f"{PREFIX}/priceLists", f"{PREFIX}/pricelists"):  # no DELETE: disable with active false
            self._list(path, "price_lists")
            r.add("GET", f"{path}/{{id}}", lambda q: _single(s.get_price_list(q.path_params["id"]),
                                                               with_metadata=True))
            r.add("POST", path, lambda q: _single(s.save_price_list(None, _body(q))))
            r.add("PUT", f"{path}/{{id}}", lambda q: _single(s.save_price_list(q.path_params["id"], _body(q))))

        for path in (f"{PREFIX}/orders", f"{PREFIX}/opportunities"):  # one entity, told apart by probability
            self._list(path, "orders")
            self._crud(path, s.get_order, s.save_order, s.delete_order)

        for path in (f"{PREFIX}/orderstages", f"{PREFIX}/orderStages"):
            self._list(path, "stages")
            self._crud(path, s.get_stage, s.save_stage, s.delete_stage)

        for path in (f"{PREFIX}/customfields", f"{PREFIX}/customFields"):
            r.add("GET", f"{path}/{{entity}}", self._list_fields)
            r.add("POST", f"{path}/{{entity}}", lambda q: _single(
                s.save_field(q.path_params["entity"], None, _body(q))))
            r.add("PUT", f"{path}/{{entity}}/{{id}}", lambda q: _single(
                s.save_field(q.path_params["entity"], q.path_params["id"], _body(q))))
            r.add("DELETE", f"{path}/{{entity}}/{{id}}", lambda q: _deleted(
                s.delete_field, q.path_params["entity"], q.path_params["id"]))

    def _list(self, path: str, kind: str) -> None:
        def handler(request: Request) -> Response:
            return _page(*self.store.list(kind, request.query))
        self._router.add("GET", path, handler)

    def _crud(self, path: str, get: Callable[[str], Json], save: Callable[[str | None, Json], Json],
              delete: Callable[[str], None]) -> None:
        r = self._router
        r.add("GET", f"{path}/{{id}}", lambda q: _single(get(q.path_params["id"])))
        r.add("POST", path, lambda q: _single(save(None, _body(q))))
        r.add("PUT", f"{path}/{{id}}", lambda q: _single(save(q.path_params["id"], _body(q))))
        r.add("DELETE", f"{path}/{{id}}", lambda q: _deleted(delete, q.path_params["id"]))

    def _list_products(self, request: Request) -> Response:
        return _page(*self.store.list("products", request.query, price_lists=_price_lists(request)))

    def _list_fields(self, request: Request) -> Response:
        return _page(*self.store.list("fields", request.query, entity=request.path_params["entity"]))


def _price_lists(request: Request) -> bool:
    return (request.arg("usePriceLists") or "").lower() in ("true", "1")


def _body(request: Request) -> Json:
    if not request.body:
        return {}
    try:
        body = request.json()
    except ValueError:
        raise invalid("Invalid JSON in request body") from None
    if not isinstance(body, dict):
        raise invalid("The request body must be a JSON object")
    return trimmed(body)


def _single(data: Json, *, with_metadata: bool = False) -> Response:
    return json_response(200, single_body(data, with_metadata=with_metadata))


def _page(data: list[Json], total: int, limit: int, offset: int) -> Response:
    return json_response(200, list_body(data, total, limit, offset))


def _deleted(delete: Callable[..., None], *args: str) -> Response:
    delete(*args)
    return json_response(200, DELETED)
