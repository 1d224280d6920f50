#!/usr/bin/env python3
"""Every performance figure of Fortsync from one run, as one JSON object (issue 11's definitions).

    .venv/bin/python benchmarks/run.py [--quick] [--customers N] [--time-scale S] [--profiles M] --json

The syncs are ``fortsync sync`` processes (the one way in), against a sandbox in this process whose requests are
logged; the client's CPU time and peak memory are the child process's own (``wait4``), start-up included.

- ``initial_*``: the first sync of ``large:N`` (N customers, N/4 articles, about 1.5·N documents, module invoice,
  every won deal sent). ``initial_minimal_requests`` = the listing pages read (each distinct page once) + one detail
  read per record whose list item lacks mapped fields (customers, documents) + one write per record created (and
  per custom field created). ``initial_floor_s`` = max(Fortnox requests ÷ 5/s, Upsales ÷ 20/s) × the time scale, the
  rates the clients' limiters are configured for; ``initial_ratio`` = wall ÷ floor.
- ``next_sync_requests``: the sync right after; ``noop_requests``: one 10 minutes (sandbox clock) later;
  ``incremental_requests``: after k = 10 records changed on each side. Each with its ``*_listing_pages`` (pages of
  the changed-since listings and the other listings it read), against the target 12 + listing pages.
- ``cpu_ms_per_record``: the client's CPU time ÷ records created, updated or linked, in the initial import
  (``startup_cpu_s``: what loading Python and Fortsync costs of it); ``peak_rss_mb`` of that process.
- ``client_vs_sandbox_cpu``: the client's CPU in the initial import ÷ the sandbox's for the same requests, and
  ``loop_probe_ms`` (a fixed Python loop, at the start and the end): the CPU figures move with this shared machine's
  speed, these two show how much.
- ``plan_100k_s``: ``plan_100k.py`` (planning a no-change sync over 100 000 linked companies, pure; the best of
  three plans).
- ``profiles_parallel``: M small profiles (``large:K`` each, its own tenant) synced with ``fortsync sync --all
  --jobs M`` at time scale 1, wall time against one such profile alone (target: within 1.2×); ``processes``: how
  many processes ``--all`` spread them over (more than ten at once: one per ten, up to the cores).
- ``eta_error``: the progress ETA (``engine/progress.py``'s ``Estimator`` on the engine's progress weights: each
  action weighted by its requests at the clients' rates; while the companies are written and the rest is read, the
  total is the ``Forecast`` of the whole run, the reading's detail reads counted as progress and the rest's writes
  forecast from its listings) at 25 % of the run, i.e. at the first progress event whose weight done is a quarter of
  the whole run's total at that moment (planned or forecast), against the time the run then really took, as
  |estimate − actual| ÷ actual (an in-process run through ``engine.session.run`` on a fresh tenant, progress events
  timed). Until issue 11's forecast it was measured at 25 % of the actions planned at that moment, which during the
  pipelined first part meant the companies alone. ``eta_error_shown``: the first estimate the sync view shows (it
  shows every one the ``Estimator`` makes), with ``eta_shown_after_s`` seconds after the first action;
  ``eta_error_max_25_75``: the worst estimate between 25 % and 75 % of the run's weight (``eta_run_s`` the run).
- ``gui_max_stall_ms``: ``gui_stall.py``'s longest GUI-thread stall while the main window syncs the demo.

``--memory``: only the initial import of N = 100 000 at time scale 0.01, for ``peak_rss_mb``; its CPU figures are
the client's unpaced (at that time scale the limits seldom hold it, so its threads seldom wait), where the full run's
are paced as a real sync is.

``--quick``: N = 500 at time scale 0.2 (the floor, not the client's CPU, is the limit there), M = 4: a few minutes
on 2 cores. Exits 0 when every step ran (targets are reported, not judged: see README.md in this folder).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from fortsync_gui.clients.ratelimit import FORTNOX_RATE_LIMIT, UPSALES_RATE_LIMIT  # noqa: E402
from fortsync_gui.demo import sandbox_env  # noqa: E402
from fortsync_gui.sandbox import Sandbox  # noqa: E402
from fortsync_gui.sandbox.runtime import SandboxInfo  # noqa: E402
from fortsync_gui.sandbox.server import Request, Response  # noqa: E402

K_CHANGED = 10


# --- the sandbox's request log ---------------------------------------------------------------------------------------

@dataclass
class RequestLog:
    entries: list[tuple[str, str, str, str, int]] = field(default_factory=list)  # api, method, path, query, status
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wrap(self, app: Any, api: str) -> None:
        handle: Callable[[Request], Response] = app.handle

        def logged(request: Request) -> Response:
            response = handle(request)
            query = "&".join(f"{k}={v}" for k, values in sorted(request.query.items()) if k != "token" for v in values)
            with self.lock:
                self.entries.append((api, request.method, request.path, query, response.status))
            return response

        app.handle = logged

    def mark(self) -> int:
        with self.lock:
            return len(self.entries)

    def since(self, mark: int) -> list[tuple[str, str, str, str, int]]:
        with self.lock:
            return [e for e in self.entries[mark:] if not e[2].startswith("/oauth-v1")]


def is_listing(path: str) -> bool:
    """A page of a collection (or a one-off setup read), not one record."""
    if path.startswith("/api/v2/"):
        parts = path[len("/api/v2/"):].strip("/").split("/")
        return len(parts) == 1 or (parts[0] == "customfields" and len(parts) == 2)
    if path.startswith("/3/"):
        return len(path[len("/3/"):].strip("/").split("/")) == 1
    return False


def requests_of(entries: list[tuple[str, str, str, str, int]]) -> dict[str, Any]:
    listing = [e for e in entries if e[1] == "GET" and is_listing(e[2]) and e[4] < 400]
    return {"requests": len(entries), "listing_pages": len(listing),
            "distinct_listing_pages": len({(e[0], e[2], e[3]) for e in listing}),
            "answered_429": sum(1 for e in entries if e[4] == 429),
            "by_api": dict(Counter(e[0] for e in entries)),
            "detail_reads": sum(1 for e in entries if e[1] == "GET" and not is_listing(e[2])),
            "writes": sum(1 for e in entries if e[1] != "GET"),
            "creates": sum(1 for e in entries if e[1] == "POST" and e[4] < 400),
            "custom_fields_created": sum(1 for e in entries if e[1] == "POST" and "customfields" in e[2]
                                         and e[4] < 400)}


# --- the client: fortsync sync processes ---------------------------------------------------------------------------

@dataclass
class Child:
    code: int
    out: str
    err: str
    wall_s: float
    cpu_s: float
    peak_rss_mb: float

    @property
    def json(self) -> Any:
        lines = [line for line in self.out.splitlines() if line.strip()]
        if not lines:
            raise RuntimeError(f"no JSON from the child (exit {self.code}): {self.err[-2000:]}")
        return json.loads(lines[-1])


def child(argv: list[str], env: dict[str, str]) -> Child:
    """Run ``argv`` and return what it printed with its own CPU time (``wait4``) and peak memory.

    The peak is the child's own ``VmHWM`` (its memory's high-water mark), read from ``/proc`` while it runs:
    ``wait4``'s ``ru_maxrss`` counts the memory of this process at the fork as well (Linux keeps the larger of the
    two across the exec), and this process holds the sandbox's whole seed (1.5 GB at N = 100 000)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=ROOT)
        peak = [0]
        watching = threading.Thread(target=_watch_peak, args=(process.pid, peak), daemon=True)
        watching.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - started
        watching.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Child(process.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                     wall, usage.ru_utime + usage.ru_stime, peak[0] / 1024 if peak[0] else usage.ru_maxrss / 1024)


