"""Board commands: posting answers, the author's edits, the facilitator's sorting (hide, star, themes,
suggestions), break mode and the Zoom chat import. Each change is stored first, then published as
Change("board", {...}) with only ids (never hidden text), so every open page re-reads what it may show.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any
from weakref import WeakKeyDictionary

from app.domain import board as rules
from app.domain.agenda import Question, Step
from app.domain.chatimport import message_key, parse_zoom_chat
from app.domain.problems import InputError
from app.live import limits
from app.live.commands import EVERYONE, FACILITATOR, STAFF, Actor, CommandError, Forbidden, command
from app.live.hub import Change, MeetingHub
from app.store.board import BoardStore

AUTHORS: frozenset[str] = frozenset({"participant", "admin", "system"})
CHAT_MAX_BYTES = 2 * 1024 * 1024
IDEM_MAX = 80


@dataclass(frozen=True)
class ChatImport:
    question_id: str
    added: int
    skipped: int


def store(hub: MeetingHub) -> BoardStore:
    return BoardStore(hub.runtime.db)


def _rule(check: Any, *args: Any) -> Any:
    try:
        return check(*args)
    except rules.BoardRuleError as err:
        raise CommandError(err.key, **err.params) from None


async def _publish(hub: MeetingHub, action: str, **data: Any) -> None:
    _reads.setdefault(hub, _Reads()).generation += 1
    await hub.publish(Change("board", {"action": action, **data}))


# -- questions ----------------------------------------------------------------------------------------------
def board_questions(hub: MeetingHub) -> list[tuple[Step, Question]]:
    """The board questions of the meeting's steps, the current step's first."""
    found = [(s, q) for _, s in hub.steps for q in s.questions if q.board]
    current = hub.current()[2].id
    return [x for x in found if x[0].id == current] + [x for x in found if x[0].id != current]


def question(hub: MeetingHub, question_id: str) -> tuple[Step, Question]:
    found = next((x for x in board_questions(hub) if x[1].id == question_id), None)
    if found is None:
        raise CommandError("board.error.no_question", question=question_id)
    return found


def default_question(hub: MeetingHub) -> str:
    """The meeting's first board question (in agenda order, among the blocks the meeting includes)."""
    found = [q for _, s in hub.steps for q in s.questions if q.board]
    if not found:
        raise CommandError("board.error.no_board_question")
    return found[0].id


@dataclass
class _GroupCache:
    """participant -> group number by (post's step, current step), read once per change of groups or roster:
    every post needs it. Any "groups" or "participants" change (this process's or, by the relay, another's)
    empties it; a read that a change overtook is not kept."""

    version: int = 0
    found: dict[tuple[str, str], dict[int, int]] = field(default_factory=dict)

    def forget(self, change: Change) -> None:
        if change.topic in ("groups", "participants"):
            self.version += 1
            self.found.clear()


_group_caches: WeakKeyDictionary[MeetingHub, _GroupCache] = WeakKeyDictionary()


async def _groups(hub: MeetingHub, step: Step) -> dict[int, int]:
    cache = _group_caches.get(hub)
    if cache is None:
        cache = _group_caches[hub] = _GroupCache()
        hub.subscribe(cache.forget)
    key = (step.id, hub.current()[2].id)
    if key not in cache.found:
        version = cache.version
        groups = await store(hub).round_groups(hub.id, list(key))
        if version != cache.version:
            return groups
        cache.found[key] = groups
    return cache.found[key]


# -- posting (authors) --------------------------------------------------------------------------------------
def _author_check(hub: MeetingHub, actor: Actor) -> None:
    if actor.role == "participant" and (actor.participant_id is None or hub.meeting.board_frozen):
        raise Forbidden() if actor.participant_id is None else CommandError("board.error.frozen")


async def _own(hub: MeetingHub, actor: Actor, post_id: int) -> rules.Post:
    _author_check(hub, actor)
    post = await store(hub).post(hub.id, int(post_id))
    if post is None:
        raise CommandError("board.error.no_post")
    if not rules.is_author(post, actor.participant_id):
        raise Forbidden()
    return post


