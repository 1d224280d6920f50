#!/usr/bin/env python3
"""The preview is the run: on a fresh tenant, a dry run and the real run that follows it, per kind.

Starts a sandbox (``--seed demo`` or ``large:N``), makes a profile for ``--module`` that sends every won deal
(``send_won_since`` 2000-01-01), runs a dry run, then the real sync, then a second sync. Prints one JSON object: both
runs' counts per kind, whether they are equal (a write the service refuses counts as planned in the dry run and
failed in the run), the requests, and what the second sync wrote (nothing, when all is well).

    python benchmarks/preview_equals_run.py --seed large:2000 --module invoice --time-scale 0.05
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import date
from pathlib import Path

from fortsync_gui.demo import sandbox_env
from fortsync_gui.engine import session
from fortsync_gui.engine.api import RunSummary
from fortsync_gui.sandbox import Sandbox
from fortsync_gui.secrets import MemoryKeyring, SecretStore
from fortsync_gui.store import Module, ProfileSettings, open_store, profiles

WRITES = ("created", "updated", "linked")


def planned(summary: RunSummary) -> dict[str, dict[str, int]]:
    """Per kind: what was planned (writes and failures together) and what was skipped."""
    return {kind: {"planned": sum(c.get(k, 0) for k in (*WRITES, "failed")), "skipped": c.get("skipped", 0)}
            for kind, c in sorted(summary.counts.items())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", default="demo")
    parser.add_argument("--module", default="invoice", choices=[m.value for m in Module])
    parser.add_argument("--time-scale", type=float, default=0.05)
    args = parser.parse_args()
    with Sandbox(seed=args.seed, time_scale=args.time_scale) as sandbox, \
            tempfile.TemporaryDirectory(prefix="fortsync-preview-") as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'preview.db'}")
        with store.session() as db:
            profiles.create_profile(db, "preview", ProfileSettings(module=Module(args.module),
                                                                   send_won_since=date(2000, 1, 1),
                                                                   deletion_threshold=1_000_000))
        secrets, env = SecretStore(MemoryKeyring()), sandbox_env(sandbox.info, args.time_scale)

        def run(dry_run: bool, **kw: object) -> RunSummary:
            return session.run(store, "preview", dry_run=dry_run, secrets=secrets, env=env, **kw)  # type: ignore[arg-type]

        dry = run(True, configure=lambda current: current)
        real = run(False)
        second = run(False)
        store.close()
    counts_equal = {k: v for k, v in dry.counts.items() if k} == real.counts
    result = {
        "seed": args.seed, "module": args.module, "time_scale": args.time_scale,
        "status": [dry.status, real.status, second.status],
        "dry_run": dry.counts, "real": real.counts, "counts_equal": counts_equal,
        "planned_equal": planned(dry) == planned(real), "conflicts": [dry.conflicts, real.conflicts],
        "requests": {"dry_run": dry.requests, "real": real.requests, "second": second.requests},
        "duration_s": {"dry_run": dry.duration_s, "real": real.duration_s, "second": second.duration_s},
        "second_writes": second.writes,
    }
    print(json.dumps(result, ensure_ascii=False))
    ok = result["planned_equal"] and dry.conflicts == real.conflicts and second.writes == 0
    return 0 if ok and real.status == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
