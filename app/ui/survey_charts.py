"""Plotly figures of the survey measures (målepunkt 1-5), cluster next to the national figures.

Pure functions: a report dict (normally the suppressed `screen_report`) in, a `plotly.graph_objects.Figure`
out. No NiceGUI here; pages pass the figures to `ui.plotly`, which serves plotly.js locally (no CDN).
A figure that is None in the report (fewer than 3 answers) is drawn as the note "Færre end 3 svar".
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from app.domain.survey import (
    BAND_LABELS,
    JOB_LABELS,
    MIN_N,
    compare,
    job_high_low_percent,
    who5_band_percent,
)

CLUSTER = "Klyngen"
EARLIER = "Første måling"
LATER = "Opfølgning"
COLORS = {CLUSTER: "#1f6f8b", "national": "#99a8b2", "population": "#c9d6df", EARLIER: "#99a8b2", LATER: "#1f6f8b"}
BAND_TITLES = {
    "high": "Høj trivsel (over 50)",
    "low": "Lav trivsel (29–50)",
    "very_low": "Meget lav trivsel (28 og under)",
}
FEW = f"Færre end {MIN_N} svar"
MEASURES = ("who5", "bands", "job_satisfaction", "job_high_low", "positive", "negative", "strategies")


def da(value: float | int | None, decimals: int = 1, sign: bool = False) -> str:
    """A number the Danish way: decimal comma; '+' before a positive change when `sign`."""
    if value is None:
        return "–"
    if isinstance(value, int):
        decimals = 0
    text = f"{value:+.{decimals}f}" if sign else f"{value:.{decimals}f}"
    return text.replace(".", ",")


def _figure(title: str, comparison: dict[str, Any] | None = None, horizontal: bool = False) -> go.Figure:
    fig = go.Figure()
    subtitle = "Sammenligningstal er eksempeltal" if comparison and comparison.get("example_values") else ""
    fig.update_layout(
        title={"text": title, "subtitle": {"text": subtitle}} if subtitle else {"text": title},
        template="plotly_white",
        separators=",.",
        barmode="group",
        legend={"orientation": "h", "y": -0.15},
        margin={"l": 260 if horizontal else 60, "r": 30, "t": 80, "b": 60},
        font={"size": 16},
    )
    return fig


def _note(fig: go.Figure, text: str, y: float = 0.5) -> go.Figure:
    fig.add_annotation(text=text, xref="paper", yref="paper", x=0.5, y=y, showarrow=False, font={"size": 20})
    return fig


def _suppressed(fig: go.Figure) -> go.Figure:
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _note(fig, FEW)


def _group(comparison: dict[str, Any] | None, name: str) -> dict[str, Any]:
    return (comparison or {}).get(name) or {}


# ---------------------------------------------------------------- målepunkt 1


def who5_chart(report: dict[str, Any], comparison: dict[str, Any] | None = None) -> go.Figure:
    """WHO-5 mean of the cluster, the national survey and the population, with min-max whiskers."""
    fig = _figure("Målepunkt 1: WHO-5 trivselsindeks (0–100)", comparison)
    rows = [(CLUSTER, report["who5"], COLORS[CLUSTER])]
    for name in ("national", "population"):
        group = _group(comparison, name)
        rows.append((group.get("label", name), group.get("who5") or {}, COLORS[name]))
    shown = [(label, w, color) for label, w, color in rows if w.get("mean") is not None]
    if not shown:
        return _suppressed(fig)
    for label, w, color in shown:
        has_range = w.get("min") is not None and w.get("max") is not None
        error = {"type": "data", "symmetric": False, "array": [w["max"] - w["mean"]],
                 "arrayminus": [w["mean"] - w["min"]]} if has_range else None
        fig.add_bar(x=[label], y=[w["mean"]], name=label, marker_color=color, error_y=error,
                    showlegend=False, hovertemplate=_who5_hover(w))
        top = w["max"] if has_range else w["mean"]
        fig.add_annotation(x=label, y=top, text=f"<b>{da(w['mean'])}</b>", showarrow=False, yshift=14)
    fig.update_yaxes(range=[0, 112], title="Score (gennemsnit, min–maks)")
    if report["who5"]["mean"] is None:
        _note(fig, f"{CLUSTER}: {FEW}", y=0.95)
    return fig


def _who5_hover(w: dict[str, Any]) -> str:
    text = f"Gennemsnit {da(w['mean'])}"
    if w.get("min") is not None and w.get("max") is not None:
        text += f"<br>Laveste {da(w['min'], 0)}, højeste {da(w['max'], 0)}"
    return text + "<extra></extra>"


def who5_bands_chart(report: dict[str, Any], comparison: dict[str, Any] | None = None) -> go.Figure:
    """WHO's three bands in percent of respondents, cluster next to the national survey."""
    fig = _figure("WHO-5 i tre grupper (procent af besvarelser)", comparison)
    cluster = who5_band_percent(report)
    national = (_group(comparison, "national").get("who5") or {}).get("bands_percent") or {}
    x = [BAND_TITLES[key] for key in BAND_LABELS]
    if all(v is None for v in cluster.values()):
        if not any(national.values()):
            return _suppressed(fig)
        _note(fig, f"{CLUSTER}: {FEW}", y=0.95)
    else:
        fig.add_bar(x=x, y=[cluster[k] for k in BAND_LABELS], name=CLUSTER, marker_color=COLORS[CLUSTER],
                    text=[f"{da(cluster[k])} %" for k in BAND_LABELS])
    if any(v is not None for v in national.values()):
        label = _group(comparison, "national").get("label", "Landstal")
        fig.add_bar(x=x, y=[national.get(k) for k in BAND_LABELS], name=label, marker_color=COLORS["national"],
                    text=[f"{da(national.get(k))} %" for k in BAND_LABELS])
    fig.update_yaxes(range=[0, 100], title="Procent")
    return fig


