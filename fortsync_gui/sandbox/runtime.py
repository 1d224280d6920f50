"""Both simulators in one process: in-process for tests and ``--demo``, or standalone via ``fortsync sandbox``.

Besides the two APIs the server answers a few loopback-only control endpoints under ``/_sandbox/`` so a test can
steer a sandbox running in another process (fresh API-kod, faults, clock):

- ``GET  /_sandbox/info``                 the same JSON as ``fortsync sandbox --json`` prints
- ``POST /_sandbox/fortnox/api-kod``      a fresh authorization code for the demo app
- ``POST /_sandbox/faults``               ``{"api": "fortnox"|"upsales", "kind": "status", "status": 429, "times": 3,
                                          "method": "POST", "path": "^/3/invoices$", "delay": 0}``
- ``POST /_sandbox/clock/advance``        ``{"seconds": 3600}``
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .clock import SimClock
from .faults import Fault, FaultKind
from .fortnox import FortnoxSim
from .seed import build_seed
from .server import App, Request, Response, SimServer, json_response
from .upsales import UpsalesSim


@dataclass(frozen=True)
class SandboxInfo:
    fortnox_url: str
    fortnox_auth_url: str
    upsales_url: str
    fortnox_client_id: str
    fortnox_client_secret: str
    fortnox_api_kod: str
    upsales_token: str
    fortnox_tenant_id: int

    def to_json(self) -> dict[str, Any]:
        return {
            "fortnox_url": self.fortnox_url,
            "fortnox_auth_url": self.fortnox_auth_url,
            "upsales_url": self.upsales_url,
            "fortnox": {
                "client_id": self.fortnox_client_id,
                "client_secret": self.fortnox_client_secret,
                "api_kod": self.fortnox_api_kod,
                "tenant_id": self.fortnox_tenant_id,
            },
            "upsales": {"token": self.upsales_token},
        }


class Sandbox:
    """Fortnox + Upsales simulators on one loopback port. Use as a context manager or call start()/stop()."""

    def __init__(self, seed: str = "demo", *, time_scale: float = 1.0, port: int = 0) -> None:
        self.clock = SimClock(time_scale)
        self.seed = build_seed(seed)
        self.fortnox = FortnoxSim(self.clock)
        self.upsales = UpsalesSim(self.clock)
        self.fortnox.load_seed(self.seed.fortnox)
        self.upsales.load_seed(self.seed.upsales)
        self._server = SimServer([_ControlApp(self), self.fortnox, self.upsales], port=port, clock=self.clock)
        self._api_kod: str | None = None

    def start(self) -> Sandbox:
        self.fortnox.base_url = self._server.url
        self.upsales.base_url = self._server.url
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    def serve_forever(self) -> None:
        self.fortnox.base_url = self._server.url
        self.upsales.base_url = self._server.url
        self._server.serve_forever()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return self._server.url

    @property
    def info(self) -> SandboxInfo:
        if self._api_kod is None:
            self._api_kod = self.fortnox.issue_authorization_code()
        return SandboxInfo(
            fortnox_url=self.url,
            fortnox_auth_url=self.url,
            upsales_url=f"{self.url}/api/v2",
            fortnox_client_id=self.fortnox.client_id,
            fortnox_client_secret=self.fortnox.client_secret,
            fortnox_api_kod=self._api_kod,
            upsales_token=self.upsales.token,
            fortnox_tenant_id=self.fortnox.tenant_id,
        )


class _ControlApp(App):
    prefixes = ("/_sandbox",)

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def handle(self, request: Request) -> Response:
        s = self.sandbox
        route = (request.method, request.path.rstrip("/"))
        if route == ("GET", "/_sandbox/info"):
            return json_response(200, s.info.to_json())
        if route == ("POST", "/_sandbox/fortnox/api-kod"):
            return json_response(200, {"api_kod": s.fortnox.issue_authorization_code()})
        if route == ("POST", "/_sandbox/clock/advance"):
            s.clock.advance(float(request.json()["seconds"]))
            return json_response(200, {"now": s.clock.now().isoformat()})
        if route == ("POST", "/_sandbox/faults"):
            spec = request.json()
            sim = s.fortnox if spec.pop("api") == "fortnox" else s.upsales
            sim.faults.add(Fault(FaultKind(spec.pop("kind")), **spec))
            return json_response(200, {"pending": sim.faults.pending()})
        return json_response(404, {"error": "unknown control endpoint"})
