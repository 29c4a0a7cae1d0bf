"""Read a survey file (CSV or XLSX, given as bytes) into a `Survey`, naming the row and column of every problem.

The file format is described in docs/survey-format.md. Reading the file is the caller's job: this module takes
bytes (the domain does no I/O). Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from app.domain.problems import InputError, Problem

WHO5_COLUMNS = ("who5_1", "who5_2", "who5_3", "who5_4", "who5_5")
JOB_COLUMN = "arbejdsglaede"
JOB_ALIASES = ("arbejdsglaede", "arbejdsglæde")
EXPERIENCE_COLUMN = "erfaringer"
JOB_LABELS = ("I meget høj grad", "I høj grad", "I nogen grad", "I ringe grad", "Slet ikke")
PREFIXES = {"positiv": "positive", "negativ": "negative", "strategi": "strategies"}

MAX_BYTES = 5_000_000
MAX_ROWS = 2000  # data rows; a cluster has tens of members
MAX_COLUMNS = 300
MAX_PROBLEMS = 30
XLSX_MAGIC = b"PK\x03\x04"

_INT_RE = re.compile(r"^[+-]?\d{1,9}(?:[.,]0*)?$")
_FLOAT_RE = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")
_JOB_BY_TEXT = {" ".join(label.casefold().split()): code for code, label in enumerate(JOB_LABELS, start=1)}


@dataclass(frozen=True, eq=False)
class Survey:
    """One survey: one row per respondent, indexed by spreadsheet row number.

    `who5`: Int64 columns who5_1..who5_5 (NA = unanswered); `job`: Int64 codes 1-5 (1 = "I meget høj grad");
    `positive`/`strategies`: boolean column per factor/strategy (True = chosen); `negative`: Int64 rating 1-10
    per factor; `experiences`: the non-blank free texts in file order.
    """

    source: str
    who5: pd.DataFrame
    job: pd.Series
    positive: pd.DataFrame
    negative: pd.DataFrame
    strategies: pd.DataFrame
    experiences: tuple[str, ...] = ()
    has_job_column: bool = True

    @property
    def responses(self) -> int:
        return len(self.who5.index)


@dataclass(frozen=True)
class _Column:
    index: int
    name: str  # as written in the header
    kind: str  # who5, job, experiences, positive, negative, strategies
    key: str  # who5_1 ..., or the factor/strategy name


@dataclass
class _Collector:
    source: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, message: str, row: int | None = None, column: str | None = None) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(message, source=self.source, row=row, column=column))
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append(Problem("flere fejl udeladt – ret de viste og prøv igen", source=self.source))

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(list(self.problems))


class _CellError(ValueError):
    pass


def parse_survey(data: bytes, source: str = "upload") -> Survey:
    """Parse a survey file: XLSX (detected by content) or CSV (`;`, `,` or tab; UTF-8 with or without BOM,
    UTF-16 with BOM, or Windows-1252). Raise `InputError` listing every problem with its row and column."""
    if len(data) > MAX_BYTES:
        raise InputError([Problem(f"filen er for stor (over {MAX_BYTES // 1_000_000} MB)", source=source)])
    rows = _xlsx_rows(data, source) if data.startswith(XLSX_MAGIC) else _csv_rows(data, source)
    return _build(rows, source)


def _fail(source: str, message: str, row: int | None = None) -> InputError:
    return InputError([Problem(message, source=source, row=row)])


# ---------------------------------------------------------------- reading rows


def _decode(data: bytes, source: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    elif data.startswith(b"\xef\xbb\xbf"):
        encodings = ("utf-8-sig",)
    else:
        encodings = ("utf-8", "cp1252")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise _fail(source, "filen kan ikke læses: den er hverken en CSV-fil (UTF-8 eller Windows-1252) eller XLSX")


def _delimiter(text: str) -> str:
    """The delimiter that splits the header into the most WHO-5 column names; ties go to the most frequent."""
    first = text.split("\n", 1)[0]

    def score(d: str) -> tuple[int, int]:
        names = {part.strip().strip('"').strip().casefold() for part in first.split(d)}
        return len(names & set(WHO5_COLUMNS)), first.count(d)

    best = max((";", ",", "\t"), key=score)
    return best if first.count(best) else ","


def _csv_rows(data: bytes, source: str) -> list[tuple[int, list[Any]]]:
    text = _decode(data, source)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return _limit(enumerate(reader, start=1), source)
    except csv.Error as err:
        raise _fail(source, f"filen kan ikke læses som CSV: {err}", row=reader.line_num or None) from None


def _xlsx_rows(data: bytes, source: str) -> list[tuple[int, list[Any]]]:
    import openpyxl  # imported here: only XLSX uploads pay for it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            return _limit(((n, list(r)) for n, r in enumerate(sheet.iter_rows(values_only=True), start=1)), source)
        finally:
            book.close()
    except InputError:
        raise
    except Exception:  # openpyxl and zipfile raise many unrelated types for a broken workbook
        raise _fail(source, "filen kan ikke læses: den ligner en XLSX-fil, men er beskadiget") from None


def _limit(rows: Iterable[tuple[int, list[Any]]], source: str) -> list[tuple[int, list[Any]]]:
    kept: list[tuple[int, list[Any]]] = []
    for number, cells in rows:
        if number > 10 * MAX_ROWS:
            raise _fail(source, f"filen har for mange rækker (højst {MAX_ROWS} besvarelser)", row=number)
        if all(_blank(c) for c in cells):
            continue
        if len(kept) > MAX_ROWS:
            raise _fail(source, f"filen har for mange rækker (højst {MAX_ROWS} besvarelser)", row=number)
        kept.append((number, cells))
    return kept


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


# ---------------------------------------------------------------- header


def _header(number: int, cells: list[Any], out: _Collector) -> list[_Column]:
    while cells and _blank(cells[-1]):
        cells = cells[:-1]
    if len(cells) > MAX_COLUMNS:
        out.add(f"filen har for mange kolonner (højst {MAX_COLUMNS})", row=number)
        return []
    columns: list[_Column] = []
    seen: dict[tuple[str, str], str] = {}
    for index, cell in enumerate(cells):
        if _blank(cell):
            continue
        name = " ".join(str(cell).split())
        column = _classify(index, name, number, out)
        if column is None:
            continue
        ident = (column.kind, column.key.casefold())
        if ident in seen:
            out.add(f"kolonnen findes to gange (også '{seen[ident]}')", row=number, column=name)
            continue
        seen[ident] = name
        columns.append(column)
    for key in WHO5_COLUMNS:
        if ("who5", key) not in seen:
            out.add("WHO-5-kolonnen mangler i overskriften", row=number, column=key)
    return columns


def _classify(index: int, name: str, row: int, out: _Collector) -> _Column | None:
    lowered = name.casefold()
    if lowered in WHO5_COLUMNS:
        return _Column(index, name, "who5", lowered)
    if lowered.startswith("who5"):
        out.add("ukendt WHO-5-kolonne (brug who5_1 … who5_5)", row=row, column=name)
        return None
    if lowered in JOB_ALIASES:
        return _Column(index, name, "job", JOB_COLUMN)
    if lowered == EXPERIENCE_COLUMN:
        return _Column(index, name, "experiences", EXPERIENCE_COLUMN)
    if ":" not in name:
        return None  # other columns (respondent id, timestamps) are ignored
    prefix, _, rest = name.partition(":")
    kind = PREFIXES.get(prefix.strip().casefold())
    if kind is None:
        out.add("ukendt kolonnetype før ':' (brug 'positiv:', 'negativ:' eller 'strategi:')", row=row, column=name)
        return None
    if not rest.strip():
        out.add("kolonnen mangler navnet på forholdet efter ':'", row=row, column=name)
        return None
    return _Column(index, name, kind, rest.strip())


# ---------------------------------------------------------------- cells


def _number(cell: Any) -> float:
    if isinstance(cell, bool):
        raise _CellError("er ikke et tal")
    if isinstance(cell, (int, float)):
        if not math.isfinite(cell):
            raise _CellError("er ikke et tal")
        return float(cell)
    text = str(cell).strip()
    if _INT_RE.match(text):
        return float(int(re.split(r"[.,]", text)[0]))
    if _FLOAT_RE.match(text):
        return float(text.replace(",", "."))
    raise _CellError(f"'{_short(text)}' er ikke et tal")


def _integer(cell: Any, low: int, high: int) -> int:
    value = _number(cell)
    if not value.is_integer():
        raise _CellError(f"{_short(str(cell))} er ikke et helt tal fra {low} til {high}")
    if not low <= value <= high:
        raise _CellError(f"{int(value)} er uden for skalaen {low}–{high}")
    return int(value)


def _choice(cell: Any) -> bool:
    try:
        value = _number(cell)
    except _CellError:
        raise _CellError(f"'{_short(str(cell))}' skal være 1 (valgt) eller tom") from None
    if value not in (0.0, 1.0):
        raise _CellError(f"{_short(str(cell))} skal være 1 (valgt) eller tom")
    return value == 1.0


def _job(cell: Any) -> int:
    if isinstance(cell, str):
        code = _JOB_BY_TEXT.get(" ".join(cell.casefold().split()))
        if code is not None:
            return code
    try:
        return _integer(cell, 1, len(JOB_LABELS))
    except _CellError:
        labels = ", ".join(f"'{label}'" for label in JOB_LABELS)
        raise _CellError(f"ukendt svar '{_short(str(cell))}' – brug {labels} eller koderne 1–5") from None


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _value(column: _Column, cell: Any) -> Any:
    if _blank(cell):
        return False if column.kind in ("positive", "strategies") else None
    if column.kind == "who5":
        return _integer(cell, 0, 5)
    if column.kind == "job":
        return _job(cell)
    if column.kind == "negative":
        return _integer(cell, 1, 10)
    if column.kind in ("positive", "strategies"):
        return _choice(cell)
    return " ".join(str(cell).split())


# ---------------------------------------------------------------- assembling


def _records(
    rows: list[tuple[int, list[Any]]], columns: list[_Column], width: int, out: _Collector
) -> Iterator[tuple[int, dict[tuple[str, str], Any]]]:
    for number, cells in rows:
        if any(not _blank(c) for c in cells[width:]):
            out.add("rækken har flere udfyldte celler end overskriften har kolonner", row=number)
        record: dict[tuple[str, str], Any] = {}
        for column in columns:
            cell = cells[column.index] if column.index < len(cells) else None
            try:
                record[(column.kind, column.key)] = _value(column, cell)
            except _CellError as err:
                out.add(str(err), row=number, column=column.name)
        yield number, record


def _build(rows: list[tuple[int, list[Any]]], source: str) -> Survey:
    if not rows:
        raise _fail(source, "filen er tom")
    out = _Collector(source)
    header_row, header_cells = rows[0]
    columns = _header(header_row, header_cells, out)
    out.raise_if_any()
    records = list(_records(rows[1:], columns, len(header_cells), out))
    out.raise_if_any()
    if not records:
        raise _fail(source, "filen har ingen besvarelser under overskriften", row=header_row + 1)
    return _survey(records, columns, source)


def _frame(records: list[tuple[int, dict[tuple[str, str], Any]]], columns: list[_Column], kind: str,
           dtype: str) -> pd.DataFrame:
    keys = [c.key for c in columns if c.kind == kind]
    index = pd.Index([n for n, _ in records], name="row")
    data = {key: [rec.get((kind, key)) for _, rec in records] for key in keys}
    return pd.DataFrame(data, index=index, columns=keys).astype(dtype)


def _survey(records: list[tuple[int, dict[tuple[str, str], Any]]], columns: list[_Column], source: str) -> Survey:
    who5 = _frame(records, columns, "who5", "Int64")[list(WHO5_COLUMNS)]
    jobs = _frame(records, columns, "job", "Int64")
    job = jobs[JOB_COLUMN] if JOB_COLUMN in jobs else pd.Series(pd.NA, index=who5.index, dtype="Int64")
    texts = [rec.get(("experiences", EXPERIENCE_COLUMN)) for _, rec in records]
    return Survey(
        source=source,
        who5=who5,
        job=job.rename(JOB_COLUMN),
        positive=_frame(records, columns, "positive", "bool"),
        negative=_frame(records, columns, "negative", "Int64"),
        strategies=_frame(records, columns, "strategies", "bool"),
        experiences=tuple(t for t in texts if t),
        has_job_column=JOB_COLUMN in jobs,
    )
