"""The board's page parts: the participants' "Tavle" tab (post, edit, read live), the projector's starred posts
and one theme. The facilitator's and co-host's tab is in `board_staff`.

Every part keeps its own state per browser tab and re-reads through the command table when a "board" change
arrives (in a background task, so publishing never waits for a page). Post text only ever goes into labels.
"""

from __future__ import annotations

import functools
import logging
import weakref
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import datetime
from typing import Any
from uuid import uuid4

from nicegui import app, background_tasks, ui

from app.domain.board import POST_MAX, Post
from app.i18n import t
from app.live import board_commands
from app.live.commands import Actor, CommandError, dispatch
from app.live.hub import Change, MeetingHub
from app.live.runtime import TZ
from app.ui import panels, projector
from app.ui.common import Coalesced, lang, tr
from app.ui.widgets import PostCard, PostFeed

log = logging.getLogger(__name__)


# -- shared pieces ------------------------------------------------------------------------------------------
def post_meta(post: Post) -> str:
    """'Anne Øster · Gruppe 2 · 17.52' (author or Anonym, group, time, edited/imported)."""
    return _meta(post.author_name, post.group_no, post.created_at, post.imported, post.updated_at is not None, lang())


@functools.lru_cache(maxsize=65_536)
def _meta(author: str | None, group_no: int | None, created_at: datetime, imported: bool, edited: bool,
          language: str) -> str:
    """Made once per post and language, not once per page: every participant's board shows every post."""
    parts = [author or t("board.anonym", language)]
    if group_no is not None:
        parts.append(t("board.group", language, no=group_no))
    parts.append(created_at.astimezone(TZ).strftime("%H.%M"))
    if imported:
        parts.append(t("board.from_chat", language))
    if edited:
        parts.append(t("board.edited", language))
    return " · ".join(parts)


def post_card(post: Post, actions: Callable[[Post], None] | None = None, big: bool = False) -> ui.element:
    if actions is None:  # most cards, on every page: one element each (see PostCard)
        return PostCard(post.text, post_meta(post), hidden=post.hidden, big=big).mark("post post-text").props(
            f"data-testid=post-{post.id}")
    style = "opacity-50" if post.hidden else ""
    with ui.card().classes(f"w-full p-3 gap-1 {style}").mark("post").props(f"data-testid=post-{post.id}") as card:
        size = "text-h5" if big else "text-body1"
        ui.label(post.text).classes(f"klynge-pre {size}").mark("post-text").props("dir=auto data-testid=post-text")
        meta_classes = "text-caption text-grey-8" if not big else "text-h6 opacity-80"
        with ui.row().classes("w-full items-center justify-between gap-1"):
            ui.label(post_meta(post)).classes(meta_classes)
            with ui.row().classes("items-center gap-0 no-wrap"):
                actions(post)
    return card


async def load(query: Awaitable[Any]) -> Any:
    """A read for a page that is being redrawn: a refusal gives None (and nothing to show), never an error."""
    try:
        return await query
    except CommandError:
        return None


def later(work: Callable[[], Any]) -> None:
    """Run `work()` (a coroutine function) in the background, e.g. from a hub listener."""
    background_tasks.create(work(), name="board-reload")


# -- drafts in the browser ----------------------------------------------------------------------------------
class Drafts:
    """What a participant has typed but not sent, per meeting and question, in the browser's user storage
    (taken once while the page is built, so event handlers and background tasks can reach it)."""

    def __init__(self, code: str, question_id: str) -> None:
        self.store: MutableMapping[str, Any] = app.storage.user
        self.text_key = f"board-draft:{code}:{question_id}"
        self.idem_key = f"board-idem:{code}:{question_id}"

    @property
    def text(self) -> str:
        return str(self.store.get(self.text_key, ""))

    def keep(self, text: str | None) -> None:
        if text:
            self.store[self.text_key] = text
        else:
            self.store.pop(self.text_key, None)

    def submit_key(self) -> str:
        """The key of the next submit: kept with the draft, so a resubmit after a reload still posts once."""
        if not self.store.get(self.idem_key):
            self.store[self.idem_key] = uuid4().hex
        return str(self.store[self.idem_key])

    def forget(self) -> None:
        for key in (self.text_key, self.idem_key):
            self.store.pop(key, None)


# -- the answer field ---------------------------------------------------------------------------------------
def too_long(value: str | None) -> str | None:
    """The live message under the answer field once the text passes the limit."""
    length = len((value or "").strip())
    return tr("board.error.too_long", limit=POST_MAX, length=length) if length > POST_MAX else None


