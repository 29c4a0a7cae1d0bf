"""`survey report` CLI (app.cliparts.survey): JSON and Danish text, comparison, bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from app.cliparts.survey import register
from tests.builders_survey import (
    EXAMPLE_FILE,
    FOLLOW_UP_FILE,
    LATER_ROWS,
    SMALL_MEMBERS,
    SMALL_REPORT,
    SMALL_ROWS,
    csv_bytes,
    xlsx_bytes,
)


@pytest.fixture
def run():
    root = typer.Typer()
    register(root)

    @root.command()
    def version() -> None:  # a second command, so typer keeps `survey` as a subcommand group
        """Print nothing."""

    runner = CliRunner()
    return lambda *args: runner.invoke(root, ["survey", *args])


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "lille.csv"
    path.write_bytes(csv_bytes(SMALL_ROWS))
    return path


def test_json_report_has_the_hand_computed_measures(run, small: Path) -> None:
    result = run("report", str(small), "--members", str(SMALL_MEMBERS))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == SMALL_REPORT


def test_json_report_with_compare_adds_the_change(run, small: Path, tmp_path: Path) -> None:
    later = tmp_path / "senere.xlsx"
    later.write_bytes(xlsx_bytes(LATER_ROWS))
    result = run("report", str(later), "--members", "8", "--compare", str(small), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["who5"]["mean"] == 57.0
    assert data["change"]["who5"]["mean"] == 4.0
    assert data["change"]["negative"] == [["X", -2.5], ["Y", -1.0]]


def test_text_report_is_a_danish_summary(run) -> None:
    result = run("report", str(FOLLOW_UP_FILE), "--members", "19", "--compare", str(EXAMPLE_FILE),
                 "--format", "text")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Svar: 13 (-1), svarprocent 68,4 % (-5,3 procentpoint)" in out
    assert "Målepunkt 1 – WHO-5 trivselsindeks" in out and "Gennemsnit 58,8 (+5,3)" in out
    assert "Målepunkt 4 – Negative forhold" in out and "Målepunkt 6 – Gode erfaringer" in out


def test_text_report_of_the_small_file(run, small: Path) -> None:
    out = run("report", str(small), "--members", "8", "--format", "text").stdout
    assert "Gennemsnit 53,0, laveste 20, højeste 100" in out
    assert "   1. X: 7,5" in out
    assert "(" not in out.split("\n")[0]


def test_bad_file_names_row_and_column_on_stderr(run, tmp_path: Path) -> None:
    rows = [list(r) for r in SMALL_ROWS]
    rows[2][1] = 7
    bad = tmp_path / "forkert.csv"
    bad.write_bytes(csv_bytes(rows))
    result = run("report", str(bad), "--members", "8")
    assert result.exit_code == 1
    assert result.stderr.strip() == "forkert.csv: række 4, kolonne 'who5_2': 7 er uden for skalaen 0–5"
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_missing_file_and_too_few_members_exit_1(run, small: Path, tmp_path: Path) -> None:
    missing = run("report", str(tmp_path / "findes-ikke.csv"), "--members", "8")
    assert missing.exit_code == 1 and "filen kan ikke åbnes" in missing.stderr
    few = run("report", str(small), "--members", "4")
    assert few.exit_code == 1
    assert "--members: filen har 5 besvarelser, men klyngen har kun 4 medlemmer" in few.stderr


def test_bad_earlier_file_is_reported_too(run, small: Path, tmp_path: Path) -> None:
    broken = tmp_path / "gammel.csv"
    broken.write_bytes(b"\x81\x00\x9d")
    result = run("report", str(small), "--members", "8", "--compare", str(broken))
    assert result.exit_code == 1 and result.stderr.startswith("gammel.csv: filen kan ikke læses")
