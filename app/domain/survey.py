"""Survey measures (målepunkt 1-6): the report, the follow-up comparison and the suppression for screens.

`report()` carries every aggregate for the coordinator (the CLI's JSON). What meetings show on screens and in
exports goes through `suppress()` (or `screen_report()`), which blanks every figure resting on fewer than
`min_n` answers. The rules are written down in docs/survey-format.md.
"""

from __future__ import annotations

import copy
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from app.domain.problems import InputError, Problem
from app.domain.survey_comparison import parse_comparison
from app.domain.survey_parse import JOB_LABELS, Survey, parse_survey

__all__ = [
    "BAND_LABELS",
    "JOB_LABELS",
    "MIN_N",
    "Survey",
    "answer_counts",
    "band_of",
    "compare",
    "job_high_low_percent",
    "parse_comparison",
    "parse_survey",
    "percentages",
    "report",
    "screen_report",
    "suppress",
    "suppression_note",
    "who5_band_percent",
    "who5_scores",
]

MIN_N = 3
BAND_LABELS = {"high": "høj trivsel", "low": "lav trivsel", "very_low": "meget lav trivsel"}
HIGH_JOB = JOB_LABELS[:2]
LOW_JOB = JOB_LABELS[3:]


def round1(value: float) -> float:
    """Round half up to one decimal, as a spreadsheet does (62.25 -> 62.3)."""
    return float(Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def round3(value: float) -> float:
    return float(Decimal(repr(float(value))).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))


def suppression_note(min_n: int = MIN_N) -> str:
    return f"Færre end {min_n} svar – vises ikke"


# ---------------------------------------------------------------- measures


def who5_scores(survey: Survey) -> pd.Series:
    """WHO-5 score 0-100 (raw sum x 4) of each respondent who answered all five items."""
    complete = survey.who5.dropna(how="any")
    return (complete.sum(axis=1) * 4).astype("int64")


def band_of(score: float) -> str:
    """WHO's bands: above 50 high, 29-50 low, 28 and below very low."""
    if score > 50:
        return "high"
    return "low" if score > 28 else "very_low"


def _who5(survey: Survey) -> dict[str, Any]:
    scores = who5_scores(survey)
    bands = scores.map(band_of).value_counts()
    return {
        "mean": round1(scores.mean()) if len(scores) else None,
        "min": int(scores.min()) if len(scores) else None,
        "max": int(scores.max()) if len(scores) else None,
        "bands": {key: int(bands.get(key, 0)) for key in BAND_LABELS},
    }


def _job_satisfaction(survey: Survey) -> dict[str, Any]:
    codes = survey.job.dropna().value_counts()
    counts = {label: int(codes.get(code, 0)) for code, label in enumerate(JOB_LABELS, start=1)}
    return {
        "counts": counts,
        "high": sum(counts[label] for label in HIGH_JOB),
        "low": sum(counts[label] for label in LOW_JOB),
    }


def _ranked_counts(frame: pd.DataFrame) -> list[list[Any]]:
    counts = frame.sum(axis=0).astype("int64")
    order = sorted(range(len(counts)), key=lambda i: -int(counts.iloc[i]))  # stable: file order breaks ties
    return [[str(counts.index[i]), int(counts.iloc[i])] for i in order]


def _ranked_means(frame: pd.DataFrame) -> list[list[Any]]:
    means = [(str(name), frame[name].dropna()) for name in frame.columns]
    rows = [[name, round1(values.mean()) if len(values) else None] for name, values in means]
    return sorted(rows, key=lambda r: (r[1] is None, -(r[1] or 0.0)))


def report(survey: Survey, members: int) -> dict[str, Any]:
    """Every aggregate of one survey, with exactly the JSON keys of the CLI's report."""
    responses = survey.responses
    _check_members(responses, members, survey.source)
    return {
        "responses": responses,
        "response_rate": round3(responses / members),
        "who5": _who5(survey),
        "job_satisfaction": _job_satisfaction(survey),
        "positive": _ranked_counts(survey.positive),
        "negative": _ranked_means(survey.negative),
        "strategies": _ranked_counts(survey.strategies),
        "experiences": list(survey.experiences),
    }


def _check_members(responses: int, members: int, source: str) -> None:
    if members < 1:
        raise InputError([Problem("antal medlemmer skal være mindst 1", source=source, field="members")])
    if responses > members:
        message = f"filen har {responses} besvarelser, men klyngen har kun {members} medlemmer"
        raise InputError([Problem(message, source=source, field="members")])


def answer_counts(survey: Survey) -> dict[str, Any]:
    """How many answers each figure rests on: the basis of `suppress`."""
    return {
        "who5": len(who5_scores(survey)),
        "job_satisfaction": int(survey.job.notna().sum()),
        "positive": int(survey.positive.any(axis=1).sum()) if len(survey.positive.columns) else 0,
        "negative": {str(name): int(survey.negative[name].notna().sum()) for name in survey.negative.columns},
        "strategies": int(survey.strategies.any(axis=1).sum()) if len(survey.strategies.columns) else 0,
    }


# ---------------------------------------------------------------- suppression


def screen_report(survey: Survey, members: int, min_n: int = MIN_N) -> dict[str, Any]:
    """The report as screens and exports may show it: `suppress` with exact answer counts."""
    return suppress(report(survey, members), min_n, counts=answer_counts(survey))


