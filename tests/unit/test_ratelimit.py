from __future__ import annotations

import threading
import time

from fortsync_gui.clients.ratelimit import RateLimit, SlidingWindowLimiter, shared_limiter


def _burst(limiter: SlidingWindowLimiter, n: int, threads: int = 4) -> list[float]:
    stamps: list[float] = []
    lock = threading.Lock()

    def worker(count: int) -> None:
        for _ in range(count):
            slot = limiter.acquire()
            with lock:
                stamps.append(time.monotonic())
            limiter.release(slot)

    pool = [threading.Thread(target=worker, args=(n // threads,)) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return sorted(stamps)


def test_never_more_than_limit_in_any_window() -> None:
    limit = RateLimit(10, 0.2)
    stamps = _burst(SlidingWindowLimiter(limit), 40)
    for i in range(len(stamps) - limit.requests):
        assert stamps[i + limit.requests] - stamps[i] >= limit.window * 0.99


def test_burst_runs_close_to_the_floor() -> None:
    limit = RateLimit(10, 0.2)
    start = time.monotonic()
    _burst(SlidingWindowLimiter(limit), 40)
    elapsed = time.monotonic() - start
    # 40 requests at 10 per 0.2 s: the last batch can start after 3 windows.
    assert 0.59 <= elapsed < 1.2


def test_pause_blocks_everyone() -> None:
    limiter = SlidingWindowLimiter(RateLimit(100, 1.0))
    limiter.pause(0.15)
    start = time.monotonic()
    limiter.release(limiter.acquire())
    assert time.monotonic() - start >= 0.14


def test_shared_per_credential() -> None:
    a = shared_limiter("fortnox", "token-a", RateLimit(25, 5.0))
    assert shared_limiter("fortnox", "token-a", RateLimit(25, 5.0)) is a
    assert shared_limiter("fortnox", "token-b", RateLimit(25, 5.0)) is not a
    assert shared_limiter("upsales", "token-a", RateLimit(25, 5.0)) is not a
