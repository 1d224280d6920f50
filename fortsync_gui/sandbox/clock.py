"""The sandbox's notion of time.

Wall-clock time can be shifted (to expire OAuth codes and tokens in tests without waiting), and rate-limit windows
are multiplied by ``time_scale`` so a test can exercise "25 requests per 5 s" in 50 ms.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


class SimClock:
    def __init__(self, time_scale: float = 1.0) -> None:
        self.time_scale = time_scale
        self._offset = timedelta()
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """Current UTC time, including any shift applied with :meth:`advance`."""
        with self._lock:
            return datetime.now(UTC) + self._offset

    def now_stockholm(self) -> datetime:
        return self.now().astimezone(STOCKHOLM)

    def advance(self, seconds: float) -> None:
        """Shift wall-clock time forward (expiry of codes and tokens). Rate-limit windows are not affected."""
        with self._lock:
            self._offset += timedelta(seconds=seconds)

    def monotonic(self) -> float:
        return time.monotonic()

    def scaled(self, seconds: float) -> float:
        """A duration of the real service expressed in this sandbox's (possibly compressed) time."""
        return seconds * self.time_scale
