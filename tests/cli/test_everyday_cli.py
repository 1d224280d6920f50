"""The headless commands for servers: ``--version``, ``sync --all`` (every profile, one summary), deciding what a run
left open (``conflicts|matches|deletions list/resolve``), ``report --json``, and ``-v``/``--log-file``."""

from __future__ import annotations

from pathlib import Path

import pytest

from fortsync_gui import __version__
from fortsync_gui.cli import main
from fortsync_gui.store import (
    ConflictStatus,
    DeletionStatus,
    EntityKind,
    MatchBasis,
    MatchStatus,
    Side,
    conflicts,
    deletions,
    links,
    matches,
    open_store,
    profiles,
)
from fortsync_gui.store.models import Conflict, MatchCandidate, PendingDeletion

from .conftest import CliEnv


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0 and capsys.readouterr().out.strip() == f"fortsync {__version__}"


def test_sync_all_takes_over_when_asked(cli_env: CliEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new computer (another database) on tenants this installation's old database synced: ``sync --all`` is
    warned before it writes, and ``sync --all --take-over`` adopts what exists, as ``sync --take-over`` does."""
    assert cli_env.run("sync", "--settings", str(cli_env.settings()), "--json").json["status"] == "ok"
    monkeypatch.setenv("FORTSYNC_DB_URL", f"sqlite:///{(cli_env.tmp / 'new-pc.db').as_posix()}")
    assert cli_env.run("sync", "--settings", str(cli_env.settings()), "--dry-run").code == 1  # the profile is made
    def total(profile: dict[str, object], key: str) -> int:
        return sum(c.get(key, 0) for c in profile["counts"].values())  # type: ignore[attr-defined]

    warned = cli_env.run("sync", "--all", "--json").json
    assert warned["status"] == "failed" and warned["profiles"][0]["message_key"] == "run.other_installation"
    assert sum(total(warned["profiles"][0], key) for key in ("created", "updated", "linked")) == 0
    adopted = cli_env.run("sync", "--all", "--take-over", "--json").json
    assert adopted["status"] == "ok", adopted
    assert total(adopted["profiles"][0], "created") == 0 and total(adopted["profiles"][0], "linked") > 0


def test_no_profiles_is_a_usage_error(cli_env: CliEnv) -> None:
    result = cli_env.run("sync", "--all")
    assert result.code == 2 and "inga profiler" in result.err


def _open_items(db_url: str) -> dict[str, int]:
    store = open_store(db_url)
    with store.session() as session:
        pid = profiles.create_profile(session, "acme", display_name="Acme AB").id
        link = links.upsert_link(session, pid, EntityKind.COMPANY, 1, 1001)
        conflict = conflicts.record_conflict(session, link, "phone", "08-1", "08-2", label="Ett AB")
        deletion = deletions.propose_deletion(session, pid, EntityKind.COMPANY, upsales_id=2, fortnox_id=1002,
                                              label="Två AB", reason_key="deletion.fortnox_customer_deleted")
        match = matches.suggest_match(session, pid, 3, 1003, basis=MatchBasis.NAME, score=0.8,
                                      upsales_label="Tre AB", fortnox_label="Tre Aktiebolag")
        ids = {"conflict": conflict.id, "deletion": deletion.id, "match": match.id}
    store.close()
    return ids


def test_decisions_without_the_app(cli_env: CliEnv) -> None:
    ids = _open_items(cli_env.db_url)
    listed = cli_env.run("conflicts", "list", "--profile", "acme")
    assert listed.code == 0 and f"{ids['conflict']}" in listed.out and "Ett AB · phone" in listed.out
    assert "--use upsales|fortnox" in listed.out
    assert cli_env.run("conflicts", "list", "--profile", "acme", "--json").json[0]["fortnox"] == "08-2"
    assert cli_env.run("conflicts", "resolve", "--profile", "acme", str(ids["conflict"])).code == 2  # --use missing
    done = cli_env.run("conflicts", "resolve", "--profile", "acme", str(ids["conflict"]), "--use", "fortnox")
    assert done.code == 0 and "Ett AB" in done.out
    assert [m["id"] for m in cli_env.run("matches", "list", "--profile", "acme", "--json").json] == [ids["match"]]
    assert cli_env.run("matches", "resolve", "--profile", "acme", str(ids["match"]), "--link").code == 0
    assert cli_env.run("deletions", "list", "--profile", "acme").out.count("Två AB") == 1
    assert cli_env.run("deletions", "resolve", "--profile", "acme", str(ids["deletion"]), "--keep").code == 0
    again = cli_env.run("deletions", "resolve", "--profile", "acme", str(ids["deletion"]), "--delete")
    assert again.code == 1 and again.err.strip()  # already decided: a Swedish sentence, exit 1
    assert cli_env.run("matches", "list", "--profile", "acme").out.strip() == "Inga möjliga dubbletter väntar."
    assert cli_env.run("conflicts", "list", "--profile", "nobody").code == 2
    store = open_store(cli_env.db_url)
    with store.session() as session:
        assert session.get(Conflict, ids["conflict"]).status is ConflictStatus.RESOLVED
        assert session.get(Conflict, ids["conflict"]).resolution is Side.FORTNOX
        assert session.get(MatchCandidate, ids["match"]).status is MatchStatus.ACCEPTED
        assert session.get(PendingDeletion, ids["deletion"]).status is DeletionStatus.KEPT
    store.close()


def test_report_json_and_logging(cli_env: CliEnv, tmp_path: Path) -> None:
    log = tmp_path / "logs" / "fortsync-cli.log"
    result = cli_env.run("--log-file", str(log), "-v", "sync", "--settings", str(cli_env.settings()), "--json")
    assert result.code == 0
    run_id = result.json["run_id"]
    report = cli_env.run("report", str(run_id), "--json").json
    assert report["run_id"] == run_id and report["profile"] == "acme" and report["status"] == "ok"
    assert report["items"] and {"kind", "action", "outcome"} <= set(report["items"][0])
    text = log.read_text(encoding="utf-8")
    assert "INFO" in text
    for secret in (cli_env.env["FORTSYNC_UPSALES_TOKEN"], cli_env.env["FORTSYNC_FORTNOX_CLIENT_SECRET"]):
        assert secret not in text and secret not in result.err
    with pytest.raises(SystemExit) as info:
        cli_env.run("report", str(run_id), "--json", "--csv")
    assert info.value.code == 2