async def _rate_checked(hub: MeetingHub, actor: Actor, idem_key: str | None) -> rules.Post | None:
    """Refuse a participant over the posting limit, unless this resubmits a stored post: then that post."""
    try:
        limits.check(hub, "post", actor)
    except CommandError:
        earlier = await store(hub).by_idem_key(hub.id, idem_key) if idem_key else None
        if earlier is None or not rules.is_author(earlier, actor.participant_id):
            raise
        return replace(earlier, mine=True)
    return None


@command("board.post", AUTHORS)
async def add_post(hub: MeetingHub, actor: Actor, question_id: str, text: str, anonymous: bool = False,
                   idem_key: str | None = None, author: str | None = None) -> rules.Post:
    """Post an answer; a resubmit with the same `idem_key` returns the first post and changes nothing."""
    _author_check(hub, actor)
    step, _ = question(hub, question_id)
    text = _rule(rules.clean_post_text, text)
    idem_key = (idem_key or "")[:IDEM_MAX] or None
    earlier = await _rate_checked(hub, actor, idem_key)
    if earlier is not None:
        return earlier
    group_no = (await _groups(hub, step)).get(actor.participant_id) if actor.participant_id else None
    name = None if anonymous else rules.clean_author(actor.name or author)
    post, inserted = await store(hub).add_post(
        hub.id, question_id=question_id, text=text, now=hub.now(), step_id=step.id,
        participant_id=actor.participant_id, author_name=name, group_no=group_no,
        idem_key=idem_key)
    if not rules.is_author(post, actor.participant_id) and actor.role == "participant":
        raise Forbidden()
    if inserted:
        limits.record(hub, "post", actor)
        await _publish(hub, "post", post_id=post.id, question_id=question_id)
    return replace(post, mine=True)


@command("board.edit", AUTHORS)
async def edit_post(hub: MeetingHub, actor: Actor, post_id: int, text: str) -> rules.Post:
    post = await _own(hub, actor, post_id)
    text = _rule(rules.clean_post_text, text)
    await store(hub).update_post(hub.id, post.id, text=text, updated_at=hub.now())
    await _publish(hub, "edit", post_id=post.id, question_id=post.question_id)
    return replace(post, text=text, mine=True)


@command("board.delete", AUTHORS)
async def delete_post(hub: MeetingHub, actor: Actor, post_id: int) -> None:
    post = await _own(hub, actor, post_id)
    await store(hub).delete_post(hub.id, post.id)
    await _publish(hub, "delete", post_id=post.id, question_id=post.question_id)


# -- the facilitator's sorting ------------------------------------------------------------------------------
async def _post(hub: MeetingHub, post_id: int) -> rules.Post:
    post = await store(hub).post(hub.id, int(post_id))
    if post is None:
        raise CommandError("board.error.no_post")
    return post


async def _theme(hub: MeetingHub, theme_id: int) -> rules.Theme:
    theme = await store(hub).theme(hub.id, int(theme_id))
    if theme is None:
        raise CommandError("board.error.no_theme")
    return theme


@command("board.hide", STAFF)
async def hide(hub: MeetingHub, actor: Actor, post_id: int, hidden: bool = True) -> None:
    post = await _post(hub, post_id)
    await store(hub).update_post(hub.id, post.id, hidden=bool(hidden))
    await _publish(hub, "hide", post_id=post.id, question_id=post.question_id, hidden=bool(hidden))


@command("board.star", STAFF)
async def star(hub: MeetingHub, actor: Actor, post_id: int, starred: bool = True) -> None:
    post = await _post(hub, post_id)
    await store(hub).update_post(hub.id, post.id, starred=bool(starred))
    await _publish(hub, "star", post_id=post.id, question_id=post.question_id, starred=bool(starred))


@command("board.freeze", STAFF)
async def freeze(hub: MeetingHub, actor: Actor, frozen: bool = True) -> bool:
    """Break mode: participants see the board read-only while the facilitator sorts it."""
    await hub.runtime.meetings.update(hub.id, board_frozen=bool(frozen))
    await hub.reload()
    await _publish(hub, "freeze", frozen=bool(frozen))
    return bool(frozen)


