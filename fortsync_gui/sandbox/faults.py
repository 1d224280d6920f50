"""Scriptable fault injection, per simulator.

A test queues faults; each matching request consumes one. Example::

    sandbox.fortnox.faults.add(Fault.status(429, times=3))
    sandbox.fortnox.faults.add(Fault(FaultKind.DROP_AFTER, method="POST", path=r"^/3/invoices$"))
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from enum import Enum


class FaultKind(Enum):
    STATUS = "status"  # answer with `status` and the API's usual body for it (429, 500, 502, 503 ...)
    SLOW = "slow"  # sleep `delay` seconds, then serve normally (a timeout when delay > client timeout)
    MALFORMED = "malformed"  # serve a 200 whose body is not valid JSON
    HTML = "html"  # serve `status` with an HTML error page (proxies, maintenance pages)
    DROP_BEFORE = "drop_before"  # close the connection without processing the request
    DROP_AFTER = "drop_after"  # process the request (the write takes effect), then close without answering
    EXPIRED_TOKEN = "expired_token"  # treat the bearer token as expired (401 unauthorized)


@dataclass
class Fault:
    kind: FaultKind
    times: int = 1
    method: str | None = None  # None matches every method
    path: str | None = None  # regex searched in the request path; None matches every path
    status: int = 500
    delay: float = 0.0
    _regex: re.Pattern[str] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._regex = re.compile(self.path) if self.path else None

    @classmethod
    def status_code(cls, status: int, times: int = 1, **kw: object) -> Fault:
        return cls(FaultKind.STATUS, times=times, status=status, **kw)  # type: ignore[arg-type]

    def matches(self, method: str, path: str) -> bool:
        if self.method and self.method.upper() != method.upper():
            return False
        return not (self._regex and not self._regex.search(path))


class FaultInjector:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self.injected = 0  # how many faults have fired

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def pending(self) -> int:
        with self._lock:
            return sum(f.times for f in self._faults)

    def take(self, method: str, path: str) -> Fault | None:
        """The first queued fault matching this request, consumed once; None when there is none."""
        with self._lock:
            for fault in self._faults:
                if fault.times > 0 and fault.matches(method, path):
                    fault.times -= 1
                    if fault.times == 0:
                        self._faults.remove(fault)
                    self.injected += 1
                    return fault
        return None
