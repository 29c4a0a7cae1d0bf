"""`klynge groups`: formats, --out files, and bad rosters (exit 1, a message naming the row, no traceback)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from app.cliparts.groups import register

ROSTER = (
    "navn;praksis;email\n"
    "Anna Holm;Lægehuset Nord;anna@x.dk\n"
    "Bo Berg;Lægehuset Nord;bo@x.dk\n"
    "Carl Dam;;carl@x.dk\n"
    "Dorte Eg;Klinik Syd;\n"
    "Eva Fog;Klinik Syd;eva@x.dk\n"
    "Finn Gram;;finn@x.dk\n"
    "Gitte Hav;Øst;gitte@x.dk\n"
    "Hans Is;;\n"
    "Ida Jul;lægehuset nord;ida@x.dk\n"
    "Jens Kok;;jens@x.dk\n"
)
EMAILS = {"anna@x.dk", "bo@x.dk", "carl@x.dk", "eva@x.dk", "finn@x.dk", "gitte@x.dk", "ida@x.dk", "jens@x.dk"}


@pytest.fixture
def app() -> typer.Typer:
    root = typer.Typer()

    @root.callback()
    def main() -> None:
        """Test root."""

    register(root)
    return root


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    path = tmp_path / "deltagere.csv"
    path.write_bytes(ROSTER.encode("cp1252"))
    return path


def run(app: typer.Typer, *args: str):
    return CliRunner().invoke(app, ["groups", *args])


def test_text_format_lists_rounds_and_report(app: typer.Typer, roster: Path) -> None:
    result = run(app, str(roster), "--rounds", "2")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Runde 1" in out and "Runde 2" in out and "Gruppe 3" in out
    assert "Anna Holm (Lægehuset Nord)" in out and "Carl Dam (sololæge)" in out
    assert "Kolleger fra samme praksis i samme gruppe: 0 par" in out
    assert "Gentagne par:" in out


def test_json_format(app: typer.Typer, roster: Path) -> None:
    result = run(app, str(roster), "--format", "json", "--rounds", "3", "--seed", "7")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data) == 3
    for groups in data:
        people = [p for g in groups for p in g]
        assert len(people) == 10
        assert all(set(p) == {"name", "practice", "email"} for p in people)
        assert all(3 <= len(g) <= 5 for g in groups)
        for g in groups:
            practices = [p["practice"].lower() for p in g if p["practice"]]
            assert len(practices) == len(set(practices))
    again = run(app, str(roster), "--format", "json", "--rounds", "3", "--seed", "7")
    assert again.stdout == result.stdout


def test_csv_format(app: typer.Typer, roster: Path) -> None:
    result = run(app, str(roster), "--format", "csv", "--rounds", "2")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["runde", "gruppe", "navn", "praksis", "email"]
    assert len(rows) == 1 + 2 * 10
    assert {r[0] for r in rows[1:]} == {"1", "2"}


def test_zoom_format_to_stdout_is_round_one_with_note(app: typer.Typer, roster: Path) -> None:
    result = run(app, str(roster), "--format", "zoom", "--rounds", "3")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Pre-assign Room Name,Email Address"
    rows = [line.split(",") for line in lines[1:]]
    assert {email for _, email in rows} == EMAILS
    assert all(room.startswith("Gruppe ") for room, _ in rows)
    assert "runde 1" in result.stderr and "--out" in result.stderr
    assert "Dorte Eg" in result.stderr and "Hans Is" in result.stderr  # no email


def test_zoom_out_dir_one_file_per_round(app: typer.Typer, roster: Path, tmp_path: Path) -> None:
    out = tmp_path / "zoom"
    result = run(app, str(roster), "--format", "zoom", "--rounds", "3", "--out", str(out))
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["runde-1.csv", "runde-2.csv", "runde-3.csv"]
    for path in out.iterdir():
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0] == "Pre-assign Room Name,Email Address"
        assert len(lines) == 1 + len(EMAILS)
    first = (out / "runde-1.csv").read_text()
    assert first != (out / "runde-2.csv").read_text()


def test_by_practice(app: typer.Typer, roster: Path) -> None:
    result = run(app, str(roster), "--by-practice", "--rounds", "1", "--format", "json")
    groups = json.loads(result.stdout)[0]
    nord = next(g for g in groups if any(p["name"] == "Anna Holm" for p in g))
    assert sorted(p["name"] for p in nord) == ["Anna Holm", "Bo Berg", "Ida Jul"]
    solos = next(g for g in groups if any(p["name"] == "Carl Dam" for p in g))
    assert {"Finn Gram", "Hans Is", "Jens Kok", "Gitte Hav"} <= {p["name"] for p in solos}


def test_text_out_dir(app: typer.Typer, roster: Path, tmp_path: Path) -> None:
    result = run(app, str(roster), "--out", str(tmp_path / "ud"))
    assert result.exit_code == 0
    assert "Runde 3" in (tmp_path / "ud" / "grupper.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"navn;email\nA;a@x.dk\n", "række 1, kolonne 'praksis': kolonnen 'praksis' mangler"),
        (b"navn;praksis\nA;P\n;Q\n", "række 3, kolonne 'navn': kolonnen 'navn' er tom"),
        (b"navn;praksis\nA;P\nB;P\na;p\n", "række 4, kolonne 'navn': samme person (navn og praksis) som række 2"),
        (b"navn;praksis;email\nA;;a@x.dk\nB;;a@x.dk\n", "række 3, kolonne 'email': samme e-mail som række 2"),
        (b"\x00\x01\x02", "filen kan ikke læses"),
    ],
)
def test_bad_roster_exits_1_naming_the_row(app: typer.Typer, tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = run(app, str(path))
    assert result.exit_code == 1
    assert expected in result.stderr
    assert result.stderr.startswith("bad.csv")
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_missing_file_exits_1(app: typer.Typer, tmp_path: Path) -> None:
    result = run(app, str(tmp_path / "nope.csv"))
    assert result.exit_code == 1
    assert "kan ikke åbnes" in result.stderr
    assert "Traceback" not in result.output
