"""Survey slides with native PowerPoint charts (python-pptx), carrying the numbers of the screens.

The caller owns the `Presentation` and saves it (to BytesIO in the domain). Figures that are None in the
report (suppressed: fewer than 3 answers) are left out of the charts and named in a note on the slide.
A report without the `suppressed` key is suppressed here with counts derived from the report itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Emu, Inches, Pt

from app.domain.survey import (
    BAND_LABELS,
    JOB_LABELS,
    MIN_N,
    compare,
    job_high_low_percent,
    suppress,
    who5_band_percent,
)

BAND_TITLES = {"high": "Høj trivsel (over 50)", "low": "Lav trivsel (29–50)", "very_low": "Meget lav trivsel (≤ 28)"}
FEW = f"Færre end {MIN_N} svar – vises ikke"
EXPERIENCES_PER_SLIDE = 8

Series = tuple[str, Sequence[float | int | None]]


def add_survey_slides(prs: Any, report: dict[str, Any], comparison: dict[str, Any] | None,
                      earlier: dict[str, Any] | None = None) -> None:
    """Append the survey slides (målepunkt 1-6, and the follow-up when `earlier` is given) to `prs`."""
    rep = _screened(report)
    for build in (_who5_slide, _bands_slide, _job_slide, _job_high_low_slide):
        build(prs, rep, comparison)
    _ranked_slide(prs, "Målepunkt 3: De 5 hyppigste positive forhold", rep["positive"][:5], "Antal", "0")
    _ranked_slide(prs, "Målepunkt 3: Alle positive forhold", rep["positive"], "Antal", "0")
    _ranked_slide(prs, "Målepunkt 4: Forhold der belaster arbejdsglæden (gennemsnit 1–10)", rep["negative"],
                  "Gennemsnit", "0.0")
    _ranked_slide(prs, "Målepunkt 5: Strategier til håndtering af arbejdspres", rep["strategies"], "Antal", "0")
    _experience_slides(prs, rep["experiences"])
    if earlier is not None:
        _follow_up_slides(prs, _screened(earlier), rep)


def _screened(rep: dict[str, Any]) -> dict[str, Any]:
    return rep if "suppressed" in rep else suppress(rep)


# ---------------------------------------------------------------- slide parts


def _layout(prs: Any) -> Any:
    for layout in prs.slide_layouts:
        if layout.name == "Title Only":
            return layout
    return prs.slide_layouts[min(5, len(prs.slide_layouts) - 1)]


def _slide(prs: Any, title: str) -> Any:
    slide = prs.slides.add_slide(_layout(prs))
    if slide.shapes.title is not None:
        slide.shapes.title.text = title
        slide.shapes.title.text_frame.paragraphs[0].font.size = Pt(26)
    else:
        _text(prs, slide, [title], top=Inches(0.3), size=26)
    return slide


def _text(prs: Any, slide: Any, lines: Sequence[str], top: Emu, size: int = 14) -> None:
    box = slide.shapes.add_textbox(Inches(0.5), top, prs.slide_width - Inches(1), Inches(0.4) * max(1, len(lines)))
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(size)


def _footer(prs: Any, slide: Any, lines: Sequence[str]) -> None:
    if lines:
        _text(prs, slide, lines, top=prs.slide_height - Inches(0.4) * (len(lines) + 1), size=12)


def _chart(prs: Any, slide: Any, kind: Any, categories: Sequence[str], series: Sequence[Series],
           number_format: str) -> Any:
    data = CategoryChartData(number_format=number_format)
    data.categories = list(categories)
    for name, values in series:
        data.add_series(name, list(values))
    left, top = Inches(0.5), Inches(1.4)
    frame = slide.shapes.add_chart(kind, left, top, prs.slide_width - Inches(1), prs.slide_height - Inches(2.4),
                                   data)
    chart = frame.chart
    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format = number_format
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.font.size = Pt(12)
    chart.font.size = Pt(12)
    return chart


def _example_note(comparison: dict[str, Any] | None) -> list[str]:
    return ["Sammenligningstal er eksempeltal – ikke rigtige tal."] if comparison and comparison.get(
        "example_values") else []


def _rate(rep: dict[str, Any]) -> str:
    return f"{rep['responses']} svar, svarprocent {rep['response_rate'] * 100:.1f} %".replace(".", ",")


# ---------------------------------------------------------------- målepunkt 1-2


def _who5_slide(prs: Any, rep: dict[str, Any], comparison: dict[str, Any] | None) -> None:
    slide = _slide(prs, "Målepunkt 1: WHO-5 trivselsindeks (0–100)")
    rows = [("Klyngen", rep["who5"])]
    for key in ("national", "population"):
        group = (comparison or {}).get(key) or {}
        rows.append((group.get("label") or key, group.get("who5") or {}))
    shown = [(label, w) for label, w in rows if w.get("mean") is not None]
    notes = [_rate(rep)] + (["Klyngen: " + FEW] if rep["who5"]["mean"] is None else [])
    if shown:
        series = [(name, [w.get(key) for _, w in shown]) for name, key in
                  (("Gennemsnit", "mean"), ("Laveste", "min"), ("Højeste", "max"))]
        _chart(prs, slide, XL_CHART_TYPE.COLUMN_CLUSTERED, [label for label, _ in shown], series, "0.0")
    _footer(prs, slide, notes + _example_note(comparison))


def _bands_slide(prs: Any, rep: dict[str, Any], comparison: dict[str, Any] | None) -> None:
    slide = _slide(prs, "WHO-5 i tre grupper (procent af besvarelser)")
    cluster = who5_band_percent(rep)
    national_group = (comparison or {}).get("national") or {}
    national = (national_group.get("who5") or {}).get("bands_percent") or {}
    series: list[Series] = []
    notes: list[str] = []
    if any(v is not None for v in cluster.values()):
        series.append(("Klyngen", [cluster[k] for k in BAND_LABELS]))
    else:
        notes.append("Klyngen: " + FEW)
    if any(v is not None for v in national.values()):
        series.append((national_group.get("label") or "Landstal", [national.get(k) for k in BAND_LABELS]))
    if series:
        _chart(prs, slide, XL_CHART_TYPE.COLUMN_CLUSTERED, [BAND_TITLES[k] for k in BAND_LABELS], series, "0.0")
    _footer(prs, slide, notes + _example_note(comparison))


def _job_slide(prs: Any, rep: dict[str, Any], comparison: dict[str, Any] | None) -> None:
    slide = _slide(prs, "Målepunkt 2: Arbejdsglæde (antal svar)")
    counts = rep["job_satisfaction"]["counts"]
    if any(v is None for v in counts.values()):
        _footer(prs, slide, [FEW])
        return
    _chart(prs, slide, XL_CHART_TYPE.COLUMN_CLUSTERED, list(JOB_LABELS),
           [("Antal", [counts.get(label, 0) for label in JOB_LABELS])], "0")


def _job_high_low_slide(prs: Any, rep: dict[str, Any], comparison: dict[str, Any] | None) -> None:
    slide = _slide(prs, "Høj og lav arbejdsglæde (procent, midterkategorien udeladt)")
    cluster = job_high_low_percent(rep)
    national_group = (comparison or {}).get("national") or {}
    national = national_group.get("job_satisfaction_percent") or {}
    series: list[Series] = []
    notes: list[str] = []
    if cluster["high"] is not None:
        series.append(("Klyngen", [cluster["high"], cluster["low"]]))
    else:
        notes.append("Klyngen: " + FEW)
    if national.get("high") is not None or national.get("low") is not None:
        series.append((national_group.get("label") or "Landstal", [national.get("high"), national.get("low")]))
    if series:
        _chart(prs, slide, XL_CHART_TYPE.COLUMN_CLUSTERED, ["Høj arbejdsglæde", "Lav arbejdsglæde"], series, "0.0")
    _footer(prs, slide, notes + _example_note(comparison))


# ---------------------------------------------------------------- målepunkt 3-6


def _ranked_slide(prs: Any, title: str, pairs: list[list[Any]], series_name: str, number_format: str) -> None:
    slide = _slide(prs, title)
    shown = [(name, value) for name, value in pairs if value is not None]
    hidden = [name for name, value in pairs if value is None]
    if shown:
        chart = _chart(prs, slide, XL_CHART_TYPE.BAR_CLUSTERED, [name for name, _ in shown],
                       [(series_name, [value for _, value in shown])], number_format)
        chart.category_axis.reverse_order = True  # first (largest) at the top
    notes = [f"{FEW}: " + ", ".join(hidden)] if hidden and shown else ([FEW] if hidden else [])
    _footer(prs, slide, notes)


def _experience_slides(prs: Any, experiences: list[str]) -> None:
    chunks = [experiences[i:i + EXPERIENCES_PER_SLIDE] for i in range(0, len(experiences), EXPERIENCES_PER_SLIDE)]
    for number, chunk in enumerate(chunks, start=1):
        suffix = f" ({number}/{len(chunks)})" if len(chunks) > 1 else ""
        slide = _slide(prs, f"Målepunkt 6: Gode erfaringer med at håndtere arbejdspres{suffix}")
        _text(prs, slide, [f"• {text}" for text in chunk], top=Inches(1.4), size=16)


# ---------------------------------------------------------------- follow-up


def _follow_up_slides(prs: Any, earlier: dict[str, Any], later: dict[str, Any]) -> None:
    change = compare(earlier, later)
    who5 = [("Gennemsnit", "mean"), ("Laveste", "min"), ("Højeste", "max")]
    _pair_slide(prs, "Opfølgning: WHO-5 trivselsindeks", [label for label, _ in who5],
                [earlier["who5"][k] for _, k in who5], [later["who5"][k] for _, k in who5],
                [change["who5"][k] for _, k in who5], "0.0")
    bands = list(BAND_LABELS)
    _pair_slide(prs, "Opfølgning: WHO-5 i tre grupper (antal)", [BAND_TITLES[k] for k in bands],
                [earlier["who5"]["bands"][k] for k in bands], [later["who5"]["bands"][k] for k in bands],
                [change["who5"]["bands"][k] for k in bands], "0")
    job = [("Høj arbejdsglæde", "high"), ("Lav arbejdsglæde", "low")]
    _pair_slide(prs, "Opfølgning: høj og lav arbejdsglæde (antal)", [label for label, _ in job],
                [earlier["job_satisfaction"][k] for _, k in job], [later["job_satisfaction"][k] for _, k in job],
                [change["job_satisfaction"][k] for _, k in job], "0")
    for key, title, fmt in (("positive", "positive forhold (antal)", "0"),
                            ("negative", "negative forhold (gennemsnit 1–10)", "0.0"),
                            ("strategies", "strategier (antal)", "0")):
        names = [name for name, _ in change[key]]
        before, after = dict(earlier[key]), dict(later[key])
        _pair_slide(prs, f"Opfølgning: {title}", names, [before.get(n) for n in names],
                    [after.get(n) for n in names], [d for _, d in change[key]], fmt, bars=True)


def _pair_slide(prs: Any, title: str, categories: list[str], before: list[Any], after: list[Any],
                change: list[Any], number_format: str, bars: bool = False) -> None:
    slide = _slide(prs, title)
    keep = [i for i in range(len(categories)) if before[i] is not None and after[i] is not None]
    hidden = [categories[i] for i in range(len(categories)) if i not in keep]
    if keep:
        kind = XL_CHART_TYPE.BAR_CLUSTERED if bars else XL_CHART_TYPE.COLUMN_CLUSTERED
        chart = _chart(prs, slide, kind, [f"{categories[i]} ({_signed(change[i], number_format)})" for i in keep],
                       [("Første måling", [before[i] for i in keep]), ("Opfølgning", [after[i] for i in keep])],
                       number_format)
        if bars:
            chart.category_axis.reverse_order = True
    notes = ["Ændring fra første måling til opfølgning i parentes."] if keep else []
    _footer(prs, slide, notes + ([f"{FEW}: " + ", ".join(hidden)] if hidden else []))


def _signed(value: float | int | None, number_format: str) -> str:
    if value is None:
        return "–"
    decimals = 1 if "." in number_format else 0
    if value == 0:
        return "±0" if decimals == 0 else "±0,0"
    return f"{value:+.{decimals}f}".replace(".", ",")