# ---------------------------------------------------------------- målepunkt 2


def job_satisfaction_chart(report: dict[str, Any]) -> go.Figure:
    """Job satisfaction in its five answer categories (number of respondents)."""
    fig = _figure("Målepunkt 2: Arbejdsglæde (antal svar)")
    counts = report["job_satisfaction"]["counts"]
    if any(v is None for v in counts.values()):
        return _suppressed(fig)
    fig.add_bar(x=list(JOB_LABELS), y=[counts.get(label, 0) for label in JOB_LABELS], name=CLUSTER,
                marker_color=COLORS[CLUSTER], text=[str(counts.get(label, 0)) for label in JOB_LABELS])
    fig.update_yaxes(title="Antal", dtick=1)
    return fig


def job_high_low_chart(report: dict[str, Any], comparison: dict[str, Any] | None = None) -> go.Figure:
    """High (top two) and low (bottom two) job satisfaction in percent, cluster next to the national survey."""
    fig = _figure("Høj og lav arbejdsglæde (procent, midterkategorien udeladt)", comparison)
    x = ["Høj arbejdsglæde", "Lav arbejdsglæde"]
    cluster = job_high_low_percent(report)
    national = _group(comparison, "national").get("job_satisfaction_percent") or {}
    if cluster["high"] is None:
        if national.get("high") is None:
            return _suppressed(fig)
        _note(fig, f"{CLUSTER}: {FEW}", y=0.95)
    else:
        fig.add_bar(x=x, y=[cluster["high"], cluster["low"]], name=CLUSTER, marker_color=COLORS[CLUSTER],
                    text=[f"{da(cluster['high'])} %", f"{da(cluster['low'])} %"])
    if national.get("high") is not None:
        label = _group(comparison, "national").get("label", "Landstal")
        fig.add_bar(x=x, y=[national.get("high"), national.get("low")], name=label, marker_color=COLORS["national"],
                    text=[f"{da(national.get('high'))} %", f"{da(national.get('low'))} %"])
    fig.update_yaxes(range=[0, 100], title="Procent")
    return fig


# ---------------------------------------------------------------- målepunkt 3-5


def _ranked(title: str, pairs: list[list[Any]], axis: str, decimals: int, xmax: float | None = None) -> go.Figure:
    fig = _figure(title, horizontal=True)
    shown = [(name, value) for name, value in pairs if value is not None]
    if not shown:
        return _suppressed(fig)
    names = [name for name, _ in reversed(shown)]  # plotly draws the first bar at the bottom
    values = [value for _, value in reversed(shown)]
    fig.add_bar(y=names, x=values, orientation="h", marker_color=COLORS[CLUSTER],
                text=[da(v, decimals) for v in values], textposition="outside", showlegend=False)
    fig.update_xaxes(title=axis, range=[0, xmax or max(values) * 1.15 + 0.5])
    hidden = [name for name, value in pairs if value is None]
    if hidden:
        fig.add_annotation(text=f"{FEW}: " + ", ".join(hidden), xref="paper", yref="paper", x=0, y=0,
                           yshift=-70, yanchor="top", showarrow=False, xanchor="left", font={"size": 13})
        fig.update_layout(margin={"b": 110})
    fig.update_layout(height=max(360, 60 + 34 * len(shown)))
    return fig


