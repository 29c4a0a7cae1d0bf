"""Small survey files for the survey tests, with their hand-computed measures."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE_FILE = EXAMPLES / "survey-eksempel.csv"
FOLLOW_UP_FILE = EXAMPLES / "survey-opfoelgning.csv"
COMPARISON_FILE = EXAMPLES / "sammenligning.yaml"

HEADER = ["who5_1", "who5_2", "who5_3", "who5_4", "who5_5", "arbejdsglaede", "positiv: A", "positiv: B",
          "positiv: C", "negativ: X", "negativ: Y", "strategi: S1", "strategi: S2", "erfaringer"]

# Scores: 100, 60, 32, 20 and one without a score (an unanswered WHO-5 item).
SMALL_ROWS: list[list[Any]] = [
    [5, 5, 5, 5, 5, "I meget høj grad", 1, 1, "", 8, 2, 1, "", "Pauser hjælper"],
    [3, 3, 3, 3, 3, "i HØJ grad", 1, "", 1, 6, "", 1, 1, ""],
    [2, 2, 2, 1, 1, 3, 1, "", "", 7, 3, "", 1, "Motion"],
    [1, 1, 1, 1, 1, "Slet ikke", "", 1, "", "", "", "", "", ""],
    [4, 4, "", 4, 4, "", "", "", "", 9, 4, "", "", ""],
]
SMALL_MEMBERS = 8

SMALL_REPORT: dict[str, Any] = {
    "responses": 5,
    "response_rate": 0.625,
    "who5": {"mean": 53.0, "min": 20, "max": 100, "bands": {"high": 2, "low": 1, "very_low": 1}},
    "job_satisfaction": {
        "counts": {"I meget høj grad": 1, "I høj grad": 1, "I nogen grad": 1, "I ringe grad": 0, "Slet ikke": 1},
        "high": 2,
        "low": 1,
    },
    "positive": [["A", 3], ["B", 2], ["C", 1]],
    "negative": [["X", 7.5], ["Y", 3.0]],
    "strategies": [["S1", 2], ["S2", 2]],
    "experiences": ["Pauser hjælper", "Motion"],
}
SMALL_COUNTS: dict[str, Any] = {"who5": 4, "job_satisfaction": 4, "positive": 4, "negative": {"X": 4, "Y": 3},
                                "strategies": 3}

# A follow-up of the small survey: scores 80, 60, 48, 40; nobody in "Slet ikke".
LATER_ROWS: list[list[Any]] = [
    [4, 4, 4, 4, 4, 1, "", 1, 1, 6, 2, 1, 1, ""],
    [3, 3, 3, 3, 3, 2, 1, 1, "", 5, 3, 1, "", "Kortere mails"],
    [2, 2, 2, 3, 3, 2, 1, "", 1, 4, 1, "", 1, ""],
    [2, 2, 2, 2, 2, 4, "", 1, 1, 5, 2, 1, "", ""],
]
LATER_MEMBERS = 8


def csv_bytes(rows: list[list[Any]], header: list[str] | None = None, delimiter: str = ";",
              encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header or HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[Any]], header: list[str] | None = None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append([None if cell == "" else cell for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