# -- the participant's tab ----------------------------------------------------------------------------------
class PostForm:
    """The answer field of one question; what is typed survives errors and reloads (browser storage)."""

    def __init__(self, board: ParticipantBoard, question_id: str) -> None:
        self.board = board
        self.question_id = question_id
        self.drafts = Drafts(board.hub.code, question_id)
        self.sending = False

    def build(self) -> None:
        self.text = ui.textarea(
            tr("board.your_answer"), value=self.drafts.text, validation=too_long,
            on_change=lambda e: self.drafts.keep(e.value),
        ).props("outlined autogrow data-testid=post-input").classes("w-full").mark("post-input")
        self.error = ui.label().classes("text-negative text-body2").mark("post-error").props("data-testid=post-error")
        self.error.set_visibility(False)
        with ui.row().classes("w-full items-center justify-between"):
            self.anonymous = ui.checkbox(tr("board.anonymous")).mark("post-anonymous").props(
                "data-testid=post-anonymous")
            self.send = ui.button(tr("board.send"), icon="send", on_click=self.submit).mark("post-send").props(
                "data-testid=post-send")
        self.set_frozen(self.board.hub.meeting.board_frozen)

    def set_frozen(self, frozen: bool) -> None:
        for element in (self.text, self.anonymous, self.send):
            element.set_enabled(not frozen)

    def show_error(self, message: str | None) -> None:
        self.error.set_text(message or "")
        self.error.set_visibility(bool(message))

    async def submit(self) -> None:
        if self.sending:  # taps buffered while offline arrive together: the first one sends
            return
        self.sending = True
        self.send.disable()
        try:
            await dispatch(self.board.hub, self.board.actor, "board.post", question_id=self.question_id,
                           text=self.text.value or "", anonymous=bool(self.anonymous.value),
                           idem_key=self.drafts.submit_key())
        except CommandError as err:  # the typed text stays in the field
            self.show_error(None if err.key == "board.error.too_long" else tr(err.key, **err.params))
            self.text.validate()
            return
        finally:
            self.sending = False
            self.send.set_enabled(not self.board.hub.meeting.board_frozen)
        self.drafts.forget()
        self.text.value = ""
        self.show_error(None)
        ui.notify(tr("board.sent"), type="positive")
        await self.board.reload()


FeedRow = tuple[int, str, str, bool, bool]
_rows: dict[int, tuple[Post, str, FeedRow]] = {}  # id(post) -> (post, language, row); bounded below


def feed_row(post: Post, language: str) -> FeedRow:
    """A post as PostFeed shows it. The posts others see are shared by all pages of a read (see
    `board_commands.participants_view`), so each row is made once per read and language, not once per page."""
    cached = _rows.get(id(post))
    if cached is not None and cached[0] is post and cached[1] == language:  # the entry holds `post`: no id reuse
        return cached[2]
    row = (post.id, post.text, post_meta(post), post.hidden, post.mine)
    if len(_rows) > 20_000:
        _rows.clear()
    _rows[id(post)] = (post, language, row)
    return row


class PostList:
    """One question's answers, newest first, as one PostFeed element: a burst of posts costs each open page one
    small message per post, not new elements."""

    def __init__(self, board: ParticipantBoard) -> None:
        self.board = board
        self.feed = PostFeed(tr("board.others"), tr("board.none_yet"), tr("board.edit"), tr("board.delete")).mark(
            "post-feed")
        self.feed.on("edit", lambda e: board.edit_id(e.args))
        self.feed.on("delete", lambda e: board.delete_id(e.args))

    def show(self, posts: list[Post], language: str) -> None:
        self.feed.show(tuple(feed_row(p, language) for p in posts), self.board.hub.meeting.board_frozen)


class BoardFanout:
    """A meeting's open participant boards, brought up to date together after a board change: one read for all
    pages, then each page's feeds in turn, without a task and a read per page."""

    def __init__(self, hub: MeetingHub) -> None:
        self.hub = hub
        self.boards: weakref.WeakSet[ParticipantBoard] = weakref.WeakSet()
        self.reload = Coalesced(self.run)  # changes during a run are merged into one more run
        hub.subscribe(self.on_change)  # for as long as the hub exists

    def on_change(self, change: Change) -> None:
        if change.topic == "board":
            self.reload()

    async def run(self) -> None:
        view = await board_commands.participants_view(self.hub)
        for board in list(self.boards):
            if board.client.is_deleted:
                self.boards.discard(board)
                continue
            try:
                with board.client:
                    board.show(view(board.actor))
            except Exception:  # one page's trouble must not keep the others from their posts
                log.exception("board update of one page failed")


_fanouts: weakref.WeakKeyDictionary[MeetingHub, BoardFanout] = weakref.WeakKeyDictionary()


def fanout(hub: MeetingHub) -> BoardFanout:
    if hub not in _fanouts:
        _fanouts[hub] = BoardFanout(hub)
    return _fanouts[hub]


