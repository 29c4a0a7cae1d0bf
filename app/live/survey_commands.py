"""Survey commands: upload a cluster's survey file (first measurement or follow-up), remove it, and read what
the meeting's screens may show.

Only the suppressed screen report ever leaves this module (figures resting on fewer than 3 answers are None):
the full report stays in the store for exports made for the coordinator. Comparison figures (PLO national
survey, population) come from a per-meeting uploaded YAML file, else from examples/sammenligning.yaml.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import PurePath
from typing import Any

from app.config import PROJECT_ROOT
from app.domain.agenda import CueKind, Step
from app.domain.problems import InputError, Problem
from app.domain.survey import answer_counts, compare, parse_comparison, parse_survey, report, screen_report
from app.domain.survey_parse import MAX_BYTES
from app.live.commands import STAFF, Actor, CommandError, command
from app.live.hub import Change, MeetingHub
from app.store.surveys import SurveyRow, SurveyStore

SURVEY_KINDS = ("first", "followup")
MEASURES = (1, 2, 3, 4, 5, 6)
DEFAULT_COMPARISON = PROJECT_ROOT / "examples" / "sammenligning.yaml"
FILENAME_MAX = 200
SHOWN_PROBLEMS = 5
COMPARISON_MAX_BYTES = 100_000


@dataclass(frozen=True)
class ShownSurvey:
    """One uploaded survey as screens may show it: `report` is the suppressed screen report."""

    kind: str
    filename: str
    members: int
    uploaded_at: datetime
    report: dict[str, Any]
    from_previous: bool = False  # the first survey of the cluster's previous meeting


@dataclass(frozen=True)
class SurveyView:
    """Everything the survey tab, the step charts and the projector show; nothing individual."""

    first: ShownSurvey | None
    followup: ShownSurvey | None
    comparison: dict[str, Any] | None
    comparison_source: str
    comparison_problem: str | None
    change: dict[str, Any] | None  # follow-up minus first, per measure, from the suppressed reports
    comparison_custom: bool = False  # figures uploaded for this meeting (not the default file)

    @property
    def latest(self) -> ShownSurvey | None:
        return self.followup or self.first

    @property
    def empty(self) -> bool:
        return self.latest is None


# ---------------------------------------------------------------- helpers


def step_measures(step: Step) -> list[int]:
    """The målepunkter (1-6) a step refers to: its `measures` and those of its `show_survey` cues."""
    found = set(step.measures)
    for cue in step.cues:
        if cue.kind is CueKind.show_survey:
            found.update(cue.measures)
    return sorted(m for m in found if m in MEASURES)


def describe(problem: Problem) -> str:
    """A problem as one Danish line: 'fil: række 4, kolonne 'who5_2': besked'."""
    place = [f"linje {problem.line}"] if problem.line is not None else []
    if problem.row is not None:
        place.append(f"række {problem.row}")
    if problem.column:
        place.append(f"kolonne '{problem.column}'")
    if problem.field and problem.field != "members":
        place.append(problem.field)
    parts = [p for p in (problem.source, ", ".join(place)) if p]
    return ": ".join([*parts, problem.message])


def _problem_text(err: InputError) -> str:
    lines = [describe(p) for p in err.problems[:SHOWN_PROBLEMS]]
    if len(err.problems) > SHOWN_PROBLEMS:
        lines.append(f"… og {len(err.problems) - SHOWN_PROBLEMS} fejl mere")
    return "\n".join(lines)


def _filename(value: str | None) -> str:
    name = " ".join(PurePath((value or "").replace("\\", "/")).name.split())
    if not name:
        raise CommandError("survey.error.no_filename")
    return name[-FILENAME_MAX:]


def _members(value: Any) -> int:
    try:
        members = int(value)
    except (TypeError, ValueError):
        raise CommandError("survey.error.members") from None
    if members < 1 or members != float(value):
        raise CommandError("survey.error.members")
    return members


def _compute(content: bytes, filename: str, members: int) -> dict[str, Any]:
    """Parse and compute (runs in a worker thread: pandas work must not block the event loop)."""
    survey = parse_survey(content, filename)
    return {"report": report(survey, members), "screen": screen_report(survey, members),
            "counts": answer_counts(survey)}


def _store(hub: MeetingHub) -> SurveyStore:
    return SurveyStore(hub.runtime.db)


# ---------------------------------------------------------------- commands


@command("survey.upload", STAFF)
async def upload(hub: MeetingHub, actor: Actor, content: bytes, filename: str, members: Any,
                 kind: str = "first") -> dict[str, Any]:
    """Parse a survey file, compute its measures and store them (replacing an earlier upload of this kind).

    A bad file raises `CommandError("survey.error.bad_file", detail=...)` naming row and column; nothing stored
    changes then. Returns the responses and response rate (never individual answers).
    """
    if kind not in SURVEY_KINDS:
        raise CommandError("survey.error.bad_kind")
    name, count = _filename(filename), _members(members)
    if not content:
        raise CommandError("survey.error.empty_file")
    if len(content) > MAX_BYTES:
        raise CommandError("survey.error.too_large", mb=MAX_BYTES // 1_000_000)
    try:
        data = await asyncio.to_thread(_compute, bytes(content), name, count)
    except InputError as err:
        raise CommandError("survey.error.bad_file", detail=_problem_text(err)) from None
    await _store(hub).save(hub.id, kind, filename=name, members=count, data=data, now=hub.now())
    await hub.publish(Change("survey", {"kind": kind, "action": "uploaded"}))
    screen = data["screen"]
    return {"kind": kind, "filename": name, "responses": screen["responses"],
            "response_rate": screen["response_rate"]}


@command("survey.upload_comparison", STAFF)
async def upload_comparison(hub: MeetingHub, actor: Actor, content: bytes, filename: str) -> dict[str, Any]:
    """Use this meeting's own comparison figures (YAML in the format of examples/sammenligning.yaml)."""
    name = _filename(filename)
    if len(content) > COMPARISON_MAX_BYTES:
        raise CommandError("survey.error.too_large", mb=COMPARISON_MAX_BYTES / 1_000_000)
    try:
        text = bytes(content).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError("survey.error.bad_comparison", detail=f"{name}: filen er ikke UTF-8-tekst") from None
    try:
        figures = parse_comparison(text, name)
    except InputError as err:
        raise CommandError("survey.error.bad_comparison", detail=_problem_text(err)) from None
    await _store(hub).save(hub.id, "comparison", filename=name, members=0, data={"comparison": figures},
                           now=hub.now())
    await hub.publish(Change("survey", {"kind": "comparison", "action": "uploaded"}))
    return {"kind": "comparison", "filename": name, "example_values": figures["example_values"]}