def positive_chart(report: dict[str, Any], top: int | None = 5) -> go.Figure:
    """Målepunkt 3: positive factors by times chosen, most first; `top=None` shows them all."""
    pairs = report["positive"][:top] if top else report["positive"]
    title = f"Målepunkt 3: De {top} hyppigste positive forhold" if top else "Målepunkt 3: Alle positive forhold"
    return _ranked(title, pairs, "Antal der har valgt forholdet", 0)


def negative_chart(report: dict[str, Any]) -> go.Figure:
    """Målepunkt 4: negative factors by mean rating (1 = lav, 10 = høj negativ indflydelse), highest first."""
    return _ranked("Målepunkt 4: Forhold der belaster arbejdsglæden (gennemsnit 1–10)", report["negative"],
                   "Gennemsnitlig vurdering", 1, xmax=10.5)


def strategies_chart(report: dict[str, Any]) -> go.Figure:
    """Målepunkt 5: strategies for work pressure by number of users."""
    return _ranked("Målepunkt 5: Strategier til håndtering af arbejdspres", report["strategies"],
                   "Antal der bruger strategien", 0)


# ---------------------------------------------------------------- follow-up


def _pairs_for(rep: dict[str, Any], measure: str) -> list[list[Any]]:
    if measure == "who5":
        return [[key, rep["who5"][key]] for key in ("mean", "min", "max")]
    if measure == "bands":
        return [[key, value] for key, value in rep["who5"]["bands"].items()]
    if measure == "job_satisfaction":
        return [[label, rep["job_satisfaction"]["counts"].get(label)] for label in JOB_LABELS]
    if measure == "job_high_low":
        return [[key, rep["job_satisfaction"][key]] for key in ("high", "low")]
    return [list(pair) for pair in rep[measure]]


_FOLLOW_TITLES = {
    "who5": ("WHO-5: første måling og opfølgning", {"mean": "Gennemsnit", "min": "Laveste", "max": "Højeste"}),
    "bands": ("WHO-5-grupper: første måling og opfølgning (antal)", BAND_TITLES),
    "job_satisfaction": ("Arbejdsglæde: første måling og opfølgning (antal)", {}),
    "job_high_low": ("Høj og lav arbejdsglæde: første måling og opfølgning (antal)",
                     {"high": "Høj arbejdsglæde", "low": "Lav arbejdsglæde"}),
    "positive": ("Positive forhold: første måling og opfølgning", {}),
    "negative": ("Negative forhold: første måling og opfølgning (gennemsnit)", {}),
    "strategies": ("Strategier: første måling og opfølgning", {}),
}


def follow_up_chart(earlier: dict[str, Any], later: dict[str, Any], measure: str = "who5") -> go.Figure:
    """Both surveys side by side for one measure (see MEASURES), the change written above the later bar."""
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}")
    title, names = _FOLLOW_TITLES[measure]
    fig = _figure(title)
    change = dict(_pairs_for(_change_report(earlier, later), measure))
    before, after = dict(_pairs_for(earlier, measure)), _pairs_for(later, measure)
    keys = [k for k, _ in after] + [k for k in before if k not in dict(after)]
    x = [names.get(k, k) for k in keys]
    decimals = 1 if measure in ("who5", "negative") else 0
    now = dict(after)
    if all(before.get(k) is None for k in keys) and all(now.get(k) is None for k in keys):
        return _suppressed(fig)
    fig.add_bar(x=x, y=[before.get(k) for k in keys], name=EARLIER, marker_color=COLORS[EARLIER],
                text=[da(before.get(k), decimals) for k in keys])
    fig.add_bar(x=x, y=[now.get(k) for k in keys], name=LATER, marker_color=COLORS[LATER],
                text=[f"{da(now.get(k), decimals)} ({da(change.get(k), decimals, sign=True)})" for k in keys])
    if any(before.get(k) is None or now.get(k) is None for k in keys):
        _note(fig, f"Tal med {FEW.lower()} vises ikke", y=1.02)
    return fig


def _change_report(earlier: dict[str, Any], later: dict[str, Any]) -> dict[str, Any]:
    """`compare` reshaped like a report, so `_pairs_for` reads it too."""
    change = compare(earlier, later)
    return {**change, "experiences": []}
