"""Read ahead on one API while the caller writes to the other: both rate limits are spent at once, so a large
import runs at the pace of the slower API instead of the sum of both."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

DEPTH = 25  # one Fortnox rate-limit window ahead


def prefetched(items: Iterable[T], fetch: Callable[[T], R], depth: int = DEPTH) -> Iterator[tuple[T, Future[R]]]:
    """``(item, future of fetch(item))`` in order, with up to ``depth`` fetches running ahead in one background
    thread. The caller takes ``future.result()`` (which re-raises the fetch's error) where it handles errors."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="fortsync-prefetch") as pool:
        window: deque[tuple[T, Future[R]]] = deque()
        try:
            for item in items:
                window.append((item, pool.submit(fetch, item)))
                if len(window) > depth:
                    yield window.popleft()
            while window:
                yield window.popleft()
        finally:
            for _, future in window:
                future.cancel()
