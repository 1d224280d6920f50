"""The client-side limiter. How long it waits is checked on an injected clock (exact, no sleeping); the one test at
real time checks what holds on any machine: never more than the limit in any window (a lower bound on time). How
close to the floor a real burst runs is a figure for ``benchmarks/ratelimit_burst.py``, not a test."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from fortsync_gui.clients.ratelimit import RateLimit, SlidingWindowLimiter, shared_limiter


class FakeTime:
    """A clock that only moves when the limiter waits: each wait is recorded and jumps the clock by its timeout."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    def wait(self, condition: threading.Condition, timeout: float | None) -> None:
        assert timeout is not None, "the limiter would wait for an answer that never comes"
        self.waits.append(timeout)
        self.now += timeout

    def limiter(self, limit: RateLimit) -> SlidingWindowLimiter:
        return SlidingWindowLimiter(limit, clock=self.clock, wait=self.wait)


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
    assert len(stamps) == 40
    for i in range(len(stamps) - limit.requests):
        assert stamps[i + limit.requests] - stamps[i] >= limit.window * 0.99


def test_a_burst_waits_exactly_one_window_per_batch() -> None:
    """40 instant requests at 10 per 0.25 s: 10 go at once, then the limiter waits one window per batch of 10, so
    the last batch starts after exactly 3 windows (the floor) and no wait is longer than needed."""
    fake = FakeTime()
    limiter = fake.limiter(RateLimit(10, 0.25))
    starts = []
    for _ in range(40):
        slot = limiter.acquire()
        starts.append(fake.now)
        limiter.release(slot)
    assert fake.waits == [0.25, 0.25, 0.25]
    assert starts == [0.0] * 10 + [0.25] * 10 + [0.5] * 10 + [0.75] * 10


def test_a_slot_counts_until_its_answer_arrives() -> None:
    """The window is measured from answers: requests answered at t=1 free their slots at t=1 + window."""
    fake = FakeTime()
    limiter = fake.limiter(RateLimit(10, 0.25))
    slots = [limiter.acquire() for _ in range(10)]
    fake.now = 1.0
    for slot in slots:
        limiter.release(slot)
    limiter.release(limiter.acquire())
    assert fake.waits == [0.25] and fake.now == 1.25


def test_all_slots_in_flight_wait_for_an_answer_not_a_timeout() -> None:
    fake = FakeTime()
    limiter = fake.limiter(RateLimit(2, 0.25))
    limiter.acquire()
    limiter.acquire()
    with pytest.raises(AssertionError, match="never comes"):
        limiter.acquire()


def test_pause_blocks_everyone_for_exactly_the_pause() -> None:
    fake = FakeTime()
    limiter = fake.limiter(RateLimit(100, 1.0))
    limiter.pause(0.15)
    limiter.pause(0.05)  # a shorter pause does not cut a longer one short
    limiter.release(limiter.acquire())
    assert fake.waits == [0.15] and fake.now == 0.15
    limiter.release(limiter.acquire())
    assert fake.waits == [0.15]


def test_pause_blocks_everyone_at_real_time() -> None:
    limiter = SlidingWindowLimiter(RateLimit(100, 1.0))
    start = time.monotonic()  # before the pause starts, so the bound holds however late this thread runs
    limiter.pause(0.15)
    limiter.release(limiter.acquire())
    assert time.monotonic() - start >= 0.14  # a lower bound: the pause is never cut short


def test_shared_per_credential() -> None:
    a = shared_limiter("fortnox", "token-a", RateLimit(25, 5.0))
    assert shared_limiter("fortnox", "token-a", RateLimit(25, 5.0)) is a
    assert shared_limiter("fortnox", "token-b", RateLimit(25, 5.0)) is not a
    assert shared_limiter("upsales", "token-a", RateLimit(25, 5.0)) is not a


def test_waiting_threads_queue_and_only_the_first_in_line_watches_the_clock() -> None:
    """Five threads wait for a full window: the first in line waits for the window's end, the others until it is
    their turn (no timeout), so a freed slot wakes one thread, not all five, and they are served in the order they
    came."""
    now = [0.0]
    waits: list[tuple[str, float | None]] = []

    def wait(condition: threading.Condition, timeout: float | None) -> None:
        waits.append((threading.current_thread().name, timeout))
        condition.wait()  # woken by the limiter only: the clock is this test's

    limiter = SlidingWindowLimiter(RateLimit(10, 1000.0), clock=lambda: now[0], wait=wait)
    for slot in [limiter.acquire() for _ in range(10)]:
        limiter.release(slot)  # the window is full until t = 1000
    served: list[str] = []

    def worker() -> None:
        limiter.release(limiter.acquire())
        served.append(threading.current_thread().name)

    threads = [threading.Thread(target=worker, name=f"t{i}", daemon=True) for i in range(5)]
    for i, thread in enumerate(threads):
        thread.start()
        until(lambda n=i + 1: len(waits) == n)  # in line before the next one comes
    assert waits == [("t0", 1000.0), ("t1", None), ("t2", None), ("t3", None), ("t4", None)]
    now[0] = 1000.0
    limiter.pause(0)  # wakes the first in line, who finds the window over
    for thread in threads:
        thread.join()
    assert served == ["t0", "t1", "t2", "t3", "t4"]
    assert len(waits) == 5  # each waited once: nobody was woken to find it was not its turn


def until(condition: Callable[[], bool]) -> None:
    """Until another thread has got somewhere (polled; no bound on how long it may take)."""
    while not condition():
        time.sleep(0.001)
