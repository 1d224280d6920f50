#!/usr/bin/env python3
"""The store's CPU per synced record: what a real run does in the store for each record it creates, on a SQLite
file, without any API: write intents committed ahead in batches of ``apply.INTENTS_AHEAD`` before the remote
creates, then per record one commit of the link with its sync state and the end of its intent
(``state.save_values``), its audit line recorded (the lines riding with a commit at most every
``runs.TRAIL_EVERY_S``), on a session that keeps its connection as the run's does,
the link inserted without a lookup as for a company just imported.

    .venv/bin/python benchmarks/store_per_record.py [--records 2000] [--url sqlite:///...]

Prints one JSON object: ``cpu_ms_per_record`` (process CPU time ÷ records) and ``wall_ms_per_record``; the CPU is
the figure that decides how many profiles one core can drive (the wall includes the disk's fsyncs).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from fortsync_gui.engine.apply import INTENTS_AHEAD
from fortsync_gui.engine.state import save_values
from fortsync_gui.store import (
    Action,
    EntityKind,
    Outcome,
    RunStatus,
    Side,
    intents,
    locks,
    open_store,
    profiles,
    runs,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--url", default=None, help="a database the benchmark may write into (default: a temporary "
                                                     "SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fortsync-store-bench-") as tmp:
        store = open_store(args.url or f"sqlite:///{(Path(tmp) / 'bench.db').as_posix()}")
        with store.held_session() as session:
            profile = profiles.create_profile(session, f"bench-{time.time_ns()}")
            owner = locks.new_owner()
            assert locks.acquire(session, profile.id, owner)
            run = runs.start_run(session, profile.id, owner=owner)
            values = {"name": "Företag AB", "org_no": "5560000000", "phone": "021-12 34 56", "email": "info@f.se",
                      "address": {"street": "Gatan 1", "zip": "72211", "city": "Västerås", "country": "SE"}}
            cpu, wall = time.process_time(), time.perf_counter()
            for n in range(args.records):
                key = f"fortnox:{10_000 + n}"
                if n % INTENTS_AHEAD == 0:
                    intents.begin_many(session, profile.id, [
                        (EntityKind.COMPANY, Side.UPSALES, f"fortnox:{10_000 + m}")
                        for m in range(n, min(n + INTENTS_AHEAD, args.records))])
                runs.record_item(session, run.id, EntityKind.COMPANY, Action.CREATE, Outcome.OK, upsales_id=n + 1,
                                 fortnox_id=str(10_000 + n), label=f"Företag {n} AB", after=values)
                save_values(session, profile.id, EntityKind.COMPANY, n + 1, 10_000 + n, upsales=values,
                            fortnox=values, done=[key], fresh=True)
            runs.finish_run(session, run.id, RunStatus.OK)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            locks.release(session, profile.id, owner)
            lines = len(runs.run_items(session, run.id))
        store.close()
    result = {"records": args.records, "cpu_ms_per_record": round(cpu * 1000 / args.records, 3),
              "wall_ms_per_record": round(wall * 1000 / args.records, 3), "audit_lines": lines}
    print(json.dumps(result))
    return 0 if lines == args.records else 1


if __name__ == "__main__":
    sys.exit(main())
