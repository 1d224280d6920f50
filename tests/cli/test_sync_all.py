"""``fortsync sync --all --jobs N``: every profile, N at a time, each with its own company's credentials, against one
store; the per-company environment overrides are refused with more than one profile."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fortsync_gui.cli import main, spread
from fortsync_gui.cli.sync_all import overall_status
from fortsync_gui.engine.api import RunSummary
from fortsync_gui.sandbox import Tenants
from fortsync_gui.sandbox.faults import Fault, FaultKind
from fortsync_gui.secrets import MemoryKeyring, SecretKind, SecretStore
from fortsync_gui.store import ProfileSettings, open_store, profiles, runs
from tests.cli.conftest import Result
from tests.real_keyring import SecretService, secret_service  # noqa: F401 - the fixture
from tests.sandbox_clients import TIME_SCALE
from tests.store.conftest import db_url  # noqa: F401 - the fixture: SQLite, and PostgreSQL when there is one


def make_bureau(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, secrets: SecretStore, names: list[str],
                url: str | None = None) -> Tenants:
    """A company per name, each a profile whose settings point at its own sandbox (tenant id in the settings, the
    Upsales key in ``secrets``), and one Fortnox app registration in the environment; the store at ``url`` (by
    default a new SQLite file)."""
    tenants = Tenants(len(names), "demo", time_scale=TIME_SCALE).start()
    url = url or f"sqlite:///{(tmp_path / 'bureau.db').as_posix()}"
    for name in ("FORTSYNC_UPSALES_URL", "FORTSYNC_UPSALES_TOKEN", "FORTSYNC_FORTNOX_URL", "FORTSYNC_FORTNOX_AUTH_URL",
                 "FORTSYNC_FORTNOX_ACCESS_TOKEN", "FORTSYNC_FORTNOX_TENANT_ID"):
        monkeypatch.delenv(name, raising=False)
    first = tenants.sandboxes[0].info
    monkeypatch.setenv("FORTSYNC_FORTNOX_CLIENT_ID", first.fortnox_client_id)
    monkeypatch.setenv("FORTSYNC_FORTNOX_CLIENT_SECRET", first.fortnox_client_secret)
    monkeypatch.setenv("FORTSYNC_RATE_SCALE", str(TIME_SCALE))
    monkeypatch.setenv("FORTSYNC_DB_URL", url)
    monkeypatch.setenv("FORTSYNC_DATA_DIR", str(tmp_path / "data"))
    store = open_store(url)
    with store.session() as db:
        for name, sandbox in zip(names, tenants, strict=True):
            info = sandbox.info
            profiles.create_profile(db, name, ProfileSettings(
                upsales_api_url=info.upsales_url, fortnox_api_url=info.fortnox_url,
                fortnox_auth_url=info.fortnox_auth_url, fortnox_client_id=info.fortnox_client_id,
                fortnox_tenant_id=str(info.fortnox_tenant_id), send_won_since=date(2026, 10, 1),
                fallback_user_id=1, won_stage_id=12, lost_stage_id=7, price_list="A"))
            secrets.set(name, SecretKind.UPSALES_TOKEN, info.upsales_token)
    store.close()
    return tenants


@pytest.fixture
def bureau(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring) -> Iterator[Tenants]:
    """Three companies (kund0-2) with their Upsales keys in an in-process keyring."""
    tenants = make_bureau(tmp_path, monkeypatch, SecretStore(memory_keyring), ["kund0", "kund1", "kund2"])
    yield tenants
    tenants.stop()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Result:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def test_all_profiles_in_parallel_each_on_its_own_company(bureau: Tenants,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "sync", "--all", "--jobs", "3", "--json")
    assert result.code == 0, result.err
    out = result.json
    assert out["status"] == "ok" and [p["profile"] for p in out["profiles"]] == ["kund0", "kund1", "kund2"]
    for entry, sandbox in zip(out["profiles"], bureau, strict=True):
        assert entry["status"] == "ok" and entry["counts"]["company"]["created"] > 0
        companies = len(sandbox.upsales.store.tenant.accounts)
        assert companies == 6 + entry["counts"]["company"]["created"]  # each wrote to its own company only
        assert sandbox.fortnox.writes > 0 and sandbox.upsales.writes > 0

    again = run(capsys, "sync", "--all", "--jobs", "2")
    assert again.code == 0, again.err
    assert [line.split(":")[0] for line in again.err.splitlines()] != []
    assert again.out.count("== kund") == 3


def test_one_failing_profile_fails_the_run_and_the_others_still_sync(bureau: Tenants,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(os.environ["FORTSYNC_DB_URL"])
    with store.session() as db:
        profiles.create_profile(db, "trasig")  # no credentials, no settings
    store.close()
    result = run(capsys, "sync", "--all")
    assert result.code == 1
    assert result.out.count("== kund") == 3 and "== trasig" in result.out
    assert result.out.rstrip().endswith("Klart: 3 av 4 profiler synkades utan fel.")
    assert "trasig: " in result.err


def test_one_company_credentials_are_refused_for_all(bureau: Tenants, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORTSYNC_UPSALES_TOKEN", bureau.sandboxes[0].info.upsales_token)
    result = run(capsys, "sync", "--all")
    assert result.code == 2 and "FORTSYNC_UPSALES_TOKEN" in result.err
    assert run(capsys, "sync", "--all", "--profile", "kund0").code == 2
    assert run(capsys, "sync", "--profile", "kund0", "--jobs", "2").code == 2
    assert run(capsys, "sync", "--profile", "kund0", "--processes", "2").code == 2
    monkeypatch.delenv("FORTSYNC_UPSALES_TOKEN")
    refused = run(capsys, "sync", "--all", "--jobs", "4", "--processes", "0")
    assert refused.code == 2 and "--processes måste vara minst 1" in refused.err


def test_overall_status_is_the_worst() -> None:
    def summary(status: str) -> RunSummary:
        return RunSummary(1, status, False)

    assert overall_status([summary("ok"), summary("stopped")]) == "stopped"
    assert overall_status([summary("stopped"), summary("failed"), summary("ok")]) == "failed"
    assert overall_status([summary("ok")]) == "ok"


def test_the_store_has_a_connection_for_every_session_of_every_job(bureau: Tenants,
                                                                   capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from fortsync_gui.engine.runner import SESSIONS_PER_RUN
    from fortsync_gui.store import db

    pools: list[int] = []
    opened = db.open_store

    def recording(*args: object, **kwargs: object) -> db.Store:
        store = opened(*args, **kwargs)  # type: ignore[arg-type]
        pools.append(store.engine.pool.size())  # type: ignore[attr-defined]
        return store

    monkeypatch.setattr("fortsync_gui.store.open_store", recording)
    assert run(capsys, "sync", "--all", "--jobs", "12", "--json").code == 0
    assert pools == [SESSIONS_PER_RUN * 12 + 1]


# --- spread over processes (fortsync_gui/cli/spread.py) -------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
HANG_GUARD = 240.0  # seconds; a guard against a hang, not a speed requirement


def test_how_many_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spread.threading, "active_count", lambda: 1)  # as in the CLI before its runs start
    monkeypatch.setattr(spread, "usable_cores", lambda: 8)
    assert [spread.processes_for(runs) for runs in (1, 4, 10, 11, 20, 35, 200)] == [1, 1, 1, 2, 2, 4, 8]
    assert spread.processes_for(20, 3) == 3 and spread.processes_for(2, 5) == 2 and spread.processes_for(1, 5) == 1
    monkeypatch.setattr(spread, "usable_cores", lambda: 1)
    assert spread.processes_for(40) == 1
    monkeypatch.setattr(spread.sys, "platform", "win32")  # no fork there: threads in one process
    assert spread.processes_for(40, 4) == 1


def test_with_a_thread_running_the_runs_stay_in_this_process() -> None:
    release = threading.Event()
    waiting = threading.Thread(target=release.wait)  # a test's sandbox, say: a fork would copy the locks it holds
    waiting.start()
    try:
        assert spread.processes_for(40, 4) == 1
    finally:
        release.set()
        waiting.join()
    calls: list[tuple[list[str], int, object]] = []

    def group(names: list[str], jobs: int, report: object) -> list[tuple[str, RunSummary]]:
        calls.append((names, jobs, report))
        return [(name, RunSummary(None, "ok", False)) for name in names]

    results = spread.spread(["a", "b", "c"], 3, 1, group, in_child=lambda: None,
                            lost=lambda name: RunSummary(None, "failed", False))
    assert calls == [(["a", "b", "c"], 3, None)] and [name for name, _ in results] == ["a", "b", "c"]


@pytest.fixture
def real_bureau(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, secret_service: SecretService,  # noqa: F811
                db_url: str) -> Iterator[tuple[Tenants, list[str]]]:  # noqa: F811
    """Four companies whose Upsales keys are in the real Secret Service, which the ``fortsync`` processes (and the
    children they fork) read; their store SQLite, and PostgreSQL as well when there is one (a bureau's choice)."""
    names = [f"{secret_service.profile}-{k}" for k in range(4)]
    secrets = SecretStore(secret_service.backend)
    tenants = make_bureau(tmp_path, monkeypatch, secrets, names, db_url)
    yield tenants, names
    tenants.stop()
    for name in names:
        secrets.delete_profile(name)


def popen_all(*argv: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.Popen([sys.executable, "-m", "fortsync_gui", "sync", "--all", *argv, "--json"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", cwd=ROOT)


def finished(process: subprocess.Popen[str]) -> tuple[int, dict[str, Any], str]:
    out, err = process.communicate(timeout=HANG_GUARD)
    assert len(out.splitlines()) == 1, (out, err)  # one JSON object: no child wrote to stdout
    return process.returncode, json.loads(out), err


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def run_owners() -> dict[str, list[tuple[int, str]]]:
    """Each profile's runs, oldest first, as (the pid that ran it, status)."""
    store = open_store(os.environ["FORTSYNC_DB_URL"])
    with store.session() as db:
        names = {p.id: p.name for p in profiles.list_profiles(db)}
        out: dict[str, list[tuple[int, str]]] = {}
        for run in sorted(runs.list_runs(db, limit=100), key=lambda r: r.id):
            out.setdefault(names[run.profile_id], []).append((int(run.owner.split("/")[1]), run.status))
    store.close()
    return out


pytestmark_linux = pytest.mark.skipif(sys.platform != "linux", reason="profiles are spread over processes on Linux")


@pytestmark_linux
def test_profiles_spread_over_two_processes_each_sync_their_own_company(
        real_bureau: tuple[Tenants, list[str]]) -> None:
    tenants, names = real_bureau
    process = popen_all("--jobs", "4", "--processes", "2")
    code, out, err = finished(process)
    assert code == 0, err
    assert out["processes"] == 2 and out["status"] == "ok"
    assert [p["profile"] for p in out["profiles"]] == sorted(names)
    for entry, sandbox in zip(out["profiles"], tenants, strict=True):
        assert entry["status"] == "ok" and entry["counts"]["company"]["created"] > 0
        assert len(sandbox.upsales.store.tenant.accounts) == 6 + entry["counts"]["company"]["created"]
    owners = run_owners()
    parent = {pid for name in names[0::2] for pid, _ in owners[name]}
    child = {pid for name in names[1::2] for pid, _ in owners[name]}
    assert parent == {process.pid} and len(child) == 1 and child != parent  # dealt: 0 and 2 here, 1 and 3 forked

    code, out, err = finished(popen_all("--jobs", "4", "--processes", "2"))  # the next sync: nothing to create
    assert code == 0 and all(sum(c.get("created", 0) for c in p["counts"].values()) == 0 for p in out["profiles"])


@pytestmark_linux
def test_a_child_process_that_dies_fails_its_profiles_and_the_next_run_takes_them_over(
        real_bureau: tuple[Tenants, list[str]]) -> None:
    tenants, names = real_bureau
    hold = tenants.sandboxes[1].add_fault(Fault(FaultKind.HOLD_BEFORE, method="GET"), "upsales")
    process = popen_all("--jobs", "4", "--processes", "2")
    assert hold.wait_held(HANG_GUARD)  # the child's first profile waits on its first Upsales request
    (child,) = children_of(process.pid)
    os.kill(child, signal.SIGKILL)  # the out-of-memory killer, say
    hold.release(drop=True)
    code, out, err = finished(process)
    by_name = {p["profile"]: p for p in out["profiles"]}
    assert code == 1 and out["status"] == "failed", err
    assert by_name[names[0]]["status"] == by_name[names[2]]["status"] == "ok"  # the parent's own went on
    assert by_name[names[1]]["status"] == "failed" and by_name[names[1]]["message_key"] == "run.interrupted"
    assert "Traceback" not in err

    code, out, err = finished(popen_all("--jobs", "4", "--processes", "2"))  # the dead child's locks are taken over
    assert code == 0 and all(p["status"] == "ok" for p in out["profiles"]), err
    first, *_ = run_owners()[names[1]]
    assert first == (child, "interrupted")


@pytestmark_linux
def test_a_stop_sent_to_the_parent_alone_stops_the_children_too(real_bureau: tuple[Tenants, list[str]]) -> None:
    tenants, names = real_bureau
    hold = tenants.sandboxes[1].add_fault(Fault(FaultKind.HOLD_BEFORE, method="GET"), "upsales")
    process = popen_all("--jobs", "4", "--processes", "2")
    assert hold.wait_held(HANG_GUARD)
    process.send_signal(signal.SIGTERM)  # systemd's stop, or kill PID: to the parent only
    hold.release()
    code, out, err = finished(process)
    by_name = {p["profile"]: p for p in out["profiles"]}
    assert by_name[names[1]]["status"] == "stopped", err  # in the child, stopped between actions
    assert {pid for pid, _ in run_owners()[names[1]]} - {process.pid}  # the child's, not the parent's
    assert code == 3 and out["status"] == "stopped" and children_of(process.pid) == []
