#!/usr/bin/env python3
"""How close to their floors the client-side rate limiting runs, in real time (the tests check the exact waits on an
injected clock, and only lower bounds in real time).

    .venv/bin/python benchmarks/ratelimit_burst.py [--time-scale 0.01]

- ``limiter``: 40 acquisitions from 4 threads through one limiter of 10 requests per 0.2 s, no HTTP. 10 go at once,
  then 10 per window: the floor is 3 windows, 0.6 s. Target: under 1.2 s.
- ``upsales_quota``: others spent 199 of the Upsales key's 200 requests; three requests from two clients sharing
  the key (their own limiters would allow 5 × the quota) wait for the reset the answers announce instead of
  collecting 429s. Target: no 429, done within 10 windows of the time-scaled sandbox (one window, not a back-off).

Prints one JSON object and exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time

from fortsync_gui.clients.http import RetryPolicy
from fortsync_gui.clients.ratelimit import RateLimit, SlidingWindowLimiter
from fortsync_gui.clients.upsales import UpsalesClient
from fortsync_gui.sandbox import Sandbox
from fortsync_gui.sandbox.upsales.app import RATE_WINDOW as UPSALES_WINDOW

LIMIT = RateLimit(10, 0.2)


def limiter_burst(requests: int = 40, threads: int = 4, limit: RateLimit = LIMIT) -> dict[str, object]:
    limiter = SlidingWindowLimiter(limit)

    def worker(count: int) -> None:
        for _ in range(count):
            limiter.release(limiter.acquire())

    pool = [threading.Thread(target=worker, args=(requests // threads,)) for _ in range(threads)]
    started = time.monotonic()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    duration = time.monotonic() - started
    floor = (requests - limit.requests) / limit.requests * limit.window
    target = 2 * floor
    return {"requests": requests, "threads": threads, "duration_s": round(duration, 3), "floor_s": round(floor, 3),
            "target_s": round(target, 3), "ok": floor * 0.99 <= duration < target}


def upsales_quota(time_scale: float) -> dict[str, object]:
    window = UPSALES_WINDOW * time_scale
    generous = RateLimit(1000, window)
    retry = RetryPolicy(attempts=3, base_delay=0.001, max_delay=0.01, rate_limited_attempts=10)
    with Sandbox(seed="demo", time_scale=time_scale) as sandbox:
        info = sandbox.info
        token = info.upsales_token
        with UpsalesClient(info.upsales_url, token=token, rate_limit=generous, retry=retry) as fast, \
                UpsalesClient(info.upsales_url, token=token, rate_limit=generous, retry=retry) as other:
            for _ in range(199):
                sandbox.upsales.rate_limit.hit(token)
            started = time.monotonic()
            fast.self_()
            other.self_()
            fast.self_()
            duration = time.monotonic() - started
            sent = fast.request_count + other.request_count
    target = 10 * window
    return {"window_s": window, "duration_s": round(duration, 3), "target_s": round(target, 3), "sent": sent,
            "ok": sent == 3 and duration < target}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--time-scale", type=float, default=0.01)  # as the contract tests run the sandbox
    args = parser.parse_args()
    result: dict[str, object] = {"limiter": limiter_burst(), "upsales_quota": upsales_quota(args.time_scale)}
    result["ok"] = all(part["ok"] for part in result.values() if isinstance(part, dict))
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