class ParticipantBoard:
    def __init__(self, hub: MeetingHub, actor: Actor) -> None:
        self.hub = hub
        self.actor = actor
        self.posts: list[Post] = []
        self.forms: list[PostForm] = []
        self.lists: dict[str, PostList] = {}

    def build(self) -> None:
        self.client = ui.context.client
        questions = board_commands.board_questions(self.hub)
        self.note = ui.label(tr("board.frozen_note")).classes("text-body1 bg-amber-1 rounded p-2 w-full").mark(
            "board-frozen-note").props("data-testid=board-frozen-note")
        self.note.set_visibility(self.hub.meeting.board_frozen)
        self.dialogs = ui.element()
        for _, question in questions:
            with ui.column().classes("w-full gap-2").mark("board-question"):
                ui.label(question.text).classes("text-h6")
                form = PostForm(self, question.id)
                form.build()
                self.forms.append(form)
                self.lists[question.id] = PostList(self)
        later(self.reload)
        fanout(self.hub).boards.add(self)  # later board changes come from the meeting's fan-out
        panels.subscribe(self.hub, self.on_change)

    async def reload(self) -> None:
        """This page's posts now (when built, and after its own edit or delete)."""
        posts = await load(board_commands.posts_for(self.hub, self.actor))
        if not self.client.is_deleted:
            self.show(posts or [])

    def show(self, posts: list[Post]) -> None:
        self.posts = posts
        language = lang()
        for question_id, post_list in self.lists.items():
            post_list.show([p for p in reversed(posts) if p.question_id == question_id], language)

    def own(self, post_id: object) -> Post | None:
        return next((p for p in self.posts if p.id == post_id and p.mine), None)

    def edit_id(self, post_id: object) -> None:
        post = self.own(post_id)
        if post is not None and not self.hub.meeting.board_frozen:
            self.edit(post)

    def delete_id(self, post_id: object) -> None:
        post = self.own(post_id)
        if post is not None and not self.hub.meeting.board_frozen:
            self.delete(post)

    def edit(self, post: Post) -> None:
        self.dialogs.clear()
        with self.dialogs, ui.dialog(value=True) as dialog, ui.card().classes("w-full max-w-lg"):
            field = ui.textarea(tr("board.edit"), value=post.text).props(
                "outlined autogrow data-testid=edit-input").classes("w-full").mark("edit-input")
            error = ui.label().classes("text-negative").mark("edit-error")

            async def save() -> None:
                try:
                    await dispatch(self.hub, self.actor, "board.edit", post_id=post.id, text=field.value or "")
                except CommandError as err:
                    error.set_text(tr(err.key, **err.params))
                    return
                dialog.close()
                await self.reload()

            with ui.row().classes("w-full justify-end"):
                ui.button(tr("board.cancel"), on_click=dialog.close).props("flat")
                ui.button(tr("board.save"), on_click=save).mark("edit-save").props("data-testid=edit-save")

    def delete(self, post: Post) -> None:
        self.dialogs.clear()
        with self.dialogs, ui.dialog(value=True) as dialog, ui.card():
            ui.label(tr("board.delete_confirm"))

            async def confirm() -> None:
                dialog.close()
                try:
                    await dispatch(self.hub, self.actor, "board.delete", post_id=post.id)
                except CommandError as err:
                    ui.notify(tr(err.key, **err.params), type="warning")
                await self.reload()

            with ui.row().classes("w-full justify-end"):
                ui.button(tr("board.cancel"), on_click=dialog.close).props("flat")
                ui.button(tr("board.delete"), on_click=confirm).props("color=negative").mark("delete-confirm")

    def on_change(self, change: Change) -> None:
        if change.topic != "board":
            return
        if change.data.get("action") == "freeze":
            frozen = bool(change.data.get("frozen"))
            self.note.set_visibility(frozen)
            for form in self.forms:
                form.set_frozen(frozen)
            self.show(self.posts)  # the edit buttons follow


@panels.register_tab("board", {"participant"}, order=20)
def participant_tab(hub: MeetingHub, actor: Actor) -> None:
    ParticipantBoard(hub, actor).build()


# -- projector displays -------------------------------------------------------------------------------------
def _fill(container: ui.element, fetch: Callable[[], Any], draw: Callable[[Any], None]) -> None:
    async def work() -> None:
        data = await fetch()
        if container.client.is_deleted or container.is_deleted:
            return
        container.clear()
        with container:
            draw(data)

    later(work)


@projector.register_display("starred", "board.display_starred")
def starred_display(hub: MeetingHub) -> None:
    def draw(posts: list[Post]) -> None:
        if not posts:
            ui.label(tr("board.no_starred")).classes("text-h5 opacity-80 text-white")
        for post in posts:
            post_card(post, big=True)

    container = ui.column().classes("w-full max-w-5xl gap-3 text-black").mark("projector-starred")
    _fill(container, lambda: board_commands.starred_posts(hub), draw)


@projector.register_display("theme", "board.display_theme")
def theme_display(hub: MeetingHub) -> None:
    def draw(found: tuple[Any, list[Post]]) -> None:
        theme, posts = found
        if theme is None:
            ui.label(tr("board.no_theme_chosen")).classes("text-h5 opacity-80 text-white")
            return
        ui.label(theme.name).classes("text-h3 text-white").mark("projector-theme-name").props("dir=auto")
        for post in posts:
            post_card(post, big=True)

    container = ui.column().classes("w-full max-w-5xl gap-3 text-black").mark("projector-theme")
    _fill(container, lambda: board_commands.theme_on_show(hub), draw)


from app.ui import board_staff  # noqa: E402, F401  (registers the facilitator's and co-host's tab)
