"""`klynge export MEETING --format ... --out FILE` against a real SQLite file."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from email import message_from_bytes, policy
from pathlib import Path

import icalendar
import openpyxl
import pptx
from typer.testing import CliRunner

from app.cli import cli
from tests.builders_export import add_board_sqlite, hidden_texts, visible_texts

runner = CliRunner()


def new_meeting() -> str:
    result = runner.invoke(cli, ["meeting", "new", "trivsel-virtuel", "--cluster", "Klynge Ærø", "--date",
                                 "2026-11-23", "--start", "17:00", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["code"]


def export(code: str, fmt: str, out: Path) -> bytes:
    result = runner.invoke(cli, ["export", code.lower(), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def test_every_format_is_written_and_reads_back(data_dir: Path, tmp_path: Path) -> None:
    code = new_meeting()
    add_board_sqlite(data_dir / "klynge.db", code)
    with sqlite3.connect(data_dir / "klynge.db") as con:
        con.execute("UPDATE meetings SET follow_up_date = '2027-04-12' WHERE code = ?", (code,))

    eml = message_from_bytes(export(code, "eml", tmp_path / "mail.eml"), policy=policy.default)
    plain = eml.get_body(("plain",)).get_content()
    assert all(plain.count(t) == 1 for t in visible_texts()) and not any(t in plain for t in hidden_texts())
    assert "Kære alle i Klynge Ærø" in eml.get_body(("html",)).get_content()

    md = export(code, "md", tmp_path / "mail.md").decode("utf-8")
    assert all(md.count(t) == 1 for t in visible_texts())

    rows = list(csv.reader(io.StringIO(export(code, "csv", tmp_path / "idéer.csv").decode("utf-8-sig")),
                           delimiter=";"))
    assert len(rows) == 1 + len(visible_texts())

    book = openpyxl.load_workbook(io.BytesIO(export(code, "xlsx", tmp_path / "x.xlsx")))
    assert book.active.max_row == 1 + len(visible_texts())

    export(code, "pptx", tmp_path / "x.pptx")
    assert len(pptx.Presentation(str(tmp_path / "x.pptx")).slides) >= 2

    event = icalendar.Calendar.from_ical(export(code, "ics", tmp_path / "x.ics")).walk("VEVENT")[0]
    assert event.decoded("DTSTART").strftime("%Y-%m-%d %H:%M") == "2027-04-12 17:00"

    assert "Mødeforløb" in export(code, "record", tmp_path / "forloeb.txt").decode("utf-8-sig")
    assert "Implementeringsplaner" in export(code, "plans", tmp_path / "planer.txt").decode("utf-8-sig")


def test_unknown_code_and_missing_follow_up_exit_with_a_message(tmp_path: Path) -> None:
    result = runner.invoke(cli, ["export", "ZZZZZZ", "--format", "csv", "--out", str(tmp_path / "x.csv")])
    assert result.exit_code == 1 and "Intet møde med koden 'ZZZZZZ'" in result.output
    code = new_meeting()
    result = runner.invoke(cli, ["export", code, "--format", "ics", "--out", str(tmp_path / "x.ics")])
    assert result.exit_code == 1 and "Angiv først dato og tidspunkt" in result.output
    assert not (tmp_path / "x.ics").exists()
    result = runner.invoke(cli, ["export", code, "--format", "docx", "--out", str(tmp_path / "x.docx")])
    assert result.exit_code != 0
