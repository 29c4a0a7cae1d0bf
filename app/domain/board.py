"""The shared board's rules: what a post may contain, who may change it, how posts are grouped and sorted.

Pure functions on small dataclasses; the store fills them, the hub and pages use them.
A post is plain text (never HTML or Markdown), 1..2,000 characters after trimming; a theme name 1..120.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from app.domain.textsim import suggest_themes

POST_MAX = 2000
THEME_NAME_MAX = 120
AUTHOR_MAX = 120
ANSWER = "answer"  # posts.kind of board answers (post-its use other kinds)

_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029")
_BLANK_RUN = re.compile(r"\n{3,}")


class BoardRuleError(ValueError):
    """Input that breaks a board rule; `key` is a message key (`board.error.*`), `params` fill it in."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Post:
    """One answer on the board. `author_name` None means anonymous (or unknown); `participant_id` is the
    author (kept for anonymous posts too, so the author can edit them; never shown)."""

    id: int
    question_id: str
    text: str
    created_at: datetime
    step_id: str | None = None
    participant_id: int | None = None
    author_name: str | None = None
    group_no: int | None = None
    theme_id: int | None = None
    starred: bool = False
    hidden: bool = False
    source_key: str | None = None
    updated_at: datetime | None = None
    theme_name: str | None = None
    mine: bool = False

    @property
    def anonymous(self) -> bool:
        return self.author_name is None

    @property
    def imported(self) -> bool:
        return self.source_key is not None


@dataclass(frozen=True)
class Theme:
    id: int
    question_id: str
    name: str
    position: int = 0


@dataclass(frozen=True)
class ThemeSuggestion:
    """Posts that seem to belong together: a new theme named `label`, or more posts for theme `theme_id`."""

    post_ids: tuple[int, ...]
    label: str
    score: float
    theme_id: int | None = None


@dataclass(frozen=True)
class Overview:
    """What the facilitator reads for one question."""

    question_id: str
    posts: list[Post]
    themes: list[Theme]
    groups: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    frozen: bool = False


# -- input rules --------------------------------------------------------------------------------------------
def clean_post_text(text: str | None) -> str:
    """The text to store: line breaks normalised, control characters dropped, edges trimmed, at most two
    blank lines in a row. Raises `BoardRuleError` when nothing is left or it is longer than `POST_MAX`."""
    text = _LINE_BREAKS.sub("\n", text or "")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    text = _BLANK_RUN.sub("\n\n", "\n".join(line.rstrip() for line in text.split("\n"))).strip()
    if not text:
        raise BoardRuleError("board.error.empty")
    if len(text) > POST_MAX:
        raise BoardRuleError("board.error.too_long", limit=POST_MAX, length=len(text))
    return text


def clean_theme_name(name: str | None) -> str:
    """A theme name on one line, whitespace collapsed, 1..`THEME_NAME_MAX` characters."""
    text = " ".join("".join(ch if unicodedata.category(ch) != "Cc" else " " for ch in name or "").split())
    if not text:
        raise BoardRuleError("board.error.theme_empty")
    if len(text) > THEME_NAME_MAX:
        raise BoardRuleError("board.error.theme_too_long", limit=THEME_NAME_MAX)
    return text


def clean_author(name: str | None) -> str | None:
    """An author name as shown (chat senders, participants): one line, at most `AUTHOR_MAX` characters."""
    text = " ".join((name or "").split())
    return text[:AUTHOR_MAX] or None


def clip_import_text(text: str) -> str:
    """Imported chat text cut to the post limit (a chat message is never refused for its length)."""
    cleaned = _BLANK_RUN.sub("\n\n", _LINE_BREAKS.sub("\n", text)).strip()
    return cleaned if len(cleaned) <= POST_MAX else cleaned[: POST_MAX - 1].rstrip() + "…"


# -- who may do what ----------------------------------------------------------------------------------------
def is_author(post: Post, participant_id: int | None) -> bool:
    return participant_id is not None and post.participant_id == participant_id


