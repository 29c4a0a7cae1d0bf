"""The facilitator's and co-host's "Tavle" tab: read the posts by theme or by group, see which groups have not
posted, sort posts into themes (with suggestions to accept or reject), star, hide, break mode, chat import."""

from __future__ import annotations

from typing import Any

from nicegui import events, ui

from app.domain import board as rules
from app.domain.board import Overview, Post, ThemeSuggestion
from app.live import board_commands
from app.live.commands import Actor, CommandError, dispatch
from app.live.hub import Change, MeetingHub
from app.ui import panels
from app.ui.board import later, load, post_card
from app.ui.common import Coalesced, KeyedRows, run, tr


class Section:
    """One theme's or one group's posts on a staff board."""

    def __init__(self, board: StaffBoard, kind: str) -> None:
        self.board, self.kind = board, kind
        self.head: tuple[str, int, rules.Theme | None] | None = None
        with ui.column().classes("w-full gap-2 mt-2").mark(f"{kind}-section") as self.root:
            self.header = ui.row().classes("w-full items-center gap-2")
            self.none = ui.label(tr("board.none_yet")).classes("text-grey-7")
            self.cards = KeyedRows(lambda item: post_card(item[0], board.post_actions), classes="w-full gap-2")

    def show(self, title: str, posts: list[Post], theme: rules.Theme | None, themes: tuple) -> None:
        head = (title, len(posts), theme)
        if head != self.head:
            self.head = head
            self.header.clear()
            with self.header:
                ui.label(title).classes("text-subtitle1 text-bold").mark(f"{self.kind}-title").props("dir=auto")
                ui.badge(str(len(posts)), color="grey-6")
                if theme is not None:
                    self.board.theme_actions(theme)
        self.none.set_visibility(not posts and self.kind == "theme" and theme is None)
        self.cards.show([(post.id, (post, themes)) for post in posts])  # the move-to select lists the themes