@command("board.theme_create", STAFF)
async def create_theme(hub: MeetingHub, actor: Actor, question_id: str, name: str,
                       post_ids: list[int] | tuple[int, ...] = ()) -> rules.Theme:
    question(hub, question_id)
    theme = await store(hub).add_theme(hub.id, question_id, _rule(rules.clean_theme_name, name))
    if post_ids:
        await store(hub).move_posts(hub.id, [int(i) for i in post_ids], theme.id, question_id)
    await _publish(hub, "theme", theme_id=theme.id, question_id=question_id)
    return theme


@command("board.theme_rename", STAFF)
async def rename_theme(hub: MeetingHub, actor: Actor, theme_id: int, name: str) -> rules.Theme:
    theme = await _theme(hub, theme_id)
    name = _rule(rules.clean_theme_name, name)
    await store(hub).rename_theme(hub.id, theme.id, name)
    await _publish(hub, "theme", theme_id=theme.id, question_id=theme.question_id)
    return replace(theme, name=name)


@command("board.theme_delete", STAFF)
async def delete_theme(hub: MeetingHub, actor: Actor, theme_id: int) -> None:
    theme = await _theme(hub, theme_id)
    await store(hub).delete_theme(hub.id, theme.id)
    await _publish(hub, "theme", theme_id=theme.id, question_id=theme.question_id)


@command("board.move", STAFF)
async def move(hub: MeetingHub, actor: Actor, post_id: int, theme_id: int | None) -> None:
    """Put a post into a theme of its question, or (theme_id None) take it out of its theme."""
    post = await _post(hub, post_id)
    if theme_id is not None:
        theme = await _theme(hub, theme_id)
        if theme.question_id != post.question_id:
            raise CommandError("board.error.other_question")
    await store(hub).move_posts(hub.id, [post.id], None if theme_id is None else int(theme_id), post.question_id)
    await _publish(hub, "move", post_id=post.id, question_id=post.question_id)


@command("board.suggest", STAFF, when_ended=True)
async def suggest(hub: MeetingHub, actor: Actor, question_id: str) -> list[rules.ThemeSuggestion]:
    """Groups of similar visible posts of the question, to accept or reject (nothing is changed here)."""
    question(hub, question_id)
    posts = await store(hub).posts(hub.id, question_id, include_hidden=False)
    themes = await store(hub).themes(hub.id, question_id)
    return await asyncio.to_thread(rules.suggestions, posts, themes)


@command("board.accept", STAFF)
async def accept(hub: MeetingHub, actor: Actor, question_id: str, post_ids: list[int] | tuple[int, ...],
                 label: str, theme_id: int | None = None) -> rules.Theme:
    """Accept a suggestion: add its posts to the existing theme, or create a theme named `label` for them."""
    if theme_id is None:
        return await create_theme(hub, actor, question_id=question_id, name=label[: rules.THEME_NAME_MAX],
                                  post_ids=post_ids)
    theme = await _theme(hub, theme_id)
    await store(hub).move_posts(hub.id, [int(i) for i in post_ids], theme.id, theme.question_id)
    await _publish(hub, "theme", theme_id=theme.id, question_id=theme.question_id)
    return theme


