"""Survey measures (app.domain.survey): parsing, each measure by hand, suppression, follow-up, bad files."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain import survey_parse
from app.domain.problems import InputError
from app.domain.survey import (
    answer_counts,
    band_of,
    compare,
    job_high_low_percent,
    parse_comparison,
    parse_survey,
    report,
    round1,
    screen_report,
    suppress,
    who5_band_percent,
    who5_scores,
)
from tests.builders_survey import (
    COMPARISON_FILE,
    EXAMPLE_FILE,
    FOLLOW_UP_FILE,
    HEADER,
    LATER_MEMBERS,
    LATER_ROWS,
    SMALL_COUNTS,
    SMALL_MEMBERS,
    SMALL_REPORT,
    SMALL_ROWS,
    csv_bytes,
    xlsx_bytes,
)

FEW = "Færre end 3 svar – vises ikke"


def small_report() -> dict:
    return report(parse_survey(csv_bytes(SMALL_ROWS), "lille.csv"), SMALL_MEMBERS)


def problems_of(data: bytes) -> list:
    with pytest.raises(InputError) as caught:
        parse_survey(data, "fil.csv")
    return caught.value.problems


# ---------------------------------------------------------------- measures against hand-computed values


def test_each_measure_matches_the_hand_computed_values() -> None:
    assert small_report() == SMALL_REPORT


def test_report_has_exactly_the_json_keys_of_the_issue() -> None:
    rep = small_report()
    assert list(rep) == ["responses", "response_rate", "who5", "job_satisfaction", "positive", "negative",
                         "strategies", "experiences"]
    assert set(rep["who5"]) == {"mean", "min", "max", "bands"}
    assert set(rep["job_satisfaction"]) == {"counts", "high", "low"}
    assert json.loads(json.dumps(rep)) == rep


def test_who5_score_is_raw_sum_times_four_and_unanswered_items_give_no_score() -> None:
    scores = who5_scores(parse_survey(csv_bytes(SMALL_ROWS)))
    assert list(scores) == [100, 60, 32, 20]
    assert list(scores.index) == [2, 3, 4, 5]  # row 6 has a blank WHO-5 item


@pytest.mark.parametrize(("score", "band"), [(100, "high"), (52, "high"), (51, "high"), (50, "low"), (32, "low"),
                                             (29, "low"), (28, "very_low"), (0, "very_low")])
def test_who_bands_have_their_boundaries_at_50_and_28(score: int, band: str) -> None:
    assert band_of(score) == band


def test_means_are_rounded_half_up_to_one_decimal() -> None:
    assert round1(62.25) == 62.3
    assert round1(7.45) == 7.5
    assert round1(7.44) == 7.4
    rows = [[3, 3, 3, 3, 3]] * 15 + [[4, 3, 3, 3, 3]]  # scores 15 x 60 and 64: mean 60.25
    rep = report(parse_survey(csv_bytes(rows, HEADER[:5])), 16)
    assert rep["who5"]["mean"] == 60.3


def test_job_satisfaction_accepts_labels_in_any_case_and_codes() -> None:
    rows = [[3, 3, 3, 3, 3, label] for label in ("SLET IKKE", "  i  ringe grad ", "5", "2.0", "I høj grad")]
    rep = report(parse_survey(csv_bytes(rows, HEADER[:6])), 5)
    counts = rep["job_satisfaction"]["counts"]
    assert counts == {"I meget høj grad": 0, "I høj grad": 2, "I nogen grad": 0, "I ringe grad": 1, "Slet ikke": 2}
    assert (rep["job_satisfaction"]["high"], rep["job_satisfaction"]["low"]) == (2, 3)


def test_percent_shares_use_everyone_who_answered_as_base() -> None:
    rep = small_report()
    assert who5_band_percent(rep) == {"high": 50.0, "low": 25.0, "very_low": 25.0}
    assert job_high_low_percent(rep) == {"high": 50.0, "low": 25.0}


def test_a_file_without_optional_columns_gives_empty_measures() -> None:
    rep = report(parse_survey(csv_bytes([[1, 2, 3, 4, 5]] * 3, HEADER[:5])), 3)
    assert rep["who5"]["mean"] == 60.0
    assert rep["positive"] == [] and rep["negative"] == [] and rep["strategies"] == [] and rep["experiences"] == []
    assert sum(rep["job_satisfaction"]["counts"].values()) == 0


def test_members_must_cover_the_responses() -> None:
    survey = parse_survey(csv_bytes(SMALL_ROWS))
    with pytest.raises(InputError, match="5 besvarelser, men klyngen har kun 4 medlemmer"):
        report(survey, 4)
    with pytest.raises(InputError, match="mindst 1"):
        report(survey, 0)


# ---------------------------------------------------------------- encodings and formats


def test_comma_separated_and_semicolon_separated_give_the_same_report() -> None:
    assert report(parse_survey(csv_bytes(SMALL_ROWS, delimiter=",")), SMALL_MEMBERS) == SMALL_REPORT


def test_commas_in_factor_names_do_not_fool_the_delimiter() -> None:
    header = [*HEADER[:5], "positiv: Tid, ro, plads, overblik, pauser, også om aftenen, og i weekenden"]
    data = csv_bytes([[3, 3, 3, 3, 3, 1]] * 3, header, delimiter=";")
    assert data.split(b"\r\n")[0].count(b",") > data.split(b"\r\n")[0].count(b";")
    assert report(parse_survey(data), 3)["positive"] == [[header[5].split(": ", 1)[1], 3]]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16"])
def test_bom_and_windows_1252_files_are_read(encoding: str) -> None:
    header = [*HEADER[:6], "negativ: Økonomi og overenskomst"]
    data = csv_bytes([[3, 3, 3, 3, 3, "I høj grad", 7]] * 3, header, encoding=encoding)
    rep = report(parse_survey(data), 3)
    assert rep["job_satisfaction"]["counts"]["I høj grad"] == 3
    assert rep["negative"] == [["Økonomi og overenskomst", 7.0]]


def test_xlsx_gives_the_same_report_as_csv() -> None:
    assert report(parse_survey(xlsx_bytes(SMALL_ROWS), "lille.xlsx"), SMALL_MEMBERS) == SMALL_REPORT


def test_xlsx_problem_names_the_spreadsheet_row_and_column() -> None:
    rows = [list(SMALL_ROWS[0]), list(SMALL_ROWS[1])]
    rows[1][9] = 11
    problems = problems_of(xlsx_bytes(rows))
    assert [(p.row, p.column) for p in problems] == [(3, "negativ: X")]


def test_other_columns_and_blank_rows_are_ignored() -> None:
    header = ["løbenummer", *HEADER]
    rows = [["r1"] + SMALL_ROWS[0], ["", "", ""], ["r2"] + SMALL_ROWS[1]]
    survey = parse_survey(csv_bytes(rows, header))
    assert survey.responses == 2
    assert list(survey.who5.index) == [2, 4]


def test_the_shipped_examples_parse() -> None:
    first = parse_survey(EXAMPLE_FILE.read_bytes(), EXAMPLE_FILE.name)
    later = parse_survey(FOLLOW_UP_FILE.read_bytes(), FOLLOW_UP_FILE.name)
    assert (first.responses, later.responses) == (14, 13)
    assert len(first.negative.columns) == 13
    rep = report(first, 19)
    assert len(rep["positive"]) == 10 and len(rep["strategies"]) == 8 and rep["experiences"]
    assert compare(rep, report(later, 19))["responses"] == -1


# ---------------------------------------------------------------- suppression


def test_answer_counts_are_the_bases_of_each_figure() -> None:
    assert answer_counts(parse_survey(csv_bytes(SMALL_ROWS))) == SMALL_COUNTS


def test_nothing_is_suppressed_when_every_figure_rests_on_three_answers() -> None:
    shown = suppress(SMALL_REPORT, 3, counts=SMALL_COUNTS)
    assert shown["suppressed"] == []
    assert {k: v for k, v in shown.items() if k != "suppressed"} == SMALL_REPORT


def test_figures_resting_on_fewer_answers_are_blanked_with_a_note() -> None:
    shown = suppress(SMALL_REPORT, 4, counts=SMALL_COUNTS)
    assert shown["negative"] == [["X", 7.5], ["Y", None]]
    assert shown["strategies"] == [["S1", None], ["S2", None]]
    assert shown["who5"] == SMALL_REPORT["who5"]
    assert shown["suppressed"] == [{"key": "strategies", "reason": "Færre end 4 svar – vises ikke"},
                                   {"key": "negative.Y", "reason": "Færre end 4 svar – vises ikke"}]
    assert SMALL_REPORT["negative"][1] == ["Y", 3.0]  # the original is untouched


def test_everything_but_responses_and_experiences_is_blanked_below_the_minimum() -> None:
    shown = suppress(SMALL_REPORT, 5, counts=SMALL_COUNTS)
    assert shown["who5"] == {"mean": None, "min": None, "max": None,
                             "bands": {"high": None, "low": None, "very_low": None}}
    assert shown["job_satisfaction"]["high"] is None
    assert set(shown["job_satisfaction"]["counts"].values()) == {None}
    assert all(v is None for _, v in shown["positive"] + shown["negative"] + shown["strategies"])
    assert (shown["responses"], shown["response_rate"]) == (5, 0.625)
    assert shown["experiences"] == SMALL_REPORT["experiences"]
    assert {n["key"] for n in shown["suppressed"]} == {"who5", "job_satisfaction", "positive", "strategies",
                                                        "negative.X", "negative.Y"}


def test_two_respondents_are_suppressed_on_screen() -> None:
    shown = screen_report(parse_survey(csv_bytes(SMALL_ROWS[:2])), 8)
    assert shown["who5"]["mean"] is None
    assert shown["suppressed"][0] == {"key": "who5", "reason": FEW}
    assert shown["experiences"] == ["Pauser hjælper"]


def test_suppress_without_counts_derives_them_from_the_report() -> None:
    two = report(parse_survey(csv_bytes(SMALL_ROWS[:2])), 8)
    shown = suppress(two)
    assert shown["who5"]["mean"] is None and shown["job_satisfaction"]["high"] is None
    assert shown["positive"] == [["A", None], ["B", None], ["C", None]]
    assert shown["negative"] == [["X", None], ["Y", None]]
    assert suppress(SMALL_REPORT)["suppressed"] == [{"key": "strategies", "reason": FEW}]  # max count 2 < 3


def test_suppress_is_idempotent() -> None:
    once = suppress(SMALL_REPORT, 4, counts=SMALL_COUNTS)
    assert suppress(once, 4, counts=SMALL_COUNTS) == once


# ---------------------------------------------------------------- follow-up


def test_follow_up_change_per_measure() -> None:
    later = report(parse_survey(csv_bytes(LATER_ROWS)), LATER_MEMBERS)
    assert later["who5"] == {"mean": 57.0, "min": 40, "max": 80, "bands": {"high": 2, "low": 2, "very_low": 0}}
    change = compare(SMALL_REPORT, later)
    assert change["responses"] == -1
    assert change["response_rate"] == -0.125
    assert change["who5"] == {"mean": 4.0, "min": 20, "max": -20, "bands": {"high": 0, "low": 1, "very_low": -1}}
    assert change["job_satisfaction"] == {
        "counts": {"I meget høj grad": 0, "I høj grad": 1, "I nogen grad": -1, "I ringe grad": 1, "Slet ikke": -1},
        "high": 1, "low": 0}
    assert change["positive"] == [["B", 1], ["C", 2], ["A", -1]]  # later: B 3, C 3, A 2
    assert change["negative"] == [["X", -2.5], ["Y", -1.0]]  # later: X 5.0, Y 2.0
    assert change["strategies"] == [["S1", 1], ["S2", 0]]


def test_follow_up_change_is_none_where_a_side_has_no_figure() -> None:
    later = {**SMALL_REPORT, "negative": [["X", 6.0], ["Z", 4.0]]}
    earlier = suppress(SMALL_REPORT, 4, counts=SMALL_COUNTS)
    change = compare(earlier, later)
    assert change["negative"] == [["X", -1.5], ["Z", None], ["Y", None]]
    assert change["strategies"] == [["S1", None], ["S2", None]]
    assert change["who5"]["mean"] == 0.0


# ---------------------------------------------------------------- bad files


def test_missing_who5_columns_are_named_in_the_header_row() -> None:
    problems = problems_of(csv_bytes([[1, 2, 3]], ["who5_1", "who5_2", "who5_4"]))
    assert [(p.row, p.column) for p in problems] == [(1, "who5_3"), (1, "who5_5")]
    assert "WHO-5-kolonnen mangler" in problems[0].message
    assert str(problems[0]) == "fil.csv: row 1: column 'who5_3': WHO-5-kolonnen mangler i overskriften"


@pytest.mark.parametrize(("column", "value", "message"), [
    (1, 6, "6 er uden for skalaen 0–5"),
    (1, -1, "-1 er uden for skalaen 0–5"),
    (9, 0, "0 er uden for skalaen 1–10"),
    (9, 11, "11 er uden for skalaen 1–10"),
    (2, "3,5", "3,5 er ikke et helt tal fra 0 til 5"),
    (3, "mange", "'mange' er ikke et tal"),
    (10, "høj", "'høj' er ikke et tal"),
    (6, 2, "2 skal være 1 (valgt) eller tom"),
    (11, "ja", "'ja' skal være 1 (valgt) eller tom"),
    (5, "Meget", "ukendt svar 'Meget' – brug 'I meget høj grad'"),
    (5, 6, "ukendt svar '6'"),
])
def test_a_bad_value_names_its_row_and_column(column: int, value: object, message: str) -> None:
    rows = [list(r) for r in SMALL_ROWS]
    rows[2][column] = value
    problems = problems_of(csv_bytes(rows))
    assert [(p.row, p.column) for p in problems] == [(4, HEADER[column])]
    assert problems[0].message.startswith(message)


def test_every_bad_cell_is_reported_in_one_go() -> None:
    rows = [list(r) for r in SMALL_ROWS]
    rows[0][0], rows[3][9] = 9, "x"
    assert [(p.row, p.column) for p in problems_of(csv_bytes(rows))] == [(2, "who5_1"), (5, "negativ: X")]


@pytest.mark.parametrize(("data", "message"), [
    (b"", "filen er tom"),
    (b"\x81\x8d\x00\x9d\xff", "filen kan ikke læses"),
    (b"PK\x03\x04 not really a workbook", "den ligner en XLSX-fil, men er beskadiget"),
    (b"who5_1;who5_2;who5_3;who5_4;who5_5\n", "filen har ingen besvarelser"),
])
def test_unreadable_or_empty_files(data: bytes, message: str) -> None:
    problems = problems_of(data)
    assert len(problems) == 1 and message in problems[0].message


def test_too_many_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(survey_parse, "MAX_ROWS", 4)
    problems = problems_of(csv_bytes([[3, 3, 3, 3, 3]] * 5, HEADER[:5]))
    assert problems[0].row == 6 and "for mange rækker (højst 4 besvarelser)" in problems[0].message


@pytest.mark.parametrize(("column", "named", "message"), [
    ("who5_6", "who5_6", "ukendt WHO-5-kolonne"),
    ("positv: A", "positv: A", "ukendt kolonnetype"),
    ("negativ:  ", "negativ:", "mangler navnet på forholdet"),
    (" WHO5_1", "WHO5_1", "kolonnen findes to gange"),
])
def test_suspicious_header_columns(column: str, named: str, message: str) -> None:
    problems = problems_of(csv_bytes([[1, 1, 1, 1, 1, 1]], [*HEADER[:5], column]))
    assert [(p.row, p.column) for p in problems] == [(1, named)]
    assert message in problems[0].message


def test_a_row_longer_than_the_header_is_a_problem() -> None:
    problems = problems_of(csv_bytes([[1, 1, 1, 1, 1, "", "ekstra"]], HEADER[:5]))
    assert (problems[0].row, problems[0].column) == (2, None)


def test_problem_count_is_capped() -> None:
    problems = problems_of(csv_bytes([[9, 9, 9, 9, 9]] * 20, HEADER[:5]))
    assert len(problems) == survey_parse.MAX_PROBLEMS + 1
    assert "flere fejl udeladt" in problems[-1].message


# ---------------------------------------------------------------- fuzz


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=400), st.binary(max_size=200).map(lambda b: b"PK\x03\x04" + b)))
def test_arbitrary_bytes_raise_only_input_error(data: bytes) -> None:
    try:
        report(parse_survey(data), 10_000)
    except InputError as err:
        assert err.problems and all(p.message for p in err.problems)


CELL = st.one_of(st.text(max_size=12), st.integers(-3, 12).map(str), st.sampled_from(["", "1", "I høj grad", "3,0"]))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(CELL, min_size=len(HEADER), max_size=len(HEADER) + 2), min_size=0, max_size=6),
       st.sampled_from([";", ","]))
def test_arbitrary_cell_text_raises_only_input_error(rows: list[list[str]], delimiter: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(HEADER)
    writer.writerows(rows)
    try:
        survey = parse_survey(buffer.getvalue().encode("utf-8"))
    except InputError as err:
        assert all(p.row is not None or p.column is None for p in err.problems)
        return
    rep = screen_report(survey, max(1, survey.responses))
    assert rep["responses"] == survey.responses


# ---------------------------------------------------------------- comparison figures


def test_the_shipped_comparison_file_is_marked_as_example_values() -> None:
    comparison = parse_comparison(COMPARISON_FILE.read_text(encoding="utf-8"), COMPARISON_FILE.name)
    assert comparison["example_values"] is True
    assert comparison["national"]["who5"]["mean"] is not None
    assert comparison["population"]["who5"]["mean"] is not None
    assert comparison["population"]["job_satisfaction_percent"]["high"] is None


def test_comparison_problems_name_line_and_key() -> None:
    text = "example_values: ja\nnational:\n  who5:\n    mean: 120\n  farve: blå\n"
    with pytest.raises(InputError) as caught:
        parse_comparison(text, "s.yaml")
    found = {(p.line, p.field) for p in caught.value.problems}
    assert found == {(1, "example_values"), (4, "national.who5.mean"), (5, "national.farve")}


@pytest.mark.parametrize(("text", "message"), [
    ("national: {label: x}\n", "'example_values' mangler"),
    ("example_values: true\nnational: [1\n", "ikke gyldig YAML"),
    ("- 1\n", "skal være en YAML-mapping"),
])
def test_comparison_structure_problems(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_comparison(text, "s.yaml")


def test_comparison_labels_default_when_left_out() -> None:
    comparison = parse_comparison("example_values: false\n", "s.yaml")
    assert comparison["national"]["label"] == "Landstal (PLO)"
    assert comparison["example_values"] is False
