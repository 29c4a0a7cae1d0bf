"""After the meeting: the plain data every export is built from, and the board grouped for reading.

Pure: the store hands over `ExportData` (meeting, agenda, posts, themes, plans, run log, attendees, follow-up);
the format modules turn it into bytes or text:

- `app.domain.export_email`  the email draft (Danish), its HTML and plain-text parts, the `.eml` message
- `app.domain.export_office` CSV and XLSX of every visible post, the PPTX summary
- `app.domain.export_record` the meeting record, the practices' implementation plans, the `.ics` invitation

Every export shows each visible post exactly once; hidden posts are left out; a post without an author is
"anonym" and never carries a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from app.domain.agenda import Agenda
from app.domain.board import Theme
from app.domain.clock import ClockEvent, ClockState

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
ANONYMOUS = "anonym"
OTHER_IDEAS = "Øvrige idéer"
POSTITS = "postits"  # the question id of the sorting board's post-its

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
          "november", "december")


@dataclass(frozen=True)
class MeetingInfo:
    code: str
    title: str
    cluster: str
    day: date
    start: time
    agenda: Agenda
    include_optional: bool = False

    def starts(self) -> datetime:
        """The planned start as an aware Europe/Copenhagen datetime."""
        return datetime.combine(self.day, self.start, tzinfo=COPENHAGEN)


@dataclass(frozen=True)
class Post:
    """One board post; `author` is None for an anonymous post, `source` is "chat" for imported chat lines."""

    id: int
    question_id: str
    text: str
    created_at: datetime
    kind: str = "answer"
    author: str | None = None
    group_no: int | None = None
    theme_id: int | None = None
    starred: bool = False
    hidden: bool = False
    heading: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class PlanDoc:
    """One practice's implementation plan: field id -> text (the agenda's `plan_fields` name the fields)."""

    practice: str
    fields: dict[str, str]
    updated_by: str | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Attendee:
    name: str
    practice: str | None = None
    email: str | None = None
    solo: bool = False


@dataclass(frozen=True)
class FollowUp:
    """The follow-up meeting the facilitator agreed: local date and time, length, and where (optional)."""

    day: date
    start: time
    minutes: int = 120
    place: str | None = None

    def starts(self) -> datetime:
        return datetime.combine(self.day, self.start, tzinfo=COPENHAGEN)

    def ends(self) -> datetime:
        return self.starts() + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class SurveyData:
    """A stored survey report (and the national comparison and an earlier report, when there are)."""

    report: dict[str, Any]
    comparison: dict[str, Any] | None = None
    earlier: dict[str, Any] | None = None


@dataclass(frozen=True)
class ExportData:
    meeting: MeetingInfo
    posts: Sequence[Post] = ()
    themes: Sequence[Theme] = ()
    plans: Sequence[PlanDoc] = ()
    attendees: Sequence[Attendee] = ()
    follow_up: FollowUp | None = None
    clock: ClockState | None = None
    run_log: Sequence[ClockEvent] = ()
    survey: SurveyData | None = None
    draft: str | None = None

    @property
    def agenda(self) -> Agenda:
        return self.meeting.agenda


# --- the board, grouped --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeGroup:
    """A theme's posts; `name` is None for the posts in no theme."""

    name: str | None
    posts: tuple[Post, ...]


@dataclass(frozen=True)
class QuestionSection:
    question_id: str
    text: str
    groups: tuple[ThemeGroup, ...] = field(default_factory=tuple)

    def posts(self) -> list[Post]:
        return [p for g in self.groups for p in g.posts]


def visible(posts: Iterable[Post]) -> list[Post]:
    """The posts that may be shown, oldest first."""
    return sorted((p for p in posts if not p.hidden and p.text.strip()), key=lambda p: (p.created_at, p.id))


def author_label(post: Post) -> str:
    return (post.author or "").strip() or ANONYMOUS