@command("survey.delete", STAFF)
async def delete(hub: MeetingHub, actor: Actor, kind: str = "first") -> None:
    """Remove the meeting's survey of this kind ('comparison': back to the default comparison figures)."""
    if kind not in (*SURVEY_KINDS, "comparison"):
        raise CommandError("survey.error.bad_kind")
    if not await _store(hub).delete(hub.id, kind):
        raise CommandError("survey.error.nothing_to_delete")
    await hub.publish(Change("survey", {"kind": kind, "action": "deleted"}))


@command("survey.view", STAFF, when_ended=True, reads=True)
async def view(hub: MeetingHub, actor: Actor) -> SurveyView:
    """The suppressed screen reports, the comparison figures in use and the follow-up change."""
    return await survey_view(hub)


# ---------------------------------------------------------------- reading


async def survey_view(hub: MeetingHub) -> SurveyView:
    """What screens show (no role check: call it through `survey.view` or `projector_view`)."""
    rows = await _store(hub).for_meeting(hub.id)
    first = _shown(rows.get("first"))
    if first is None and hub.meeting.previous_id is not None:
        earlier = await _store(hub).get(hub.meeting.previous_id, "first")
        first = _shown(earlier, from_previous=True)
    followup = _shown(rows.get("followup"))
    figures, source, problem = await _comparison(rows.get("comparison"))
    change = compare(first.report, followup.report) if first and followup else None
    return SurveyView(first, followup, figures, source, problem, change, "comparison" in rows)


async def projector_view(hub: MeetingHub) -> SurveyView | None:
    """The survey view for the projector, only while the facilitator has put the survey on it."""
    if hub.meeting.display.get("show") != "survey":
        return None
    return await survey_view(hub)


def _shown(row: SurveyRow | None, from_previous: bool = False) -> ShownSurvey | None:
    if row is None:
        return None
    return ShownSurvey(row.kind, row.filename, row.members, row.uploaded_at, row.data["screen"], from_previous)


async def _comparison(row: SurveyRow | None) -> tuple[dict[str, Any] | None, str, str | None]:
    if row is not None:
        return row.data["comparison"], row.filename, None
    name = DEFAULT_COMPARISON.name
    try:
        stamp = DEFAULT_COMPARISON.stat().st_mtime_ns
        return await asyncio.to_thread(_default_comparison, str(DEFAULT_COMPARISON), stamp), name, None
    except OSError as err:
        return None, name, f"{name}: kan ikke læses ({err.strerror})"
    except InputError as err:
        return None, name, _problem_text(err)


@lru_cache(maxsize=4)
def _default_comparison(path: str, stamp: int) -> dict[str, Any]:
    """The default comparison file, parsed once per version (`stamp` is its modification time)."""
    with open(path, encoding="utf-8") as handle:
        return parse_comparison(handle.read(), PurePath(path).name)
