"""Survey slides (app.domain.survey_pptx): native charts that carry the report's numbers."""

from __future__ import annotations

import io
from typing import Any

import pptx
import pytest

from app.domain.survey import (
    JOB_LABELS,
    job_high_low_percent,
    parse_comparison,
    parse_survey,
    report,
    screen_report,
    who5_band_percent,
)
from app.domain.survey_pptx import add_survey_slides
from tests.builders_survey import COMPARISON_FILE, EXAMPLE_FILE, FOLLOW_UP_FILE, SMALL_ROWS, csv_bytes

MEMBERS = 19


def _report(path: Any) -> dict[str, Any]:
    return screen_report(parse_survey(path.read_bytes(), path.name), MEMBERS)


@pytest.fixture(scope="module")
def reports() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    comparison = parse_comparison(COMPARISON_FILE.read_text(encoding="utf-8"), COMPARISON_FILE.name)
    return _report(EXAMPLE_FILE), _report(FOLLOW_UP_FILE), comparison


def _round_trip(report: dict[str, Any], comparison: dict[str, Any] | None,
                earlier: dict[str, Any] | None = None) -> Any:
    prs = pptx.Presentation()
    add_survey_slides(prs, report, comparison, earlier)
    buffer = io.BytesIO()
    prs.save(buffer)
    return pptx.Presentation(io.BytesIO(buffer.getvalue()))


def _charts(prs: Any) -> dict[str, Any]:
    """Slide title -> its chart."""
    return {slide.shapes.title.text: shape.chart for slide in prs.slides for shape in slide.shapes if shape.has_chart}


def _series(chart: Any) -> dict[str, list[Any]]:
    return {s.name: list(s.values) for s in chart.series}


def _texts(slide: Any) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_every_survey_chart_carries_the_report_numbers(reports: tuple) -> None:
    rep, _, comparison = reports
    charts = _charts(_round_trip(rep, comparison))
    who5 = charts["Målepunkt 1: WHO-5 trivselsindeks (0–100)"]
    assert list(who5.plots[0].categories) == ["Klyngen", "Landstal (PLO-undersøgelsen)", "Den danske befolkning"]
    assert _series(who5)["Gennemsnit"] == [rep["who5"]["mean"], 61.0, 68.0]
    assert _series(who5)["Laveste"][0] == rep["who5"]["min"] and _series(who5)["Højeste"][0] == rep["who5"]["max"]
    bands = _series(charts["WHO-5 i tre grupper (procent af besvarelser)"])
    assert bands["Klyngen"] == list(who5_band_percent(rep).values())
    job = charts["Målepunkt 2: Arbejdsglæde (antal svar)"]
    assert list(job.plots[0].categories) == list(JOB_LABELS)
    assert _series(job)["Antal"] == [rep["job_satisfaction"]["counts"][label] for label in JOB_LABELS]
    high_low = _series(charts["Høj og lav arbejdsglæde (procent, midterkategorien udeladt)"])
    assert high_low["Klyngen"] == list(job_high_low_percent(rep).values())
    assert high_low["Landstal (PLO-undersøgelsen)"] == [58.0, 12.0]
    for title, key, top in (("Målepunkt 3: De 5 hyppigste positive forhold", "positive", 5),
                            ("Målepunkt 3: Alle positive forhold", "positive", None),
                            ("Målepunkt 4: Forhold der belaster arbejdsglæden (gennemsnit 1–10)", "negative", None),
                            ("Målepunkt 5: Strategier til håndtering af arbejdspres", "strategies", None)):
        chart = charts[title]
        pairs = rep[key][:top]
        assert list(chart.plots[0].categories) == [name for name, _ in pairs]
        assert list(chart.series[0].values) == [value for _, value in pairs]


def test_experiences_and_example_note_are_on_the_slides(reports: tuple) -> None:
    rep, _, comparison = reports
    prs = _round_trip(rep, comparison)
    text = "\n".join(_texts(slide) for slide in prs.slides)
    assert all(experience in text for experience in rep["experiences"])
    assert "Sammenligningstal er eksempeltal" in text
    assert "14 svar, svarprocent 73,7 %" in text


def test_follow_up_slides_show_both_surveys_and_the_change(reports: tuple) -> None:
    earlier, later, comparison = reports
    charts = _charts(_round_trip(later, comparison, earlier))
    who5 = charts["Opfølgning: WHO-5 trivselsindeks"]
    assert _series(who5) == {"Første måling": [earlier["who5"][k] for k in ("mean", "min", "max")],
                             "Opfølgning": [later["who5"][k] for k in ("mean", "min", "max")]}
    change = round(later["who5"]["mean"] - earlier["who5"]["mean"], 1)
    assert next(iter(who5.plots[0].categories)) == f"Gennemsnit ({change:+.1f})".replace(".", ",")
    negative = charts["Opfølgning: negative forhold (gennemsnit 1–10)"]
    assert _series(negative)["Opfølgning"] == [mean for _, mean in later["negative"]]


def test_suppressed_figures_are_left_out_with_a_note() -> None:
    rep = screen_report(parse_survey(csv_bytes(SMALL_ROWS[:2])), 8)
    prs = _round_trip(rep, None)
    charts = _charts(prs)
    assert "Målepunkt 2: Arbejdsglæde (antal svar)" not in charts
    assert "Målepunkt 1: WHO-5 trivselsindeks (0–100)" not in charts  # no comparison and no cluster figure
    text = "\n".join(_texts(slide) for slide in prs.slides)
    assert "Færre end 3 svar – vises ikke" in text
    assert "Pauser hjælper" in text


def test_an_unsuppressed_report_is_suppressed_before_export() -> None:
    rep = report(parse_survey(csv_bytes(SMALL_ROWS[:2])), 8)
    charts = _charts(_round_trip(rep, None))
    assert not any(title.startswith("Målepunkt 4") for title in charts)
