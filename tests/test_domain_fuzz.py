"""Fuzz the file parsers not fuzzed elsewhere (roster, PowerPoint deck, survey comparison YAML): whatever the
bytes or text, they give a result or an `InputError` naming the file, never another exception.
(The agenda, survey and Zoom chat parsers are fuzzed in test_domain_parsers_fuzz, test_domain_survey and
test_domain_chatimport.)"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.deck import read_deck
from app.domain.problems import InputError
from app.domain.roster import parse_roster
from app.domain.survey_comparison import parse_comparison
from tests.builders_deck import numbered_deck

ROOT = Path(__file__).resolve().parent.parent
COMPARISON = (ROOT / "examples" / "sammenligning.yaml").read_text(encoding="utf-8")
ROSTER = "navn;praksis;email\nAnne Øster;Lægehuset Nord;anne@nord.dk\nBo Ærø;;bo@solo.dk\n"
DECK = numbered_deck(2)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def only_input_errors(parse: Callable[[], Any], source: str) -> None:
    try:
        parse()
    except InputError as err:
        assert err.problems
        assert all(source in str(problem) for problem in err.problems), err.problems


def xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def mangled_zip(data: bytes, member: str, content: bytes) -> bytes:
    """The zip (pptx/xlsx) with one member's content replaced."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, content if info.filename == member else src.read(info.filename))
    return out.getvalue()


ROSTER_XLSX = xlsx([["navn", "praksis", "email"], ["Anne Øster", "Lægehuset Nord", "anne@nord.dk"], ["Bo Ærø"]])


# -- roster -------------------------------------------------------------------------------------------------
@FUZZ
@given(st.binary(max_size=400), st.sampled_from(["liste.csv", "liste.xlsx", "liste.txt", "liste"]))
def test_roster_arbitrary_bytes(data: bytes, filename: str) -> None:
    only_input_errors(lambda: parse_roster(data, filename), filename)


@FUZZ
@given(st.integers(0, len(ROSTER)), st.integers(0, 30), st.text(max_size=40),
       st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_roster_mangled_real_file(start: int, length: int, insert: str, encoding: str) -> None:
    data = (ROSTER[:start] + insert + ROSTER[start + length:]).encode(encoding, errors="replace")
    only_input_errors(lambda: parse_roster(data, "liste.csv"), "liste.csv")


@FUZZ
@given(st.data(), st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 40), st.binary(max_size=40)),
                           min_size=1, max_size=3))
def test_roster_corrupted_spreadsheet(data: st.DataObject, cuts: list[tuple[int, int, bytes]]) -> None:
    """Damaged compressed data, unsupported zip versions and the like are refused like any unreadable file."""
    content = ROSTER_XLSX
    for start, length, insert in cuts:
        start %= len(content)
        content = content[:start] + insert + content[start + length:]
    only_input_errors(lambda: parse_roster(content, "liste.xlsx"), "liste.xlsx")


def test_roster_damaged_compressed_sheet_is_an_input_error() -> None:
    """Found by fuzzing: zlib errors raised while the rows are read lazily."""
    with zipfile.ZipFile(BytesIO(ROSTER_XLSX)) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
        offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged = bytearray(ROSTER_XLSX)
    damaged[offset:offset + 8] = b"\xff" * 8
    only_input_errors(lambda: parse_roster(bytes(damaged), "liste.xlsx"), "liste.xlsx")


CELL = st.one_of(st.none(), st.text(max_size=30), st.integers(), st.floats(allow_nan=False), st.booleans())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELL, max_size=5), max_size=6))
def test_roster_arbitrary_spreadsheet_cells(rows: list[list[Any]]) -> None:
    from openpyxl.utils.exceptions import IllegalCharacterError

    try:
        data = xlsx([["navn", "praksis", "email"], *rows])
    except IllegalCharacterError:  # a cell openpyxl itself refuses to write (control characters)
        return
    only_input_errors(lambda: parse_roster(data, "liste.xlsx"), "liste.xlsx")


# -- PowerPoint deck ----------------------------------------------------------------------------------------
@FUZZ
@given(st.one_of(st.binary(max_size=400), st.binary(max_size=200).map(lambda b: b"PK\x03\x04" + b)))
def test_deck_arbitrary_bytes(data: bytes) -> None:
    only_input_errors(lambda: read_deck(data, "møde.pptx"), "møde.pptx")


@FUZZ
@given(st.integers(0, len(DECK) - 1), st.integers(1, 64), st.binary(max_size=64))
def test_deck_corrupted_real_file(start: int, length: int, insert: bytes) -> None:
    data = DECK[:start] + insert + DECK[start + length:]
    only_input_errors(lambda: read_deck(data, "møde.pptx"), "møde.pptx")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["ppt/presentation.xml", "ppt/slides/slide1.xml", "[Content_Types].xml",
                        "ppt/_rels/presentation.xml.rels", "ppt/notesSlides/notesSlide1.xml"]),
       st.one_of(st.binary(max_size=200), st.text(max_size=200).map(lambda t: f"<?xml version='1.0'?><a>{t}</a>"
                                                                    .encode("utf-8", errors="replace"))))
def test_deck_with_one_broken_part(member: str, content: bytes) -> None:
    with zipfile.ZipFile(BytesIO(DECK)) as z:
        if member not in z.namelist():
            return
    data = mangled_zip(DECK, member, content)
    only_input_errors(lambda: read_deck(data, "møde.pptx"), "møde.pptx")


# -- survey comparison YAML ---------------------------------------------------------------------------------
@FUZZ
@given(st.text())
def test_comparison_arbitrary_text(text: str) -> None:
    only_input_errors(lambda: parse_comparison(text, "sammenligning.yaml"), "sammenligning.yaml")


@FUZZ
@given(st.integers(0, len(COMPARISON) - 1), st.integers(1, 80), st.text(max_size=40))
def test_comparison_mangled_real_file(start: int, length: int, insert: str) -> None:
    text = COMPARISON[:start] + insert + COMPARISON[start + length:]
    only_input_errors(lambda: parse_comparison(text, "sammenligning.yaml"), "sammenligning.yaml")


VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                     lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children,
                                                                                          max_size=4), max_leaves=20)


def leaf_paths(node: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if isinstance(node, dict):
        return [path] + [p for k, v in node.items() for p in leaf_paths(v, (*path, str(k)))]
    return [path]


def comparison_with(path: tuple[str, ...], value: object) -> str:
    from io import StringIO

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    data = yaml.load(COMPARISON)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    out = StringIO()
    yaml.dump(data, out)
    return out.getvalue()


@settings(max_examples=150, deadline=None)
@given(st.data(), VALUE)
def test_comparison_real_file_with_one_value_replaced(data: st.DataObject, value: object) -> None:
    from ruamel.yaml import YAML

    paths = [p for p in leaf_paths(YAML(typ="safe").load(COMPARISON)) if p]
    text = comparison_with(data.draw(st.sampled_from(paths)), value)
    only_input_errors(lambda: parse_comparison(text, "sammenligning.yaml"), "sammenligning.yaml")


@settings(max_examples=100, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children,
                                                                                         max_size=4), max_leaves=20),
       st.sampled_from(["national", "example_values", "note", "population", "labels"]))
def test_comparison_arbitrary_yaml_structures(value: object, key: str) -> None:
    from io import StringIO

    from ruamel.yaml import YAML

    out = StringIO()
    YAML(typ="safe").dump({key: value}, out)
    only_input_errors(lambda: parse_comparison(out.getvalue(), "sammenligning.yaml"), "sammenligning.yaml")
