"""Scriptable fault injection, per simulator.

A test queues faults; each matching request consumes one. Example::

    sandbox.fortnox.faults.add(Fault.status(429, times=3))
    sandbox.fortnox.faults.add(Fault(FaultKind.DROP_AFTER, method="POST", path=r"^/3/invoices$"))

A hold parks a request until the test lets it go, so a test can act at an exact point of a client's progress (kill
the client while its third write is in flight, say) instead of at a guessed moment::

    hold = sandbox.add_fault(Fault(FaultKind.HOLD_AFTER, method="POST|PUT|DELETE", skip=2), "fortnox", "upsales")
    hold.wait_held()  # the third write took effect; its answer waits
    ...
    hold.release()
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
    HOLD_BEFORE = "hold_before"  # park the request until released, then serve it (or drop it unprocessed)
    HOLD_AFTER = "hold_after"  # process the request (the write takes effect), park the answer until released


@dataclass(eq=False)
class Fault:
    kind: FaultKind
    times: int = 1
    method: str | None = None  # None matches every method; "POST|PUT|DELETE" matches any of them
    path: str | None = None  # regex searched in the request path; None matches every path
    status: int = 500
    delay: float = 0.0
    skip: int = 0  # let this many matching requests through first (skip=2: the third one gets the fault)
    _regex: re.Pattern[str] | None = field(default=None, init=False, repr=False)
    _cond: threading.Condition = field(default_factory=threading.Condition, init=False, repr=False)
    _released: bool = field(default=False, init=False, repr=False)
    _drop: bool = field(default=False, init=False, repr=False)
    held: int = field(default=0, init=False)  # requests that reached this hold so far
    holding: int = field(default=0, init=False)  # requests parked on it right now

    def __post_init__(self) -> None:
        self._regex = re.compile(self.path) if self.path else None

    @classmethod
    def status_code(cls, status: int, times: int = 1, **kw: object) -> Fault:
        return cls(FaultKind.STATUS, times=times, status=status, **kw)  # type: ignore[arg-type]

    def matches(self, method: str, path: str) -> bool:
        if self.method and method.upper() not in self.method.upper().split("|"):
            return False
        return not (self._regex and not self._regex.search(path))

    def consume(self) -> bool:
        """One matching request: True when the fault fires on it (a fault may sit in several injectors at once, so
        its counters have a lock of their own)."""
        with self._cond:
            if self.times <= 0:
                return False
            if self.skip > 0:
                self.skip -= 1
                return False
            self.times -= 1
            return True

    # --- holds ------------------------------------------------------------------------------------------------------

    def hold(self) -> bool:
        """Park the calling request until :meth:`release`; True when it is to be dropped then."""
        with self._cond:
            self.held += 1
            self.holding += 1
            self._cond.notify_all()
            while not self._released:
                self._cond.wait()
            self.holding -= 1
            return self._drop

    def wait_held(self, timeout: float | None = None) -> bool:
        """Block until a request reached this hold (or ``timeout`` seconds passed); True when one did."""
        with self._cond:
            return self._cond.wait_for(lambda: self.held > 0, timeout)

    def release(self, *, drop: bool = False) -> int:
        """Let every parked request go, now and later; with ``drop`` their connections close without an answer
        (for HOLD_BEFORE: the request is never processed). Returns how many were parked."""
        with self._cond:
            self._released, self._drop = True, drop
            self._cond.notify_all()
            return self.holding


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
        """The first queued fault that fires on this request, consumed once; None when there is none."""
        with self._lock:
            self._faults = [f for f in self._faults if f.times > 0]  # spent (maybe through another injector)
            for fault in self._faults:
                if fault.matches(method, path) and fault.consume():
                    self.injected += 1
                    return fault
        return None
