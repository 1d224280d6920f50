"""Both simulators in one process: in-process for tests and ``--demo``, or standalone via ``fortsync sandbox``.

Besides the two APIs the server answers a few loopback-only control endpoints under ``/_sandbox/`` so a test can
steer a sandbox running in another process (fresh API-kod, faults, clock):

- ``GET  /_sandbox/info``                 the same JSON as ``fortsync sandbox --json`` prints
- ``POST /_sandbox/fortnox/api-kod``      a fresh authorization code for the demo app
- ``POST /_sandbox/faults``               ``{"api": "fortnox"|"upsales"|"both", "kind": "status", "status": 429,
                                          "times": 3, "method": "POST", "path": "^/3/invoices$", "delay": 0,
                                          "skip": 0}`` (with "both" one fault counts the requests of both APIs)
- ``DELETE /_sandbox/faults``             drops every queued fault and lets every held request go
- ``GET  /_sandbox/holds?wait=0.5``       ``{"held": n, "holding": m}``: requests that reached a hold queued here so
                                          far, and those parked right now; waits up to ``wait`` s for one to arrive
- ``POST /_sandbox/holds/release``        ``{"drop": false}``: lets the parked requests go (dropped: no answer)
- ``GET  /_sandbox/writes``               ``{"fortnox": n, "upsales": m}``: writes that took effect so far
- ``POST /_sandbox/clock/advance``        ``{"seconds": 3600}``
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .clock import SimClock
from .faults import Fault, FaultKind
from .fortnox import FortnoxSim
from .fortnox.app import DEMO_TENANT_ID
from .seed import build_seed
from .server import App, Request, Response, SimServer, json_response
from .upsales import UpsalesSim
from .upsales.app import DEMO_TOKEN


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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SandboxInfo:
        """The inverse of :meth:`to_json` (``fortsync sandbox --json``'s line, or one of its tenants)."""
        fortnox = data["fortnox"]
        return cls(fortnox_url=data["fortnox_url"], fortnox_auth_url=data["fortnox_auth_url"],
                   upsales_url=data["upsales_url"], fortnox_client_id=fortnox["client_id"],
                   fortnox_client_secret=fortnox["client_secret"], fortnox_api_kod=fortnox["api_kod"],
                   upsales_token=data["upsales"]["token"], fortnox_tenant_id=fortnox["tenant_id"])


class Sandbox:
    """Fortnox + Upsales simulators on one loopback port. Use as a context manager or call start()/stop()."""

    def __init__(self, seed: str = "demo", *, time_scale: float = 1.0, port: int = 0, tenant: int = 0) -> None:
        """``tenant``: another company than the demo's (0): its own Fortnox tenant id and Upsales API key, so its
        clients are rate-limited on their own, as one of a bureau's many clients (:class:`Tenants`)."""
        self.clock = SimClock(time_scale)
        self.seed = build_seed(seed)
        self.fortnox = FortnoxSim(self.clock, tenant_id=DEMO_TENANT_ID + tenant)
        self.upsales = UpsalesSim(self.clock, token=DEMO_TOKEN if tenant == 0 else f"{DEMO_TOKEN[:-6]}{tenant:06d}")
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

    def add_fault(self, fault: Fault, *apis: str) -> Fault:
        """Queue one fault on the named simulators ("fortnox", "upsales"); on both, it counts the requests of both."""
        for api in apis or ("fortnox", "upsales"):
            {"fortnox": self.fortnox, "upsales": self.upsales}[api].faults.add(fault)
        return fault

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


class Tenants:
    """Several sandboxes, one per company (tenant), each on its own port with its own Fortnox tenant id and Upsales
    API key, and one Fortnox app registration (client id and secret) for all of them, as an accounting bureau has:
    what ``fortsync sync --all --jobs N`` is measured against. Tenant 0 is the demo company's."""

    def __init__(self, count: int, seed: str = "demo", *, time_scale: float = 1.0, port: int = 0) -> None:
        """``port``: the first tenant's (the others get free ones)."""
        if count < 1:
            raise ValueError("at least one tenant")
        self.sandboxes: list[Sandbox] = []
        try:
            for k in range(count):
                self.sandboxes.append(Sandbox(seed, time_scale=time_scale, port=port if k == 0 else 0, tenant=k))
        except BaseException:
            self.stop()
            raise

    def start(self) -> Tenants:
        for sandbox in self.sandboxes:
            sandbox.start()
        return self

    def stop(self) -> None:
        for sandbox in self.sandboxes:
            sandbox.stop()

    def __enter__(self) -> Tenants:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __iter__(self) -> Iterator[Sandbox]:
        return iter(self.sandboxes)

    def __len__(self) -> int:
        return len(self.sandboxes)


class _ControlApp(App):
    prefixes = ("/_sandbox",)

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.holds: list[Fault] = []  # hold faults queued through this endpoint

    def held(self) -> dict[str, int]:
        return {"held": sum(f.held for f in self.holds), "holding": sum(f.holding for f in self.holds)}

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
            api = spec.pop("api")
            fault = s.add_fault(Fault(FaultKind(spec.pop("kind")), **spec),
                                *(("fortnox", "upsales") if api == "both" else (api,)))
            if fault.kind in (FaultKind.HOLD_BEFORE, FaultKind.HOLD_AFTER):
                self.holds.append(fault)
            return json_response(200, {"pending": s.fortnox.faults.pending() + s.upsales.faults.pending()})
        if route == ("DELETE", "/_sandbox/faults"):
            s.fortnox.faults.clear()
            s.upsales.faults.clear()
            for fault in self.holds:
                fault.release()
            self.holds.clear()
            return json_response(200, {"pending": 0})
        if route == ("GET", "/_sandbox/holds"):
            deadline = time.monotonic() + float(request.arg("wait") or 0)
            while not self.held()["held"] and time.monotonic() < deadline:
                time.sleep(0.005)
            return json_response(200, self.held())
        if route == ("POST", "/_sandbox/holds/release"):
            drop = bool((request.json() if request.body else {}).get("drop", False))
            return json_response(200, {"released": sum(f.release(drop=drop) for f in self.holds)})
        if route == ("GET", "/_sandbox/writes"):
            return json_response(200, {"fortnox": s.fortnox.writes, "upsales": s.upsales.writes})
        return json_response(404, {"error": "unknown control endpoint"})
