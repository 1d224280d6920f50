"""``fortsync sync --all --jobs N``: every profile, N at a time, each with its own company's credentials, against one
store; the per-company environment overrides are refused with more than one profile."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

import pytest

from fortsync_gui.cli import main
from fortsync_gui.cli.sync_all import overall_status
from fortsync_gui.engine.api import RunSummary
from fortsync_gui.sandbox import Tenants
from fortsync_gui.secrets import MemoryKeyring, SecretKind, SecretStore
from fortsync_gui.store import ProfileSettings, open_store, profiles
from tests.cli.conftest import Result
from tests.sandbox_clients import TIME_SCALE


@pytest.fixture
def bureau(tmp_path, monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring) -> Iterator[Tenants]:  # type: ignore[no-untyped-def]
    """Three companies, each a profile whose settings point at its own sandbox (tenant id in the settings, the
    Upsales key in the keyring), and one Fortnox app registration in the environment."""
    tenants = Tenants(3, "demo", time_scale=TIME_SCALE).start()
    url = f"sqlite:///{(tmp_path / 'bureau.db').as_posix()}"
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
    secrets = SecretStore(memory_keyring)
    with store.session() as db:
        for k, sandbox in enumerate(tenants):
            info = sandbox.info
            profiles.create_profile(db, f"kund{k}", ProfileSettings(
                upsales_api_url=info.upsales_url, fortnox_api_url=info.fortnox_url,
                fortnox_auth_url=info.fortnox_auth_url, fortnox_client_id=info.fortnox_client_id,
                fortnox_tenant_id=str(info.fortnox_tenant_id), send_won_since=date(2026, 10, 1),
                fallback_user_id=1, won_stage_id=12, lost_stage_id=7, price_list="A"))
            secrets.set(f"kund{k}", SecretKind.UPSALES_TOKEN, info.upsales_token)
    store.close()
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
