"""``fortsync sync --all``'s profiles spread over processes, so that many profiles at once use more than one core.

One interpreter carries out one thread at a time (its lock): its runs spend most of their time waiting for rate
limits, but a bureau's runs start together, so their bursts (the first window of each Fortnox token, and the moment
those windows reopen together) queue on that one lock. On Linux the process forks itself after reading the profiles
and before any thread, keyring or HTTP connection exists, one child per further group of profiles (loading Python and
Fortsync again would cost a second of CPU each); every child runs its group in threads, exactly as one process does,
against the same store, and sends its summaries back through a pipe. The per-profile run lock in the store already
holds across processes. Elsewhere (no ``fork`` that is safe to use: macOS, Windows) the runs stay in one process.
"""

from __future__ import annotations

import logging
import math
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fortsync_gui.engine.api import RunSummary

log = logging.getLogger("fortsync.cli")

# Profiles at once that one process keeps at their rate limits through a bureau's bursts (benchmarks/README.md,
# `profiles_parallel` in one process: 4 at 1.02-1.03 × one alone, 10 at 1.07-1.09 ×, where a second process gains
# under 0.1 s; 20 at 1.12-1.33 × depending on the host, 40 at 2.03 ×, against 1.20-1.23 × in two processes).
PROFILES_PER_PROCESS = 10

Results = list[tuple[str, "RunSummary"]]


def usable_cores() -> int:
    """The cores this process may run on (Linux only, as the spread is)."""
    return len(os.sched_getaffinity(0))


def processes_for(runs: int, requested: int | None = None) -> int:
    """How many processes ``runs`` profiles at once are spread over: ``requested`` (``--processes``), else one per
    :data:`PROFILES_PER_PROCESS` runs up to the cores this process may use; always 1 without a safe ``fork`` (not
    on Linux, or a thread already running)."""
    if sys.platform != "linux" or runs < 2 or threading.active_count() > 1:
        return 1  # a thread running now (a test's sandbox, say) holds locks that a fork would copy held
    wanted = requested if requested else min(usable_cores(), math.ceil(runs / PROFILES_PER_PROCESS))
    return max(1, min(wanted, runs))


Report = Callable[[str, "RunSummary"], None]


def spread(names: Sequence[str], jobs: int, processes: int,
           run_group: Callable[[list[str], int, Report | None], Results], *, in_child: Callable[[], None],
           lost: Callable[[str], RunSummary]) -> Results:
    """``run_group(group, jobs, report)`` for ``names`` dealt over ``processes`` processes (this one and forked
    children), ``jobs`` runs at once in all; the summaries in the order of ``names``. A child's ``run_group`` calls
    ``report`` as each of its profiles finishes, which sends the summary to this process at once; ``in_child`` runs
    first in each child (the store's connections belong to this process: drop them, unclosed). A child that dies
    gives ``lost(name)`` for each of its profiles not reported yet. ``processes`` comes from :func:`processes_for`."""
    if processes < 2:
        return run_group(list(names), jobs, None)
    groups = [list(names[k::processes]) for k in range(processes)]
    share = math.ceil(jobs / processes)
    sys.stdout.flush()  # what is buffered is this process's to write, not each child's again
    sys.stderr.flush()
    forked: list[tuple[int, int, list[str]]] = []  # pid, the pipe's read end, the group
    for group in groups[1:]:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the caller
            os.close(read)
            _run_child(group, share, run_group, in_child, write)
        os.close(write)
        forked.append((pid, read, group))
    children = [_Child(pid, read, group, lost) for pid, read, group in forked]  # threads: only after every fork
    previous = _forward_signals([child.pid for child in children])
    try:
        results = dict(run_group(groups[0], share, None))
    finally:
        for child in children:
            child.join()
            results.update(child.results)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return [(name, results[name]) for name in names]


def _run_child(group: list[str], jobs: int, run_group: Callable[[list[str], int, Report | None], Results],
               in_child: Callable[[], None], write: int) -> None:
    status = 1
    try:
        in_child()
        with os.fdopen(write, "wb") as pipe:
            def report(name: str, summary: RunSummary) -> None:  # called one at a time (sync_all's on_done)
                pickle.dump((name, summary), pipe)
                pipe.flush()

            run_group(group, jobs, report)
        status = 0
    except Exception:  # its profiles are reported as interrupted; the cause goes to the log
        log.exception("a sync process for %s ended with an error", ", ".join(group))
    finally:  # whatever happened, the child ends here (the parent's code after the fork is not its to run)
        with suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(status)


class _Child:
    """A forked child's summaries, read from its pipe as they come (a thread: a full pipe would hold the child up)."""

    def __init__(self, pid: int, read: int, group: list[str], lost: Callable[[str], RunSummary]) -> None:
        self.pid, self.group, self.lost = pid, group, lost
        self.results: dict[str, RunSummary] = {}
        self._pipe = os.fdopen(read, "rb")
        self._reading = threading.Thread(target=self._read, name=f"fortsync-child-{pid}", daemon=True)
        self._reading.start()

    def _read(self) -> None:
        with self._pipe:
            while True:
                try:
                    name, summary = pickle.load(self._pipe)
                except Exception:  # the end, or half a summary from a child that was killed while sending it
                    return
                self.results[name] = summary

    def join(self) -> None:
        self._reading.join()
        os.waitpid(self.pid, 0)
        for name in self.group:  # the child died first: the next run finds their locks dead and takes them over
            self.results.setdefault(name, self.lost(name))


def _forward_signals(pids: list[int]) -> dict[int, Any]:
    """Ctrl+C or SIGTERM sent to this process alone (a terminal sends Ctrl+C to all of them) reaches the children
    as SIGTERM, which stops their runs between actions as it stops this one's."""
    def forward(signum: int, frame: Any) -> None:
        for pid in pids:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        handler = previous[signum]
        if callable(handler):
            handler(signum, frame)
        elif handler == signal.SIG_DFL:  # as without the forwarding: the process ends
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)

    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, forward)
    return previous
