"""Rules of the meeting's small activities: post-its, quick polls, personal notes and the practice's plan.

Pure functions: the live layer hands in what the store holds and gets back a decision or a value;
a refused input raises `ActivityError` with a message code (the live layer turns it into a message key).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.domain.agenda import PlanField, Poll
from app.domain.polls import RankedTerm, rank_free_text, tally

COLORS = ("green", "red")
POSTIT_MAX = 500
POLL_ANSWER_MAX = 300
NOTES_MAX = 20_000
PLAN_FIELD_MAX = 2_000
POSTITS_QUESTION = "postits"


class ActivityError(ValueError):
    """An input the rules refuse; `code` names the reason ("postit_empty"), `params` fill in the message."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def clean_text(value: str | None, limit: int, what: str, required: bool = True) -> str:
    """Trim surrounding space (keep line breaks inside); refuse empty (when required) or over-long text."""
    text = (value or "").strip()
    if required and not text:
        raise ActivityError(f"{what}_empty")
    if len(text) > limit:
        raise ActivityError(f"{what}_too_long", limit=limit)
    return text


# -- post-its -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Postit:
    id: int
    participant_id: int | None
    author: str | None
    color: str
    text: str
    heading: str | None


@dataclass(frozen=True)
class HeadingColumn:
    """One column of the sorting board: a heading (None for the unsorted notes) and its notes by colour."""

    heading: str | None
    green: list[Postit] = field(default_factory=list)
    red: list[Postit] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.green) + len(self.red)


def check_color(color: str) -> str:
    if color not in COLORS:
        raise ActivityError("postit_bad_color")
    return color


def check_heading(heading: str | None, headings: Sequence[str]) -> str | None:
    """A heading of the agenda, or None to move a note back to the unsorted ones."""
    if heading is None or heading == "":
        return None
    if heading not in headings:
        raise ActivityError("postit_bad_heading")
    return heading


def same_table(a: int | None, b: int | None, groups: Mapping[int, int]) -> bool:
    """Whether two participants sort at the same table: everyone does while no groups are formed."""
    if not groups:
        return True
    return a is not None and b is not None and groups.get(a) == groups.get(b)


def table_notes(notes: Iterable[Postit], me: int, groups: Mapping[int, int]) -> list[Postit]:
    """The notes the participant's table sorts: theirs and their group's (everyone's without groups)."""
    return [n for n in notes if n.participant_id == me or same_table(me, n.participant_id, groups)]


def arrange(notes: Iterable[Postit], headings: Sequence[str]) -> list[HeadingColumn]:
    """The sorting board: one column per heading, then the unsorted notes (also those under an unknown
    heading); in each column the green notes, then the red, in the order given."""
    columns = {h: HeadingColumn(h) for h in headings}
    unsorted = HeadingColumn(None)
    for note in notes:
        column = columns.get(note.heading or "", unsorted)
        (column.green if note.color == "green" else column.red).append(note)
    return [*columns.values(), unsorted]


# -- polls --------------------------------------------------------------------------------------------
def open_poll(events: Iterable[tuple[str, str]]) -> str | None:
    """The poll open now, from ("poll_opened" | "poll_closed", poll id) events in order: the last one
    opened and not closed since (opening a poll closes the one before)."""
    current: str | None = None
    for kind, poll_id in events:
        if kind == "poll_opened":
            current = poll_id
        elif kind == "poll_closed" and poll_id == current:
            current = None
    return current


def last_poll(events: Iterable[tuple[str, str]]) -> str | None:
    """The poll opened last, open or not (what the projector keeps showing after it closes)."""
    opened = [poll_id for kind, poll_id in events if kind == "poll_opened"]
    return opened[-1] if opened else None


@dataclass(frozen=True)
class AnswerDecision:
    """`replace` when a choice poll's vote changes the participant's earlier vote."""

    text: str
    replace: bool = False


def check_answer(poll: Poll, mine: Sequence[str], text: str | None) -> AnswerDecision:
    """Whether a participant who gave the answers `mine` may answer `text`; choice polls keep one vote."""
    if poll.kind == "choice":
        choice = (text or "").strip()
        if choice not in poll.options:
            raise ActivityError("poll_bad_option")
        return AnswerDecision(choice, replace=bool(mine))
    cleaned = clean_text(text, POLL_ANSWER_MAX, "poll_answer")
    if len(mine) >= poll.answers_per_person:
        raise ActivityError("poll_limit", limit=poll.answers_per_person)
    return AnswerDecision(cleaned)


@dataclass(frozen=True)
class PollResult:
    poll_id: str
    question: str
    kind: str
    answers: list[str]
    people: int
    ranked: list[RankedTerm] = field(default_factory=list)
    counts: list[tuple[str, int]] = field(default_factory=list)


def poll_result(poll: Poll, answers: Sequence[str], people: int, top: int = 15) -> PollResult:
    """Free text as a ranked list of what was said; choice as votes per option."""
    texts = list(answers)
    if poll.kind == "choice":
        return PollResult(poll.id, poll.question, poll.kind, texts, people, counts=tally(poll.options, texts))
    return PollResult(poll.id, poll.question, poll.kind, texts, people, ranked=rank_free_text(texts, top))


# -- personal notes and the implementation plan ------------------------------------------------------
def practice_key(practice: str | None, participant_id: int, solo: bool) -> str:
    """Colleagues of one practice share a plan: the practice name lower-cased with spaces collapsed;
    a single-handed GP (or one without a practice) has their own, "solo:<participant id>"."""
    name = " ".join((practice or "").split()).lower()
    if solo or not name:
        return f"solo:{participant_id}"
    return name


def check_plan_field(field_id: str, fields: Sequence[PlanField]) -> PlanField:
    found = next((f for f in fields if f.id == field_id), None)
    if found is None:
        raise ActivityError("plan_bad_field")
    return found


def merge_plan(data: Mapping[str, Any], field_id: str, text: str, by: str, at: str) -> dict[str, Any]:
    """The plan with one field set: the last writer wins per field, and each field remembers who wrote it."""
    merged = {k: dict(v) for k, v in data.items() if isinstance(v, Mapping)}
    merged[field_id] = {"text": text, "by": by, "at": at}
    return merged


def plan_values(data: Mapping[str, Any], fields: Sequence[PlanField]) -> list[dict[str, Any]]:
    """The plan's fields in the agenda's order: id, label, text, who wrote it last."""
    rows = []
    for plan_field in fields:
        entry = data.get(plan_field.id) or {}
        rows.append({"id": plan_field.id, "label": plan_field.label, "hint": plan_field.hint,
                     "text": entry.get("text", ""), "by": entry.get("by")})
    return rows