def public_versions(posts: Sequence[Post]) -> list[Post]:
    """Each post as anyone but its author sees it (no author id); made once per board read, shared by pages."""
    return [p if p.participant_id is None and not p.mine else replace(p, participant_id=None, mine=False)
            for p in posts]


def for_participant(posts: Sequence[Post], participant_id: int | None,
                    public: Sequence[Post] | None = None) -> list[Post]:
    """What a participant may see: no hidden posts, and no author ids except their own (marked `mine`).
    `public` is `public_versions(posts)` when the caller has it already."""
    public = public_versions(posts) if public is None else public
    shown = []
    for post, seen in zip(posts, public, strict=True):
        if post.hidden:
            continue
        shown.append(replace(post, mine=True) if is_author(post, participant_id) else seen)
    return shown


def visible(posts: Iterable[Post]) -> list[Post]:
    return [p for p in posts if not p.hidden]


# -- grouping -----------------------------------------------------------------------------------------------
def by_question(posts: Iterable[Post], question_ids: Sequence[str] = ()) -> dict[str, list[Post]]:
    """Posts per question: the given questions first (in their order, also when empty), then any others."""
    grouped: dict[str, list[Post]] = {qid: [] for qid in question_ids}
    for post in posts:
        grouped.setdefault(post.question_id, []).append(post)
    return grouped


def by_group(posts: Iterable[Post]) -> dict[int | None, list[Post]]:
    """Posts per group number (ascending); posts without a group last, under None."""
    grouped: dict[int | None, list[Post]] = {}
    for post in posts:
        grouped.setdefault(post.group_no, []).append(post)
    numbered = sorted(k for k in grouped if k is not None)
    return {k: grouped[k] for k in [*numbered, *([None] if None in grouped else [])]}


def by_theme(posts: Iterable[Post], themes: Sequence[Theme]) -> dict[int | None, list[Post]]:
    """Posts per theme in the themes' order (empty themes included); unsorted posts last, under None."""
    grouped: dict[int | None, list[Post]] = {t.id: [] for t in sorted(themes, key=lambda t: (t.position, t.id))}
    loose: list[Post] = []
    for post in posts:
        grouped.get(post.theme_id, loose).append(post)
    grouped[None] = loose
    return grouped


def missing_groups(groups: Iterable[int], posts: Iterable[Post], question_id: str) -> list[int]:
    """The groups (of the round) with no visible post for the question yet, ascending."""
    posted = {p.group_no for p in posts if p.question_id == question_id and not p.hidden}
    return sorted(set(groups) - posted)


def starred(posts: Iterable[Post]) -> list[Post]:
    return [p for p in posts if p.starred and not p.hidden]


def ordered(questions: Sequence[str], first: Sequence[str]) -> list[str]:
    """The question ids with those of `first` (the current step's) moved to the front, otherwise in order."""
    return [q for q in questions if q in first] + [q for q in questions if q not in first]


# -- suggestions --------------------------------------------------------------------------------------------
def suggestions(posts: Sequence[Post], themes: Sequence[Theme]) -> list[ThemeSuggestion]:
    """Theme suggestions for the visible posts of one question (`textsim.suggest_themes`), with post and
    theme ids instead of strings; a suggestion for an existing theme carries its id and name."""
    shown = visible(posts)
    known = {t.id: t for t in themes}
    existing = {str(t.id): [str(p.id) for p in shown if p.theme_id == t.id] for t in themes}
    found = suggest_themes([(str(p.id), p.text) for p in shown], {k: v for k, v in existing.items() if v})
    result = []
    for s in found:
        theme = known.get(int(s.theme)) if s.theme is not None else None
        label = theme.name if theme else s.label
        result.append(ThemeSuggestion(tuple(int(i) for i in s.post_ids), label, s.score, theme.id if theme else None))
    return result
