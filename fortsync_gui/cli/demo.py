"""``fortsync demo``: a complete demo sync against an in-process sandbox (see :mod:`fortsync_gui.demo`)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="run a complete demo sync against an in-process sandbox",
                       description="Starts the simulators in this process (rate limits at 0.2 × time: 5 times "
                                   "faster than the real services allow), a throw-away profile and database, then "
                                   "a dry run, a sync, and a second sync that must have nothing to do.",
                       epilog="exit status: 0 when all three runs went well and the second wrote nothing, else 1")
    p.add_argument("--json", action="store_true",
                   help='print one JSON object {"dry_run": ..., "first": ..., "second": ...} instead of a report')
    p.set_defaults(func=command)


def command(args: argparse.Namespace) -> int:
    from fortsync_gui.demo import run_demo

    return run_demo(as_json=args.json)