class StaffBoard:
    def __init__(self, hub: MeetingHub, actor: Actor) -> None:
        self.hub = hub
        self.actor = actor
        self.questions = [q for _, q in board_commands.board_questions(hub)]
        self.question_id = self.questions[0].id if self.questions else ""
        self.view = "themes"
        self.overview: Overview | None = None
        self.suggestions: list[ThemeSuggestion] | None = None
        self.rejected: set[tuple[int, ...]] = set()
        self.reload_soon = Coalesced(self.reload, delay=0.3)  # the whole overview redraws: at most ~3 times/s

    async def act(self, command: str, /, **args: Any) -> Any:
        return await run(self.hub, self.actor, command, **args)

    # -- building --------------------------------------------------------------------------------------
    def build(self) -> None:
        self.client = ui.context.client
        if not self.questions:
            ui.label(tr("board.error.no_board_question")).classes("text-grey-7")
            return
        if len(self.questions) > 1:
            ui.select({q.id: q.text for q in self.questions}, value=self.question_id, label=tr("board.question"),
                      on_change=self.choose_question).classes("w-full").mark("board-question")
        else:
            ui.label(self.questions[0].text).classes("text-h6")
        with ui.row().classes("w-full items-center gap-4"):
            self.freeze = ui.switch(tr("board.freeze"), value=self.hub.meeting.board_frozen,
                                    on_change=self.toggle_freeze).mark("board-freeze").props("data-testid=board-freeze")
            ui.toggle({"themes": tr("board.view_themes"), "groups": tr("board.view_groups")}, value=self.view,
                      on_change=self.set_view).mark("board-view")
        self.summary()
        self.theme_form()
        if self.actor.role == "facilitator":
            self.chat_import()
        self.dialogs = ui.element()
        self.suggestion_list()
        self.sections_box = ui.column().classes("w-full gap-0")
        self.sections: dict[tuple[str, int | None], Section] = {}
        later(self.reload)
        panels.subscribe(self.hub, self.on_change)

    def theme_form(self) -> None:
        with ui.row().classes("w-full items-center gap-2"):
            name = ui.input(tr("board.new_theme")).props("dense outlined maxlength=120").classes("grow").mark(
                "theme-name")

            async def add() -> None:
                if await self.act("board.theme_create", question_id=self.question_id, name=name.value or ""):
                    name.value = ""

            ui.button(tr("board.add_theme"), icon="add", on_click=add).props("outline").mark("theme-add")
            ui.button(tr("board.suggest"), icon="auto_awesome", on_click=self.suggest).mark("board-suggest")

    def chat_import(self) -> None:
        with ui.expansion(tr("board.import_title"), icon="upload_file").classes("w-full").mark("chat-import"):
            ui.label(tr("board.import_hint")).classes("text-body2 text-grey-8")
            limit = board_commands.CHAT_MAX_BYTES
            ui.upload(auto_upload=True, max_file_size=limit, on_upload=self.on_upload,
                      on_rejected=lambda: ui.notify(tr("board.error.chat_too_big", limit=limit // 2**20),
                                                    type="warning")).props("accept=.txt,text/plain").classes(
                "w-full").mark("chat-upload")
            self.import_result = ui.label().classes("text-body2").mark("chat-result")

    # -- drawing ---------------------------------------------------------------------------------------
    @ui.refreshable_method
    def summary(self) -> None:
        view = self.overview
        if view is None:
            return
        with ui.row().classes("w-full items-center gap-3").mark("board-summary"):
            ui.badge(tr("board.count", count=len(rules.visible(view.posts))))
            if view.frozen:
                ui.badge(tr("board.frozen_badge"), color="warning").mark("board-frozen")
            if not view.groups:
                ui.label(tr("board.no_groups")).classes("text-caption text-grey-7")
            elif view.missing:
                groups = ", ".join(tr("board.group", no=n) for n in view.missing)
                ui.label(tr("board.missing", groups=groups)).classes("text-body2 text-warning").mark("board-missing")
            else:
                ui.label(tr("board.all_posted")).classes("text-body2 text-positive").mark("board-missing")

    def body(self) -> None:
        """Sections (a theme or a group each) stay on the page and change only where the board changed: a new
        post adds one card to each staff page instead of redrawing every card."""
        view = self.overview
        if view is None:
            return
        if self.view == "groups":
            wanted = [(("group", no), tr("board.no_group") if no is None else tr("board.group", no=no), posts, None)
                      for no, posts in rules.by_group(view.posts).items()]
        else:
            names = {t.id: t for t in view.themes}
            wanted = []
            for theme_id, posts in rules.by_theme(view.posts, view.themes).items():
                theme = names.get(theme_id) if theme_id is not None else None
                wanted.append((("theme", theme_id), theme.name if theme else tr("board.unsorted"), posts, theme))
        themes = tuple((t.id, t.name) for t in view.themes)
        keys = {key for key, *_ in wanted}
        for key in [k for k in self.sections if k not in keys]:
            self.sections_box.remove(self.sections.pop(key).root)
        for index, (key, title, posts, theme) in enumerate(wanted):
            section = self.sections.get(key)
            if section is None:
                with self.sections_box:
                    section = self.sections[key] = Section(self, key[0])
            section.show(title, posts, theme, themes)
            if self.sections_box.default_slot.children.index(section.root) != index:
                section.root.move(target_index=index)

    def redraw_body(self) -> None:
        self.sections_box.clear()
        self.sections.clear()
        self.body()

    def theme_actions(self, theme: rules.Theme) -> None:
        flat = "flat dense round"
        ui.button(icon="edit", on_click=lambda: self.rename(theme)).props(
            f'{flat} aria-label="{tr("board.rename")}"').mark("theme-rename")
        ui.button(icon="delete", on_click=lambda: self.delete_theme(theme)).props(
            f'{flat} aria-label="{tr("board.delete")}"').mark("theme-delete")
        if self.actor.role == "facilitator":
            ui.button(tr("board.show_theme"), icon="tv", on_click=lambda: self.act(
                "meeting.display", show="theme", theme_id=theme.id)).props("flat dense").mark("theme-show")

    def post_actions(self, post: Post) -> None:
        star = "star" if post.starred else "star_border"
        ui.button(icon=star, on_click=lambda: self.act("board.star", post_id=post.id, starred=not post.starred)).props(
            f'flat dense round color=amber-8 aria-label="{tr("board.star")}" data-testid=star-{post.id}').mark(
            f"star-{post.id}")
        hide, label = ("visibility", "board.unhide") if post.hidden else ("visibility_off", "board.hide")
        ui.button(icon=hide, on_click=lambda: self.act("board.hide", post_id=post.id, hidden=not post.hidden)).props(
            f'flat dense round aria-label="{tr(label)}"').mark(f"hide-{post.id}").tooltip(tr(label))
        if post.hidden:
            ui.badge(tr("board.hidden"), color="grey-7")
        themes = self.overview.themes if self.overview else []
        options = {0: tr("board.no_theme"), **{t.id: t.name for t in themes}}
        ui.select(options, value=post.theme_id or 0, label=tr("board.move_to"),
                  on_change=lambda e: self.act("board.move", post_id=post.id, theme_id=e.value or None)).props(
            "dense options-dense").classes("w-44").mark(f"move-{post.id}")

    @ui.refreshable_method
    def suggestion_list(self) -> None:
        if self.suggestions is None:
            return
        shown = [s for s in self.suggestions if s.post_ids not in self.rejected]
        texts = {p.id: p.text for p in (self.overview.posts if self.overview else [])}
        with ui.card().classes("w-full bg-blue-1 gap-2").mark("suggestions"):
            ui.label(tr("board.suggestions")).classes("text-subtitle1")
            if not shown:
                ui.label(tr("board.no_suggestions")).classes("text-grey-8")
            for s in shown:
                with ui.card().classes("w-full p-2 gap-1").mark("suggestion"):
                    key = "board.suggest_add" if s.theme_id is not None else "board.suggest_new"
                    ui.label(tr(key, label=s.label)).classes("text-bold").mark("suggestion-label")
                    for pid in s.post_ids:
                        ui.label("• " + texts.get(pid, "")).classes("text-body2 ellipsis w-full")
                    with ui.row():
                        ui.button(tr("board.accept"), icon="check", on_click=lambda s=s: self.accept(s)).props(
                            "dense").mark(f"suggestion-accept accept-{s.post_ids[0]}")
                        ui.button(tr("board.reject"), icon="close", on_click=lambda s=s: self.reject(s)).props(
                            "dense flat").mark(f"suggestion-reject reject-{s.post_ids[0]}")

    # -- actions ---------------------------------------------------------------------------------------
    async def reload(self) -> None:
        overview = await load(board_commands.overview_for(self.hub, self.actor, self.question_id))
        if self.client.is_deleted:
            return
        self.overview = overview
        self.summary.refresh()
        self.body()
        self.suggestion_list.refresh()

    async def choose_question(self, e: events.ValueChangeEventArguments) -> None:
        self.question_id, self.suggestions = e.value, None
        await self.reload()

    def set_view(self, e: events.ValueChangeEventArguments) -> None:
        self.view = e.value
        self.redraw_body()

    async def toggle_freeze(self, e: events.ValueChangeEventArguments) -> None:
        if bool(e.value) != self.hub.meeting.board_frozen:
            await self.act("board.freeze", frozen=bool(e.value))

    async def suggest(self) -> None:
        self.suggestions = await self.act("board.suggest", question_id=self.question_id) or []
        self.suggestion_list.refresh()

    async def accept(self, s: ThemeSuggestion) -> None:
        await self.act("board.accept", question_id=self.question_id, post_ids=list(s.post_ids), label=s.label,
                       theme_id=s.theme_id)
        self.suggestions = [x for x in self.suggestions or [] if x is not s]
        self.suggestion_list.refresh()

    def reject(self, s: ThemeSuggestion) -> None:
        self.rejected.add(s.post_ids)
        self.suggestion_list.refresh()

    def rename(self, theme: rules.Theme) -> None:
        self.dialogs.clear()
        with self.dialogs, ui.dialog(value=True) as dialog, ui.card().classes("w-full max-w-md"):
            name = ui.input(tr("board.rename"), value=theme.name).props("outlined maxlength=120").classes(
                "w-full").mark("theme-rename-input")

            async def save() -> None:
                if await self.act("board.theme_rename", theme_id=theme.id, name=name.value or ""):
                    dialog.close()

            with ui.row().classes("w-full justify-end"):
                ui.button(tr("board.cancel"), on_click=dialog.close).props("flat")
                ui.button(tr("board.save"), on_click=save).mark("theme-rename-save")

    def delete_theme(self, theme: rules.Theme) -> None:
        self.dialogs.clear()
        with self.dialogs, ui.dialog(value=True) as dialog, ui.card():
            ui.label(tr("board.theme_delete_confirm"))

            async def confirm() -> None:
                dialog.close()
                await self.act("board.theme_delete", theme_id=theme.id)

            with ui.row().classes("w-full justify-end"):
                ui.button(tr("board.cancel"), on_click=dialog.close).props("flat")
                ui.button(tr("board.delete"), on_click=confirm).props("color=negative").mark("theme-delete-confirm")

    async def on_upload(self, e: events.UploadEventArguments) -> None:
        data = await e.file.read()
        try:
            result = await dispatch(self.hub, self.actor, "board.import_chat", data=data, source=e.file.name,
                                    question_id=self.question_id)
        except CommandError as err:
            self.import_result.set_text(tr(err.key, **err.params))
            self.import_result.classes(replace="text-body2 text-negative")
        else:
            self.import_result.set_text(tr("board.imported", added=result.added, skipped=result.skipped))
            self.import_result.classes(replace="text-body2 text-positive")
        e.sender.reset()

    def on_change(self, change: Change) -> None:
        if change.topic != "board":
            return
        if change.data.get("action") == "freeze":
            self.freeze.value = bool(change.data.get("frozen"))
        self.reload_soon()


@panels.register_tab("board", {"facilitator", "cohost"}, order=20)
def staff_tab(hub: MeetingHub, actor: Actor) -> None:
    StaffBoard(hub, actor).build()
