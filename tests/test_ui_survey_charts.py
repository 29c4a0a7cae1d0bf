"""Survey figures (app.ui.survey_charts): pure plotly builders, no NiceGUI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from app.domain.survey import parse_comparison, parse_survey, screen_report, suppress
from app.ui import survey_charts as charts
from tests.builders_survey import COMPARISON_FILE, LATER_ROWS, SMALL_COUNTS, SMALL_REPORT, SMALL_ROWS, csv_bytes

COMPARISON = parse_comparison(COMPARISON_FILE.read_text(encoding="utf-8"), COMPARISON_FILE.name)
LATER = screen_report(parse_survey(csv_bytes(LATER_ROWS)), 8)
SHOWN = suppress(SMALL_REPORT, counts=SMALL_COUNTS)


def _annotations(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_module_imports_no_nicegui() -> None:
    tree = ast.parse(Path(charts.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {name for name in imported if name.startswith("nicegui")}


def test_who5_chart_shows_cluster_national_and_population_with_range() -> None:
    fig = charts.who5_chart(SHOWN, COMPARISON)
    assert [bar.x[0] for bar in fig.data] == ["Klyngen", "Landstal (PLO-undersøgelsen)", "Den danske befolkning"]
    assert [bar.y[0] for bar in fig.data] == [53.0, 61.0, 68.0]
    cluster = fig.data[0].error_y
    assert (53.0 + cluster.array[0], 53.0 - cluster.arrayminus[0]) == (100, 20)
    assert fig.data[2].error_y.array is None  # no population range given
    assert _annotations(fig) == ["<b>53,0</b>", "<b>61,0</b>", "<b>68,0</b>"]
    assert fig.layout.separators == ",."
    assert "eksempeltal" in fig.layout.title.subtitle.text


def test_bands_and_job_charts_are_in_percent_next_to_national() -> None:
    bands = charts.who5_bands_chart(SHOWN, COMPARISON)
    assert [list(bar.y) for bar in bands.data] == [[50.0, 25.0, 25.0], [60.0, 28.0, 12.0]]
    high_low = charts.job_high_low_chart(SHOWN, COMPARISON)
    assert [list(bar.y) for bar in high_low.data] == [[50.0, 25.0], [58.0, 12.0]]
    job = charts.job_satisfaction_chart(SHOWN)
    assert list(job.data[0].y) == [1, 1, 1, 0, 1]


def test_ranked_charts_put_the_first_on_top() -> None:
    fig = charts.negative_chart(SHOWN)
    assert list(fig.data[0].y) == ["Y", "X"] and list(fig.data[0].x) == [3.0, 7.5]
    assert list(charts.positive_chart(SHOWN, top=2).data[0].y) == ["B", "A"]
    assert len(charts.positive_chart(SHOWN, top=None).data[0].y) == 3
    assert list(charts.strategies_chart(SHOWN).data[0].x) == [2, 2]


def test_suppressed_figures_become_a_note_instead_of_bars() -> None:
    hidden = suppress(SMALL_REPORT, 4, counts=SMALL_COUNTS)
    strategies = charts.strategies_chart(hidden)
    assert strategies.data == () and _annotations(strategies) == ["Færre end 3 svar"]
    negative = charts.negative_chart(hidden)
    assert list(negative.data[0].y) == ["X"]
    assert _annotations(negative) == ["Færre end 3 svar: Y"]
    two = screen_report(parse_survey(csv_bytes(SMALL_ROWS[:2])), 8)
    who5 = charts.who5_chart(two, COMPARISON)
    assert "Klyngen" not in [bar.x[0] for bar in who5.data]
    assert "Klyngen: Færre end 3 svar" in _annotations(who5)
    assert "<b>53,0</b>" not in _annotations(who5)
    assert charts.job_satisfaction_chart(two).data == ()


def test_follow_up_chart_shows_both_and_the_change() -> None:
    fig = charts.follow_up_chart(SHOWN, LATER, "who5")
    assert [bar.name for bar in fig.data] == ["Første måling", "Opfølgning"]
    assert list(fig.data[0].y) == [53.0, 20, 100] and list(fig.data[1].y) == [57.0, 40, 80]
    assert fig.data[1].text[0] == "57,0 (+4,0)"
    negative = charts.follow_up_chart(SHOWN, LATER, "negative")
    assert list(negative.data[1].text) == ["5,0 (-2,5)", "2,0 (-1,0)"]
    for measure in charts.MEASURES:
        assert len(charts.follow_up_chart(SHOWN, LATER, measure).data) == 2
    with pytest.raises(ValueError):
        charts.follow_up_chart(SHOWN, LATER, "shoe size")


def test_figures_render_to_png_when_kaleido_is_installed(tmp_path) -> None:
    pytest.importorskip("kaleido")
    png = charts.who5_chart(SHOWN, COMPARISON).to_image(format="png")
    assert png.startswith(b"\x89PNG")
