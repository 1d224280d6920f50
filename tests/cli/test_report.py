"""``fortsync report RUN_ID``: the audit trail as a table or as CSV for (Swedish) Excel."""

from __future__ import annotations

import csv
import io

from fortsync_gui.cli import csv_bytes
from fortsync_gui.store.runs import RUN_ITEM_COLUMNS
from tests.cli.conftest import CliEnv


def test_csv_report_has_bom_header_and_rows(cli_env: CliEnv) -> None:
    run_id = cli_env.run("sync", "--settings", str(cli_env.settings()), "--json").json["run_id"]
    target = cli_env.tmp / "rapport.csv"
    result = cli_env.run("report", str(run_id), "--csv", "--output", str(target))
    assert result.code == 0 and str(target) in result.err
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join([*RUN_ITEM_COLUMNS, "reason_sv"])
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) > 10
    assert {row["run_id"] for row in rows} == {str(run_id)}
    assert {"company", "product", "invoice"} <= {row["kind"] for row in rows}
    assert any("ö" in row["label"] or "ä" in row["label"] or "å" in row["label"] for row in rows)


def test_csv_to_stdout_and_other_delimiter(cli_env: CliEnv) -> None:
    run_id = cli_env.run("sync", "--settings", str(cli_env.settings()), "--json").json["run_id"]
    semicolon = cli_env.run("report", str(run_id), "--csv")
    assert semicolon.code == 0 and semicolon.out.lstrip("\ufeff").startswith("run_id;seq;at;")
    comma = cli_env.run("report", str(run_id), "--csv", "--delimiter", ",")
    assert comma.out.lstrip("\ufeff").startswith("run_id,seq,at,")


def test_table_report_is_readable(cli_env: CliEnv) -> None:
    run_id = cli_env.run("sync", "--settings", str(cli_env.settings()), "--json").json["run_id"]
    result = cli_env.run("report", str(run_id))
    assert result.code == 0
    assert f"Körning {run_id} · profil acme · ok" in result.out
    assert "Åtgärd" in result.out and "skapa" in result.out and "Företag/kunder" in result.out


def test_unknown_run_is_a_usage_error(cli_env: CliEnv) -> None:
    result = cli_env.run("report", "999", "--csv")
    assert result.code == 2 and "Körning 999 finns inte" in result.err


def test_csv_cells_that_excel_would_run_as_formulas_are_defused() -> None:
    row = {column: None for column in RUN_ITEM_COLUMNS}
    data = csv_bytes([{**row, "label": "=HYPERLINK(\"x\")", "upsales_id": "-5", "error_text": "Åsa & Öberg"}])
    text = data.decode("utf-8-sig").splitlines()[1]
    assert "'=HYPERLINK" in text and ";-5;" in text and "Åsa & Öberg" in text
