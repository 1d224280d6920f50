#!/usr/bin/env python3
"""The initial import of a large tenant against the sandbox, measured against the floor the rate limits set.

    .venv/bin/python benchmarks/initial_import.py [--customers 2000] [--time-scale 0.05]

The sandbox's ``large:N`` seed has N Fortnox customers, N/4 articles and about 1.5·N documents, and an Upsales tenant
without companies. The floor is the time the busier API needs for the requests the run made: Fortnox 25 per 5 s,
Upsales 200 per 10 s, scaled by ``--time-scale`` (the sandbox and the clients run their windows that much faster).
A run that kept both APIs busy at once lands close to the floor; one that used them in turn, near their sum.
Prints one JSON object; exits 1 when the run did not end ok or took more than ``--max-ratio`` × the floor.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from fortsync_gui.clients.ratelimit import FORTNOX_RATE_LIMIT, UPSALES_RATE_LIMIT
from fortsync_gui.demo import sandbox_env
from fortsync_gui.engine import session
from fortsync_gui.sandbox import Sandbox
from fortsync_gui.secrets import SecretStore
from fortsync_gui.store import Module, ProfileSettings, open_store, profiles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--time-scale", type=float, default=0.05)
    parser.add_argument("--max-ratio", type=float, default=1.5)
    args = parser.parse_args()
    with Sandbox(seed=f"large:{args.customers}", time_scale=args.time_scale) as sandbox, \
            tempfile.TemporaryDirectory() as tmp:
        env = sandbox_env(sandbox.info, args.time_scale)
        store = open_store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        with store.session() as db:
            profiles.create_profile(db, "bench", settings=ProfileSettings(module=Module.INVOICE,
                                                                          send_won_since=date(2000, 1, 1)))
        started = time.monotonic()
        summary = session.run(store, "bench", secrets=SecretStore(), env=env, configure=lambda s: s)
        duration = time.monotonic() - started
        store.close()
    fortnox, upsales = summary.requests.get("fortnox", 0), summary.requests.get("upsales", 0)
    floor = max(fortnox / FORTNOX_RATE_LIMIT.requests * FORTNOX_RATE_LIMIT.window,
                upsales / UPSALES_RATE_LIMIT.requests * UPSALES_RATE_LIMIT.window) * args.time_scale
    result = {"customers": args.customers, "time_scale": args.time_scale, "status": summary.status,
              "duration_s": round(duration, 1), "floor_s": round(floor, 1),
              "ratio": round(duration / floor, 2) if floor else None,
              "requests": {"fortnox": fortnox, "upsales": upsales}, "counts": summary.counts}
    result["ok"] = summary.status == "ok" and floor > 0 and duration <= args.max_ratio * floor
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
