"""Participant rosters: read a CSV or XLSX list of doctors (name, practice, email).

The co-host imports a roster before the meeting. Columns `navn`, `praksis`, `email` (English `name`,
`practice`, `email` accepted; headers are case- and whitespace-insensitive; `email` is optional).
An empty practice (or the word "solo"/"sololæge") means a solo doctor. CSV may be `;`, `,` or tab separated,
UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1252 as older Excel writes it.

Pure: the caller reads the file and passes its bytes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.domain.problems import InputError, Problem

MAX_PEOPLE = 1000
MAX_NAME = 120
MAX_EMAIL = 254

_HEADER_ALIASES = {
    "navn": "name",
    "name": "name",
    "praksis": "practice",
    "practice": "practice",
    "klinik": "practice",
    "email": "email",
    "e-mail": "email",
    "mail": "email",
    "e mail": "email",
}
_SOLO_WORDS = {"solo", "sololæge", "sololaege", "solo læge"}
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Person:
    """One participant. `practice` is the display name; None for a solo doctor."""

    name: str
    practice: str | None = None
    email: str | None = None
    solo: bool = False

    @staticmethod
    def make(name: str, practice: str | None = None, email: str | None = None) -> Person:
        """Build a person; an empty practice makes a solo doctor."""
        clean = collapse(practice or "") or None
        return Person(name=collapse(name), practice=clean, email=(email or "").strip() or None, solo=clean is None)


@dataclass
class Roster:
    people: list[Person]


def collapse(text: str) -> str:
    """Strip and collapse inner whitespace."""
    return " ".join(text.split())


def practice_key(name: str | None) -> str | None:
    """Comparison key for practice names: case-insensitive, whitespace collapsed; None for solo."""
    if name is None:
        return None
    key = collapse(name).casefold()
    return key or None


def parse_roster(data: bytes, filename: str) -> Roster:
    """Parse a roster file (CSV or XLSX) from its bytes; raise `InputError` naming row and column."""
    rows = _read_rows(data, filename)
    return _rows_to_roster(rows, filename)


def _read_rows(data: bytes, filename: str) -> list[list[str]]:
    if filename.lower().endswith(_XLSX_SUFFIXES) or data[:4] == b"PK\x03\x04":
        return _xlsx_rows(data, filename)
    return _csv_rows(_decode(data, filename))


def _unreadable(filename: str, why: str) -> InputError:
    return InputError([Problem(f"filen kan ikke læses: {why}", source=filename)])


def _decode(data: bytes, filename: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _unreadable(filename, "ugyldig UTF-16-tekst") from exc
    if b"\x00" in data:
        raise _unreadable(filename, "det ligner ikke en CSV- eller XLSX-fil")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _unreadable(filename, "ukendt tegnsæt (brug UTF-8 eller Windows-1252)") from exc


def _sniff_delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _csv_rows(text: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    return list(reader)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(data: bytes, filename: str) -> list[list[str]]:
    try:
        return _read_xlsx(data)
    except Exception as exc:  # openpyxl, zipfile and zlib raise many unrelated types for a damaged workbook
        raise _unreadable(filename, "ikke en gyldig XLSX-fil") from exc


def _read_xlsx(data: bytes) -> list[list[str]]:
    import openpyxl  # local import: only needed for spreadsheets

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            return []
        rows: list[list[str]] = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(v) for v in row])
            if len(rows) > MAX_PEOPLE + 2 + 100:
                break
        return rows
    finally:
        book.close()


def _header_map(
    header: Sequence[str], filename: str, row: int
) -> tuple[dict[str, int], dict[str, str], list[Problem]]:
    """Map canonical column -> index; also canonical -> header as written. `row` is the header's row number."""
    index: dict[str, int] = {}
    written: dict[str, str] = {}
    problems: list[Problem] = []
    for pos, raw in enumerate(header):
        label = collapse(raw.replace("\ufeff", "")).casefold()
        canon = _HEADER_ALIASES.get(label)
        if canon is None:
            continue
        if canon in index:
            problems.append(Problem(f"kolonnen '{collapse(raw)}' findes to gange", source=filename, row=row,
                                    column=collapse(raw)))
            continue
        index[canon] = pos
        written[canon] = collapse(raw)
    for canon, danish in (("name", "navn"), ("practice", "praksis")):
        if canon not in index:
            problems.append(Problem(f"kolonnen '{danish}' mangler (eller '{canon}')", source=filename, row=row,
                                    column=danish))
    return index, written, problems


