"""Roster import: encodings, separators, headers, XLSX, and every bad-roster message."""

from __future__ import annotations

import io

import openpyxl
import pytest

from app.domain.problems import InputError
from app.domain.roster import MAX_PEOPLE, Person, parse_roster, practice_key

DANISH = "navn;praksis;email\nSøren Ørsted;Lægerne på Åboulevarden;soren@klinik.dk\nÆse Bæk;;aese@klinik.dk\n"


def _problems(data: bytes, filename: str = "deltagere.csv") -> list:
    with pytest.raises(InputError) as info:
        parse_roster(data, filename)
    return info.value.problems


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_utf8_semicolon() -> None:
    roster = parse_roster(DANISH.encode("utf-8"), "deltagere.csv")
    assert roster.people == [
        Person("Søren Ørsted", "Lægerne på Åboulevarden", "soren@klinik.dk", solo=False),
        Person("Æse Bæk", None, "aese@klinik.dk", solo=True),
    ]


def test_utf8_with_bom() -> None:
    roster = parse_roster(DANISH.encode("utf-8-sig"), "deltagere.csv")
    assert [p.name for p in roster.people] == ["Søren Ørsted", "Æse Bæk"]


def test_windows_1252_from_old_excel() -> None:
    roster = parse_roster(DANISH.replace("\n", "\r\n").encode("cp1252"), "deltagere.csv")
    assert roster.people[0].practice == "Lægerne på Åboulevarden"
    assert roster.people[1].name == "Æse Bæk"


def test_comma_separated_english_headers_quoted_fields() -> None:
    text = ' Name , PRACTICE,E-mail\n"Hansen, Per",Klinik Nord,per@x.dk\nLis,klinik  nord ,\n'
    people = parse_roster(text.encode(), "roster.csv").people
    assert people[0] == Person("Hansen, Per", "Klinik Nord", "per@x.dk", False)
    assert people[1].email is None
    assert practice_key(people[0].practice) == practice_key(people[1].practice) == "klinik nord"


def test_email_column_optional_and_extra_columns_ignored() -> None:
    people = parse_roster(b"navn;noter;praksis\nA;x;P1\nB;y;solo\n", "r.csv").people
    assert [(p.name, p.practice, p.email, p.solo) for p in people] == [("A", "P1", None, False),
                                                                      ("B", None, None, True)]


def test_blank_rows_skipped() -> None:
    people = parse_roster(b"navn,praksis\n\nA,P\n,\nB,\n", "r.csv").people
    assert [p.name for p in people] == ["A", "B"]


def test_row_numbers_match_the_file_after_leading_blank_lines() -> None:
    (problem,) = _problems(b"\n\nnavn;praksis\nA;B\n;C\n")
    assert problem.row == 5


def test_tab_separated_utf16_as_excel_unicode_text() -> None:
    data = "navn\tpraksis\temail\nÅse\tP\tase@x.dk\n".encode("utf-16")
    assert parse_roster(data, "r.txt").people[0].name == "Åse"


def test_xlsx_made_with_openpyxl() -> None:
    data = _xlsx([["Navn", "Praksis", "Email"], ["Ida Ørum", "Lægehuset", "ida@x.dk"], ["Jon", None, None],
                  [None, None, None], ["Kaj", 12345.0, None]])
    people = parse_roster(data, "deltagere.xlsx").people
    assert people[0] == Person("Ida Ørum", "Lægehuset", "ida@x.dk", False)
    assert people[1].solo
    assert len(people) == 3 and people[2].practice == "12345"


def test_xlsx_detected_by_content_without_suffix() -> None:
    data = _xlsx([["name", "practice"], ["A", "B"]])
    assert parse_roster(data, "upload").people[0].name == "A"


# --- bad rosters: each names the row (header = row 1) and column ------------------------------------------

def test_missing_column() -> None:
    (problem,) = _problems(b"navn;email\nA;a@x.dk\n")
    assert problem.row == 1 and problem.column == "praksis"
    assert "'praksis' mangler" in problem.message


def test_missing_both_columns() -> None:
    problems = _problems(b"foo;bar\n1;2\n")
    assert {p.column for p in problems} == {"navn", "praksis"}


def test_duplicate_column() -> None:
    (problem,) = _problems(b"navn;praksis;name\nA;B;C\n")
    assert problem.row == 1 and "to gange" in problem.message


def test_empty_name() -> None:
    (problem,) = _problems(b"navn;praksis\nA;P\nB;P\n;P\n")
    assert problem.row == 4 and problem.column == "navn"
    assert problem.message == "kolonnen 'navn' er tom"
    assert problem.source == "deltagere.csv"


def test_duplicate_person_same_name_and_practice() -> None:
    (problem,) = _problems(b"navn;praksis\nAnna;Nord\nBo;Nord\nanna ; nord\n")
    assert problem.row == 4 and "samme person" in problem.message and "række 2" in problem.message


def test_same_name_other_practice_is_fine() -> None:
    assert len(parse_roster(b"navn;praksis\nAnna;Nord\nAnna;Syd\n", "r.csv").people) == 2


def test_duplicate_email() -> None:
    (problem,) = _problems(b"navn;praksis;email\nA;;a@x.dk\nB;;A@X.dk\n")
    assert problem.row == 3 and problem.column == "email" and "række 2" in problem.message


def test_invalid_email() -> None:
    (problem,) = _problems(b"navn;praksis;email\nA;;not-an-email\n")
    assert problem.row == 2 and problem.column == "email"


def test_overlong_fields() -> None:
    long = "x" * 121
    problems = _problems(f"navn;praksis\n{long};P\nB;{long}\n".encode())
    assert [(p.row, p.column) for p in problems] == [(2, "navn"), (3, "praksis")]
    assert all("for lang" in p.message for p in problems)


def test_too_many_rows() -> None:
    rows = "".join(f"L{i};\n" for i in range(MAX_PEOPLE + 1))
    problems = _problems(f"navn;praksis\n{rows}".encode())
    assert problems[-1].row == MAX_PEOPLE + 2 and "for mange" in problems[-1].message


def test_unreadable_files() -> None:
    (problem,) = _problems(b"PK\x03\x04garbage", "r.xlsx")
    assert "kan ikke læses" in problem.message
    (problem,) = _problems(b"\x00\x01\x02binary", "r.csv")
    assert "kan ikke læses" in problem.message
    (problem,) = _problems(b"navn;praksis\n\x81\x8d\x8f\n")  # bytes neither UTF-8 nor Windows-1252
    assert "tegnsæt" in problem.message


def test_empty_file_and_header_only() -> None:
    assert "tom" in _problems(b"")[0].message
    assert "ingen deltagere" in _problems(b"navn;praksis\n")[0].message


def test_problems_collected_for_several_rows() -> None:
    problems = _problems(b"navn;praksis\n;A\nB;C\n;D\n")
    assert [p.row for p in problems] == [2, 4]