def derived_counts(rep: dict[str, Any]) -> dict[str, Any]:
    """Answer counts implied by a report alone (when the survey is not at hand).

    WHO-5 and job satisfaction are exact (the bands and categories add up to their answers); for the factors
    and strategies the largest count is a lower bound on how many answered; a negative factor's count is not
    in the report, so the number of responses stands in for it.
    """
    def most(pairs: list[list[Any]]) -> int:
        return max((int(v) for _, v in pairs if v is not None), default=0)

    return {
        "who5": sum(v or 0 for v in rep["who5"]["bands"].values()),
        "job_satisfaction": sum(v or 0 for v in rep["job_satisfaction"]["counts"].values()),
        "positive": most(rep["positive"]),
        "negative": {name: (rep["responses"] if mean is not None else 0) for name, mean in rep["negative"]},
        "strategies": most(rep["strategies"]),
    }


def suppress(rep: dict[str, Any], min_n: int = MIN_N, counts: dict[str, Any] | None = None) -> dict[str, Any]:
    """A copy of `rep` where every figure resting on fewer than `min_n` answers is None.

    The copy has one more key, `suppressed`: a list of {"key", "reason"} naming each blanked figure.
    `counts` comes from `answer_counts(survey)`; without it the counts are derived from the report
    (see `derived_counts`). Responses, response rate and the free-text experiences are never blanked.
    """
    counts = counts if counts is not None else derived_counts(rep)
    out = copy.deepcopy(rep)
    notes: list[dict[str, str]] = list(out.pop("suppressed", []))
    reason = suppression_note(min_n)

    def note(key: str) -> None:
        if not any(n["key"] == key for n in notes):
            notes.append({"key": key, "reason": reason})

    if counts["who5"] < min_n:
        out["who5"] = {"mean": None, "min": None, "max": None, "bands": dict.fromkeys(BAND_LABELS)}
        note("who5")
    if counts["job_satisfaction"] < min_n:
        job = out["job_satisfaction"]
        out["job_satisfaction"] = {"counts": dict.fromkeys(job["counts"]), "high": None, "low": None}
        note("job_satisfaction")
    for key in ("positive", "strategies"):
        if counts[key] < min_n and out[key]:
            out[key] = [[name, None] for name, _ in out[key]]
            note(key)
    for entry in out["negative"]:
        if counts["negative"].get(entry[0], 0) < min_n:
            entry[1] = None
            note(f"negative.{entry[0]}")
    out["suppressed"] = notes
    return out


# ---------------------------------------------------------------- follow-up


def _diff(later: Any, earlier: Any, rounder: Any = round1) -> Any:
    if later is None or earlier is None:
        return None
    return rounder(later - earlier) if isinstance(later, float) or isinstance(earlier, float) else later - earlier


def _diff_pairs(later: list[list[Any]], earlier: list[list[Any]]) -> list[list[Any]]:
    before = {name: value for name, value in earlier}
    names = [name for name, _ in later] + [name for name, _ in earlier if name not in {n for n, _ in later}]
    now = {name: value for name, value in later}
    return [[name, _diff(now.get(name), before.get(name))] for name in names]


def compare(earlier: dict[str, Any], later: dict[str, Any]) -> dict[str, Any]:
    """The change per measure from `earlier` to `later` (later minus earlier).

    None where either side has no figure (unanswered, suppressed, or a factor asked only once).
    Lists keep the later report's order; factors only in the earlier report come last.
    """
    w_later, w_earlier = later["who5"], earlier["who5"]
    j_later, j_earlier = later["job_satisfaction"], earlier["job_satisfaction"]
    return {
        "responses": _diff(later["responses"], earlier["responses"]),
        "response_rate": _diff(later["response_rate"], earlier["response_rate"], round3),
        "who5": {
            **{key: _diff(w_later[key], w_earlier[key]) for key in ("mean", "min", "max")},
            "bands": {key: _diff(w_later["bands"].get(key), w_earlier["bands"].get(key)) for key in BAND_LABELS},
        },
        "job_satisfaction": {
            "counts": {label: _diff(j_later["counts"].get(label), j_earlier["counts"].get(label))
                       for label in JOB_LABELS},
            "high": _diff(j_later["high"], j_earlier["high"]),
            "low": _diff(j_later["low"], j_earlier["low"]),
        },
        "positive": _diff_pairs(later["positive"], earlier["positive"]),
        "negative": _diff_pairs(later["negative"], earlier["negative"]),
        "strategies": _diff_pairs(later["strategies"], earlier["strategies"]),
    }


# ---------------------------------------------------------------- shares for charts and slides


def percentages(counts: dict[str, Any]) -> dict[str, float | None]:
    """Each count as a percent (one decimal) of their sum; None for all when suppressed or empty."""
    if any(v is None for v in counts.values()):
        return dict.fromkeys(counts)
    total = sum(counts.values())
    return {key: (round1(100 * value / total) if total else None) for key, value in counts.items()}


def who5_band_percent(rep: dict[str, Any]) -> dict[str, float | None]:
    """The WHO-5 bands as percent of scored respondents (keys high, low, very_low)."""
    return percentages(rep["who5"]["bands"])


def job_high_low_percent(rep: dict[str, Any]) -> dict[str, float | None]:
    """High and low job satisfaction as percent of everyone who answered (the middle counts in the base)."""
    job = rep["job_satisfaction"]
    if job["high"] is None or any(v is None for v in job["counts"].values()):
        return {"high": None, "low": None}
    total = sum(job["counts"].values())
    if not total:
        return {"high": None, "low": None}
    return {"high": round1(100 * job["high"] / total), "low": round1(100 * job["low"] / total)}