def question_text(agenda: Agenda, question_id: str) -> str:
    """The question's text from the agenda (a step's title or a poll's question if the id names one)."""
    if question_id == POSTITS:
        return "Post-its"
    for _, step in agenda.steps():
        for question in step.questions:
            if question.id == question_id:
                return question.text
    step = agenda.step(question_id)
    if step is not None:
        return step.title
    poll = agenda.poll(question_id)
    return poll.question if poll else question_id


def question_order(agenda: Agenda, posts: Sequence[Post]) -> list[str]:
    """The board questions in agenda order, then any other question that has posts, in order of its first post."""
    order = [q.id for _, q in agenda.board_questions()]
    for post in posts:
        if post.question_id not in order:
            order.append(post.question_id)
    return order


def sections(data: ExportData, include_empty: bool = False) -> list[QuestionSection]:
    """Per question, the visible posts grouped by theme (themes in their order), the ungrouped ones last.

    Every visible post lands in exactly one group: a post whose theme belongs to another question or no
    longer exists counts as ungrouped.
    """
    posts = visible(data.posts)
    result = []
    for question_id in question_order(data.agenda, posts):
        mine = [p for p in posts if p.question_id == question_id]
        if not mine and not include_empty:
            continue
        groups = _groups(question_id, mine, data.themes, data.agenda.postit_headings)
        result.append(QuestionSection(question_id, question_text(data.agenda, question_id), tuple(groups)))
    return result


def _groups(question_id: str, posts: list[Post], themes: Sequence[Theme], headings: Sequence[str]) -> list[ThemeGroup]:
    """Themes in their order, then post-it headings (agenda order first), then the posts in neither."""
    own = sorted((t for t in themes if t.question_id == question_id), key=lambda t: (t.position, t.id))
    ids = {t.id for t in own}
    groups = [ThemeGroup(t.name, tuple(p for p in posts if p.theme_id == t.id)) for t in own]
    rest = [p for p in posts if p.theme_id not in ids]
    found = {p.heading for p in rest if p.heading}
    for heading in [h for h in headings if h in found] + sorted(found - set(headings)):
        groups.append(ThemeGroup(heading, tuple(p for p in rest if p.heading == heading)))
    loose = tuple(p for p in rest if not p.heading)
    groups = [g for g in groups if g.posts]
    if loose:
        groups.append(ThemeGroup(OTHER_IDEAS if groups else None, loose))
    return groups


def theme_name(post: Post, themes: Sequence[Theme]) -> str:
    """The post's theme name (a post-it's heading when it has no theme), or "" when it is in none."""
    theme = next((t for t in themes if t.id == post.theme_id and t.question_id == post.question_id), None)
    return theme.name if theme else (post.heading or "")


def source_label(post: Post) -> str:
    if post.source == "chat":
        return "chat"
    if post.kind == "postit":
        return "post-it"
    return "tavle"


# --- small Danish formatting helpers ------------------------------------------------------------------------


def danish_date(day: date, weekday: bool = True) -> str:
    """"mandag den 23. november 2026" (or "23. november 2026")."""
    text = f"{day.day}. {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} den {text}" if weekday else text


def clock_time(moment: time | datetime) -> str:
    """Danish clock notation: 17.00."""
    return f"{moment.hour:02d}.{moment.minute:02d}"


def local(moment: datetime) -> datetime:
    return moment.astimezone(COPENHAGEN)


_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa", "é": "e", "ü": "u"})


def slug(text: str, limit: int = 40) -> str:
    """A safe ASCII piece of a file name: "Klynge Nord/Øst" -> "klynge-nord-oest"."""
    plain = re.sub(r"[^a-z0-9]+", "-", text.translate(_ASCII).lower()).strip("-")
    return plain[:limit].rstrip("-") or "klynge"


def file_name(meeting: MeetingInfo, what: str, extension: str) -> str:
    """"klynge-nord-2026-11-23-opslag.csv"."""
    return f"{slug(meeting.cluster)}-{meeting.day.isoformat()}-{what}.{extension}"
