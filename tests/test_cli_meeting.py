"""`klynge meeting new|list|delete` against a real SQLite file."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from app.cli import cli

runner = CliRunner()


def test_new_prints_code_and_links_as_json_then_list_and_delete() -> None:
    result = runner.invoke(
        cli,
        [
            "meeting",
            "new",
            "trivsel-virtuel",
            "--cluster",
            "Klynge Syd",
            "--date",
            "2026-12-01",
            "--start",
            "17:00",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    links = json.loads(result.output)
    assert set(links) == {"code", "participant_url", "facilitator_url", "cohost_url"}
    code = links["code"]
    assert links["participant_url"].endswith(f"/m/{code}")
    assert f"/facilitator/{code}/" in links["facilitator_url"]
    assert links["facilitator_url"] != links["cohost_url"].replace("cohost", "facilitator")

    listed = runner.invoke(cli, ["meeting", "list"])
    assert code in listed.output and "Klynge Syd" in listed.output and "2026-12-01 17:00" in listed.output

    deleted = runner.invoke(cli, ["meeting", "delete", code, "--yes"])
    assert deleted.exit_code == 0
    assert code not in runner.invoke(cli, ["meeting", "list"]).output


def test_new_with_unknown_agenda_or_bad_date_fails_cleanly() -> None:
    result = runner.invoke(
        cli, ["meeting", "new", "nope", "--cluster", "X", "--date", "2026-12-01", "--start", "17:00"]
    )
    assert result.exit_code == 1 and "no agenda 'nope'" in result.stderr
    result = runner.invoke(
        cli, ["meeting", "new", "trivsel-virtuel", "--cluster", "X", "--date", "1/12", "--start", "17:00"]
    )
    assert result.exit_code == 1 and "YYYY-MM-DD" in result.stderr
