"""``fortsync sync`` end to end against an in-process sandbox (DESIGN.md §4: CLI, env, settings file, --json)."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import CliEnv

DESIGN_KEYS = {"run_id", "status", "dry_run", "counts", "conflicts", "pending_deletions", "requests", "duration_s"}
# RunSummary.to_json() adds these: what waits for the user, why the run stopped, and the profile's "send from" day
SUMMARY_EXTRAS = {"pending_matches", "message_key", "message_args", "suggestions", "send_won_since",
                  "uncertain_writes"}
COUNT_KEYS = {"created", "updated", "linked", "skipped", "failed"}


def writes(summary: dict) -> int:
    return sum(c.get(k, 0) for c in summary["counts"].values() for k in ("created", "updated", "linked"))


def snapshot(cli_env: CliEnv) -> dict[str, object]:
    fortnox, upsales = cli_env.clients()
    try:
        return {
            "customers": sorted(fortnox.customer_numbers()),
            "articles": sorted(fortnox.article_numbers()),
            "invoices": sorted(d.document_number for d in fortnox.iter_invoices()),
            "accounts": sorted(upsales.account_ids()),
            "products": sorted(p.id for p in upsales.iter_products()),
            "orders": sorted(o.id for o in upsales.iter_orders()),
            "fields": sorted(f.alias or f.name for e in ("account", "product", "order")
                             for f in upsales.list_custom_fields(e)),
        }
    finally:
        fortnox.close()
        upsales.close()


def test_sync_settings_file_json_then_second_run_writes_nothing(cli_env: CliEnv) -> None:
    settings = cli_env.settings()
    first = cli_env.run("sync", "--settings", str(settings), "--json")
    assert first.code == 0, first.err
    summary = first.json
    assert set(summary) == DESIGN_KEYS | SUMMARY_EXTRAS
    assert summary["status"] == "ok" and summary["dry_run"] is False and isinstance(summary["run_id"], int)
    assert {"company", "product", "invoice"} <= set(summary["counts"])
    for kind, counts in summary["counts"].items():
        assert set(counts) >= COUNT_KEYS, kind
        assert all(isinstance(n, int) for n in counts.values())
    assert summary["counts"]["company"]["created"] > 0
    assert set(summary["requests"]) == {"fortnox", "upsales"}
    assert summary["requests"]["fortnox"] > 0 and summary["requests"]["upsales"] > 0
    assert isinstance(summary["duration_s"], float)

    second = cli_env.run("sync", "--settings", str(settings), "--json")
    assert second.code == 0, second.err
    again = second.json
    assert again["status"] == "ok" and again["run_id"] == summary["run_id"] + 1
    assert writes(again) == 0, again["counts"]

    by_name = cli_env.run("sync", "--profile", "acme", "--json")  # the profile the file created
    assert by_name.code == 0 and writes(by_name.json) == 0


def test_dry_run_writes_nothing_and_plans_what_the_run_does(cli_env: CliEnv) -> None:
    settings = cli_env.settings()
    before = snapshot(cli_env)
    dry = cli_env.run("sync", "--settings", str(settings), "--dry-run", "--json")
    assert dry.code == 0, dry.err
    plan = dry.json
    assert plan["dry_run"] is True and plan["status"] == "ok"
    assert plan["counts"]["company"]["created"] > 0
    assert snapshot(cli_env) == before

    real = cli_env.run("sync", "--settings", str(settings), "--json").json
    for kind in ("company", "product", "invoice"):
        assert real["counts"][kind]["created"] == plan["counts"][kind]["created"], kind


def test_human_summary_is_swedish(cli_env: CliEnv) -> None:
    result = cli_env.run("sync", "--settings", str(cli_env.settings()))
    assert result.code == 0, result.err
    assert "Synkroniseringen (körning 1): klar" in result.out
    assert "Företag/kunder:" in result.out and "skapade" in result.out
    assert "anrop till Fortnox" in result.out
    assert result.err == ""  # no progress bar when stderr is not a terminal
    dry = cli_env.run("sync", "--profile", "acme", "--dry-run")
    assert "Provkörningen (körning 2): klar" in dry.out and "Inget skrevs" in dry.out


def test_settings_file_choices_are_kept_and_missing_ones_filled(cli_env: CliEnv) -> None:
    settings = cli_env.settings("kund-b", 'module = "order"\nprice_list = "A"\ndeletion_threshold = 7\n')
    assert cli_env.run("sync", "--settings", str(settings), "--dry-run", "--json").code == 0
    shown = cli_env.run("profiles", "show", "kund-b", "--json").json
    assert shown["module"] == "order"
    assert shown["settings"]["price_list"] == "A" and shown["settings"]["deletion_threshold"] == 7
    assert shown["settings"]["won_stage_id"] and shown["settings"]["lost_stage_id"]
    assert shown["settings"]["fallback_user_id"]


@pytest.mark.parametrize(("argv", "text"), [
    ((), "--profile NAMN eller --settings FIL"),
    (("--settings", "{tmp}/saknas.toml"), "finns inte"),
    (("--settings", "{tmp}/bad.toml"), "inte giltig TOML"),
    (("--settings", "{tmp}/unknown.toml"), "Okänd nyckel"),
    (("--settings", "{tmp}/wrongtype.toml"), "heltal"),
    (("--profile", "finns-inte"), "Profilen 'finns-inte' finns inte"),
])
def test_usage_errors_exit_2(cli_env: CliEnv, argv: tuple[str, ...], text: str) -> None:
    (cli_env.tmp / "bad.toml").write_text("module = \n", encoding="utf-8")
    (cli_env.tmp / "unknown.toml").write_text('module = "invoice"\ntoken = "x"\n', encoding="utf-8")
    (cli_env.tmp / "wrongtype.toml").write_text('won_stage_id = "3"\n', encoding="utf-8")
    result = cli_env.run("sync", *(a.format(tmp=cli_env.tmp) for a in argv))
    assert result.code == 2
    assert text in result.err and result.out == ""


def test_bad_arguments_exit_2(cli_env: CliEnv) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli_env.run("sync", "--bogus")
    assert exit_.value.code == 2


def test_mass_deletion_guard_exits_3_then_allow_removals(cli_env: CliEnv) -> None:
    settings = cli_env.settings(text='module = "invoice"\ndeletion_threshold = 1\n')
    fortnox, upsales = cli_env.clients()
    try:
        new = [fortnox.create_customer({"Name": f"Gallring {i} AB"}).customer_number for i in range(2)]
        assert cli_env.run("sync", "--settings", str(settings), "--json").code == 0
        for number in new:
            fortnox.delete_customer(number)
        stopped = cli_env.run("sync", "--settings", str(settings), "--json")
        assert stopped.code == 3
        assert stopped.json["status"] == "stopped" and stopped.json["message_key"] == "guard.threshold"
        assert "--allow-removals" in stopped.err and "2 poster" in stopped.err
        human = cli_env.run("sync", "--profile", "acme")
        assert human.code == 3 and "stoppades innan något skrevs" in human.err
        allowed = cli_env.run("sync", "--profile", "acme", "--allow-removals", "--json")
        assert allowed.code == 0, allowed.err
        assert allowed.json["counts"]["company"].get("unlinked") == 2
    finally:
        fortnox.close()
        upsales.close()


def test_wrong_upsales_token_fails_with_swedish_sentence_and_no_secret(cli_env: CliEnv,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = "fel-nyckel-0123456789abcdef"
    monkeypatch.setenv("FORTSYNC_UPSALES_TOKEN", wrong)
    for args in (("--json",), ()):
        result = cli_env.run("sync", "--settings", str(cli_env.settings()), *args)
        assert result.code == 1
        assert "Upsales godtog inte API-nyckeln" in result.err
        assert "API-nycklar" in result.err
        for secret in (wrong, cli_env.env["FORTSYNC_FORTNOX_CLIENT_SECRET"]):
            assert secret not in result.out + result.err
        if args:
            assert result.json["status"] == "failed" and result.json["message_key"] == "auth.upsales"


def test_wrong_upsales_token_with_a_complete_settings_file(cli_env: CliEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli_env.run("sync", "--settings", str(cli_env.settings()), "--dry-run").code == 0
    monkeypatch.setenv("FORTSYNC_UPSALES_TOKEN", "fel-nyckel-abcdef")
    result = cli_env.run("sync", "--profile", "acme", "--json")
    assert result.code == 1 and result.json["message_key"] == "auth.upsales"
    assert isinstance(result.json["run_id"], int)  # this time the run started and recorded why it failed
    assert "Upsales godtog inte API-nyckeln" in result.err and "fel-nyckel-abcdef" not in result.out + result.err


@pytest.mark.parametrize(("unset", "text"), [
    (("FORTSYNC_FORTNOX_TENANT_ID",), "Profilen är inte inloggad i Fortnox. Logga in i Fortnox"),
    (("FORTSYNC_FORTNOX_CLIENT_ID", "FORTSYNC_FORTNOX_CLIENT_SECRET", "FORTSYNC_FORTNOX_TENANT_ID"),
     "Fortnox-appens klient-id eller hemlighet saknas"),
])
def test_missing_fortnox_credentials_say_what_to_do(cli_env: CliEnv, monkeypatch: pytest.MonkeyPatch,
                                                    unset: tuple[str, ...], text: str) -> None:
    for name in unset:
        monkeypatch.delenv(name)
    result = cli_env.run("sync", "--settings", str(cli_env.settings()), "--json")
    assert result.code == 1 and result.json["message_key"] == "auth.fortnox"
    assert text in result.err


def test_json_output_is_one_parseable_line(cli_env: CliEnv) -> None:
    result = cli_env.run("sync", "--settings", str(cli_env.settings()), "--dry-run", "--json")
    assert result.out.count("\n") == 1
    assert json.loads(result.out)["dry_run"] is True


def test_a_run_that_failed_before_writing_says_nothing_was_written() -> None:
    from fortsync_gui.cli_output import counts_table
    from fortsync_gui.engine.api import RunSummary

    assert counts_table(RunSummary(3, "failed", False)) == ["  Inget skrevs."]
    assert counts_table(RunSummary(4, "ok", False)) == ["  Inget att göra."]
