"""The post-it board: each participant writes green and red notes, then the table sorts them under the
agenda's headings (a select per note, which works on a phone). The facilitator sees every note by heading
and colour; the projector shows the same overview in large type."""

from __future__ import annotations

import uuid
from typing import Any

from nicegui import ui

from app.domain import activities as rules
from app.live import activity_commands as acts
from app.live.commands import Actor
from app.live.hub import MeetingHub
from app.ui.activities_base import LivePart, note_card
from app.ui.common import run, tr

COLUMN = "grow basis-56 min-w-[14rem] gap-2 p-2 rounded bg-grey-2"


def has_postits(hub: MeetingHub) -> bool:
    return bool(hub.agenda.postit_headings) or any(step.postits for _, step in hub.steps)


def heading_options(headings: list[str]) -> dict[str, str]:
    """Select options: every heading, and '' for the unsorted notes."""
    return {**{h: h for h in headings}, "": tr("activities.postit.unsorted")}


def column_title(column: rules.HeadingColumn, key: str) -> None:
    with ui.row().classes("w-full items-baseline justify-between gap-1"):
        ui.label(column.heading or tr("activities.postit.unsorted")).classes("text-subtitle1 text-bold")
        ui.label(tr("activities.postit.counts", green=len(column.green), red=len(column.red))).classes(
            "text-caption text-grey-8").mark(f"count-{key}")


class PostitBoard(LivePart):
    """The columns of notes; with `movable`, each note has a select to move it under another heading."""

    topics = ("postits", "clock", "participants")

    def __init__(self, hub: MeetingHub, actor: Actor, big: bool = False) -> None:
        self.big = big
        super().__init__(hub, actor)

    async def load(self) -> dict[str, Any]:
        if self.actor.role == "system":  # the projector: everything, nothing to move
            return {"headings": list(self.hub.agenda.postit_headings), "notes": await acts.postit_columns(self.hub),
                    "sorting": False}
        board = await acts.postit_board(self.hub, self.actor)
        return {**board, "notes": rules.arrange(board["notes"], board["headings"])}

    def render(self, data: dict[str, Any]) -> None:
        columns: list[rules.HeadingColumn] = data["notes"]
        movable = self.actor.role in ("facilitator", "cohost") or data["sorting"]
        if self.actor.role == "participant":
            ui.label(tr("activities.postit.sort_help" if movable else "activities.postit.sort_later")).classes(
                "text-body2 text-grey-8").mark("sort-help")
        else:
            ui.label(tr("activities.postit.total", count=sum(c.count for c in columns))).classes(
                "text-body1 text-white" if self.actor.role == "system" else "text-body2").mark("postit-total")
        options = heading_options(data["headings"])
        with ui.row().classes("w-full items-stretch gap-2"):
            for index, column in enumerate(columns):
                if column.heading is None and not column.count and data["headings"]:
                    continue
                key = "unsorted" if column.heading is None else str(index)
                with ui.column().classes(COLUMN).mark(f"column-{key}"):
                    column_title(column, key)
                    for note in [*column.green, *column.red]:
                        self.note(note, key, options if movable else None)

    def note(self, note: rules.Postit, key: str, options: dict[str, str] | None) -> None:
        """A note in column `key` (the heading's index, or "unsorted")."""
        author = note.author if self.actor.role != "system" else None
        with note_card(note.text, note.color, author, big=self.big, marker=f"in-{key}").mark(f"postit-{note.id}"):
            if options is not None:
                ui.select(options, value=note.heading or "", label=tr("activities.postit.move_to"),
                          on_change=lambda e, n=note: self.move(n, e.value)).props("dense options-dense").classes(
                    "w-full").mark(f"move-{note.id}")

    async def move(self, note: rules.Postit, heading: str | None) -> None:
        if (heading or None) != note.heading:
            await run(self.hub, self.actor, "postit.move", post_id=note.id, heading=heading or None)


class MyPostits(LivePart):
    topics = ("postits",)

    async def load(self) -> list[rules.Postit]:
        return (await acts.postit_board(self.hub, self.actor))["mine"]

    def render(self, mine: list[rules.Postit]) -> None:
        ui.label(tr("activities.postit.mine")).classes("text-subtitle1")
        if not mine:
            ui.label(tr("activities.postit.none_yet")).classes("text-grey-8").mark("no-postits")
        for note in mine:
            with ui.row().classes("w-full items-start no-wrap gap-2").mark("my-postit"):
                note_card(note.text, note.color, marker="my-postit-text").classes("grow")
                ui.button(icon="delete", on_click=lambda n=note: self.delete(n)).props(
                    f'flat round dense aria-label="{tr("activities.postit.delete")}"').mark(f"delete-{note.id}")

    async def delete(self, note: rules.Postit) -> None:
        await run(self.hub, self.actor, "postit.delete", post_id=note.id)


class PostitWriter:
    """The form: pick green or red, write, put it up. The text stays in the field when it is refused."""

    def __init__(self, hub: MeetingHub, actor: Actor) -> None:
        self.hub = hub
        self.actor = actor
        self.idem_key = uuid.uuid4().hex
        with ui.card().classes("w-full gap-2").mark("postit-writer"):
            ui.label(tr("activities.postit.write")).classes("text-subtitle1")
            self.color = ui.toggle({"green": tr("activities.postit.green"), "red": tr("activities.postit.red")},
                                   value="green", on_change=self.show_prompt).mark("postit-color")
            self.prompt = ui.label().classes("text-body2")
            self.text = ui.textarea(tr("activities.postit.text")).props(
                f"outlined autogrow maxlength={rules.POSTIT_MAX} counter").classes("w-full").mark("postit-text")
            ui.button(tr("activities.postit.add"), icon="sticky_note_2", on_click=self.add).mark("postit-add")
        self.show_prompt()

    def show_prompt(self) -> None:
        self.prompt.text = tr(f"activities.postit.{self.color.value}_prompt")
        self.text.classes(replace="w-full " + ("bg-green-1" if self.color.value == "green" else "bg-red-1"))

    async def add(self) -> None:
        added = await run(self.hub, self.actor, "postit.add", color=self.color.value, text=self.text.value or "",
                          idem_key=self.idem_key)
        if added:
            self.text.value = ""
            self.idem_key = uuid.uuid4().hex


def participant_tab(hub: MeetingHub, actor: Actor) -> None:
    if not has_postits(hub):
        ui.label(tr("activities.postit.no_headings")).classes("text-grey-8")
        return
    with ui.row().classes("w-full items-start gap-4"):
        with ui.column().classes("w-full md:w-80 gap-3"):
            PostitWriter(hub, actor)
            MyPostits(hub, actor)
        with ui.column().classes("grow basis-96 gap-2"):
            ui.label(tr("activities.postit.sort_title")).classes("text-subtitle1")
            PostitBoard(hub, actor)


def staff_tab(hub: MeetingHub, actor: Actor) -> None:
    if not has_postits(hub):
        ui.label(tr("activities.postit.no_headings")).classes("text-grey-8")
        return
    PostitBoard(hub, actor)


def projector_display(hub: MeetingHub) -> None:
    with ui.column().classes("w-full max-w-screen-2xl text-black"):
        PostitBoard(hub, Actor("system"), big=True)
