"""Server-side sliding-window rate limiting, as both services enforce it."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class SlidingWindow:
    """At most ``limit`` requests per ``window`` seconds per key (a token), counted over a true sliding window."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> tuple[bool, int, float]:
        """Count a request. Returns (allowed, remaining, seconds until the oldest hit leaves the window)."""
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            allowed = len(hits) < self.limit
            if allowed:
                hits.append(now)
            reset = (hits[0] + self.window - now) if hits else 0.0
            return allowed, max(0, self.limit - len(hits)), max(0.0, reset)
