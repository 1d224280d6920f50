"""Clear errors, never a traceback (issue 9, items 7, 8, 10 and 11): every failure gives the ``--json`` object and a
Swedish sentence; rate limits and unreadable answers have sentences of their own and no report hint without a
run; names from the services reach the terminal and the CSV without control or bidi characters; a database with
tables but no version is copied once and told in one short sentence."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from fortsync_gui.clients.errors import MalformedResponse, RateLimited
from fortsync_gui.engine.connect import stop_for
from fortsync_gui.messages import MessageKey, message
from fortsync_gui.sandbox.faults import Fault, FaultKind
from fortsync_gui.text import printable
from tests.cli.conftest import CliEnv

EVIL = "\x1b[2J\x1b]0;pwned\x07Ond\x00 AB\r\u202eBA dnO\u2066x\u2069"
UNSAFE = ("\x1b", "\x07", "\x00", "\u202e", "\u2066", "\u2069")


# --- item 7: a read-only or immutable database ---------------------------------------------------------------------

def test_a_read_only_database_gives_the_json_object_and_a_sentence(cli_env: CliEnv,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    settings = cli_env.settings()
    assert cli_env.run("sync", "--settings", str(settings), "--json").code == 0
    path = Path(cli_env.db_url.removeprefix("sqlite:///"))
    # what an immutable file (chattr +i) or a read-only mount looks like to SQLite, even for root
    monkeypatch.setenv("FORTSYNC_DB_URL", f"sqlite:///file:{path.as_posix()}?mode=ro&uri=true")
    result = cli_env.run("sync", "--settings", str(settings), "--json")
    assert result.code == 1
    summary = result.json  # before: a traceback and an empty stdout
    assert summary["status"] == "failed" and summary["message_key"] == "store.read_only"
    assert "går inte att skriva till" in result.err and "Traceback" not in result.err
    assert "INSERT INTO" not in result.out + result.err
    listed = cli_env.run("profiles", "list", "--json")  # reading still works
    assert listed.code == 0, listed.err


def test_an_unexpected_error_in_any_command_is_a_sentence_and_json(cli_env: CliEnv,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from fortsync_gui.cli import profiles

    def broken(args: object) -> int:
        raise RuntimeError("oväntat")

    monkeypatch.setattr(profiles, "command", broken)
    result = cli_env.run("profiles", "list", "--json")
    assert result.code == 1 and result.json["status"] == "failed" and result.json["message_key"] == "service"
    assert "Något oväntat hände" in result.err and "Traceback" not in result.err and "report" not in result.err


# --- item 8: rate limits and unreadable answers ---------------------------------------------------------------------

def test_rate_limits_and_unreadable_answers_have_sentences_of_their_own() -> None:
    limited = stop_for(RateLimited("fortnox", "För många anrop", status=429, method="GET", url="/3/pricelists"))
    assert limited is not None and limited.key is MessageKey.RATE_LIMITED
    text = message(limited.key, limited.args_)
    assert text and text.startswith("Fortnox tar inte emot fler anrop just nu") and "support" not in text
    unreadable = stop_for(MalformedResponse("upsales", "Svaret är inte JSON: '<html>'", status=200, method="GET",
                                            url="/api/v2/orderstages"))
    assert unreadable is not None and unreadable.key is MessageKey.UNREADABLE_ANSWER
    text = message(unreadable.key, unreadable.args_)
    assert text and "Upsales svarade med något som Fortsync inte kan läsa (GET /api/v2/orderstages)" in text
    assert "fortsync report" not in text


def test_no_report_hint_without_a_run(cli_env: CliEnv) -> None:
    cli_env.sandbox.upsales.faults.add(Fault(FaultKind.HTML, status=200, method="GET", times=10))
    result = cli_env.run("sync", "--settings", str(cli_env.settings()), "--json")
    assert result.code == 1 and result.json["run_id"] is None
    assert "fortsync report" not in result.err and "None" not in result.err  # before: "fortsync report None --csv"


@pytest.mark.parametrize(("api", "fault", "key"), [
    ("fortnox", Fault.status_code(429, times=40, method="GET", path=r"^/3/pricelists"), "service.rate_limited"),
    ("upsales", Fault(FaultKind.MALFORMED, method="GET", times=3), "service.unreadable"),
    ("upsales", Fault(FaultKind.HTML, status=200, method="GET", times=3), "service.unreadable"),
], ids=["429s", "malformed-json", "html-page"])
def test_the_run_stops_with_the_sentence_of_its_own(cli_env: CliEnv, api: str, fault: Fault, key: str) -> None:
    getattr(cli_env.sandbox, api).faults.add(fault)
    result = cli_env.run("sync", "--settings", str(cli_env.settings()), "--json")
    assert result.code == 1 and result.json["message_key"] == key
    assert "kontakta Fortsyncs support" not in result.err


# --- item 10: control and bidi characters ---------------------------------------------------------------------------

def test_printable_strips_control_and_bidi_characters() -> None:
    assert printable(EVIL) == "[2J]0;pwnedOnd ABBA dnOx"
    assert printable("Åkerlunds\tAB\nrad två") == "Åkerlunds\tAB\nrad två"
    assert printable("a\u200bb\u2028c\ufeffd\x85e") == "abcde"


def test_names_reach_the_terminal_and_the_csv_without_control_or_bidi_characters(cli_env: CliEnv,
                                                                                  tmp_path: Path) -> None:
    fortnox, upsales = cli_env.clients()
    try:
        fortnox.create_customer({"Name": EVIL, "OrganisationNumber": "556999-0001"})
    finally:
        fortnox.close()
        upsales.close()
    first = cli_env.run("sync", "--settings", str(cli_env.settings()), "--json")
    assert first.code == 0, first.err
    run_id = str(first.json["run_id"])
    table = cli_env.run("report", run_id)
    assert "pwnedOnd ABBA dnOx" in table.out, [ln for ln in table.out.splitlines() if "pwned" in ln or "Ond" in ln]
    csv_file = tmp_path / "run.csv"
    assert cli_env.run("report", run_id, "--csv", "--output", str(csv_file)).code == 0
    data = csv_file.read_bytes().decode("utf-8-sig")
    assert "pwnedOnd ABBA dnOx" in data
    for output in (table.out, table.err, first.out, first.err, data):
        assert not any(ch in output for ch in UNSAFE), repr(output[:200])
    assert "\r" not in data.replace("\r\n", "")  # only the CSV's own line ends


# --- item 11: tables without a version ------------------------------------------------------------------------------

def test_a_database_without_a_version_is_copied_once_with_a_short_sentence(cli_env: CliEnv) -> None:
    assert cli_env.run("profiles", "list").code == 0
    path = Path(cli_env.db_url.removeprefix("sqlite:///"))
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("DROP TABLE alembic_version")
        conn.commit()
    first = cli_env.run("profiles", "list")
    assert first.code == 0
    assert first.err.strip() == message(MessageKey.STORE_UNVERSIONED, {"backup": str(path) + ".bak-unversioned"})
    assert "CREATE TABLE" not in first.out + first.err
    again = cli_env.run("profiles", "list")
    assert again.code == 0 and again.err == ""
    assert sorted(p.name for p in path.parent.glob(path.name + ".bak-*")) == [path.name + ".bak-unversioned"]
