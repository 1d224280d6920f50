#!/usr/bin/env python3
"""The audit trail at millions of rows: how long the retention check after a run takes when there is nothing to
drop and when a year's worth of runs is due, and how long reading one run's lines takes, on a SQLite file.

    .venv/bin/python benchmarks/audit_retention.py [--runs 700] [--items 2860]

Builds ``runs`` runs of ``items`` lines each (2 002 000 by default), one run a day back from today, then times
``prune_items`` with the default two years (nothing due), with a one-year retention (335 runs due: one call drops
200, the next the rest), the check again once nothing is due, and ``run_items`` of the newest run. Prints one JSON
object.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, insert, select, update

from fortsync_gui.store import Action, EntityKind, Outcome, RunStatus, locks, open_store, profiles, runs
from fortsync_gui.store.columns import utcnow
from fortsync_gui.store.models import Run, RunItem


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=700)
    parser.add_argument("--items", type=int, default=2860)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fortsync-audit-") as tmp:
        store = open_store(f"sqlite:///{(Path(tmp) / 'audit.db').as_posix()}")
        with store.session() as session:
            profile = profiles.create_profile(session, "bureau")
            now = utcnow()
            for day in range(args.runs, 0, -1):
                assert locks.acquire(session, profile.id, "bench")
                run = runs.start_run(session, profile.id, owner="bench")
                session.execute(insert(RunItem), [
                    {"run_id": run.id, "seq": n + 1, "at": now, "kind": EntityKind.COMPANY, "action": Action.UPDATE,
                     "outcome": Outcome.OK, "upsales_id": str(n), "fortnox_id": str(10_000 + n),
                     "label": f"Företag {n} AB"} for n in range(args.items)])
                runs.finish_run(session, run.id, RunStatus.OK)
                locks.release(session, profile.id, "bench")
                session.execute(update(Run).where(Run.id == run.id).values(started_at=now - timedelta(days=day)))
                session.commit()
            rows = session.scalar(select(func.count()).select_from(RunItem))

            started = time.perf_counter()
            nothing = runs.prune_items(session)
            nothing_s = time.perf_counter() - started

            started = time.perf_counter()
            dropped = runs.prune_items(session, timedelta(days=365))
            prune_s = time.perf_counter() - started
            dropped += runs.prune_items(session, timedelta(days=365))
            started = time.perf_counter()
            again = runs.prune_items(session, timedelta(days=365))
            again_s = time.perf_counter() - started

            newest = runs.list_runs(session, profile.id, limit=1)[0].id
            started = time.perf_counter()
            lines = len(runs.run_items(session, newest))
            read_s = time.perf_counter() - started
        store.close()
    print(json.dumps({"rows": rows, "prune_nothing_due_ms": round(nothing_s * 1000, 2), "pruned_nothing": nothing,
                      "prune_200_runs_due_s": round(prune_s, 2), "pruned_rows": dropped,
                      "prune_after_ms": round(again_s * 1000, 2), "pruned_after": again,
                      "read_newest_run_ms": round(read_s * 1000, 1), "newest_run_lines": lines}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
