"""The meeting programme as data: blocks, steps, cues, questions, resources.

An agenda file (YAML, see docs/agenda-format.md) is validated into these pydantic models by
`app.domain.agenda_load`. The models are immutable; a meeting keeps a snapshot of its agenda.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Minutes = Annotated[float, Field(gt=0, le=600)]
Ident = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)]

_SLIDES = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MeetingFormat(StrEnum):
    physical = "physical"
    virtual = "virtual"
    session = "session"


class StepKind(StrEnum):
    checkin = "checkin"
    follow_up = "follow_up"
    presentation = "presentation"
    data_review = "data_review"
    video = "video"
    reflection = "reflection"
    group = "group"
    plenum = "plenum"
    pause = "pause"
    individual = "individual"
    poll = "poll"
    implementation = "implementation"
    closing = "closing"


class CueKind(StrEnum):
    start_slides = "start_slides"
    stop_slides = "stop_slides"
    start_video = "start_video"
    open_rooms = "open_rooms"
    close_rooms = "close_rooms"
    open_board = "open_board"
    close_board = "close_board"
    use_chat = "use_chat"
    start_poll = "start_poll"
    show_survey = "show_survey"
    note = "note"


class Grouping(StrEnum):
    mixed = "mixed"
    own_practice = "own_practice"


class SlideRange(_Model):
    first: int
    last: int

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"

    def numbers(self) -> range:
        return range(self.first, self.last + 1)


def parse_slides(value: object) -> SlideRange | None:
    """Accept 8, "8", "8-19" (and None); anything else is an error."""
    if value is None or isinstance(value, SlideRange):
        return value
    if isinstance(value, dict):  # a stored snapshot (model_dump) of a SlideRange
        return SlideRange.model_validate(value)
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError("slides must be a number or a range like 8-19")
    match = _SLIDES.match(str(value))
    if not match:
        raise ValueError(f"'{value}' is not a slide number or a range like 8-19")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first < 1 or last < first:
        raise ValueError(f"'{value}': slide range must run from a lower to a higher number, starting at 1")
    return SlideRange(first=first, last=last)


class Cue(_Model):
    """A technical cue: what the facilitator or co-host does, and when within its step."""

    kind: CueKind
    at: Literal["start", "end"] = "start"
    text: str | None = None
    video: Ident | None = None
    size: int | None = None
    grouping: Grouping | None = None
    for_step: Ident | None = None
    poll: Ident | None = None
    measures: list[int] = []


class Question(_Model):
    id: Ident
    text: str
    hint: str | None = None
    board: bool = False
    minutes: Minutes | None = None


class Step(_Model):
    id: Ident
    title: str
    minutes: Minutes
    kind: StepKind = StepKind.presentation
    min_minutes: Minutes | None = None
    fixed: bool = False
    slides: SlideRange | None = None
    guidance: str | None = None
    participant_task: str | None = None
    cues: list[Cue] = []
    questions: list[Question] = []
    measures: list[int] = []
    video: Ident | None = None
    postits: bool = False

    _slides = field_validator("slides", mode="before")(lambda cls, v: parse_slides(v))

    @property
    def seconds(self) -> int:
        return round(self.minutes * 60)

    @property
    def min_seconds(self) -> int:
        """The shortest this step may be re-planned to (a fixed step never shrinks)."""
        if self.fixed:
            return self.seconds
        if self.min_minutes is not None:
            return round(self.min_minutes * 60)
        return min(self.seconds, 60)

    def board_questions(self) -> list[Question]:
        return [q for q in self.questions if q.board]


class Block(_Model):
    id: Ident
    title: str
    minutes: Minutes
    slides: SlideRange | None = None
    summary: str | None = None
    optional: bool = False
    before_start: bool = False
    steps: list[Step] = Field(min_length=1)

    _slides = field_validator("slides", mode="before")(lambda cls, v: parse_slides(v))


class Video(_Model):
    id: Ident
    title: str
    url: str | None = None
    minutes: Minutes
    local: str | None = None
    speaker: str | None = None


class Resource(_Model):
    name: str
    contact: str | None = None
    email: str | None = None
    phone: str | None = None
    url: str | None = None
    note: str | None = None


class Poll(_Model):
    id: Ident
    question: str
    kind: Literal["free_text", "choice"] = "free_text"
    options: list[str] = []
    answers_per_person: int = Field(default=1, ge=1, le=10)


class PlanField(_Model):
    id: Ident
    label: str
    hint: str | None = None


DEFAULT_PLAN_FIELDS = (
    PlanField(id="hvad", label="Hvad vil vi gøre?"),
    PlanField(id="hvem", label="Hvem gør det?"),
    PlanField(id="hvornaar", label="Hvornår?"),
    PlanField(id="opfoelgning", label="Hvordan følger vi op?"),
)


class Agenda(_Model):
    id: Ident
    title: str
    subtitle: str | None = None
    format: MeetingFormat
    language: Literal["da", "en"] = "da"
    total_minutes: Minutes
    description: str | None = None
    sources: list[str] = []
    grouping_note: str | None = None
    blocks: list[Block] = Field(min_length=1)
    videos: list[Video] = []
    polls: list[Poll] = []
    postit_headings: list[str] = []
    plan_fields: list[PlanField] = list(DEFAULT_PLAN_FIELDS)
    home_assignment: str | None = None
    email_items: list[str] = []
    follow_up: str | None = None
    before_meeting: list[str] = []
    resources: list[Resource] = []

    def steps(self, include_optional: bool = True) -> list[tuple[Block, Step]]:
        """Every step in running order, with its block."""
        return [
            (block, step)
            for block in self.blocks
            if include_optional or not block.optional
            for step in block.steps
        ]

    def step(self, step_id: str) -> Step | None:
        return next((s for _, s in self.steps() if s.id == step_id), None)

    def video(self, video_id: str) -> Video | None:
        return next((v for v in self.videos if v.id == video_id), None)

    def poll(self, poll_id: str) -> Poll | None:
        return next((p for p in self.polls if p.id == poll_id), None)

    def board_questions(self) -> list[tuple[Step, Question]]:
        return [(s, q) for _, s in self.steps() for q in s.questions if q.board]
