"""Client-side rate limiting: stay under each service's documented limit so 429s are the exception.

One limiter per credential, shared by every thread and client object that uses it (``shared_limiter``). A slot is
held from the moment a request is sent until its answer arrives and is then dated at the answer: the service counts
a request when it arrives, which is always before we see the answer, so a window measured from answers never
overruns the service's window, without adding a safety margin.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import NamedTuple


class RateLimit(NamedTuple):
    requests: int
    window: float  # seconds


FORTNOX_RATE_LIMIT = RateLimit(25, 5.0)  # per access token (client id + tenant), sliding window
UPSALES_RATE_LIMIT = RateLimit(200, 10.0)  # per API key; X-RateLimit-* headers tell the rest


class Slot:
    """A request's place in the window, from its sending until :meth:`SlidingWindowLimiter.release`."""

    __slots__ = ("released",)

    def __init__(self) -> None:
        self.released = False


class SlidingWindowLimiter:
    """Threads waiting for a slot queue up and are served in turn: only the first in line watches the clock, the
    others sleep until it is their turn, so an answer wakes one thread, not every waiting one (eight readers and a
    writer wait on Fortnox's 25 per 5 s; waking them all at every answer cost 5 % of the client's CPU).

    ``clock`` and ``wait`` are injectable so a test can check how long the limiter waits without sleeping:
    ``wait(condition, timeout)`` is called with the condition held, like ``threading.Condition.wait``."""

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic,
                 wait: Callable[[threading.Condition, float | None], object] = threading.Condition.wait) -> None:
        self.limit = limit
        self._clock = clock
        self._wait = wait
        self._in_flight = 0  # slots taken and not released: each counts until its answer comes
        self._answered: deque[float] = deque()  # when the answers within the window came, oldest first
        self._paused_until = 0.0
        self._lock = threading.Lock()
        self._line: deque[threading.Condition] = deque()  # the threads waiting, first in line first

    def acquire(self) -> Slot:
        """Block until a request may be sent; return the slot to :meth:`release` when its answer has arrived."""
        with self._lock:
            if not self._line and self._until_free() == 0:
                return self._take()
            turn = threading.Condition(self._lock)
            self._line.append(turn)
            try:
                while True:
                    wait = self._until_free() if self._line[0] is turn else None
                    if wait == 0:
                        self._line.popleft()
                        self._wake_first()  # the next in line: a further slot may be free already
                        return self._take()
                    self._wait(turn, wait)
            except BaseException:
                first = self._line[0] is turn
                self._line.remove(turn)
                if first:
                    self._wake_first()
                raise

    def release(self, slot: Slot) -> None:
        with self._lock:
            if not slot.released:
                slot.released = True
                self._in_flight -= 1
                self._answered.append(self._clock())  # the clock only moves on: the deque stays in order
            self._wake_first()

    def pause(self, seconds: float) -> None:
        """No request from anyone sharing this limiter for ``seconds`` (after a 429 or an exhausted quota)."""
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + max(0.0, seconds))
            self._wake_first()

    def _until_free(self) -> float | None:
        """0 when a slot is free now, else the seconds until one is (None: until an answer arrives)."""
        now = self._clock()
        wait = self._paused_until - now
        if wait > 0:
            return wait
        answered, horizon = self._answered, now - self.limit.window
        while answered and answered[0] <= horizon:
            answered.popleft()
        if self._in_flight + len(answered) < self.limit.requests:
            return 0
        return answered[0] + self.limit.window - now if answered else None  # else: all in flight

    def _take(self) -> Slot:
        self._in_flight += 1
        return Slot()

    def _wake_first(self) -> None:
        if self._line:
            self._line[0].notify()


_registry: dict[tuple[str, str], SlidingWindowLimiter] = {}
_registry_lock = threading.Lock()


def shared_limiter(api: str, credential: str, limit: RateLimit) -> SlidingWindowLimiter:
    """The limiter every client of ``api`` using this credential shares (the credential is only kept hashed)."""
    key = (api, hashlib.sha256(f"{credential}|{limit.requests}|{limit.window}".encode()).hexdigest())
    with _registry_lock:
        limiter = _registry.get(key)
        if limiter is None:
            limiter = _registry[key] = SlidingWindowLimiter(limit)
        return limiter
