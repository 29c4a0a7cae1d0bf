"""Drawing the survey for screens: the charts of each målepunkt, the summary and the follow-up change.

Everything here draws from a `SurveyView` (suppressed screen reports only). Free texts (målepunkt 6) go into
`ui.label`, never HTML.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from nicegui import ui

from app.live.runtime import TZ
from app.live.survey_commands import ShownSurvey, SurveyView
from app.ui.common import tr
from app.ui.survey_charts import (
    da,
    follow_up_chart,
    job_high_low_chart,
    job_satisfaction_chart,
    negative_chart,
    positive_chart,
    strategies_chart,
    who5_bands_chart,
    who5_chart,
)

FOLLOW_UP_MEASURES: dict[int, tuple[str, ...]] = {
    1: ("who5", "bands"), 2: ("job_satisfaction", "job_high_low"), 3: ("positive",), 4: ("negative",),
    5: ("strategies",),
}
SUPPRESSED_NAMES = {"who5": "WHO-5", "job_satisfaction": "arbejdsglæde", "positive": "positive forhold",
                    "strategies": "strategier"}
DEFAULT_HEIGHT = 420


def figures(view: SurveyView, measure: int) -> list[go.Figure]:
    """The charts of one målepunkt (1-5) for the latest survey, then the follow-up comparison if there is one."""
    shown = view.latest
    if shown is None:
        return []
    rep, figures_in_use = shown.report, view.comparison
    charts = {
        1: lambda: [who5_chart(rep, figures_in_use), who5_bands_chart(rep, figures_in_use)],
        2: lambda: [job_satisfaction_chart(rep), job_high_low_chart(rep, figures_in_use)],
        3: lambda: [positive_chart(rep), positive_chart(rep, top=None)],
        4: lambda: [negative_chart(rep)],
        5: lambda: [strategies_chart(rep)],
    }.get(measure, list)()
    if view.first and view.followup:
        charts += [follow_up_chart(view.first.report, view.followup.report, key)
                   for key in FOLLOW_UP_MEASURES.get(measure, ())]
    return charts


def chart(fig: go.Figure, marker: str = "survey-chart") -> ui.plotly:
    height = fig.layout.height or DEFAULT_HEIGHT
    return ui.plotly(fig).classes("w-full").style(f"height: {height}px").mark(marker).props(
        f"data-testid={marker}")


def measure_section(view: SurveyView, measure: int, columns: int = 2, dark: bool = False) -> None:
    """One målepunkt: its heading and charts (målepunkt 6: the experiences as text)."""
    with ui.column().classes("w-full gap-2").mark(f"survey-measure-{measure}"):
        ui.label(tr(f"survey.measure.{measure}")).classes("text-h6")
        if measure == 6:
            experiences(view, dark)
            return
        shown = figures(view, measure)
        two = columns == 2 and len(shown) > 1
        with ui.element("div").classes("w-full grid grid-cols-1 gap-4" + (" lg:grid-cols-2" if two else "")):
            for fig in shown:
                if two:  # half the width: smaller type, so titles and axis labels still fit
                    fig.update_layout(font={"size": 13}, title_font_size=15)
                with ui.element("div").classes("bg-white rounded-lg p-1 min-w-0"):
                    chart(fig, f"survey-chart-{measure}")


def experiences(view: SurveyView, dark: bool = False) -> None:
    texts = view.latest.report.get("experiences", []) if view.latest else []
    if not texts:
        ui.label(tr("survey.no_experiences")).classes("text-grey-7")
        return
    colour = "bg-white text-black" if dark else "bg-amber-1"
    with ui.column().classes("w-full gap-2").mark("survey-experiences"):
        for text in texts:
            ui.label(text).classes(f"klynge-pre rounded p-2 w-full text-body1 {colour}")


def file_status(shown: ShownSurvey | None) -> None:
    """Which file is loaded, when, and how many answered."""
    if shown is None:
        ui.label(tr("survey.none")).classes("text-grey-7")
        return
    when = shown.uploaded_at.astimezone(TZ).strftime("%d.%m.%Y %H.%M")
    key = "survey.from_previous" if shown.from_previous else "survey.file_meta"
    ui.label(tr(key, filename=shown.filename, time=when)).classes("text-caption text-grey-8 break-all")
    responses(shown)


def responses(shown: ShownSurvey) -> None:
    rep = shown.report
    ui.label(tr("survey.responses", responses=rep["responses"], members=shown.members,
                rate=da(round(100 * rep["response_rate"], 1)))).classes("text-body1").mark("survey-responses")


def summary(view: SurveyView) -> None:
    """Responses, WHO-5 mean, what is suppressed, the comparison figures in use."""
    shown = view.latest
    if shown is None:
        return
    with ui.column().classes("w-full gap-1").mark("survey-summary").props("data-testid=survey-summary"):
        responses(shown)  # of the survey the charts below show (the follow-up when there is one)
        ui.label(tr("survey.who5_mean", mean=da(shown.report["who5"]["mean"]))).classes("text-body1")
        hidden = [_suppressed_name(n["key"]) for n in shown.report.get("suppressed", [])]
        if hidden:
            ui.label(tr("survey.suppressed", keys=", ".join(hidden))).classes("text-body2 text-warning").mark(
                "survey-suppressed")
        ui.label(tr("survey.anonymity")).classes("text-caption text-grey-7")
        comparison_note(view)


def comparison_note(view: SurveyView) -> None:
    if view.comparison_problem:
        ui.label(tr("survey.comparison_problem", detail=view.comparison_problem)).classes(
            "text-caption text-negative klynge-pre")
        return
    ui.label(tr("survey.comparison_source", source=view.comparison_source)).classes("text-caption text-grey-7")
    if view.comparison and view.comparison.get("example_values"):
        ui.label(tr("survey.example_values")).classes("text-caption text-warning").mark("survey-example-values")


def _suppressed_name(key: str) -> str:
    return key.removeprefix("negative.") if key.startswith("negative.") else SUPPRESSED_NAMES.get(key, key)


def change_summary(view: SurveyView) -> None:
    """The follow-up: before → after (change) for the headline measures."""
    if not (view.first and view.followup and view.change):
        return
    before, after, change = view.first.report, view.followup.report, view.change
    rows: list[tuple[str, Any, Any, Any, int]] = [
        ("survey.change.responses", before["responses"], after["responses"], change["responses"], 0),
        ("survey.change.who5", before["who5"]["mean"], after["who5"]["mean"], change["who5"]["mean"], 1),
        ("survey.change.high", before["job_satisfaction"]["high"], after["job_satisfaction"]["high"],
         change["job_satisfaction"]["high"], 0),
        ("survey.change.low", before["job_satisfaction"]["low"], after["job_satisfaction"]["low"],
         change["job_satisfaction"]["low"], 0),
    ]
    with ui.column().classes("w-full gap-1").mark("survey-change"):
        ui.label(tr("survey.change_title")).classes("text-h6")
        for key, old, new, diff, decimals in rows:
            ui.label(tr("survey.change_line", what=tr(key), before=da(old, decimals), after=da(new, decimals),
                        change=da(diff, decimals, sign=True))).classes("text-body1").mark("survey-change-line")