def _watch_peak(pid: int, peak: list[int]) -> None:
    """``VmHWM`` of ``pid`` in kB, every 50 ms until it exits (a high-water mark: the last reading is the peak but
    for its final moments)."""
    status = Path(f"/proc/{pid}/status")
    while True:
        try:
            text = status.read_text()
        except OSError:
            return
        found = re.search(r"^VmHWM:\s+(\d+)", text, re.MULTILINE)
        if found is None:  # a zombie: it has exited
            return
        peak[0] = max(peak[0], int(found.group(1)))
        time.sleep(0.05)


def fortsync(*args: str) -> list[str]:
    return [sys.executable, "-m", "fortsync_gui", *args]


def base_env(tmp: Path, db: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORTSYNC_")}
    env.update(FORTSYNC_DB_URL=f"sqlite:///{(tmp / db).as_posix()}", FORTSYNC_DATA_DIR=str(tmp / "data"),
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", **extra)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(HERE), env.get("PYTHONPATH", "")])
    return env


def floor_s(requests: dict[str, int], time_scale: float) -> float:
    return max(requests.get("fortnox", 0) / FORTNOX_RATE_LIMIT.requests * FORTNOX_RATE_LIMIT.window,
               requests.get("upsales", 0) / UPSALES_RATE_LIMIT.requests * UPSALES_RATE_LIMIT.window) * time_scale


def total(summary: dict[str, Any], key: str) -> int:
    return sum(c.get(key, 0) for c in summary.get("counts", {}).values())


# --- the steps -------------------------------------------------------------------------------------------------------

def syncs(customers: int, time_scale: float, tmp: Path, *, initial_only: bool = False) -> dict[str, Any]:
    """The initial import, the next sync, a no-op one later, and an incremental one, through the CLI."""
    log = RequestLog()
    with Sandbox(seed=f"large:{customers}", time_scale=time_scale) as sandbox:
        log.wrap(sandbox.fortnox, "fortnox")
        log.wrap(sandbox.upsales, "upsales")
        env = base_env(tmp, "syncs.db", **sandbox_env(sandbox.info, time_scale))
        settings = tmp / "bench.toml"
        settings.write_text('module = "invoice"\nsend_won_since = 2000-01-01\ndeletion_threshold = 1000000\n',
                            encoding="utf-8")
        startup = child([sys.executable, "-c", "import fortsync_gui.cli.sync, fortsync_gui.engine.session"], env)

        def sync(*args: str) -> tuple[Child, dict[str, Any], dict[str, Any]]:
            mark = log.mark()
            run = child(fortsync("sync", *args, "--json"), env)
            summary = run.json
            if summary.get("status") != "ok":
                raise RuntimeError(f"sync {args} ended {summary.get('status')}: {run.err[-2000:]}")
            return run, summary, requests_of(log.since(mark))

        own = resource.getrusage(resource.RUSAGE_SELF)
        initial, first, first_log = sync("--settings", str(settings))
        after = resource.getrusage(resource.RUSAGE_SELF)
        sandbox_cpu = after.ru_utime + after.ru_stime - own.ru_utime - own.ru_stime
        synced = total(first, "created") + total(first, "updated") + total(first, "linked")
        cpu = {"client_cpu_s": round(initial.cpu_s, 2), "startup_cpu_s": round(startup.cpu_s, 2),
               "sandbox_cpu_s": round(sandbox_cpu, 2),  # the simulated services' own CPU (this process) in the import
               # the same requests' work on both sides: what holds when the shared machine is slower or faster
               "client_vs_sandbox_cpu": round(initial.cpu_s / sandbox_cpu, 2) if sandbox_cpu else None,
               "records_synced": synced,
               "cpu_ms_per_record": round(initial.cpu_s * 1000 / synced, 2) if synced else None,
               "cpu_ms_per_record_after_startup": round((initial.cpu_s - startup.cpu_s) * 1000 / synced, 2)
               if synced else None}
        if initial_only:
            return {"initial_requests": sum(first["requests"].values()), "initial_requests_by_api": first["requests"],
                    "initial_wall_s": round(initial.wall_s, 1), "initial_counts": first["counts"], **cpu,
                    "peak_rss_mb": round(initial.peak_rss_mb, 1)}
        nxt, second, second_log = sync("--profile", "bench")
        sandbox.clock.advance(600)
        _, noop, noop_log = sync("--profile", "bench")
        numbers = sorted(sandbox.fortnox.store.customers, key=int)[:K_CHANGED]
        for n, number in enumerate(numbers):
            sandbox.fortnox.store.update_customer(number, {"Phone1": f"021-55 00 {n:02d}"})
        for n, account_id in enumerate(sorted(sandbox.upsales.store.tenant.accounts)[-K_CHANGED:]):
            sandbox.upsales.store.save_account(str(account_id), {"phone": f"08-66 00 {n:02d}"})
        _, incremental, incremental_log = sync("--profile", "bench")

    requests = first["requests"]
    counts = first["counts"]
    details_needed = counts.get("company", {}).get("created", 0) + counts.get("invoice", {}).get("created", 0)
    minimal = first_log["distinct_listing_pages"] + details_needed + total(first, "created") \
        + first_log["custom_fields_created"]
    floor = floor_s(requests, time_scale)
    return {
        "initial_requests": requests.get("fortnox", 0) + requests.get("upsales", 0),
        "initial_requests_by_api": requests, "initial_minimal_requests": minimal,
        "initial_excess_requests": requests.get("fortnox", 0) + requests.get("upsales", 0) - minimal,
        "initial_wall_s": round(initial.wall_s, 1), "initial_floor_s": round(floor, 1),
        "initial_ratio": round(initial.wall_s / floor, 2) if floor else None,
        "initial_run_duration_s": first.get("duration_s"), "initial_counts": counts,
        "initial_log": first_log,
        "next_sync_requests": sum(second["requests"].values()), "next_sync_listing_pages": second_log["listing_pages"],
        "next_sync_wall_s": round(nxt.wall_s, 1), "next_sync_log": second_log,
        "noop_requests": sum(noop["requests"].values()), "noop_listing_pages": noop_log["listing_pages"],
        "noop_log": noop_log,
        "incremental_k": K_CHANGED, "incremental_requests": sum(incremental["requests"].values()),
        "incremental_listing_pages": incremental_log["listing_pages"], "incremental_writes": incremental_log["writes"],
        "incremental_counts": incremental["counts"], "incremental_log": incremental_log, **cpu,
        "peak_rss_mb": round(initial.peak_rss_mb, 1),
    }


def eta(customers: int, time_scale: float, tmp: Path) -> dict[str, Any]:
    """The ETA the GUI computes (the engine's ``progress.Estimator`` on the engine's progress weights) at 25 % of
    the run's forecast weight, against the time the run really took after that; the first estimate the sync view
    shows; and the worst one between 25 % and 75 %."""
    from fortsync_gui.engine import session
    from fortsync_gui.engine.api import NullObserver, Weight
    from fortsync_gui.engine.progress import Estimator
    from fortsync_gui.secrets import MemoryKeyring, SecretStore
    from fortsync_gui.store import Module, ProfileSettings, open_store, profiles

    Event = tuple[float, int, int, float | None, Weight]  # (at, done, total, seconds left, weight)

    class Watch(NullObserver):
        def __init__(self) -> None:
            self.estimate = Estimator()
            self.events: list[Event] = []

        def on_progress(self, done: int, total: int, weight: Weight | None = None) -> None:
            if weight is None:  # a dry run: no weights, no estimate
                return
            now = time.monotonic()  # the engine reports one event at a time (writer and reader alike)
            self.events.append((now, done, total, self.estimate.of(now, weight), weight))

    # the services in a process of their own, as the initial import's are: in this one they would take turns with
    # the client at the interpreter lock, and the run would go at the pace of both processes' CPU, not the limits
    with sandbox_process(tmp, "--seed", f"large:{customers}", "--time-scale", str(time_scale)) as (info, _):
        store = open_store(f"sqlite:///{(tmp / 'eta.db').as_posix()}")
        with store.session() as db:
            profiles.create_profile(db, "eta", ProfileSettings(module=Module.INVOICE, send_won_since=date(2000, 1, 1),
                                                               deletion_threshold=1_000_000))
        watch = Watch()
        summary = session.run(store, "eta", observer=watch, secrets=SecretStore(MemoryKeyring()),
                              env=sandbox_env(SandboxInfo.from_json(info), time_scale), configure=lambda s: s)
        store.close()
    if not watch.events or summary.status != "ok":
        return {"eta_error": None, "eta_status": summary.status}
    first, last = watch.events[0][0], watch.events[-1][0]

    def error(event: Event) -> float | None:
        actual, left = last - event[0], event[3]
        return abs(left - actual) / actual if left is not None and actual > 0 else None

    def judged(event: Event | None) -> dict[str, Any]:
        if event is None or event[3] is None:
            return {"error": None}
        at, done, total, left, weight = event
        wrong = error(event)
        return {"error": None if wrong is None else round(wrong, 3), "estimate_s": round(left, 1),
                "actual_s": round(last - at, 1), "at": [done, total],
                "weight_at": [round(weight.done, 1), round(weight.total, 1)], "after_s": round(at - first, 1)}

    def share(event: Event) -> float:
        weight = event[4]
        return weight.done / weight.total if weight.whole and weight.total > 0 else 0.0

    # 25 % of the run: the first event whose weight done is a quarter of the whole run's (planned or forecast) total
    quarter = judged(next((e for e in watch.events if e[3] is not None and share(e) >= 0.25), None))
    # the first estimate the sync view shows
    shown = judged(next((e for e in watch.events if e[3] is not None), None))
    middle = [wrong for e in watch.events if e[3] is not None and 0.25 <= share(e) <= 0.75
              and (wrong := error(e)) is not None]
    return {"eta_error": quarter["error"], "eta_estimate_s": quarter.get("estimate_s"),
            "eta_actual_s": quarter.get("actual_s"), "eta_at": quarter.get("at"),
            "eta_weight_at": quarter.get("weight_at"), "eta_after_s": quarter.get("after_s"),
            "eta_error_max_25_75": round(max(middle), 3) if middle else None,
            "eta_error_shown": shown["error"], "eta_shown_estimate_s": shown.get("estimate_s"),
            "eta_shown_actual_s": shown.get("actual_s"), "eta_shown_at": shown.get("at"),
            "eta_shown_after_s": shown.get("after_s"), "eta_run_s": round(last - first, 1)}


@contextlib.contextmanager
def sandbox_process(tmp: Path, *args: str) -> Iterator[tuple[dict[str, Any], dict[str, float]]]:
    """``fortsync sandbox ARGS --json`` in a process of its own, as the services are to a real client (no share of
    the client's interpreter lock): its JSON line, and its CPU seconds (``cpu_s``) once it has stopped."""
    process = subprocess.Popen(fortsync("sandbox", *args, "--json"), stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, env=base_env(tmp, "unused.db"), cwd=ROOT)
    used: dict[str, float] = {}
    try:
        assert process.stdout is not None
        yield json.loads(process.stdout.readline()), used
    finally:
        process.terminate()
        _, _, usage = os.wait4(process.pid, 0)
        process.returncode = 0
        used["cpu_s"] = usage.ru_utime + usage.ru_stime


def parallel(profiles_m: int, customers: int, tmp: Path) -> dict[str, Any]:
    """M small profiles with --all --jobs M against one profile alone, each its own tenant, at time scale 1."""
    import bench_keyring  # this folder

    from fortsync_gui.secrets import SecretKind, SecretStore
    from fortsync_gui.store import ProfileSettings, open_store, profiles

    with sandbox_process(tmp, "--tenants", str(profiles_m + 1), "--seed", f"large:{customers}") as (served_json,
                                                                                                    sandbox_used):
        tenants = served_json["tenants"]
        keyring_file = tmp / "keyring.json"
        os.environ["FORTSYNC_BENCH_KEYRING"] = str(keyring_file)
        secrets = SecretStore(bench_keyring.FileKeyring())

        def setup(db_name: str, named: dict[str, dict[str, Any]]) -> None:
            store = open_store(f"sqlite:///{(tmp / db_name).as_posix()}")
            with store.session() as db:
                for name, info in named.items():
                    profiles.create_profile(db, name, ProfileSettings(
                        upsales_api_url=info["upsales_url"], fortnox_api_url=info["fortnox_url"],
                        fortnox_auth_url=info["fortnox_auth_url"], fortnox_client_id=info["fortnox"]["client_id"],
                        fortnox_tenant_id=str(info["fortnox"]["tenant_id"]), send_won_since=date(2000, 1, 1),
                        fallback_user_id=1, won_stage_id=12, lost_stage_id=7, price_list="A",
                        deletion_threshold=1_000_000))
                    secrets.set(name, SecretKind.UPSALES_TOKEN, info["upsales"]["token"])
            store.close()

        setup("solo.db", {"solo": tenants[profiles_m]})
        setup("bureau.db", {f"kund{k:02d}": tenants[k] for k in range(profiles_m)})
        app = tenants[0]["fortnox"]
        common = {"FORTSYNC_FORTNOX_CLIENT_ID": app["client_id"],
                  "FORTSYNC_FORTNOX_CLIENT_SECRET": app["client_secret"],
                  "PYTHON_KEYRING_BACKEND": "bench_keyring.FileKeyring", "FORTSYNC_BENCH_KEYRING": str(keyring_file)}
        solo = child(fortsync("sync", "--profile", "solo", "--json"), {**base_env(tmp, "solo.db"), **common})
        together = child(fortsync("sync", "--all", "--jobs", str(profiles_m), "--json"),
                         {**base_env(tmp, "bureau.db"), **common})
        solo_json, all_json = solo.json, together.json
    statuses = [p["status"] for p in all_json["profiles"]]
    return {"profiles_parallel": {
        "m": profiles_m, "seed": f"large:{customers}", "time_scale": 1.0, "single_s": round(solo.wall_s, 1),
        "parallel_s": round(together.wall_s, 1), "ratio": round(together.wall_s / solo.wall_s, 2),
        "processes": all_json.get("processes"),  # --all spreads the M runs over (cli/spread.py)
        "single_status": solo_json["status"], "statuses": dict(Counter(statuses)),
        "single_requests": solo_json["requests"], "client_cpu_s": round(together.cpu_s, 1),
        "sandbox_cpu_s": round(sandbox_used["cpu_s"], 1),  # M + 1 simulated companies, one process
        "peak_rss_mb": round(together.peak_rss_mb, 1)}}


def script(name: str, *args: str) -> dict[str, Any]:
    run = child([sys.executable, str(HERE / name), *args], base_env(Path(tempfile.gettempdir()), "unused.db"))
    try:
        return dict(run.json)
    except (RuntimeError, json.JSONDecodeError) as error:
        return {"error": str(error)[-500:]}


def machine() -> str:
    model = ""
    with contextlib.suppress(OSError):
        model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), "")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores {model}, Python " \
           f"{platform.python_version()}, load average {load:.1f} at the start" if load is not None else model