def _is_blank(row: Iterable[str]) -> bool:
    return all(not cell.strip() for cell in row)


def _rows_to_roster(rows: list[list[str]], filename: str) -> Roster:
    start = next((i for i, row in enumerate(rows) if not _is_blank(row)), None)
    if start is None:
        raise InputError([Problem("filen er tom", source=filename)])
    index, written, problems = _header_map(rows[start], filename, start + 1)
    if problems:
        raise InputError(problems)
    people, problems = _rows_to_people(rows[start + 1:], index, written, filename, start + 2)
    if not people and not problems:
        problems.append(Problem("ingen deltagere i filen", source=filename))
    if problems:
        raise InputError(problems)
    return Roster(people=people)


def _cell(row: Sequence[str], index: dict[str, int], canon: str) -> str:
    pos = index.get(canon)
    if pos is None or pos >= len(row):
        return ""
    return collapse(row[pos])


def _rows_to_people(
    rows: list[list[str]], index: dict[str, int], written: dict[str, str], filename: str, first_row: int
) -> tuple[list[Person], list[Problem]]:
    people: list[Person] = []
    problems: list[Problem] = []
    seen_person: dict[tuple[str, str | None], int] = {}
    seen_email: dict[str, int] = {}
    for offset, row in enumerate(rows):
        rownum = offset + first_row
        if _is_blank(row):
            continue
        if len(people) >= MAX_PEOPLE:
            problems.append(Problem(f"for mange rækker: højst {MAX_PEOPLE} deltagere", source=filename, row=rownum))
            break
        person, row_problems = _row_person(row, index, written, filename, rownum)
        problems.extend(row_problems)
        if person is None:
            continue
        key = (person.name.casefold(), practice_key(person.practice))
        if key in seen_person:
            problems.append(Problem(f"samme person (navn og praksis) som række {seen_person[key]}",
                                    source=filename, row=rownum, column=written["name"]))
            continue
        if person.email and person.email.casefold() in seen_email:
            problems.append(Problem(f"samme e-mail som række {seen_email[person.email.casefold()]}",
                                    source=filename, row=rownum, column=written.get("email", "email")))
            continue
        seen_person[key] = rownum
        if person.email:
            seen_email[person.email.casefold()] = rownum
        people.append(person)
    return people, problems


def _row_person(
    row: Sequence[str], index: dict[str, int], written: dict[str, str], filename: str, rownum: int
) -> tuple[Person | None, list[Problem]]:
    name = _cell(row, index, "name")
    practice = _cell(row, index, "practice")
    email = _cell(row, index, "email")
    problems: list[Problem] = []

    def bad(canon: str, message: str) -> None:
        problems.append(Problem(message, source=filename, row=rownum, column=written.get(canon, canon)))

    if not name:
        bad("name", f"kolonnen '{written['name']}' er tom")
    elif len(name) > MAX_NAME:
        bad("name", f"navnet er for langt ({len(name)} tegn, højst {MAX_NAME})")
    if len(practice) > MAX_NAME:
        bad("practice", f"praksisnavnet er for langt ({len(practice)} tegn, højst {MAX_NAME})")
    if email and (len(email) > MAX_EMAIL or not _EMAIL_RE.match(email)):
        bad("email", f"ugyldig e-mailadresse '{email[:60]}'")
    if problems:
        return None, problems
    if practice.casefold() in _SOLO_WORDS:
        practice = ""
    return Person.make(name, practice, email), []