# -- Zoom chat import ---------------------------------------------------------------------------------------
@command("board.import_chat", FACILITATOR)
async def import_chat(hub: MeetingHub, actor: Actor, data: bytes | str, source: str = "chat",
                      question_id: str | None = None) -> ChatImport:
    """Add the public messages of a saved Zoom chat as posts (author = sender); skip ones imported before."""
    if len(data) > CHAT_MAX_BYTES:
        raise CommandError("board.error.chat_too_big", limit=CHAT_MAX_BYTES // (1024 * 1024))
    question_id = question_id or default_question(hub)
    step, _ = question(hub, question_id)
    try:
        messages = parse_zoom_chat(data, source)
    except InputError as err:
        problem = err.problems[0]
        raise CommandError("board.error.chat_file", source=problem.source, line=problem.line,
                           message=problem.message) from None
    added = skipped = 0
    board, now = store(hub), hub.now()
    for msg in messages:
        _, inserted = await board.add_post(
            hub.id, question_id=question_id, text=rules.clip_import_text(msg.text), now=now, step_id=step.id,
            author_name=rules.clean_author(msg.sender), source_key=message_key(msg))
        added, skipped = added + inserted, skipped + (not inserted)
    if added:
        await _publish(hub, "import", question_id=question_id, added=added)
    return ChatImport(question_id, added, skipped)


# -- reading ------------------------------------------------------------------------------------------------
# Pages re-read the board after every change. They read here, outside the command lock, and the reads that a
# change sets off together share one query (a read started before the change is never reused after it).
@dataclass
class _Reads:
    generation: int = 0  # counts the board changes published by this process
    running: tuple[int, asyncio.Future[list[rules.Post]]] | None = None
    public: tuple[list[rules.Post], list[rules.Post]] | None = None  # a read and its public versions


def _public(hub: MeetingHub, posts: list[rules.Post]) -> list[rules.Post]:
    """The public versions of one read, made once for all the pages that got that read."""
    reads = _reads.setdefault(hub, _Reads())
    if reads.public is None or reads.public[0] is not posts:
        reads.public = (posts, rules.public_versions(posts))
    return reads.public[1]


_reads: WeakKeyDictionary[MeetingHub, _Reads] = WeakKeyDictionary()


async def all_posts(hub: MeetingHub) -> list[rules.Post]:
    """Every board post of the meeting, hidden ones too (callers filter), oldest first."""
    reads = _reads.setdefault(hub, _Reads())
    if reads.running is None or reads.running[0] != reads.generation:
        task = asyncio.ensure_future(store(hub).posts(hub.id))
        reads.running = key = (reads.generation, task)

        def done(_: object) -> None:
            if reads.running is key:
                reads.running = None

        task.add_done_callback(done)
    return await asyncio.shield(reads.running[1])


async def posts_for(hub: MeetingHub, actor: Actor, question_id: str | None = None) -> list[rules.Post]:
    """Posts as the actor may see them: participants get no hidden posts and no other author's id."""
    if actor.role not in EVERYONE:
        raise Forbidden()
    posts = await all_posts(hub)
    if actor.role == "participant":
        posts = rules.for_participant(posts, actor.participant_id, _public(hub, posts))
    return [p for p in posts if question_id is None or p.question_id == question_id]


async def participants_view(hub: MeetingHub) -> Callable[[Actor], list[rules.Post]]:
    """One board read for many participant pages (the meeting's fan-out): returns the function that gives each
    participant what `posts_for` would, from that read and its shared public versions."""
    posts = await all_posts(hub)
    public = _public(hub, posts)

    def view(actor: Actor) -> list[rules.Post]:
        if actor.role != "participant":
            raise Forbidden()
        return rules.for_participant(posts, actor.participant_id, public)

    return view


async def overview_for(hub: MeetingHub, actor: Actor, question_id: str) -> rules.Overview:
    """All posts of the question (hidden ones too), its themes, the round's groups and who has not posted."""
    if actor.role not in STAFF:
        raise Forbidden()
    step, _ = question(hub, question_id)
    posts = [p for p in await all_posts(hub) if p.question_id == question_id]
    groups = sorted(set((await _groups(hub, step)).values()))
    return rules.Overview(question_id, posts, await store(hub).themes(hub.id, question_id), groups,
                          rules.missing_groups(groups, posts, question_id), hub.meeting.board_frozen)


@command("board.posts", EVERYONE, when_ended=True, reads=True)
async def read_posts(hub: MeetingHub, actor: Actor, question_id: str | None = None) -> list[rules.Post]:
    return await posts_for(hub, actor, question_id)


@command("board.overview", STAFF, when_ended=True, reads=True)
async def overview(hub: MeetingHub, actor: Actor, question_id: str) -> rules.Overview:
    return await overview_for(hub, actor, question_id)


async def starred_posts(hub: MeetingHub) -> list[rules.Post]:
    """For the projector: the starred, visible posts of the meeting."""
    return rules.starred(await all_posts(hub))


async def theme_on_show(hub: MeetingHub) -> tuple[rules.Theme | None, list[rules.Post]]:
    """For the projector: the theme chosen in the display (`theme_id`), else the first one, and its visible posts."""
    board = store(hub)
    chosen = str(hub.meeting.display.get("theme_id", ""))
    theme = await board.theme(hub.id, int(chosen)) if chosen.isdigit() else None
    if theme is None:
        theme = next(iter(await board.themes(hub.id)), None)
    if theme is None:
        return None, []
    posts = await board.posts(hub.id, theme.question_id, include_hidden=False)
    return theme, [p for p in posts if p.theme_id == theme.id]