def loop_probe_ms() -> int:
    """The machine's speed at the moment: 2 million additions in a Python loop, the best of five (the lower, the
    faster). CPU figures are read beside it."""
    best = float("inf")
    for _ in range(5):
        begun, total = time.perf_counter(), 0
        for i in range(2_000_000):
            total += i
        best = min(best, time.perf_counter() - begun)
    return round(best * 1000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="N = 500, time scale 0.2, M = 4: a few minutes")
    parser.add_argument("--customers", type=int, help="N (default 10 000; 500 with --quick)")
    parser.add_argument("--time-scale", type=float, help="the sandbox's and the clients' (default 0.05; 0.2 quick)")
    parser.add_argument("--profiles", type=int, help="M for profiles_parallel (default 20; 4 with --quick)")
    parser.add_argument("--profile-customers", type=int, default=20, help="customers of each small profile")
    parser.add_argument("--memory", action="store_true",
                        help="the memory run: only the initial import, N = 100 000 at time scale 0.01 (peak_rss_mb)")
    parser.add_argument("--skip", default="", help="comma-separated steps to leave out: syncs,eta,plan,parallel,gui")
    parser.add_argument("--json", action="store_true", help="print only the JSON object (the default output too)")
    args = parser.parse_args()
    customers = args.customers or (500 if args.quick else 100_000 if args.memory else 10_000)
    time_scale = args.time_scale or (0.2 if args.quick else 0.01 if args.memory else 0.05)
    profiles_m = args.profiles or (4 if args.quick else 20)
    skip = set(filter(None, re.split(r"[,\s]+", args.skip)))
    result: dict[str, Any] = {"n": customers, "time_scale": time_scale, "quick": args.quick, "machine": machine(),
                              "loop_probe_ms": [loop_probe_ms()]}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="fortsync-bench-") as folder:
        tmp = Path(folder)
        if args.memory:
            result.update(syncs(customers, time_scale, tmp, initial_only=True))
            skip = {"eta", "plan", "parallel", "gui"}
        elif "syncs" not in skip:
            result.update(syncs(customers, time_scale, tmp))
        if "eta" not in skip:
            result.update(eta(customers, time_scale, tmp))
        if "plan" not in skip:
            plan = script("plan_100k.py", "--records", "100000")
            result["plan_100k_s"] = plan.get("plan_s", plan)
        if "parallel" not in skip:
            result.update(parallel(profiles_m, args.profile_customers, tmp))
        if "gui" not in skip:
            gui = script("gui_stall.py")
            result["gui_max_stall_ms"] = gui.get("gui_max_stall_ms", gui)
            result["historik_max_stall_ms"] = gui.get("historik_max_stall_ms")
    result["loop_probe_ms"].append(loop_probe_ms())
    result["benchmark_wall_s"] = round(time.monotonic() - started, 1)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
