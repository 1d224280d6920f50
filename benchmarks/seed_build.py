#!/usr/bin/env python3
"""How long the sandbox takes to build its ``large:N`` seed (the largest tenant the tests and benchmarks use).

    .venv/bin/python benchmarks/seed_build.py [--customers 20000] [--max-s 10]

Target: ``large:20000`` (20 000 customers, 5 000 articles, about 30 000 documents) within 10 s (about 0.5 s on a
laptop). Prints one JSON object and exits 1 when the target is missed. tests/sandbox/test_seed.py checks the sizes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from fortsync_gui.sandbox.seed import build_seed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--max-s", type=float, default=10.0)
    args = parser.parse_args()
    started = time.perf_counter()
    seed = build_seed(f"large:{args.customers}")
    duration = time.perf_counter() - started
    result = {"seed": seed.name, "customers": len(seed.fortnox.customers), "articles": len(seed.fortnox.articles),
              "duration_s": round(duration, 2), "target_s": args.max_s}
    result["ok"] = duration <= args.max_s
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
